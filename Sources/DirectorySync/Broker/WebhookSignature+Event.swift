import SCIM

/// A parsed `WorkOS-Signature` header: `t=<timestampMillis>, v1=<digest as 32 lower-case hex characters>`.
///
/// Value mode passes the header in this form (as it passes the body as a typed event), so neither side renders
/// or parses text per delivery; ``text`` is the exact header a real endpoint would receive.
public struct WebhookSignatureHeader: Sendable, Hashable {
    /// `t`: virtual milliseconds since the run's start at signing time.
    public var timestampMillis: Int64
    /// The first 64 bits of the digest (the first 16 hex characters of `v1`).
    public var digestHigh: UInt64
    /// The last 64 bits of the digest (the last 16 hex characters of `v1`).
    public var digestLow: UInt64

    /// A header from its parts.
    public init(timestampMillis: Int64, digestHigh: UInt64, digestLow: UInt64) {
        self.timestampMillis = timestampMillis
        self.digestHigh = digestHigh
        self.digestLow = digestLow
    }

    /// Parses header text (``WebhookSignature/parse(_:)``); `nil` unless it has a `t` and a `v1` of exactly 32
    /// lower-case hex characters (the only digest form ``KeyedDigest/hexDigest()`` writes, so any other `v1`
    /// could never match). O(length).
    public init?(_ text: String) {
        guard let (t, digest) = WebhookSignature.parse(text), digest.utf8.count == 32 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (i, c) in digest.utf8.enumerated() {
            let nibble: UInt64
            switch c {
            case 48...57: nibble = UInt64(c - 48)
            case 97...102: nibble = UInt64(c - 87)
            default: return nil
            }
            if i < 16 { high = high << 4 | nibble } else { low = low << 4 | nibble }
        }
        self.init(timestampMillis: t, digestHigh: high, digestLow: low)
    }

    /// The header value `t=<ms>, v1=<hex>`, byte for byte what
    /// ``WebhookSignature/header(timestampMillis:payload:secret:)-(_,String,_)`` writes for the same digest.
    public var text: String { "t=\(timestampMillis), v1=\(KeyedDigest.hex(digestHigh, digestLow))" }
}

/// Value-mode signing from the typed event: the same digest as signing
/// ``WebhookSignature/signedPayload(of:)-(JSONValue)`` of ``DirectoryEvent/body``, streamed from the event's
/// fields in the same canonical order without building the JSON envelope or the payload string.
extension WebhookSignature {
    /// The header for `event` at `timestampMillis` under `secret`: the digest of
    /// `"<t>." + signedPayload(of: event.body)`. O(signed fields), no allocation.
    public static func header(timestampMillis: Int64, event: DirectoryEvent, secret: String) -> WebhookSignatureHeader {
        streamedSignature(timestampMillis: timestampMillis, event: event, key: KeyedDigest(key: secret))
    }

