import SCIM

/// The requests Okta's SCIM 2.0 client (OIN integration) sends, as `SCIMRequest` values with
/// `JSONValue` bodies and absolute paths (``RequestPaths``: the configuration's `baseURL` followed by the SCIM
/// path, built in one allocation). Source: research/scim-protocol.md section 2 and its examples 1, 2, 5, 6, 7,
/// 9, 10, 11 [OKTA-SCIM20].
enum OktaRequests {
    /// `GET /Users?filter=userName eq "<login>"&startIndex=1&count=100` (section 2 (a) step 1), for the
    /// login `userName`.
    @inline(__always)
    static func lookupUser(userName: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        SCIMRequest(method: .get, path: paths.users, query: lookupQuery(userName: userName), headers: headers)
    }

    /// The query of ``lookupUser(userName:paths:headers:)``: `filter`, `startIndex`, `count`, in that order.
    @inline(__always)
    static func lookupQuery(userName: String) -> [SCIMRequest.QueryItem] {
        [
            .init(name: "filter", value: ProvisioningText.quoted(userName, afterLiteral: "userName eq ")),
            .init(name: "startIndex", value: "1"), .init(name: "count", value: "100"),
        ]
    }

    /// `POST /Users` with the create body of section 2 (a) step 2 / example 2 (placeholder password,
    /// empty `groups`, `active: true`), filled into the profile's template (``OktaUserBodies``).
    /// The person is `people[i]`, read in place (not copied first).
    @inline(__always)
    static func createUser(
        _ people: [DirectoryPerson], _ i: Int, paths: RequestPaths, headers: HTTPHeaders, bodies: OktaUserBodies
    ) -> SCIMRequest {
        SCIMRequest(method: .post, path: paths.users, headers: headers, body: .value(bodies.createBody(people, i)))
    }

    /// `GET /Users/{id}`: Okta reads the user before a profile push (section 2 (b)).
    static func readUser(id: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        SCIMRequest(method: .get, path: paths.user(id), headers: headers)
    }

    /// `PUT /Users/{id}` with the full resource (section 2 (b), example 5), filled into the profile's
    /// template (``OktaUserBodies``).
    static func replaceUser(
        _ p: DirectoryPerson, id: String, active: Bool, paths: RequestPaths, headers: HTTPHeaders,
        bodies: OktaUserBodies
    ) -> SCIMRequest {
        SCIMRequest(
            method: .put, path: paths.user(id), headers: headers,
            body: .value(bodies.replaceBody(p, id: id, active: active)))
    }

    /// Pathless `PATCH /Users/{id}` `{"op":"replace","value":{"active":<active>}}` (sections 2 (c), 2 (d);
    /// examples 6 and 7).
    static func setActive(id: String, active: Bool, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        let body = ProvisioningText.patchBody([["op": "replace", "value": ["active": .bool(active)]]])
        return SCIMRequest(method: .patch, path: paths.user(id), headers: headers, body: .value(body))
    }

    /// Group Push create: `POST /Groups` `{"schemas":[Group],"displayName":...,"members":[]}` (section 2 (e) 1).
    static func createGroup(name: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        let body: JSONValue = [
            "schemas": [.string(ProvisioningURN.group)], "displayName": .string(name), "members": [],
        ]
        return SCIMRequest(method: .post, path: paths.groups, headers: headers, body: .value(body))
    }

    /// Pathless rename `{"op":"replace","value":{"id":...,"displayName":...}}`, sent on every
    /// membership push too (section 2 (e) 2, example 11).
    static func renameGroup(id: String, name: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        let body = ProvisioningText.patchBody([
            ["op": "replace", "value": ["id": .string(id), "displayName": .string(name)]]
        ])
        return SCIMRequest(method: .patch, path: paths.group(id), headers: headers, body: .value(body))
    }

    /// One membership PATCH: a `remove` by `members[value eq "..."]` per leaving member, then one
    /// `add` of the joining members with `display` = login (section 2 (e) 3, example 10).
    static func updateMembers(
        groupID: String, add: [(id: String, display: String)], remove: [String], paths: RequestPaths,
        headers: HTTPHeaders
    ) -> SCIMRequest {
        var ops: [JSONValue] = []
        ops.reserveCapacity(remove.count + 1)
        for id in remove {
            ops.append(["op": "remove", "path": .string("members[value eq " + ProvisioningText.quoted(id) + "]")])
        }
        if !add.isEmpty {
            let values = add.map { m -> JSONValue in ["value": .string(m.id), "display": .string(m.display)] }
            ops.append(["op": "add", "path": "members", "value": .array(values)])
        }
        return SCIMRequest(
            method: .patch, path: paths.group(groupID), headers: headers, body: .value(ProvisioningText.patchBody(ops)))
    }
}
