import SCIM
import SimulationKernel

/// A webhook delivery's identity: the index of its record, stable for the broker's lifetime.
public struct WebhookDeliveryID: Sendable, Hashable, Comparable {
    /// Creation order, from 0.
    public var rawValue: Int
    /// An id.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Creation order.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The state of one (event, endpoint) delivery.
public enum WebhookDeliveryState: Sendable, Hashable {
    /// Waiting for its first attempt or a retry.
    case pending
    /// An attempt was handed out and has not been answered or timed out.
    case inFlight
    /// An attempt was answered 2xx.
    case delivered
    /// Every attempt failed (``WebhookDeliveryPolicy/maxAttempts``).
    case failed
}

/// One attempt to deliver one event to one endpoint: what the actor shell sends as an HTTP POST.
public struct WebhookDispatch: Sendable, Hashable {
    /// The delivery record; report the outcome with this and ``attempt``.
    public var deliveryID: WebhookDeliveryID
    /// 1 for the first attempt, then 2, 3, ...
    public var attempt: Int
    /// The endpoint's position in registration order (0 for the first endpoint registered with
    /// ``DirectorySyncBrokerState/registerWebhookEndpoint(organizationID:url:secret:)``).
    /// ``DirectorySyncBrokerState/webhookEndpoint(at:)`` gives its id and URL (not carried here: the lanes only
    /// need the index).
    public var endpointIndex: Int
    /// The event, shared with every other attempt and endpoint of it.
    public var payload: WebhookPayload
    /// In bytes mode (``WebhookDeliveryPolicy/wire``), the encoded body that was signed; `nil` in value mode.
    public var rawBody: [UInt8]?
    /// The `WorkOS-Signature` header, signed at dispatch time (over ``rawBody`` in bytes mode, over
    /// ``WebhookSignature/signedPayload(of:)-(DirectoryEvent)`` in value mode).
    public var signature: WebhookSignatureHeader
    /// When the attempt times out if unanswered.
    public var deadline: Duration

    /// The event's id (consumers dedupe on it).
    public var eventID: String { payload.event.id }
    /// The JSON body `{object, id, event, data, created_at}`, built on each call (O(size of the payload)).
    public var body: JSONValue { payload.event.body }
    /// ``signature`` as header text `t=<ms>, v1=<hex>` (rendered on each call).
    public var signatureHeader: String { signature.text }

    /// What goes on the wire: the encoded body and header text in bytes mode, else the typed event and header.
    public var content: WebhookContent {
        if let rawBody { return .bytes(rawBody, signatureHeader: signature.text) }
        return .event(payload, signature: signature)
    }
}

/// One attempt as the broker's webhook lanes carry it (``DirectorySyncBrokerState/nextLaneDispatch(now:endpoint:)``):
/// a ``WebhookDispatch`` without the payload reference, which the lane reads from the delivery record when it takes
/// the dispatch (``DirectorySyncBrokerState/takeLaneDispatch(_:)``), so queuing it copies no reference in value mode.
struct WebhookLaneDispatch: Sendable {
    /// The delivery record's index (``WebhookDeliveryID/rawValue``).
    var delivery: Int
    /// The endpoint's index (``WebhookDispatch/endpointIndex``).
    var endpoint: Int
    /// 1 for the first attempt, then 2, 3, ...
    var attempt: Int
    /// ``WebhookDispatch/signature``.
    var signature: WebhookSignatureHeader
    /// ``WebhookDispatch/rawBody``: the signed encoded body in bytes mode, `nil` in value mode.
    var rawBody: [UInt8]?
}

/// How a delivery attempt ended, as the actor shell observed it.
public enum WebhookAttemptOutcome: Sendable, Hashable {
    /// The endpoint answered with this HTTP status (2xx acknowledges).
    case response(status: Int)
    /// The connection failed (refused, reset, partition) before any status.
    case transportFailure
}

struct WebhookEndpointRecord: Sendable {
    var id: String
    var organizationID: String
    var url: String
    var secret: String
    /// ``KeyedDigest`` keyed by `secret`, before any byte: copied per signature instead of re-keyed.
    var signingKey: KeyedDigest
    var inFlight = 0
    /// Deliveries ready to go, oldest first.
    var ready = FIFOQueue<Int>()
}

/// One (event, endpoint) delivery: 32 bytes. The payload is released once the delivery is settled (delivered or
/// failed: no attempt follows) and no lane dispatch still waits to read it (``queuedLaneDispatches``), so an
/// acknowledged event's signed bytes and fields do not live for the broker's lifetime; the event's sequence stays
/// for ``DirectorySyncBrokerState/webhookDelivery(_:)``.
struct WebhookDeliveryRecord: Sendable {
    enum Phase: UInt8, Sendable { case waiting, ready, inFlight, delivered, failed }
    /// The event while an attempt may still follow or a lane dispatch may still read it; `nil` once ``phase`` is
    /// `delivered` or `failed` and ``queuedLaneDispatches`` is 0.
    var payload: WebhookPayload?
    /// The event's log sequence (its id is `event_` + the sequence as 26 digits).
    var sequence: Int64
    var endpointIndex: Int32
    var attemptCount: Int32 = 0
    var generationCount: Int32 = 0
    var phase = Phase.waiting
    /// Lane dispatches of this delivery handed to a lane's mailbox and not yet taken
    /// (``DirectorySyncBrokerState/takeLaneDispatch(_:)``): they read ``payload`` when taken.
    var queuedLaneDispatches: UInt16 = 0

    init(payload: WebhookPayload, endpoint: Int) {
        self.payload = payload
        sequence = payload.event.sequence
        endpointIndex = Int32(truncatingIfNeeded: endpoint)
    }

    var endpoint: Int { Int(endpointIndex) }
    var attempts: Int {
        get { Int(attemptCount) }
        set { attemptCount = Int32(truncatingIfNeeded: newValue) }
    }
    var generation: Int {
        get { Int(generationCount) }
        set { generationCount = Int32(truncatingIfNeeded: newValue) }
    }

    /// Marks the delivery settled and drops its reference to the payload unless a queued lane dispatch still
    /// reads it (the last one taken drops it then).
    mutating func settle(_ final: Phase) {
        phase = final
        if queuedLaneDispatches == 0 { payload = nil }
    }

    /// Whether the delivery is settled (delivered or failed).
    var isSettled: Bool { phase == .delivered || phase == .failed }
}
