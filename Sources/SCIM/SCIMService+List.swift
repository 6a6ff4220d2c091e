/// Query: `GET /Users`, `GET /Groups` and `POST /.search` (RFC 7644 sections 3.4.2 and 3.4.3).
extension SCIMService {
    /// The ListResponse message URN (RFC 7644 section 3.4.2).
    public static let listResponseURN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

    /// `GET /Users?filter=...&startIndex=...&count=...&sortBy=...&sortOrder=...&attributes=...`.
    mutating func list(_ type: SCIMResourceType, query: [SCIMRequest.QueryItem]) throws(SCIMError) -> SCIMResponse {
        try run(try SCIMListQuery(query: query), types: [type])
    }

    /// `POST /Users/.search`, `/Groups/.search` or `/.search` with a SearchRequest body (RFC 7644
    /// section 3.4.3); the root search lists Users, then Groups.
    mutating func search(types: [SCIMResourceType], body: JSONObject) throws(SCIMError) -> SCIMResponse {
        if let schemas = body.member(caseInsensitive: "schemas") { try SCIMResourceInput.checkSchemas(schemas) }
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
    /// - Complexity: O(page) for an unfiltered unsorted list without deletions pending, O(1 + page) for an
    ///   indexed lookup, O(n) for a scan, O(n log n) with `sortBy`.
    mutating func run(_ query: SCIMListQuery, types: [SCIMResourceType]) throws(SCIMError) -> SCIMResponse {
        users.compact()
        groups.compact()
        let tables = types.map { table($0) }
        var page: [JSONValue] = []
        let total: Int
        let window: (offset: Int, length: Int, startIndex: Int)
        let filters = try compiledFilters(query.filter, types: types)
        if filters == nil, query.sortBy == nil {
            total = tables.reduce(0) { $0 + $1.count }
            window = query.window(total: total, maxResults: configuration.maxResults)
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
            total = matched.count
            window = query.window(total: total, maxResults: configuration.maxResults)
            for r in matched.dropFirst(window.offset).prefix(window.length) {
                page.append(project(r.object, r.type, query))
            }
        }
        var o = JSONObject()
        o.append(key: "schemas", value: [.string(Self.listResponseURN)])
        o.append(key: "totalResults", value: .int(Int64(total)))
        o.append(key: "startIndex", value: .int(Int64(window.startIndex)))
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
