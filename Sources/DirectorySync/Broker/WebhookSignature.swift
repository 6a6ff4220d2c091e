import SCIM

/// The `WorkOS-Signature` header: `t=<ms>, v1=<digest>`, where the digest is keyed by the webhook
/// endpoint's secret and computed over `"<t>.<payload>"`. Consumers reject a bad digest, and a
/// timestamp older than the tolerance (default 180,000 ms)
/// (https://github.com/workos/workos-node/blob/main/src/common/crypto/signature-provider.ts;
/// timestamp in milliseconds: https://www.rubydoc.info/gems/workos/5.17.0/WorkOS/Webhooks).
///
/// The digest is ``KeyedDigest``, which is **not** a cryptographic MAC (the real scheme is HMAC-SHA256).
///
/// **What bytes are signed.** In bytes mode (``WebhookWire/bytes``) the payload is the raw body, as in
/// WorkOS. In value mode
/// (bodies travel as the typed event, ``WebhookPayload``) encoding the whole body per delivery would dominate a
/// 100,000-user run, so the payload is ``signedPayload(of:)-(JSONValue)``: a compact canonical string of the
/// envelope's `id`,
/// `event` and `created_at` plus every `data` field the consumer acts on (`directory_id`,
/// `organization_id`, `id`, `email`, `state`, `updated_at`; for membership events the user's and the
/// group's `id`, `email`/`name` and `updated_at`). Changing any of those fields invalidates the
/// signature; changing another field (say `raw_attributes`) does not, which is acceptable because the
/// consumer never reads them.
public enum WebhookSignature {
    /// The header name WorkOS sends (servers often lower-case it: `workos-signature`).
    public static let headerName = "WorkOS-Signature"

    /// The header value `t=<timestampMillis>, v1=<hex digest>` for `payload` under `secret`.
    public static func header(timestampMillis: Int64, payload: String, secret: String) -> String {
        "t=\(timestampMillis), v1=\(digest(timestampMillis: timestampMillis, payload: payload, secret: secret))"
    }

    /// The hex digest of `"<timestampMillis>.<payload>"` keyed by `secret`.
    public static func digest(timestampMillis: Int64, payload: String, secret: String) -> String {
        var d = KeyedDigest(key: secret)
        d.update(String(timestampMillis))
        d.update(CollectionOfOne(UInt8(ascii: ".")))
        d.update(payload)
        return d.hexDigest()
    }

    /// The header value for a raw body (bytes mode, as WorkOS signs): digest of `"<t>." + rawBody`.
    public static func header(timestampMillis: Int64, rawBody: [UInt8], secret: String) -> String {
        "t=\(timestampMillis), v1=\(digest(timestampMillis: timestampMillis, rawBody: rawBody, secret: secret))"
    }

    /// The hex digest of `"<timestampMillis>." + rawBody` keyed by `secret`.
    public static func digest(timestampMillis: Int64, rawBody: [UInt8], secret: String) -> String {
        var d = KeyedDigest(key: secret)
        d.update(String(timestampMillis))
        d.update(CollectionOfOne(UInt8(ascii: ".")))
        d.update(rawBody)
        return d.hexDigest()
    }

    /// Verifies a header against a raw body (bytes mode); same rules as
    /// ``verify(header:payload:secret:nowMillis:toleranceMillis:)``.
    public static func verify(
        header: String?, rawBody: [UInt8], secret: String, nowMillis: Int64, toleranceMillis: Int64
    ) -> Failure? {
        guard let header, let (t, received) = parse(header) else { return .malformedHeader }
        guard digest(timestampMillis: t, rawBody: rawBody, secret: secret) == received else { return .digestMismatch }
        guard t >= nowMillis - toleranceMillis else { return .timestampOutsideTolerance }
        return nil
    }

    /// Why a signature was refused.
    public enum Failure: Error, Sendable, Hashable {
        /// No header, or not of the form `t=<digits>, v1=<hex>`.
        case malformedHeader
        /// The digest does not match the payload under the endpoint secret.
        case digestMismatch
        /// The timestamp is older than `now - tolerance` (the WorkOS SDKs accept future timestamps).
        case timestampOutsideTolerance
    }

