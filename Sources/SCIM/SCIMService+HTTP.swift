/// HTTP-level checks of ``SCIMService``: authentication, content types, body size and decoding,
/// entity tags, and response headers.
extension SCIMService {
    /// The media type every response carries (RFC 7644 section 3.1, IANA registration).
    public static let mediaType = "application/scim+json"

    /// 401 unless `configuration.bearerToken` is `nil` or `Authorization` is `Bearer <token>`
    /// (scheme case-insensitive, token exact; RFC 6750 section 2.1, RFC 7644 section 2).
    func authenticate(_ headers: HTTPHeaders) throws(SCIMError) {
        guard let token = configuration.bearerToken else { return }
        guard let value = headers.value(named: "Authorization") else {
            throw SCIMError(status: 401, detail: "missing Authorization header (Bearer token required)")
        }
        let trimmed = value.drop { $0 == " " }
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer ",
            trimmed.dropFirst(7).drop(while: { $0 == " " }) == token[...]
        else { throw SCIMError(status: 401, detail: "invalid bearer token") }
    }

    /// `true` when `contentType` names `application/scim+json` or `application/json`, in any
    /// letter case and with any parameters (RFC 7644 section 3.1 and 3.8; RFC 9110 section 8.3.1:
    /// media types are case-insensitive). A missing Content-Type is accepted (scim-protocol 1.1).
    static func isAcceptedContentType(_ contentType: String?) -> Bool {
        guard var contentType else { return true }
        // Byte-level: the essence is everything before the first `;`, without surrounding spaces and tabs.
        return contentType.withUTF8 { b in
            var end = b.firstIndex(of: UInt8(ascii: ";")) ?? b.count
            var start = 0
            while start < end, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
            while end > start, b[end - 1] == 0x20 || b[end - 1] == 0x09 { end -= 1 }
            let essence = UnsafeBufferPointer(rebasing: b[start..<end])
            return essence.isEmpty || Self.isExactly(essence, "application/scim+json")
                || asciiEqualsLowercased(essence, "application/scim+json")
                || asciiEqualsLowercased(essence, "application/json")
        }
    }

    /// The request body as a JSON object, after the content-type (415), size (413) and syntax
    /// (400 `invalidSyntax`) checks. A missing body is 400 `invalidSyntax`. `path` is the request's SCIM path (named
    /// in the error message).
    mutating func requestBody(_ request: SCIMRequest, path: String) throws(SCIMError) -> JSONObject {
        // The same header storage as the last accepted request: the same fields, so the same (accepted) content type.
        if !Self.sameStorage(request.headers.fields, lastAcceptedHeaders) {
            try acceptContentType(request.headers)
        }
        let value: JSONValue
        switch request.body {
        case nil:
            throw SCIMError.invalidSyntax("\(request.method.rawValue) \(path) requires a JSON body")
        case .value(let v):
            value = v
        case .bytes(let bytes):
            guard bytes.count <= configuration.maxBodyBytes else {
                throw SCIMError(
                    status: 413,
                    detail: "request body of \(bytes.count) bytes exceeds the limit of \(configuration.maxBodyBytes)")
            }
            value = try JSONCodec.decode(bytes)
        }
        guard case .object(let object) = value else {
            throw SCIMError.invalidSyntax("the request body must be a JSON object")
        }
        return object
    }

    /// 415 unless the `Content-Type` of `headers` is accepted (``isAcceptedContentType(_:)``); remembers the
    /// accepted text and the fields (``lastAcceptedHeaders``).
    mutating func acceptContentType(_ headers: HTTPHeaders) throws(SCIMError) {
        let contentType = headers.value(named: "Content-Type")
        // A client sends the same Content-Type text on every write: the last accepted text is kept (so its storage
        // stays alive) and a value with the same `String` bits is that text, accepted without parsing it again.
        if let contentType, let last = lastAcceptedContentType, let w = SCIMStringBits.words(contentType),
            let l = SCIMStringBits.words(last), w == l
        {
            // Accepted before.
        } else if Self.isAcceptedContentType(contentType) {
            lastAcceptedContentType = contentType
        } else {
            throw SCIMError(
                status: 415,
                detail: "unsupported Content-Type \"\(contentType ?? "")\"; "
                    + "use application/scim+json or application/json")
        }
        if !headers.fields.isEmpty { lastAcceptedHeaders = headers.fields }
    }

