/// Query: `GET /Users`, `GET /Groups` and `POST /.search` (RFC 7644 sections 3.4.2 and 3.4.3).
extension SCIMService {
    /// The ListResponse message URN (RFC 7644 section 3.4.2).
    public static let listResponseURN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

    /// The `schemas` value of every ListResponse, built once.
    static let listResponseSchemas: JSONValue = [.string(listResponseURN)]

    /// `GET /Users?filter=...&startIndex=...&count=...&sortBy=...&sortOrder=...&attributes=...`.
    mutating func list(_ type: SCIMResourceType, query: [SCIMRequest.QueryItem]) throws(SCIMError) -> SCIMResponse {
        try run(try SCIMListQuery(query: query), types: [type])
    }

    /// `POST /Users/.search`, `/Groups/.search` or `/.search` with a SearchRequest body (RFC 7644
    /// section 3.4.3); the root search lists Users, then Groups.
    mutating func search(types: [SCIMResourceType], body: JSONObject) throws(SCIMError) -> SCIMResponse {
        if let schemas = body.value(ignoringCase: "schemas") { try SCIMResourceInput.checkSchemas(schemas) }
        return try run(try SCIMListQuery(searchRequest: body), types: types)
    }

    /// Evaluates a query and renders the ListResponse.
    ///
    /// - Filtering: 400 `invalidFilter` for a malformed or unsupported filter, never an unfiltered list.
    ///   A top-level `eq` on `id`, `userName`, `externalId` or (groups) `displayName` is answered from the
    ///   table's index and re-checked with the full filter; anything else scans. `totalResults` counts
    ///   after filtering.
    /// - Order: insertion order (Users before Groups for a root search), or by `sortBy` (stable; resources
    ///   without a value last in both directions; strings compared ignoring case unless the attribute is
    ///   caseExact), so pages never overlap or skip (Okta requires stable order).
    /// - Paging: ``SCIMListQuery/window(total:maxResults:)``. `Resources` is present (possibly empty)
    ///   unless the effective count is 0 (RFC 7644 section 3.4.2.4: count 0 returns only totalResults).
    /// - Complexity: O(page) for an unfiltered unsorted list (plus one O(n) compaction after deletions),
    ///   O(1 + page) for an indexed lookup, O(n) for a scan, O(n log n) with `sortBy`.
    mutating func run(_ query: SCIMListQuery, types: [SCIMResourceType]) throws(SCIMError) -> SCIMResponse {
        if types.count == 1, let text = query.filter, let (attribute, value) = Self.simpleEquality(text) {
            // Fast path: `attr eq "literal"` on an indexed attribute; the index answers exactly (see
            // simpleEquality), so no filter is parsed or evaluated. The table is read in place (no copy).
            let isUser = types[0] == .user
            let hit: SCIMResourceTable.CandidateSlot =
                query.sortBy != nil
                ? .notIndexed
                : isUser
                    ? users.uniqueCandidateSlot(attribute, value: value)
                    : groups.uniqueCandidateSlot(attribute, value: value)
            switch hit {
            case .notIndexed, .several:
                break
            case .none:
                return listResponse([], query)
            case .one(let s):
                guard let r = isUser ? users.resource(slot: s) : groups.resource(slot: s) else {
                    return listResponse([], query)
                }
                // The one match is on the page when the window starts at it (same as listResponse(_:_:)).
                let window = query.window(total: 1, maxResults: configuration.maxResults)
                let onPage = window.offset == 0 && window.length > 0
                let page: [JSONValue] = onPage ? [project(r.object, r.type, query)] : []
                return listResponse(page, total: 1, startIndex: window.startIndex, query)
            }
            let t = table(types[0])
            if let slots = t.candidateSlots(attribute: attribute.lowercasedName, value: String(value)) {
                var matched: [SCIMStoredResource] = []
                matched.reserveCapacity(slots.count)
                for s in slots.count > 1 ? slots.sorted() : slots {
                    if let r = t.resource(slot: s) { matched.append(r) }
                }
                if let sortBy = query.sortBy {
                    matched = try sorted(matched, by: sortBy, descending: query.descending)
                }
                return listResponse(matched, query)
            }
        }
        let tables = types.map { table($0) }
        let filters = try compiledFilters(query.filter, types: types)
        if filters == nil, query.sortBy == nil {
            // Only this path addresses slots by position, so only it compacts away deletion tombstones
            // (O(n) once after deletions; later pages are O(page)). Lookups and scans skip tombstones.
            if types.contains(.user) { users.compact() }
            if types.contains(.group) { groups.compact() }
            let tables = types.map { table($0) }
            var page: [JSONValue] = []
            let total = tables.reduce(0) { $0 + $1.count }
            let window = query.window(total: total, maxResults: configuration.maxResults)
            var skip = window.offset
            var remaining = window.length
            for t in tables where remaining > 0 {
                if skip >= t.count {
                    skip -= t.count
                    continue
                }
                let end = min(t.count, skip + remaining)
                for s in skip..<end {
                    if let r = t.resource(slot: s) { page.append(project(r.object, t.type, query)) }
                }
                remaining -= end - skip
                skip = 0
            }
            return listResponse(page, total: total, startIndex: window.startIndex, query)
        } else {
            var matched: [SCIMStoredResource] = []
            for (i, t) in tables.enumerated() {
                let filter = filters?[i]
                if let filter, let (attribute, value) = filter.lookup,
                    let slots = t.candidateSlots(
                        attribute: attribute, value: value)
                {
                    for s in slots.sorted() {
                        if let r = t.resource(slot: s), filter.matches(r.object) { matched.append(r) }
                    }
                } else {
                    for r in t.slots {
                        guard let r else { continue }
                        if filter?.matches(r.object) ?? true { matched.append(r) }
                    }
                }
            }
            if let sortBy = query.sortBy { matched = try sorted(matched, by: sortBy, descending: query.descending) }
            return listResponse(matched, query)
        }
    }

