/// The IdPs' most frequent request, `GET /Users?filter=userName eq "..."` (Okta before every create, Entra for
/// matching; scim-protocol.md section 2), answered straight from the table's index.
extension SCIMService {
    /// The ListResponse of a list request whose parameters are `filter=<attr> eq "<literal>"` on an indexed
    /// attribute with at most one match, optionally with `startIndex` and `count` (Okta sends
    /// `&startIndex=1&count=100`), or `nil` for every other request (which ``run(_:types:)`` answers; its own
    /// fast path covers the same filters with sorting and projection parameters).
    ///
    /// The body is exactly what ``run(_:types:)`` returns for such a query (RFC 7644 section 3.4.2: `schemas`,
    /// `totalResults`, `startIndex`, `itemsPerPage`, `Resources` with the stored resource, unprojected; paging
    /// by ``SCIMListQuery/window(total:maxResults:)``), built without parsing a ``SCIMListQuery``, allocating
    /// the filter literal, or copying the table. A malformed `startIndex` or `count` returns `nil` so the general
    /// path reports it. O(length of the parameters).
    func indexedLookup(_ type: SCIMResourceType, query: [SCIMRequest.QueryItem]) -> SCIMResponse? {
        var text: String
        var startIndex = 1
        var count: Int?
        if query.count == 1 {
            // Only the filter (Entra's lookups, the benchmark's).
            guard isName(query[0].name, "filter") else { return nil }
            text = query[0].value
        } else if query.count == 3, let names = Self.oktaQueryNames, let n0 = SCIMStringBits.words(query[0].name),
            n0 == names.0, let n1 = SCIMStringBits.words(query[1].name), n1 == names.1,
            let n2 = SCIMStringBits.words(query[2].name), n2 == names.2, let first = Self.plainInteger(query[1].value),
            let size = Self.plainInteger(query[2].value)
        {
            // Okta's `filter`, `startIndex`, `count` in this order, each name with the bits of that literal (so equal
            // to it): what filterAndWindow(_:) returns, without its name comparisons.
            text = query[0].value
            startIndex = first
            count = size
        } else {
            guard let parsed = Self.filterAndWindow(query) else { return nil }
            (text, startIndex, count) = parsed
        }
        let hit = text.withUTF8 { b -> SCIMResourceTable.CandidateSlot in
            guard let (attribute, range) = Self.simpleEquality(utf8: b) else { return .notIndexed }
            let value = UnsafeBufferPointer(rebasing: b[range])
            return type == .user
                ? users.uniqueCandidateSlot(attribute, utf8: value) : groups.uniqueCandidateSlot(attribute, utf8: value)
        }
        let object: JSONObject?
        switch hit {
        case .notIndexed, .several: return nil
        case .none: object = nil
        case .one(let s): object = type == .user ? users.object(slot: s) : groups.object(slot: s)
        }
        let maxResults = configuration.maxResults
        let effectiveCount = min(max(0, count ?? maxResults), maxResults)
        guard let object else {
            if startIndex <= 1 {
                // The window starts at 1 (a `startIndex` below 1 counts as 1): the prebuilt answers.
                return effectiveCount > 0 ? Self.noMatchResponse : Self.noMatchResponseWithoutResources
            }
            return Self.emptyLookupResponse(startIndex: max(1, startIndex), withResources: effectiveCount > 0)
        }
        // The same window as SCIMListQuery.window(total:maxResults:) over the one match.
        let start = max(1, startIndex)
        var o = JSONObject()
        o.reserveCapacity(5)
        o.append(key: "schemas", value: Self.listResponseSchemas)
        o.append(key: "totalResults", value: 1)
        o.append(key: "startIndex", value: .int(Int64(start)))
        let onPage = start == 1 && effectiveCount > 0
        o.append(key: "itemsPerPage", value: onPage ? 1 : 0)
        if effectiveCount > 0 {
            o.append(key: "Resources", value: onPage ? .array([.object(object)]) : Self.emptyResources)
        }
        return Self.jsonResponse(.object(o))
    }

    /// A no-match ListResponse (`totalResults` 0) with this `startIndex`.
    static func emptyLookupResponse(startIndex: Int, withResources: Bool) -> SCIMResponse {
        var o = JSONObject()
        o.reserveCapacity(5)
        o.append(key: "schemas", value: listResponseSchemas)
        o.append(key: "totalResults", value: 0)
        o.append(key: "startIndex", value: .int(Int64(startIndex)))
        o.append(key: "itemsPerPage", value: 0)
        if withResources { o.append(key: "Resources", value: emptyResources) }
        return jsonResponse(.object(o))
    }