    /// `true` when `a` and `b` are the same (non-empty) array storage, so that they hold the same fields.
    @inline(__always)
    static func sameStorage(_ a: [(name: String, value: String)], _ b: [(name: String, value: String)]) -> Bool {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in x.count > 0 && x.count == y.count && x.baseAddress == y.baseAddress }
        }
    }

    /// 412 when `If-Match` is present and names neither `*` nor the resource's current entity tag
    /// (RFC 7644 section 3.14, RFC 9110 section 13.1.1; weak comparison).
    static func checkIfMatch(_ headers: HTTPHeaders, _ resource: SCIMStoredResource) throws(SCIMError) {
        guard let header = headers.value(named: "If-Match") else { return }
        if !tagListMatches(header, resource.etag) {
            throw SCIMError(
                status: 412, detail: "If-Match \(header) does not match the current version \(resource.etag)")
        }
    }

    /// `true` when `If-None-Match` is present and names `*` or the current entity tag, i.e. a
    /// GET should answer 304 (RFC 7644 section 3.14, RFC 9110 section 13.1.2).
    static func ifNoneMatchHits(_ headers: HTTPHeaders, _ resource: SCIMStoredResource) -> Bool {
        guard let header = headers.value(named: "If-None-Match") else { return false }
        return tagListMatches(header, resource.etag)
    }

    /// Weak comparison of a comma-separated entity-tag list against `etag` (`W/` prefixes ignored).
    static func tagListMatches(_ list: String, _ etag: String) -> Bool {
        let mine = opaqueTag(etag[...])
        for raw in list.split(separator: ",") {
            let t = raw.trimmingSpaces
            if t == "*" || opaqueTag(t) == mine { return true }
        }
        return false
    }

    private static func opaqueTag(_ t: Substring) -> Substring {
        t.hasPrefix("W/") || t.hasPrefix("w/") ? t.dropFirst(2) : t
    }

    /// A response carrying one resource: `Content-Type` (when there is a body), `ETag` and (for 201)
    /// `Location` (RFC 7644 sections 3.3 and 3.14).
    func resourceResponse(
        status: Int, _ resource: SCIMStoredResource, body: JSONValue?, location known: String? = nil
    ) -> SCIMResponse {
        // Every created resource has version 1: its ETag text is built once (the same text as `resource.etag`).
        let etag = resource.version == 1 ? Self.firstVersionETag : resource.etag
        // Content-Type (with a body), ETag, then Location (201), each as one array literal of its exact size.
        let fields: [(name: String, value: String)]
        if status == 201 {
            // meta.location already holds the same text (see assemble); reuse it rather than rebuild it.
            // `known` is the text the caller just wrote into `meta.location`.
            let stored = known ?? Self.storedLocation(resource.object)
            let location = stored ?? location(resource.type, id: resource.id)
            fields =
                body != nil
                ? [("Content-Type", Self.mediaType), ("ETag", etag), ("Location", location)]
                : [("ETag", etag), ("Location", location)]
        } else {
            fields = body != nil ? [("Content-Type", Self.mediaType), ("ETag", etag)] : [("ETag", etag)]
        }
        return SCIMResponse(status: status, headers: HTTPHeaders(fields: fields), body: body)
    }

    /// The ETag of version 1 (`W/"1"`), built once.
    static let firstVersionETag = SCIMStoredResource.weakETag(1)

    /// `meta.location` of a stored object; `assemble` puts `meta` last with `location` fourth, which is tried
    /// first (no key search), then any other layout by key.
    static func storedLocation(_ object: JSONObject) -> String? {
        if let last = object.last, last.key == "meta", case .object(let meta) = last.value, meta.count > 3,
            meta[3].key == "location"
        {
            return meta[3].value.stringValue
        }
        return object["meta"]?.objectValue?["location"]?.stringValue
    }

    /// `true` when `bytes` are exactly the bytes of `text` (the common spelling, before any case folding).
    @inline(__always)
    static func isExactly(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let t = text.utf8Start
        for k in 0..<bytes.count where bytes[k] != t[k] { return false }
        return true
    }

    /// A 200 response with a JSON body that is not a single resource (lists, discovery).
    static func jsonResponse(_ body: JSONValue) -> SCIMResponse {
        SCIMResponse(status: 200, headers: jsonHeaders, body: body)
    }

    /// `Content-Type: application/scim+json`, built once.
    static let jsonHeaders: HTTPHeaders = ["Content-Type": mediaType]

    /// `meta.location`: the base URL, the endpoint and the id (RFC 7643 section 3.1).
    func location(_ type: SCIMResourceType, id: String) -> String {
        // The prefix bytes are built once (init); the id's bytes are copied after them in a buffer on the stack, and
        // the text is made from it in one allocation.
        let prefix = type == .user ? userLocationPrefix : groupLocationPrefix
        let count = prefix.count + id.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            let n = prefix.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
            let end = UnsafeMutableBufferPointer(rebasing: buffer[n...]).initialize(fromContentsOf: id.utf8)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<(n + end)]), as: UTF8.self)
        }
    }
}

extension Substring {
    /// The characters without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        guard let last = lastIndex(where: { $0 != " " && $0 != "\t" }) else { return self[start..<start] }
        return self[start...last]
    }
}

extension String {
    /// The characters without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring { self[...].trimmingSpaces }
}
