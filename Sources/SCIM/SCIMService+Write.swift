/// POST, PUT and DELETE on `/Users` and `/Groups` (RFC 7644 sections 3.3, 3.5.1, 3.6).
extension SCIMService {
    /// `POST /Users` or `POST /Groups`: 201 with the resource, `Location` and `ETag` (RFC 7644
    /// section 3.3). 409 `uniqueness` when the userName exists ignoring case (RFC 7643 section 4.1.1).
    /// Changes: `created`, then for a group with members one `membersAdded` listing them.
    mutating func create(
        _ type: SCIMResourceType, body: JSONObject, query: [SCIMRequest.QueryItem]
    ) throws(SCIMError) -> SCIMResult {
        let projection = query.isEmpty ? nil : try SCIMListQuery(query: query)
        // Built in place: `schemas` and `id` placeholders, the attributes, then room for `meta`.
        var (object, extensions, namePosition) = try input(type).storedForm(of: body, identityRoom: true)
        let name: String
        if type == .user, let p = namePosition, case .string(let n) = object[p].value, !n.isEmpty {
            name = n  // what `validate` checks, read at the position the input rules reported
        } else {
            name = try validate(type, &object, selfID: nil)
        }
        // The userName index records the new User's slot now (nothing below fails), or names the holder (409).
        if type == .user, users.claimUserName(name) {
            throw SCIMError(status: 409, scimType: .uniqueness, detail: "userName \"\(name)\" already exists")
        }
        // A fresh id: not live in the other table, never deleted, and then recorded in this table's id index by the
        // same probe that finds it free there (`claimID`, last, so that a rejected id is not recorded).
        var id = ids.nextID(for: type)
        while (type == .user ? groups.slot(id: id) != nil : users.slot(id: id) != nil)
            || (!deletedIDs.isEmpty && deletedIDs.contains(id))
            || (type == .user ? users.claimID(id) : groups.claimID(id))
        {
            id = ids.nextID(for: type)
        }
        let now = timestamp()
        object.setValue(moving: Self.schemasValue(type, extensions: extensions), at: 0)
        object.setValue(moving: .string(id), at: 1)
        let location = location(type, id: id)
        object.append(
            moving: "meta", meta(type, id: id, created: now, lastModified: now, version: 1, location: location))
        let stored = SCIMStoredResource(type: type, id: id, object: object, version: 1)
        if type == .user {
            users.insert(stored, userNameClaimed: true, idClaimed: true)
        } else {
            groups.insert(stored, userNameClaimed: false, idClaimed: true)
        }
        var changes = [SCIMChange(kind: .created, resourceType: type, id: id, resource: .object(stored.object))]
        if type == .group {
            let added = Self.memberIDs(stored.object)
            addMemberships(group: id, members: added)
            if !added.isEmpty {
                changes.append(
                    SCIMChange(
                        kind: .membersAdded, resourceType: .group, id: id, resource: .object(stored.object),
                        memberIDs: added))
            }
        }
        let body: JSONValue = projection.map { project(stored.object, type, $0) } ?? .object(stored.object)
        return SCIMResult(
            response: resourceResponse(status: 201, stored, body: body, location: location), changes: changes)
    }

    /// `GET /Users/{id}`: 200 with the resource, 404 if absent or deleted, 304 when `If-None-Match`
    /// names the current version (RFC 7644 sections 3.4.1 and 3.14).
    func get(_ type: SCIMResourceType, id: String, request: SCIMRequest) throws(SCIMError) -> SCIMResponse {
        let stored = try existing(type, id)
        if Self.ifNoneMatchHits(request.headers, stored) {
            return resourceResponse(status: 304, stored, body: nil)
        }
        let query = try SCIMListQuery(query: request.query)
        return resourceResponse(status: 200, stored, body: project(stored.object, type, query))
    }