    /// The ListResponse for the whole matched set `matched`, paged and projected.
    func listResponse(_ matched: [SCIMStoredResource], _ query: SCIMListQuery) -> SCIMResponse {
        let window = query.window(total: matched.count, maxResults: configuration.maxResults)
        var page: [JSONValue] = []
        page.reserveCapacity(window.length)
        for r in matched.dropFirst(window.offset).prefix(window.length) {
            page.append(project(r.object, r.type, query))
        }
        return listResponse(page, total: matched.count, startIndex: window.startIndex, query)
    }

    /// A ListResponse body (RFC 7644 section 3.4.2) around an already paged and projected `page`.
    func listResponse(_ page: [JSONValue], total: Int, startIndex: Int, _ query: SCIMListQuery) -> SCIMResponse {
        var o = JSONObject()
        o.reserveCapacity(5)
        o.append(key: "schemas", value: Self.listResponseSchemas)
        o.append(key: "totalResults", value: .int(Int64(total)))
        o.append(key: "startIndex", value: .int(Int64(startIndex)))
        o.append(key: "itemsPerPage", value: .int(Int64(page.count)))
        let effectiveCount = min(max(0, query.count ?? configuration.maxResults), configuration.maxResults)
        if effectiveCount > 0 { o.append(key: "Resources", value: .array(page)) }
        return Self.jsonResponse(.object(o))
    }
}

/// A list filter compiled for one resource type, with the index key it allows, if any.
struct SCIMQueryFilter {
    /// The compiled filter.
    let compiled: CompiledFilter
    /// `(lower-cased attribute, literal)` when the filter is one top-level `eq` an index can answer.
    let lookup: (attribute: String, value: String)?

    /// `true` when `object` passes the full filter.
    func matches(_ object: JSONObject) -> Bool { compiled.matches(object) }
}

extension SCIMService {
    /// `text` parsed once and compiled for each of `types`; `nil` without a filter. 400 `invalidFilter`
    /// for malformed or unsupported filters (RFC 7644 section 3.4.2.2). Parsing is lenient unless
    /// ``SCIMServiceConfiguration/strictFilters`` is set: bare (unquoted) string values and a comparison
    /// after a value path (`emails[type eq "work"].value eq "x"`, which Entra sends for matching) are accepted.
    func compiledFilters(_ text: String?, types: [SCIMResourceType]) throws(SCIMError) -> [SCIMQueryFilter]? {
        guard let text else { return nil }
        let filter = try SCIMFilter.parse(text, options: configuration.strictFilters ? .strict : .lenient)
        let lookup = filter.equalityLookup
        var out: [SCIMQueryFilter] = []
        for t in types { out.append(SCIMQueryFilter(compiled: try filter.compile(for: .of(t)), lookup: lookup)) }
        return out
    }
}

