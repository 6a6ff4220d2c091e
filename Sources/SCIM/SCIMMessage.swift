/// HTTP header fields in order, with case-insensitive names (RFC 9110 section 5.1).
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were added.
    public private(set) var fields: [(name: String, value: String)]

    /// No fields.
    public init() { fields = [] }

    /// These fields in this order.
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// Fields in literal order.
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// Headers with exactly these fields (no copy of the array).
    init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// The value of the first field named `name`, compared case-insensitively. Setting replaces
    /// every field of that name with one (or removes them all for `nil`).
    public subscript(name: String) -> String? {
        get {
            guard let i = fields.firstIndex(where: { lowercasedEquals($0.name, name) }) else { return nil }
            return fields[i].value
        }
        set {
            let lower = name.lowercased()
            guard let first = fields.firstIndex(where: { $0.name.lowercased() == lower }) else {
                if let newValue { fields.append((name, newValue)) }
                return
            }
            var kept: [(name: String, value: String)] = []
            kept.reserveCapacity(fields.count)
            for (i, f) in fields.enumerated() where i == first || f.name.lowercased() != lower {
                kept.append(i == first ? (f.name, newValue ?? "") : f)
            }
            if newValue == nil { kept.removeAll { $0.name.lowercased() == lower } }
            fields = kept
        }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for f in fields {
            hasher.combine(f.name)
            hasher.combine(f.value)
        }
    }
}

/// An HTTP method a SCIM client uses (RFC 7644 section 3).
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// A request body: the JSON value itself (value mode, fast) or its UTF-8 bytes (bytes mode, full
/// fidelity through the codec). Both run the same SCIM logic (DESIGN.md section 4).
public enum SCIMBody: Sendable, Hashable {
    /// An already-decoded JSON value.
    case value(JSONValue)
    /// Raw bytes as a client would send them; decoded and size-checked by the service.
    case bytes([UInt8])
}

/// One SCIM HTTP request as it reaches the service provider.
///
/// `path` is relative to the SCIM base URL and excludes the query, e.g. `/Users/2819c223`;
/// `query` holds the decoded query parameters in order (names compared case-insensitively by
/// the service, RFC 7644 section 3.4.2).
public struct SCIMRequest: Sendable, Hashable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path below the base URL, without query, e.g. `/Users` or `/Groups/abc`.
    public var path: String
    /// Decoded query parameters in order.
    public var query: [QueryItem]
    /// Header fields (Authorization, Content-Type, If-Match, ...).
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: SCIMBody?

    /// A decoded query parameter.
    public struct QueryItem: Sendable, Hashable {
        /// The parameter name as sent.
        public var name: String
        /// The percent-decoded value.
        public var value: String
        /// A parameter.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A request; every part but the method and path defaults to empty.
    public init(
        method: HTTPMethod, path: String, query: [QueryItem] = [], headers: HTTPHeaders = HTTPHeaders(),
        body: SCIMBody? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// One SCIM HTTP response. `body` is a JSON value (value mode); bytes-mode callers encode it with
/// the codec. Content type, `ETag` and `Location` travel in `headers`.
public struct SCIMResponse: Sendable, Hashable {
    /// The HTTP status code, e.g. 200, 201, 204, 400, 409.
    public var status: Int
    /// Header fields.
    public var headers: HTTPHeaders
    /// The body, or `nil` for 204 / 304.
    public var body: JSONValue?

    /// A response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: JSONValue? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
