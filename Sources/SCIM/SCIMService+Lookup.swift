/// The IdPs' most frequent request, `GET /Users?filter=userName eq "..."` (Okta before every create, Entra for
/// matching; scim-protocol.md section 2), answered straight from the table's index.
extension SCIMService {
    /// The ListResponse of a list request whose only parameter is `filter=<attr> eq "<literal>"` on an indexed
    /// attribute with at most one match, or `nil` for every other request (which ``run(_:types:)`` answers; its
    /// own fast path covers the same filters with paging, sorting and projection parameters).
    ///
    /// The body is exactly what ``run(_:types:)`` returns for such a query (RFC 7644 section 3.4.2: `schemas`,
    /// `totalResults`, `startIndex` 1, `itemsPerPage`, `Resources` with the stored resource, unprojected), built
    /// without parsing a ``SCIMListQuery``, allocating the filter literal, or copying the table. O(length of the
    /// filter).
    func indexedLookup(_ type: SCIMResourceType, query: [SCIMRequest.QueryItem]) -> SCIMResponse? {
        guard query.count == 1, asciiCaseInsensitiveEquals(query[0].name, "filter") else { return nil }
        var text = query[0].value
        let hit = text.withUTF8 { b -> SCIMResourceTable.CandidateSlot in
            guard let (attribute, range) = Self.simpleEquality(utf8: b) else { return .notIndexed }
            let value = UnsafeBufferPointer(rebasing: b[range])
            return type == .user
                ? users.uniqueCandidateSlot(attribute, utf8: value) : groups.uniqueCandidateSlot(attribute, utf8: value)
        }
        let resource: SCIMStoredResource?
        switch hit {
        case .notIndexed, .several: return nil
        case .none: return configuration.maxResults > 0 ? Self.noMatchResponse : Self.noMatchResponseWithoutResources
        case .one(let s): resource = type == .user ? users.resource(slot: s) : groups.resource(slot: s)
        }
        guard let resource else {
            return configuration.maxResults > 0 ? Self.noMatchResponse : Self.noMatchResponseWithoutResources
        }
        // The default window (startIndex 1, count = maxResults) over one match, as SCIMListQuery.window.
        let pageSize = min(max(0, configuration.maxResults), configuration.maxResults)
        var o = JSONObject()
        o.reserveCapacity(5)
        o.append(key: "schemas", value: Self.listResponseSchemas)
        o.append(key: "totalResults", value: 1)
        o.append(key: "startIndex", value: 1)
        o.append(key: "itemsPerPage", value: pageSize > 0 ? 1 : 0)
        if pageSize > 0 { o.append(key: "Resources", value: .array([.object(resource.object)])) }
        return Self.jsonResponse(.object(o))
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