    /// `filter` (required), `startIndex` and `count` of at most three parameters (later duplicates win, as in
    /// ``SCIMListQuery``); `nil` for any other parameter or a value ``plainInteger(_:)`` does not read.
    static func filterAndWindow(_ query: [SCIMRequest.QueryItem]) -> (String, Int, Int?)? {
        guard query.count <= 3 else { return nil }
        var filter: String?
        var startIndex = 1
        var count: Int?
        // By index, reading the name first: copying each item would retain and release both of its strings.
        for i in query.indices {
            let name = query[i].name
            if isName(name, "filter") {
                filter = query[i].value
            } else if isName(name, "startIndex") {
                guard let n = plainInteger(query[i].value) else { return nil }
                startIndex = n
            } else if isName(name, "count") {
                guard let n = plainInteger(query[i].value) else { return nil }
                count = n
            } else {
                return nil
            }
        }
        return filter.map { ($0, startIndex, count) }
    }

    /// `[]`, built once.
    /// The bits of the in-line names `filter`, `startIndex` and `count` (``SCIMStringBits/words(_:)``), or `nil` when
    /// the in-line layout does not hold on this platform.
    static let oktaQueryNames: ((UInt64, UInt64), (UInt64, UInt64), (UInt64, UInt64))? = {
        guard SCIMStringBits.layoutHolds, let f = SCIMStringBits.words("filter"),
            let s = SCIMStringBits.words("startIndex"), let c = SCIMStringBits.words("count"),
            f.1 & SCIMStringBits.inlineBit != 0, s.1 & SCIMStringBits.inlineBit != 0,
            c.1 & SCIMStringBits.inlineBit != 0
        else { return nil }
        return (f, s, c)
    }()

    static let emptyResources: JSONValue = .array([])

    /// The value of a `startIndex` or `count` parameter when it is an optional sign and ASCII digits (what
    /// `Int(_:)` accepts after ``SCIMListQuery`` trims spaces, minus the spaces), else `nil`.
    static func plainInteger(_ s: String) -> Int? {
        // Read from the bytes for the usual short values (`1`, `100`): the same answer as `Int(_:)` (optional `+` or
        // `-`, at least one ASCII digit, no overflow in up to 18 digits), without its generic parsing.
        if let (w, n) = SCIMStringBits.shortBytes(s), n > 0 {
            // In line and at most 8 bytes: parsed from the string's bits (the same rules as below).
            let first = UInt8(truncatingIfNeeded: w)
            let signed = first == 0x2B || first == 0x2D
            guard n > (signed ? 1 : 0) else { return nil }
            var value = 0
            for k in (signed ? 1 : 0)..<n {
                let c = UInt8(truncatingIfNeeded: w >> UInt64(8 * k))
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value &* 10 &+ Int(c &- 0x30)
            }
            return first == 0x2D ? -value : value
        }
        var text = s
        return text.withUTF8 { b -> Int? in
            guard !b.isEmpty, b.count <= 18 else { return nil }
            let signed = b[0] == 0x2B || b[0] == 0x2D
            guard b.count > (signed ? 1 : 0) else { return nil }
            var value = 0
            for k in (signed ? 1 : 0)..<b.count {
                let c = b[k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value &* 10 &+ Int(c &- 0x30)
            }
            return b[0] == 0x2D ? -value : value
        } ?? Self.longInteger(s)
    }

    /// `Int(s)` for a value without surrounding spaces or tabs, else `nil` (the general reading of
    /// ``plainInteger(_:)``).
    private static func longInteger(_ s: String) -> Int? {
        guard s.utf8.count > 18, let first = s.utf8.first, first != 0x20, first != 0x09, let last = s.utf8.last,
            last != 0x20, last != 0x09
        else { return nil }
        return Int(s)
    }

    /// The ListResponse for no match with the default window: `totalResults` 0, `startIndex` 1, `itemsPerPage`
    /// 0, `Resources` empty (present because the page size is positive). Built once.
    static let noMatchResponse = jsonResponse(
        .object(
            JSONObject(
                [
                    ("schemas", listResponseSchemas), ("totalResults", .int(0)), ("startIndex", .int(1)),
                    ("itemsPerPage", .int(0)), ("Resources", .array([])),
                ] as [(String, JSONValue)])))

    /// ``noMatchResponse`` for a page size of 0 or less: no `Resources` (RFC 7644 section 3.4.2.4).
    static let noMatchResponseWithoutResources = jsonResponse(
        .object(
            JSONObject(
                [
                    ("schemas", listResponseSchemas), ("totalResults", .int(0)), ("startIndex", .int(1)),
                    ("itemsPerPage", .int(0)),
                ] as [(String, JSONValue)])))
}