extension SCIMService {
    /// Recognises the filter IdPs send most, `attr eq "literal"` (Okta, Entra), without the general
    /// parser: optional spaces, an attribute name of ASCII letters, `eq` in any case, a double-quoted
    /// literal without backslashes, optional spaces. Returns the attribute and the literal (a slice of `text`).
    ///
    /// For `id`, `userName`, `externalId` and (groups) `displayName` the table's index then gives exactly
    /// the resources the full filter would match: the indexes hash the same case folding the filter uses
    /// (lower-casing for caseExact false, exact otherwise), and Swift string equality is canonical
    /// equivalence, like the filter's. Anything else returns `nil` and takes the general path.
    ///
    /// O(length of `text`), one pass over its contiguous UTF-8 with integer offsets; allocates nothing.
    static func simpleEquality(_ text: String) -> (attribute: SCIMResourceTable.IndexedAttribute, value: Substring)? {
        guard let scanned = text.utf8.withContiguousStorageIfAvailable({ simpleEquality(utf8: $0) }) else {
            // Not contiguous (a bridged string): scan a native copy, which is contiguous.
            var copy = text
            copy.makeContiguousUTF8()
            return copy.utf8.withContiguousStorageIfAvailable({ _ in true }) == true ? simpleEquality(copy) : nil
        }
        guard let (attribute, range) = scanned else { return nil }
        let u = text.utf8
        let start = u.index(u.startIndex, offsetBy: range.lowerBound)
        let end = u.index(start, offsetBy: range.count)
        return (attribute, text[start..<end])
    }

    /// ``simpleEquality(_:)`` over the filter's UTF-8 bytes: the attribute and the byte range of the literal.
    static func simpleEquality(
        utf8 b: UnsafeBufferPointer<UInt8>
    ) -> (SCIMResourceTable.IndexedAttribute, Range<Int>)? {
        let n = b.count
        // The common spelling `userName eq "<value>"` (every IdP's lookup): recognised by two word compares, and the
        // value by the same scan as below ending at the last byte. Anything else takes the general rules.
        if n >= 14, b[n - 1] == 0x22, SCIMUserNameIndex.word(b, 0) == Self.userNameWord,
            SCIMUserNameIndex.word(b, 8) & 0xFF_FFFF_FFFF == Self.spaceEqQuote,
            let end = closingQuote(b, from: 13), end == n - 1
        {
            return (.userName, 13..<end)
        }
        var i = 0
        func skipSpaces() -> Int {
            let s = i
            while i < n, b[i] == 0x20 { i += 1 }
            return i - s
        }
        _ = skipSpaces()
        let nameStart = i
        while i < n, (b[i] | 0x20) >= 0x61, (b[i] | 0x20) <= 0x7A { i += 1 }
        let name = UnsafeBufferPointer(rebasing: b[nameStart..<i])
        guard !name.isEmpty, skipSpaces() > 0, i + 1 < n, b[i] | 0x20 == 0x65, b[i + 1] | 0x20 == 0x71 else {
            return nil
        }
        i += 2
        guard skipSpaces() > 0, i < n, b[i] == 0x22 else { return nil }
        i += 1
        let valueStart = i
        guard let valueEnd = closingQuote(b, from: i) else { return nil }
        i = valueEnd
        i += 1
        _ = skipSpaces()
        guard i == n else { return nil }
        let attribute: SCIMResourceTable.IndexedAttribute
        if asciiEqualsLowercased(name, "username") {
            attribute = .userName
        } else if asciiEqualsLowercased(name, "id") {
            attribute = .id
        } else if asciiEqualsLowercased(name, "externalid") {
            attribute = .externalId
        } else if asciiEqualsLowercased(name, "displayname") {
            attribute = .displayName
        } else {
            return nil
        }
        return (attribute, valueStart..<valueEnd)
    }
}

extension SCIMService {
    /// The bytes `userName` as a little-endian word.
    static let userNameWord: UInt64 = 0x656D_614E_7265_7375
    /// The bytes ` eq "` as the low five bytes of a little-endian word.
    static let spaceEqQuote: UInt64 = 0x22_2071_6520

    /// The position of the first `"` in `b` at or after `start`, or `nil` when there is none or a `\` comes first
    /// (an escaped literal, left to the filter parser).
    @inline(__always)
    static func closingQuote(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let n = b.count
        var i = start
        // Eight bytes at a time to the first `"` or `\` (a word's lowest flagged byte is exact: the zero-byte test
        // can only flag bytes above a real match wrongly).
        while i + 8 <= n {
            let w = SCIMUserNameIndex.word(b, i)
            let q = w ^ 0x2222_2222_2222_2222
            let s = w ^ 0x5C5C_5C5C_5C5C_5C5C
            let found =
                ((q &- 0x0101_0101_0101_0101) & ~q | (s &- 0x0101_0101_0101_0101) & ~s) & 0x8080_8080_8080_8080
            if found != 0 {
                i += found.trailingZeroBitCount / 8
                break
            }
            i += 8
        }
        while i < n, b[i] != 0x22 {
            if b[i] == 0x5C { return nil }
            i += 1
        }
        return i < n ? i : nil
    }
}

extension SCIMResourceTable.IndexedAttribute {
    /// The lower-cased attribute name ``SCIMResourceTable/candidateSlots(attribute:value:)`` takes.
    var lowercasedName: String {
        switch self {
        case .id: return "id"
        case .userName: return "username"
        case .externalId: return "externalid"
        case .displayName: return "displayname"
        }
    }
}