    /// The digest of `"<t>." + signedPayload(of: event)` under `key` (a ``KeyedDigest`` fresh from
    /// ``KeyedDigest/init(key:)``), as a parsed header: the signed payload is written into a 1 KiB stack buffer
    /// (``BufferSink``) and absorbed in one word-at-a-time pass, which costs far less than absorbing it field by
    /// field. A payload that fills the buffer (it may have been cut) is measured first (``LengthSink``) and written
    /// into a temporary buffer of its exact size. O(signed fields), no heap allocation for the usual few hundred
    /// bytes.
    static func streamedSignature(
        timestampMillis: Int64, event: DirectoryEvent, key: KeyedDigest
    ) -> WebhookSignatureHeader {
        // `"<t>."` and the fields go into one buffer absorbed by one `update` (the digest depends on the byte
        // sequence only, not on how it is split).
        var d = key
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stackPayloadCapacity) { buffer in
            guard let base = buffer.baseAddress else { return false }
            var sink = BufferSink(base: base, capacity: buffer.count)
            sink.prefix(timestampMillis: timestampMillis)
            forEachSignedField(of: event, into: &sink)
            guard sink.count < buffer.count else { return false }
            d.update(UnsafeRawBufferPointer(start: base, count: sink.count))
            return true
        }
        if !written {
            d = key
            d.update(decimal: timestampMillis)
            d.update(byte: UInt8(ascii: "."))
            var length = LengthSink()
            forEachSignedField(of: event, into: &length)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, length.count)) { buffer in
                guard let base = buffer.baseAddress else { return }
                var sink = BufferSink(base: base, capacity: length.count)
                forEachSignedField(of: event, into: &sink)
                d.update(UnsafeRawBufferPointer(start: base, count: sink.count))
            }
        }
        let (high, low) = d.finalize()
        return WebhookSignatureHeader(timestampMillis: timestampMillis, digestHigh: high, digestLow: low)
    }

    /// The stack buffer of ``streamedSignature(timestampMillis:event:key:)``: a payload shorter than this is
    /// signed in one pass.
    private static var stackPayloadCapacity: Int { 1024 }

    /// The header for a payload at `timestampMillis` under `secret`: the same value as
    /// ``header(timestampMillis:event:secret:)`` for `payload.event`
    /// (``WebhookPayload/signature(timestampMillis:key:)``). O(signed fields), no allocation.
    public static func header(
        timestampMillis: Int64, payload: WebhookPayload, secret: String
    ) -> WebhookSignatureHeader {
        payload.signature(timestampMillis: timestampMillis, key: KeyedDigest(key: secret))
    }

    /// The digest of `"<t>." + bytes` under `secret`, as a parsed header.
    static func signature(
        timestampMillis: Int64, bytes: UnsafeRawBufferPointer, secret: String
    ) -> WebhookSignatureHeader {
        signature(timestampMillis: timestampMillis, bytes: bytes, key: KeyedDigest(key: secret))
    }

    /// The digest of `"<t>." + bytes` under `key` (a ``KeyedDigest`` fresh from ``KeyedDigest/init(key:)``, which
    /// a caller signing often with one secret keeps and passes again), as a parsed header.
    @inline(__always)
    static func signature(
        timestampMillis: Int64, bytes: UnsafeRawBufferPointer, key: KeyedDigest
    ) -> WebhookSignatureHeader {
        var d = key
        d.update(decimal: timestampMillis)
        d.update(byte: UInt8(ascii: "."))
        d.update(bytes)
        let (high, low) = d.finalize()
        return WebhookSignatureHeader(timestampMillis: timestampMillis, digestHigh: high, digestLow: low)
    }

    /// Verifies a parsed header against a payload: the same decision as
    /// ``verify(signature:event:secret:nowMillis:toleranceMillis:)`` for `payload.event`.
    public static func verify(
        signature: WebhookSignatureHeader?, payload: WebhookPayload, secret: String, nowMillis: Int64,
        toleranceMillis: Int64
    ) -> Failure? {
        guard let signature else { return .malformedHeader }
        let expected = header(timestampMillis: signature.timestampMillis, payload: payload, secret: secret)
        return decide(signature, expected: expected, nowMillis: nowMillis, toleranceMillis: toleranceMillis)
    }

    /// ``verify(signature:payload:secret:nowMillis:toleranceMillis:)`` with the secret already absorbed: `key` is
    /// `KeyedDigest(key: secret)` (fresh, no message bytes), which a verifier checking many deliveries keeps
    /// instead of re-keying per delivery. Same decision. O(signed payload length), no allocation.
    @inline(__always)
    static func verify(
        signature: WebhookSignatureHeader?, payload: WebhookPayload, key: KeyedDigest, nowMillis: Int64,
        toleranceMillis: Int64
    ) -> Failure? {
        guard let signature else { return .malformedHeader }
        let expected = payload.signature(timestampMillis: signature.timestampMillis, key: key)
        return decide(signature, expected: expected, nowMillis: nowMillis, toleranceMillis: toleranceMillis)
    }

    /// The header for a raw body (bytes mode): the digest of `"<t>." + rawBody`, as a parsed header.
    public static func signature(timestampMillis: Int64, rawBody: [UInt8], secret: String) -> WebhookSignatureHeader {
        rawBody.withUnsafeBytes { signature(timestampMillis: timestampMillis, bytes: $0, secret: secret) }
    }

    /// Verifies a parsed header against a typed event: `nil` when accepted, else the failure (a missing or
    /// unreadable header is ``Failure/malformedHeader``; then the digest must match, then `t` must not be older
    /// than `nowMillis - toleranceMillis`), as ``verify(header:body:secret:nowMillis:toleranceMillis:)`` decides
    /// for `event.body`.
    public static func verify(
        signature: WebhookSignatureHeader?, event: DirectoryEvent, secret: String, nowMillis: Int64,
        toleranceMillis: Int64
    ) -> Failure? {
        guard let signature else { return .malformedHeader }
        let expected = header(timestampMillis: signature.timestampMillis, event: event, secret: secret)
        return decide(signature, expected: expected, nowMillis: nowMillis, toleranceMillis: toleranceMillis)
    }

    /// The decision of both `verify` functions once the `expected` header for the received `signature`'s `t` is
    /// computed: a different digest is ``Failure/digestMismatch``, then a `t` older than
    /// `nowMillis - toleranceMillis` is ``Failure/timestampOutsideTolerance``; `nil` when accepted.
    @inline(__always)
    private static func decide(
        _ signature: WebhookSignatureHeader, expected: WebhookSignatureHeader, nowMillis: Int64, toleranceMillis: Int64
    ) -> Failure? {
        guard expected.digestHigh == signature.digestHigh && expected.digestLow == signature.digestLow else {
            return .digestMismatch
        }
        guard signature.timestampMillis >= nowMillis - toleranceMillis else { return .timestampOutsideTolerance }
        return nil
    }

    /// The canonical value-mode payload of `event`: equal to `signedPayload(of: event.body)`. O(signed fields).
    public static func signedPayload(of event: DirectoryEvent) -> String {
        var sink = StringSink()
        forEachSignedField(of: event, into: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}
