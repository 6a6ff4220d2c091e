/// Committing a changed resource: uniqueness check, `schemas`/`meta` refresh, index update, change records.
extension SCIMService {
    /// Stores `newObject` (a full representation whose `meta` is still the old one) as the new state of
    /// `old` (PUT and PATCH), unless it equals the current state, in which case nothing changes (no
    /// version bump, no records; RFC 7644 section 3.5.2.1: re-adding a present value changes nothing).
    /// `schemas` is recomputed from the extensions present and `meta.lastModified`/`meta.version` are
    /// updated in place.
    ///
    /// Throws 409 `uniqueness` when a user's userName would collide, ignoring case, with another user.
    /// Records, in order: `kind` (`replaced`/`patched`) with the changed attribute names when any
    /// attribute other than group `members` changed; then `membersRemoved`; then `membersAdded`.
    mutating func commit(
        _ type: SCIMResourceType, old: SCIMStoredResource, newObject: consuming JSONObject, kind: SCIMChange.Kind
    ) throws(SCIMError) -> (SCIMStoredResource, [SCIMChange]) {
        // One pass finds both whether anything changed at all and which attributes did.
        let (equal, changed) = Self.compare(old.object, newObject, type: type)
        if equal { return (old, []) }
        if type == .user, let name = newObject["userName"]?.stringValue,
            let owner = users.id(forUserName: name), owner != old.id
        {
            throw SCIMError(status: 409, scimType: .uniqueness, detail: "userName \"\(name)\" already exists")
        }
        var stored = old
        stored.version += 1
        // Taken, not copied: when the caller hands over the only reference, `meta` is updated in place.
        var object = consume newObject
        Self.refreshSchemas(&object, type)
        Self.touchMeta(&object, lastModified: timestamp(), version: stored.version)
        stored.object = object
        // The indexed keys (userName, externalId, displayName) changed only if their attribute is among `changed`.
        let keysChanged = changed.contains { $0 == "username" || $0 == "externalid" || $0 == "displayname" }
        if type == .user {
            users.update(stored, keysChanged: keysChanged)
        } else {
            groups.update(stored, keysChanged: keysChanged)
        }
        var changes: [SCIMChange] = []
        if !changed.isEmpty {
            changes.append(
                SCIMChange(
                    kind: kind, resourceType: type, id: old.id, resource: .object(stored.object),
                    changedAttributes: changed))
        }
        if type == .group {
            let before = Self.memberIDs(old.object)
            let after = Self.memberIDs(stored.object)
            let beforeSet = Set(before)
            let afterSet = Set(after)
            let removed = before.filter { !afterSet.contains($0) }
            let added = after.filter { !beforeSet.contains($0) }
            removeMemberships(group: old.id, members: removed)
            addMemberships(group: old.id, members: added)
            if !removed.isEmpty {
                changes.append(
                    SCIMChange(
                        kind: .membersRemoved, resourceType: .group, id: old.id, resource: .object(stored.object),
                        memberIDs: removed))
            }
            if !added.isEmpty {
                changes.append(
                    SCIMChange(
                        kind: .membersAdded, resourceType: .group, id: old.id, resource: .object(stored.object),
                        memberIDs: added))
            }
        }
        return (stored, changes)
    }

    /// Sets `schemas` to the core URN plus the URN of every extension with data (RFC 7643 section 3).
    static func refreshSchemas(_ object: inout JSONObject, _ type: SCIMResourceType) {
        let schema = SCIMResourceSchema.of(type)
        guard let i = object.members.firstIndex(where: { $0.key == "schemas" }) else { return }
        // Compare in place first: the list is almost always already right, and then nothing is allocated.
        if case .array(let current) = object[i].value, current.first == .string(schema.core.id) {
            var k = 1
            var same = true
            for ext in schema.extensions where hasStoredKey(object, ext.id) {
                guard k < current.count, current[k] == .string(ext.id) else {
                    same = false
                    break
                }
                k += 1
            }
            if same && k == current.count { return }
        }
        var schemas: [JSONValue] = [.string(schema.core.id)]
        for ext in schema.extensions where hasStoredKey(object, ext.id) { schemas.append(.string(ext.id)) }
        if object[i].value != .array(schemas) { object.setValue(.array(schemas), at: i) }
    }

    /// Sets `meta.lastModified` and `meta.version` in place (RFC 7643 section 3.1).
    static func touchMeta(_ object: inout JSONObject, lastModified: String, version: Int) {
        // `meta` is the last member of every object `assemble` builds; other layouts are searched.
        let last = object.count - 1
        let at = last >= 0 && object[last].key == "meta" ? last : object.members.firstIndex { $0.key == "meta" }
        guard let i = at, case .object(var meta) = object[i].value else { return }
        object.setValue(.null, at: i)  // release the stored copy so `meta` is mutated in place
        let stamp = JSONValue.string(lastModified)
        let etag = JSONValue.string(SCIMStoredResource.weakETag(version))
        if meta.count == 5 && meta[2].key == "lastModified" && meta[4].key == "version" {
            // The layout `assemble` builds: set both by position, no key search.
            meta.setValue(stamp, at: 2)
            meta.setValue(etag, at: 4)
        } else {
            meta["lastModified"] = stamp
            meta["version"] = etag
        }
        object.setValue(.object(meta), at: i)
    }

    /// Records `group` in the reverse membership index of each of `members` (appended, in order).
    mutating func addMemberships(group: String, members: [String]) {
        for m in members { memberships[m, default: []].append(group) }
    }

    /// Removes `group` from the reverse membership index of each of `members`, dropping emptied entries.
    mutating func removeMemberships(group: String, members: [String]) {
        for m in members {
            guard var list = memberships[m] else { continue }
            list.removeAll { $0 == group }
            memberships[m] = list.isEmpty ? nil : list
        }
    }
}