    /// Splits a header value on `,` into its `t` and `v1` parts (spaces around parts ignored). O(length),
    /// byte-level, no intermediate strings besides the digest.
    public static func parse(_ header: String) -> (timestampMillis: Int64, digest: String)? {
        var t: Int64?
        var v1: String?
        let bytes = Array(header.utf8)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            var a = start
            while a < end && bytes[a] == UInt8(ascii: " ") { a += 1 }
            var z = end
            while z > a && bytes[z - 1] == UInt8(ascii: " ") { z -= 1 }
            if z - a > 2 && bytes[a] == UInt8(ascii: "t") && bytes[a + 1] == UInt8(ascii: "=") {
                var value: Int64 = 0
                var ok = z - a - 2 <= 18  // at most 18 digits: cannot overflow Int64
                for k in (a + 2)..<z where ok {
                    guard bytes[k] >= 48 && bytes[k] <= 57 else {
                        ok = false
                        break
                    }
                    value = value * 10 + Int64(bytes[k] - 48)
                }
                t = ok ? value : nil
            } else if z - a > 3 && bytes[a] == UInt8(ascii: "v") && bytes[a + 1] == UInt8(ascii: "1")
                && bytes[a + 2] == UInt8(ascii: "=")
            {
                v1 = String(decoding: bytes[(a + 3)..<z], as: UTF8.self)
            }
            start = end + 1
        }
        guard let t, let v1 else { return nil }
        return (t, v1)
    }

    /// Verifies a header against the payload: the digest must match and `t` must not be older than
    /// `nowMillis - toleranceMillis`. Returns the failure, or `nil` when the signature is accepted.
    public static func verify(
        header: String?, payload: String, secret: String, nowMillis: Int64, toleranceMillis: Int64
    ) -> Failure? {
        guard let header, let (t, received) = parse(header) else { return .malformedHeader }
        guard digest(timestampMillis: t, payload: payload, secret: secret) == received else { return .digestMismatch }
        guard t >= nowMillis - toleranceMillis else { return .timestampOutsideTolerance }
        return nil
    }

    /// The canonical value-mode payload of a webhook body (see the type's documentation): fields joined
    /// by `\n` (each followed by one), absent fields as empty strings. O(number of signed fields).
    public static func signedPayload(of body: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(256)
        forEachSignedField(of: body) { out += $0 }
        return out
    }

    /// The header value for a value-mode body: the same digest as
    /// `header(timestampMillis:payload: signedPayload(of: body), secret:)`, computed by streaming the
    /// fields into the digest without building the payload string.
    public static func header(timestampMillis: Int64, body: JSONValue, secret: String) -> String {
        "t=\(timestampMillis), v1=\(digest(timestampMillis: timestampMillis, body: body, secret: secret))"
    }

    /// The digest of `"<t>." + signedPayload(of: body)`, streamed.
    public static func digest(timestampMillis: Int64, body: JSONValue, secret: String) -> String {
        var d = KeyedDigest(key: secret)
        d.update(String(timestampMillis))
        d.update(CollectionOfOne(UInt8(ascii: ".")))
        forEachSignedField(of: body) { d.update($0) }
        return d.hexDigest()
    }

    /// Verifies a value-mode header against a body; same rules as
    /// ``verify(header:payload:secret:nowMillis:toleranceMillis:)`` with `payload = signedPayload(of: body)`.
    public static func verify(
        header: String?, body: JSONValue, secret: String, nowMillis: Int64, toleranceMillis: Int64
    ) -> Failure? {
        guard let header, let (t, received) = parse(header) else { return .malformedHeader }
        guard digest(timestampMillis: t, body: body, secret: secret) == received else { return .digestMismatch }
        guard t >= nowMillis - toleranceMillis else { return .timestampOutsideTolerance }
        return nil
    }

    /// Calls `emit` with each signed field's text and its `\n` terminator, in canonical order.
    private static func forEachSignedField(of body: JSONValue, _ emit: (String) -> Void) {
        func add(_ value: JSONValue?) {
            switch value {
            case .string(let s): emit(s)
            case .int(let i): emit(String(i))
            case .bool(let b): emit(b ? "true" : "false")
            default: break
            }
            emit("\n")
        }
        // Each object is unwrapped once (`JSONValue[key]` would unwrap it again per field).
        let top = body.objectValue
        add(top?["id"])
        add(top?["event"])
        add(top?["created_at"])
        let data = top?["data"]?.objectValue
        add(data?["directory_id"])
        add(data?["organization_id"])
        add(data?["id"])
        add(data?["email"])
        add(data?["state"])
        add(data?["updated_at"])
        if let user = data?["user"] {
            let u = user.objectValue
            add(u?["id"])
            add(u?["email"])
            add(u?["state"])
            add(u?["updated_at"])
        }
        if let group = data?["group"] {
            let g = group.objectValue
            add(g?["id"])
            add(g?["name"])
            add(g?["updated_at"])
        }
    }
}
