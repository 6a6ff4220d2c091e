import SCIM

/// The requests the Microsoft Entra ID provisioning job sends, in either PATCH dialect, with absolute paths
/// (``RequestPaths``). Source:
/// research/scim-protocol.md section 3 (Create, Update, Disable, Delete, Groups, the `aadOptscim062020`
/// table) and examples 12 to 15 [MS-SCIM][MS-COMPAT].
enum EntraRequests {
    /// The work-email path Entra uses for multi-valued attributes [MS-SCIM].
    static let workEmailPath = "emails[type eq \"work\"].value"

    /// `GET /Users?filter=userName eq "<UPN>"`. Entra quotes with double quotes like Okta but sends no
    /// paging parameters (section 3 Create step 1; example 4 shows the `+`-encoded spaces, which are
    /// decoded before they reach ``SCIMRequest/query``).
    static func lookupUser(userName: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        SCIMRequest(
            method: .get, path: paths.users,
            query: [.init(name: "filter", value: ProvisioningText.quoted(userName, afterLiteral: "userName eq "))],
            headers: headers)
    }

    /// `POST /Users` with core and enterprise schemas, `externalId`, `userName`, `active`, `emails`,
    /// `meta`, `name{formatted,familyName,givenName}`, `roles: []` (section 3 Create step 2).
    static func createUser(_ p: DirectoryPerson, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        // Each object's members built in one array at its exact size, in order; constants built once.
        var o = JSONMembers()
        o.reserveCapacity(9 + (p.title == nil ? 0 : 1) + (p.department == nil ? 0 : 1))
        o.append(("schemas", userSchemas))
        o.append(("externalId", .string(p.externalId)))
        o.append(("userName", .string(p.userName)))
        o.append(("active", .bool(p.active)))
        let displayName = JSONValue.string(ProvisioningText.displayName(p))
        o.append(("displayName", displayName))
        let email: JSONMembers = [("primary", .bool(true)), ("type", .string("work")), ("value", .string(p.email))]
        o.append(("emails", .array([.object(JSONObject(distinctMembers: email))])))
        o.append(("meta", userMeta))
        let name: JSONMembers = [
            ("formatted", displayName), ("familyName", .string(p.familyName)), ("givenName", .string(p.givenName)),
        ]
        o.append(("name", .object(JSONObject(distinctMembers: name))))
        o.append(("roles", .array([])))
        ProvisioningText.appendJobFields(of: p, to: &o)
        return SCIMRequest(
            method: .post, path: paths.users, headers: headers, body: .value(.object(JSONObject(distinctMembers: o))))
    }

    /// `[core User, enterprise User]`, the `schemas` of every user Entra creates.
    private static let userSchemas: JSONValue = [
        .string(ProvisioningURN.user), .string(ProvisioningURN.enterpriseUser),
    ]
    /// `{"resourceType":"User"}`.
    private static let userMeta: JSONValue = ["resourceType": "User"]

    /// One mapped attribute: its PATCH path, whether the path has a value filter, and its value.
    private struct Attribute {
        var path: String
        var filtered: Bool
        var value: JSONValue?
    }

    /// The mapped attributes of `p` in the order Entra's default mapping lists them; `active` is
    /// handled by the caller.
    private static func attributes(_ p: DirectoryPerson) -> [Attribute] {
        [
            Attribute(path: "externalId", filtered: false, value: .string(p.externalId)),
            Attribute(path: "userName", filtered: false, value: .string(p.userName)),
            Attribute(path: "displayName", filtered: false, value: .string(ProvisioningText.displayName(p))),
            Attribute(path: workEmailPath, filtered: true, value: .string(p.email)),
            Attribute(path: "name.givenName", filtered: false, value: .string(p.givenName)),
            Attribute(path: "name.familyName", filtered: false, value: .string(p.familyName)),
            Attribute(path: "name.formatted", filtered: false, value: .string(ProvisioningText.displayName(p))),
            Attribute(path: "title", filtered: false, value: p.title.map { .string($0) }),
            Attribute(
                path: ProvisioningURN.enterpriseDepartment, filtered: false, value: p.department.map { .string($0) }),
        ]
    }

    private static func boolean(_ b: Bool, _ dialect: EntraDialect) -> JSONValue {
        dialect == .legacy ? .string(b ? "True" : "False") : .bool(b)
    }

    private static func op(_ name: String, _ dialect: EntraDialect) -> JSONValue {
        dialect == .legacy ? .string(name) : .string(name.lowercased())
    }

