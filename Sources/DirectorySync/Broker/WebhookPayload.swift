import SCIM
import Synchronization

/// The typed body of a webhook: one logged event, built once when the broker enqueues its deliveries and then
/// shared by reference by every endpoint, attempt, lane and consumer (a delivery copies one reference, not the
/// event's strings and JSON).
///
/// Value mode (``WebhookWire/value``) sends this instead of the JSON envelope; ``body`` renders the envelope
/// WorkOS would send (https://workos.com/docs/reference/events.md) when someone needs it (bytes mode, tests).
/// The event and its fields are immutable; the one mutable part, the memo of the last value-mode signature
/// (``signature(timestampMillis:key:)``), is a sequence lock over atomics (a reader never writes, a writer takes it
/// with one compare-exchange), so sharing a payload across the simulation's actors is safe.
public final class WebhookPayload: Sendable, Hashable {
    /// The event.
    public let event: DirectoryEvent
    /// The keys the consumer and the monitor look the event up by, derived once from ``event`` (a pure function
    /// of it): for a directory-user event the consumer reads the user's strings from ``event`` in place
    /// (``TypedUserFields``), so a payload holds no copy of them.
    let keys: EventKeys
    /// The memo's sequence: 0 while no signature was stored, odd while one is being written, else even and the
    /// memo fields below hold the last stored signature: the signing key's identity
    /// (``KeyedDigest/freshKeyLanes``), `t` and the digest.
    private let memoSequence = Atomic<UInt64>(0)
    private let memoKeyA = Atomic<UInt64>(0)
    private let memoKeyB = Atomic<UInt64>(0)
    private let memoTimestamp = Atomic<Int64>(0)
    private let memoHigh = Atomic<UInt64>(0)
    private let memoLow = Atomic<UInt64>(0)

    /// A payload carrying `event`. O(1): the fields are copied, nothing is encoded.
    public convenience init(_ event: DirectoryEvent) { self.init(borrowing: event) }

    /// ``init(_:)`` reading `event` in place: its fields are taken from the caller's event and the event is copied
    /// once, into the payload (the broker's hot path, which keeps its own copy in the log).
    init(borrowing event: borrowing DirectoryEvent) {
        keys = EventKeys(event)
        self.event = copy event
    }

    /// What the consumer and the monitor read from ``event`` (``EventFields/init(_:)-(DirectoryEvent)``), built on
    /// each call: the path of events that are not directory-user events (rare), which reads every field. O(1).
    var fields: EventFields { EventFields(event) }

    /// The directory user of a `dsync.user.*` event with its keys, read in place (no string is copied), or `nil`
    /// for any other event (read those through ``fields``). A user event's ``fields`` give the same values.
    @inline(__always)
    var typedUser: TypedUserFields? {
        guard case .user(let user) = event.data, event.kind.isUserEvent else { return nil }
        return TypedUserFields(user: user, userNumber: keys.userNumber, emailKey: keys.emailKey)
    }

    /// ``WebhookSignature/signedPayload(of:)-(DirectoryEvent)`` of ``event`` as UTF-8: what a value-mode signature
    /// covers. Built on each call (tests, tools); signing streams the same bytes into the digest instead.
    /// O(signed fields).
    var signedPayload: [UInt8] { WebhookSignature.signedPayloadBytes(of: event) }

    /// The value-mode signature of this payload at `timestampMillis` under `key` (a ``KeyedDigest`` fresh from
    /// ``KeyedDigest/init(key:)``): the digest of `"<t>." + signedPayload`, streamed from the event's fields.
    ///
    /// The digest is a pure function of the key, `t` and the immutable event, so the last one computed is kept
    /// with its key identity and `t`: the consumer verifying the attempt the broker just signed (same secret,
    /// same `t`) gets the identical digest without streaming the fields again; any other key or `t` (a wrong
    /// secret, a forged header, a retry) is computed in full. O(signed fields) on a miss, O(1) on a hit.
    func signature(timestampMillis: Int64, key: KeyedDigest) -> WebhookSignatureHeader {
        guard let (keyA, keyB) = key.freshKeyLanes else {
            return WebhookSignature.streamedSignature(timestampMillis: timestampMillis, event: event, key: key)
        }
        // Sequence-lock read (Boehm's seqlock): the fields are valid when the sequence was even and non-zero before
        // and unchanged after reading them.
        let before = memoSequence.load(ordering: .acquiring)
        if before != 0 && before & 1 == 0 {
            let a = memoKeyA.load(ordering: .relaxed)
            let b = memoKeyB.load(ordering: .relaxed)
            let t = memoTimestamp.load(ordering: .relaxed)
            let high = memoHigh.load(ordering: .relaxed)
            let low = memoLow.load(ordering: .relaxed)
            atomicMemoryFence(ordering: .acquiring)
            if memoSequence.load(ordering: .relaxed) == before && a == keyA && b == keyB && t == timestampMillis {
                return WebhookSignatureHeader(timestampMillis: timestampMillis, digestHigh: high, digestLow: low)
            }
        }
        let signature = WebhookSignature.streamedSignature(timestampMillis: timestampMillis, event: event, key: key)
        // Store it unless another writer holds the memo (then this one is simply not memoized). The exchange
        // acquires: it reads the previous writer's releasing store of `before`, so that writer's field stores
        // happen before this one's and cannot land after them (a relaxed exchange would let a reader that saw this
        // writer's sequence read a field of the previous writer: a digest paired with another key or `t`).
        if before & 1 == 0,
            memoSequence.compareExchange(expected: before, desired: before &+ 1, ordering: .acquiring).exchanged
        {
            atomicMemoryFence(ordering: .releasing)
            memoKeyA.store(keyA, ordering: .relaxed)
            memoKeyB.store(keyB, ordering: .relaxed)
            memoTimestamp.store(timestampMillis, ordering: .relaxed)
            memoHigh.store(signature.digestHigh, ordering: .relaxed)
            memoLow.store(signature.digestLow, ordering: .relaxed)
            memoSequence.store(before &+ 2, ordering: .releasing)
        }
        return signature
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

    /// The typed event of ``event(_:signature:)``, else `nil`.
    @inline(__always)
    public var payload: WebhookPayload? {
        if case .event(let payload, _) = self { return payload }
        return nil
    }

    /// The payload of ``event(_:signature:)`` unretained, with its header, else `nil`: for a reader that holds this
    /// content for the whole use (it keeps the payload alive), so that matching the case takes no reference.
    @inline(__always)
    var unretainedEvent: (payload: Unmanaged<WebhookPayload>, signature: WebhookSignatureHeader?)? {
        if case .event(let payload, let signature) = self { return (Unmanaged.passUnretained(payload), signature) }
        return nil
    }

    /// The parsed header of ``event(_:signature:)``, else `nil`.
    @inline(__always)
    var typedSignature: WebhookSignatureHeader? {
        if case .event(_, let signature) = self { return signature }
        return nil
    }

    /// The header as text (rendered for ``event(_:signature:)``), or `nil` when absent.
    public var signatureHeader: String? {
        switch self {
        case .event(_, let signature): signature?.text
        case .value(_, let header), .bytes(_, let header): header
        }
    }
}
