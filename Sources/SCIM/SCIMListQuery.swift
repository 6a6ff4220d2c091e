/// The query parameters of a list or search request (RFC 7644 sections 3.4.2 and 3.4.3), parsed
/// but not yet evaluated. Parameter names are case-insensitive; a later duplicate wins.
public struct SCIMListQuery: Sendable, Hashable {
    /// `filter`, unparsed; `nil` lists everything.
    public var filter: String?
    /// `startIndex` as sent (1-based; RFC 7644 section 3.4.2.4 reads values below 1 as 1).
    public var startIndex: Int
    /// `count` as sent; `nil` means the server's page size. Negative values are read as 0.
    public var count: Int?
    /// `sortBy`, an attribute path (RFC 7644 section 3.4.2.3).
    public var sortBy: String?
    /// `true` for `sortOrder=descending`; ascending is the default when `sortBy` is given.
    public var descending: Bool
    /// `attributes`: comma-separated attribute paths to return (plus `returned: always` ones).
    public var attributes: [String]
    /// `excludedAttributes`: comma-separated attribute paths to leave out of the default set.
    public var excludedAttributes: [String]

    /// An empty query: everything, from index 1, default page size, insertion order, default attributes.
    public init(
        filter: String? = nil, startIndex: Int = 1, count: Int? = nil, sortBy: String? = nil,
        descending: Bool = false, attributes: [String] = [], excludedAttributes: [String] = []
    ) {
        self.filter = filter
        self.startIndex = startIndex
        self.count = count
        self.sortBy = sortBy
        self.descending = descending
        self.attributes = attributes
        self.excludedAttributes = excludedAttributes
    }

    /// ``init(query:)``, with the empty query (the usual write request) answered by a value built once.
    static func parsed(_ query: [SCIMRequest.QueryItem]) throws(SCIMError) -> SCIMListQuery {
        query.isEmpty ? empty : try SCIMListQuery(query: query)
    }

    /// The empty query, built once.
    static let empty = SCIMListQuery()

    /// Parses URL query parameters. Unknown parameters are ignored (e.g. Entra's `aadOptscim062020`).
    /// Throws 400 `invalidValue` for a non-integer `startIndex`/`count` or an unknown `sortOrder`.
    public init(query: [SCIMRequest.QueryItem]) throws(SCIMError) {
        self.init()
        for item in query {
            let name = item.name
            if asciiCaseInsensitiveEquals(name, "filter") {
                filter = item.value
            } else if asciiCaseInsensitiveEquals(name, "startIndex") {
                startIndex = try Self.integer(item.value, "startIndex")
            } else if asciiCaseInsensitiveEquals(name, "count") {
                count = try Self.integer(item.value, "count")
            } else if asciiCaseInsensitiveEquals(name, "sortBy") {
                sortBy = item.value.isEmpty ? nil : item.value
            } else if asciiCaseInsensitiveEquals(name, "sortOrder") {
                descending = try Self.sortOrder(item.value)
            } else if asciiCaseInsensitiveEquals(name, "attributes") {
                attributes = Self.list(item.value)
            } else if asciiCaseInsensitiveEquals(name, "excludedAttributes") {
                excludedAttributes = Self.list(item.value)
            }
        }
    }

    /// Parses a `SearchRequest` body (RFC 7644 section 3.4.3): `filter`, `startIndex`, `count`,
    /// `sortBy`, `sortOrder`, and `attributes`/`excludedAttributes` as arrays of strings (a
    /// comma-separated string is also accepted). Throws 400 `invalidValue` on wrong types.
    public init(searchRequest body: JSONObject) throws(SCIMError) {
        self.init()
        for (key, value) in body.members {
            switch key.lowercased() {
            case "filter":
                guard case .string(let s) = value else { throw SCIMError.invalidValue("filter must be a string") }
                filter = s
            case "startindex": startIndex = try Self.integer(value, "startIndex")
            case "count": count = try Self.integer(value, "count")
            case "sortby":
                guard case .string(let s) = value else { throw SCIMError.invalidValue("sortBy must be a string") }
                sortBy = s.isEmpty ? nil : s
            case "sortorder":
                guard case .string(let s) = value else { throw SCIMError.invalidValue("sortOrder must be a string") }
                descending = try Self.sortOrder(s)
            case "attributes": attributes = try Self.list(value, "attributes")
            case "excludedattributes": excludedAttributes = try Self.list(value, "excludedAttributes")
            default: continue
            }
        }
    }

    private static func integer(_ s: String, _ name: String) throws(SCIMError) -> Int {
        guard let n = Int(s.trimmingSpaces) else {
            throw SCIMError.invalidValue("\(name) must be an integer, got \"\(s)\"")
        }
        return n
    }

    private static func integer(_ v: JSONValue, _ name: String) throws(SCIMError) -> Int {
        switch v {
        case .int(let i): return Int(clamping: i)
        case .string(let s): return try integer(s, name)
        default: throw SCIMError.invalidValue("\(name) must be an integer")
        }
    }

    private static func sortOrder(_ s: String) throws(SCIMError) -> Bool {
        switch s.lowercased() {
        case "ascending", "": return false
        case "descending": return true
        default: throw SCIMError.invalidValue("sortOrder must be \"ascending\" or \"descending\", got \"\(s)\"")
        }
    }

    private static func list(_ s: String) -> [String] {
        s.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }

    private static func list(_ v: JSONValue, _ name: String) throws(SCIMError) -> [String] {
        switch v {
        case .string(let s): return list(s)
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw SCIMError.invalidValue("\(name) must hold strings") }
                out.append(contentsOf: list(s))
            }
            return out
        default: throw SCIMError.invalidValue("\(name) must be an array of strings")
        }
    }

    /// The page window for `total` matching resources and a server page size of `maxResults`:
    /// the 0-based offset of the first item, the item count, and the effective 1-based startIndex
    /// (RFC 7644 section 3.4.2.4: startIndex below 1 is 1; negative count is 0; count is capped
    /// at `maxResults`; a startIndex beyond the end gives an empty page).
    public func window(total: Int, maxResults: Int) -> (offset: Int, length: Int, startIndex: Int) {
        let start = max(1, startIndex)
        let wanted = min(max(0, count ?? maxResults), maxResults)
        let offset = start - 1
        let length = offset >= total ? 0 : min(wanted, total - offset)
        return (offset, length, start)
    }
}