    /// `PATCH /Users/{id}` for the attributes of `p` that differ from `old` (all of them when `old` is
    /// `nil`, i.e. after a match), plus `active` when `activate` is set. Legacy: one `Replace` per
    /// attribute with a path, `Remove` for cleared ones, `"True"`. Flag: filtered paths as separate
    /// `replace` ops, the rest merged into one pathless `replace` with dotted and URN keys, `true`.
    /// Returns `nil` when nothing differs.
    static func updateUser(
        id: String, _ p: DirectoryPerson, old: DirectoryPerson?, activate: Bool, dialect: EntraDialect,
        paths: RequestPaths, headers: HTTPHeaders
    ) -> SCIMRequest? {
        let new = attributes(p)
        let previous = old.map(attributes)
        var ops: [JSONValue] = []
        var merged = JSONObject()
        if activate {
            if dialect == .legacy {
                ops.append(["op": "Replace", "path": "active", "value": boolean(true, dialect)])
            } else {
                merged.append(key: "active", value: .bool(true))
            }
        }
        for (i, a) in new.enumerated() {
            let before = previous?[i].value
            if previous != nil && before == a.value { continue }
            guard let value = a.value else {
                if before != nil { ops.append(["op": op("Remove", dialect), "path": .string(a.path)]) }
                continue
            }
            if dialect == .legacy || a.filtered {
                ops.append(["op": op("Replace", dialect), "path": .string(a.path), "value": value])
            } else {
                merged.append(key: a.path, value: value)
            }
        }
        if !merged.isEmpty { ops.append(["op": "replace", "value": .object(merged)]) }
        guard !ops.isEmpty else { return nil }
        return SCIMRequest(
            method: .patch, path: paths.user(id), headers: headers, body: .value(ProvisioningText.patchBody(ops)))
    }

    /// Soft delete / disable: `{"op":"Replace","path":"active","value":"False"}` (legacy, example 12)
    /// or `{"op":"replace","path":"active","value":false}` (flag).
    static func disableUser(id: String, dialect: EntraDialect, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest
    {
        let body = ProvisioningText.patchBody([
            ["op": op("Replace", dialect), "path": "active", "value": boolean(false, dialect)]
        ])
        return SCIMRequest(method: .patch, path: paths.user(id), headers: headers, body: .value(body))
    }

    /// Hard delete: `DELETE /Users/{id}` [MS-HOW].
    static func deleteUser(id: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        SCIMRequest(method: .delete, path: paths.user(id), headers: headers)
    }

    /// `GET /Groups?excludedAttributes=members&filter=displayName eq "<name>"` (example 15, companion lookup).
    static func lookupGroup(name: String, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        SCIMRequest(
            method: .get, path: paths.groups,
            query: [
                .init(name: "excludedAttributes", value: "members"),
                .init(name: "filter", value: ProvisioningText.quoted(name, afterLiteral: "displayName eq ")),
            ],
            headers: headers)
    }

    /// `POST /Groups` with the core and ADSCIM group schemas, `externalId`, `displayName`, `meta`
    /// (section 5 rule 6; members follow by PATCH).
    static func createGroup(_ g: IdentityProviderGroup, paths: RequestPaths, headers: HTTPHeaders) -> SCIMRequest {
        let body: JSONValue = [
            "schemas": [.string(ProvisioningURN.group), .string(ProvisioningURN.entraADSCIMGroup)],
            "externalId": .string(g.externalId), "displayName": .string(g.name), "meta": ["resourceType": "Group"],
        ]
        return SCIMRequest(method: .post, path: paths.groups, headers: headers, body: .value(body))
    }

    /// `PATCH /Groups/{id}` `{"op":"Replace","path":"displayName","value":...}`.
    static func renameGroup(id: String, name: String, dialect: EntraDialect, paths: RequestPaths, headers: HTTPHeaders)
        -> SCIMRequest
    {
        let body = ProvisioningText.patchBody([
            ["op": op("Replace", dialect), "path": "displayName", "value": .string(name)]
        ])
        return SCIMRequest(method: .patch, path: paths.group(id), headers: headers, body: .value(body))
    }

    /// Several memberships in one PATCH (a gallery requirement [MS-SCIM]): legacy `Remove` with a value
    /// list (example 15), flag: one `remove` by `members[value eq "id"]` per member; then one `Add`.
    static func updateMembers(
        groupID: String, add: [String], remove: [String], dialect: EntraDialect, paths: RequestPaths,
        headers: HTTPHeaders
    ) -> SCIMRequest {
        var ops: [JSONValue] = []
        if !remove.isEmpty {
            if dialect == .legacy {
                ops.append(
                    ["op": "Remove", "path": "members", "value": .array(remove.map { ["value": .string($0)] })])
            } else {
                for id in remove {
                    ops.append([
                        "op": "remove", "path": .string("members[value eq " + ProvisioningText.quoted(id) + "]"),
                    ])
                }
            }
        }
        if !add.isEmpty {
            ops.append([
                "op": op("Add", dialect), "path": "members", "value": .array(add.map { ["value": .string($0)] }),
            ])
        }
        return SCIMRequest(
            method: .patch, path: paths.group(groupID), headers: headers, body: .value(ProvisioningText.patchBody(ops)))
    }
}
