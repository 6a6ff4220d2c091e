import SCIM

/// The typed body of a webhook: one logged event, built once when the broker enqueues its deliveries and then
/// shared by reference by every endpoint, attempt, lane and consumer (a delivery copies one reference, not the
/// event's strings and JSON).
///
/// Value mode (``WebhookWire/value``) sends this instead of the JSON envelope; ``body`` renders the envelope
/// WorkOS would send (https://workos.com/docs/reference/events.md) when someone needs it (bytes mode, tests).
/// Immutable, so sharing it across the simulation's actors is safe.
public final class WebhookPayload: Sendable, Hashable {
    /// The event.
    public let event: DirectoryEvent
    /// ``WebhookSignature/signedPayload(of:)-(DirectoryEvent)`` of ``event`` as UTF-8: what a value-mode signature
    /// covers. Derived once from the immutable event (a pure function of it), so signing and verifying read it
    /// instead of re-deriving it per attempt.
    let signedPayload: [UInt8]
    /// What the consumer and the monitor read from ``event`` (a pure function of it, derived once).
    let fields: EventFields

    /// A payload carrying `event`. O(signed fields).
    public init(_ event: DirectoryEvent) {
        self.event = event
        signedPayload = WebhookSignature.signedPayloadBytes(of: event)
        fields = EventFields(event)
    }

    /// The JSON envelope `{object, id, event, data, created_at}` (``DirectoryEvent/body``); built on each call,
    /// O(size of the payload).
    public var body: JSONValue { event.body }

    /// Equal when the events are equal.
    public static func == (a: WebhookPayload, b: WebhookPayload) -> Bool { a === b || a.event == b.event }

    /// Hashes the event.
    public func hash(into hasher: inout Hasher) { hasher.combine(event) }
}

/// The body and `WorkOS-Signature` header of one webhook POST, in the form the run's wire mode gives them.
public enum WebhookContent: Sendable {
    /// Value mode, as the broker sends it: the typed event and the header as its parsed value (`nil`: no header,
    /// or text ``WebhookSignatureHeader/init(_:)`` cannot read). The signature covers
    /// ``WebhookSignature/signedPayload(of:)-(DirectoryEvent)``.
    case event(WebhookPayload, signature: WebhookSignatureHeader?)
    /// A JSON envelope with the header text (deliveries injected by a script, tests). Value-mode signature.
    case value(JSONValue, signatureHeader: String?)
    /// Bytes mode: the encoded envelope with the header text; the signature covers these bytes, as WorkOS signs.
    case bytes([UInt8], signatureHeader: String?)

    /// A JSON or bytes body (``SCIMBody``) with its header text.
    public init(_ body: SCIMBody, signatureHeader: String?) {
        switch body {
        case .value(let value): self = .value(value, signatureHeader: signatureHeader)
        case .bytes(let bytes): self = .bytes(bytes, signatureHeader: signatureHeader)
        }
    }

    /// The header as text (rendered for ``event(_:signature:)``), or `nil` when absent.
    public var signatureHeader: String? {
        switch self {
        case .event(_, let signature): signature?.text
        case .value(_, let header), .bytes(_, let header): header
        }
    }
}