    /// `PUT /Users/{id}`: replaces every client-writable attribute (RFC 7644 section 3.5.1).
    ///
    /// **Decision:** readWrite attributes absent from the body are cleared (full replace, so
    /// scim-protocol section 6 #5 drops `externalId` unless the client re-sends it). A body `id`
    /// different from the URL id is 400 `mutability`; an equal one is ignored. Renaming onto an
    /// existing userName is 409 `uniqueness`. 412 on an `If-Match` mismatch.
    /// Changes: `replaced` (when anything but group membership changed), then `membersRemoved`, then
    /// `membersAdded` for groups. Nothing changes and no record is made when the body equals the stored state.
    mutating func replace(
        _ type: SCIMResourceType, id: String, body: JSONObject, request: SCIMRequest
    ) throws(SCIMError) -> SCIMResult {
        let projection = try SCIMListQuery.parsed(request.query)
        let old = try existing(type, id)
        try Self.checkIfMatch(request.headers, old)
        if let bodyID = body.first(where: { asciiCaseInsensitiveEquals($0.key, "id") })?.value,
            bodyID != .string(id)
        {
            throw SCIMError(status: 400, scimType: .mutability, detail: "id is readOnly and must equal \"\(id)\"")
        }
        var attributes = try input(type).attributes(of: body)
        try validate(type, &attributes, selfID: id)
        if Self.hasAttributes(old.object, attributes) {
            return SCIMResult(response: resourceResponse(status: 200, old, body: project(old.object, type, projection)))
        }
        let sameMeta = assemble(
            type, id: id, attributes: attributes, created: Self.created(of: old.object),
            lastModified: old.object["meta"]?["lastModified"]?.stringValue ?? "", version: old.version)
        let (stored, changes) = try commit(type, old: old, newObject: sameMeta, kind: .replaced)
        return SCIMResult(
            response: resourceResponse(status: 200, stored, body: project(stored.object, type, projection)),
            changes: changes)
    }

    /// `DELETE /Users/{id}`: 204; afterwards every operation on the id is 404 and it never returns
    /// in lists (RFC 7644 section 3.6). Deleting a user or group also removes it from every group
    /// that lists it as a member. Changes: `deleted` (with the resource as it was), then one
    /// `membersRemoved` per affected group, in the order the resource joined them.
    mutating func delete(_ type: SCIMResourceType, id: String, request: SCIMRequest) throws(SCIMError) -> SCIMResult {
        let old = try existing(type, id)
        try Self.checkIfMatch(request.headers, old)
        if type == .user { users.remove(id: id) } else { groups.remove(id: id) }
        deletedIDs.insert(id)
        var changes = [SCIMChange(kind: .deleted, resourceType: type, id: id, resource: .object(old.object))]
        if type == .group { removeMemberships(group: id, members: Self.memberIDs(old.object)) }
        let containing = memberships.removeValue(forKey: id) ?? []
        if !containing.isEmpty {
            let now = timestamp()
            for groupID in containing {
                guard var g = groups.resource(id: groupID) else { continue }
                var attrs = Self.attributes(of: g.object)
                attrs["members"] = .array((attrs["members"]?.arrayValue ?? []).filter { $0["value"] != .string(id) })
                g.version += 1
                g.object = assemble(
                    .group, id: groupID, attributes: attrs, created: Self.created(of: g.object), lastModified: now,
                    version: g.version)
                groups.update(g)
                changes.append(
                    SCIMChange(
                        kind: .membersRemoved, resourceType: .group, id: groupID, resource: .object(g.object),
                        memberIDs: [id]))
            }
        }
        return SCIMResult(response: SCIMResponse(status: 204), changes: changes)
    }

    /// The live resource, or 404 with an Error body (RFC 7644 section 3.12).
    func existing(_ type: SCIMResourceType, _ id: String) throws(SCIMError) -> SCIMStoredResource {
        guard let r = type == .user ? users.resource(id: id) : groups.resource(id: id) else {
            throw SCIMError.notFound("\(type.rawValue) \"\(id)\" not found")
        }
        return r
    }

    /// The input normaliser for `type` with this service's tolerance settings.
    func input(_ type: SCIMResourceType) -> SCIMResourceInput {
        SCIMResourceInput(type: type, acceptStringBooleans: configuration.acceptStringBooleans)
    }
}
