/// Building stored representations, committing a changed resource, and deriving change records.
extension SCIMService {
    /// Checks a normalised resource before it is stored; throws 400 `invalidValue` naming the problem.
    ///
    /// Users need a non-empty `userName` (RFC 7643 section 4.1.1, required). Groups need a non-empty
    /// `displayName` (RFC 7643 section 4.2 prose; Entra matches groups by it). Every group member needs a
    /// string `value` naming an existing User or another existing Group (RFC 7643 section 4.2: `value` is
    /// the member's `id`); duplicates are dropped keeping the first (RFC 7644 section 3.5.2.1), and
    /// `members` is always stored, `[]` when empty.
    func validate(_ type: SCIMResourceType, _ attributes: inout JSONObject, selfID: String?) throws(SCIMError) {
        switch type {
        case .user:
            guard case .string(let name) = attributes["userName"], !name.isEmpty else {
                throw SCIMError.invalidValue("userName is required and must be a non-empty string")
            }
        case .group:
            guard case .string(let name) = attributes["displayName"], !name.isEmpty else {
                throw SCIMError.invalidValue("displayName is required and must be a non-empty string")
            }
            attributes["members"] = .array(try validMembers(attributes["members"]?.arrayValue ?? [], selfID: selfID))
        }
    }

    /// The members list with every `value` checked to exist, duplicates removed (first kept).
    func validMembers(_ members: [JSONValue], selfID: String?) throws(SCIMError) -> [JSONValue] {
        var seen = Set<String>()
        var out: [JSONValue] = []
        out.reserveCapacity(members.count)
        for m in members {
            guard case .string(let value) = m["value"] else {
                throw SCIMError.invalidValue("every member needs a string \"value\" (the member's id)")
            }
            guard value != selfID, users.slot(id: value) != nil || groups.slot(id: value) != nil else {
                throw SCIMError.invalidValue("member \"\(value)\" is not an existing User or Group")
            }
            if seen.insert(value).inserted { out.append(m) }
        }
        return out
    }

    /// The full stored representation: `schemas` (core URN, plus the enterprise URN when that
    /// extension has data), `id`, the attributes in order, then `meta` (RFC 7643 section 3.1).
    func assemble(
        _ type: SCIMResourceType, id: String, attributes: JSONObject, created: String, lastModified: String,
        version: Int
    ) -> JSONObject {
        var o = attributes
        return assemble(type, id: id, taking: &o, created: created, lastModified: lastModified, version: version)
    }

    /// ``assemble(_:id:attributes:created:lastModified:version:)`` reusing the storage of `attributes` (left
    /// empty) when it is not shared: `schemas` and `id` are moved in front of the attributes and `meta` appended,
    /// so the members are not copied one by one.
    func assemble(
        _ type: SCIMResourceType, id: String, taking attributes: inout JSONObject, created: String,
        lastModified: String, version: Int
    ) -> JSONObject {
        var o = JSONObject()
        swap(&o, &attributes)
        o.reserveCapacity(o.count + 3)
        o.insert(key: "id", value: .string(id), at: 0)
        o.insert(key: "schemas", value: Self.schemasValue(type, o), at: 0)
        var meta = JSONObject()
        meta.reserveCapacity(5)
        meta.append(key: "resourceType", value: type == .user ? Self.userResourceType : Self.groupResourceType)
        meta.append(key: "created", value: .string(created))
        meta.append(key: "lastModified", value: .string(lastModified))
        meta.append(key: "location", value: .string(location(type, id: id)))
        meta.append(key: "version", value: .string(SCIMStoredResource.weakETag(version)))
        o.append(key: "meta", value: .object(meta))
        return o
    }

    /// `meta.resourceType` values, built once.
    static let userResourceType: JSONValue = .string(SCIMResourceType.user.rawValue)
    static let groupResourceType: JSONValue = .string(SCIMResourceType.group.rawValue)

    /// The `schemas` value for an object holding `attributes`: the core URN, then the URN of each extension
    /// with data, in schema order (RFC 7643 section 3). Shared (not rebuilt) when no extension has data.
    static func schemasValue(_ type: SCIMResourceType, _ attributes: JSONObject) -> JSONValue {
        let schema = SCIMResourceSchema.of(type)
        guard schema.extensions.contains(where: { hasStoredKey(attributes, $0.id) }) else {
            return type == .user ? userCoreSchemas : groupCoreSchemas
        }
        var schemas: [JSONValue] = []
        schemas.reserveCapacity(1 + schema.extensions.count)
        schemas.append(.string(schema.core.id))
        for ext in schema.extensions where hasStoredKey(attributes, ext.id) { schemas.append(.string(ext.id)) }
        return .array(schemas)
    }

    /// Whether `object` has a member keyed exactly `key`, where `key` is a schema name or URN (ASCII) and
    /// `object` is a stored resource or its attributes, whose keys are all schema spellings (ASCII, written by
    /// ``SCIMResourceInput`` and ``SCIMPatchApplier``): then only keys of `key`'s UTF-8 length can be equal, so a
    /// miss costs no string comparison with the other keys. Same answer as `object[key] != nil` there.
    @inline(__always)
    static func hasStoredKey(_ object: JSONObject, _ key: String) -> Bool {
        let n = key.utf8.count
        return object.members.contains { $0.key.utf8.count == n && $0.key == key }
    }

    /// `schemas` of a User or Group without extension data, built once.
    static let userCoreSchemas: JSONValue = [.string(SCIMResourceSchema.user.core.id)]
    static let groupCoreSchemas: JSONValue = [.string(SCIMResourceSchema.group.core.id)]

    /// The client-visible attributes of a stored object: everything but `schemas`, `id` and `meta`.
    static func attributes(of object: JSONObject) -> JSONObject {
        var out = JSONObject()
        out.reserveCapacity(object.count)
        for m in object.members where m.key != "schemas" && m.key != "id" && m.key != "meta" {
            out.append(key: m.key, value: m.value)
        }
        return out
    }

    /// `true` when the client-visible attributes of `object` (all but `schemas`, `id`, `meta`) equal
    /// `attributes`, member by member in order; no allocation.
    static func hasAttributes(_ object: JSONObject, _ attributes: JSONObject) -> Bool {
        var j = 0
        for m in object.members where m.key != "schemas" && m.key != "id" && m.key != "meta" {
            guard j < attributes.count, attributes[j].key == m.key, attributes[j].value == m.value else { return false }
            j += 1
        }
        return j == attributes.count
    }

    /// `meta.created` of a stored object.
    static func created(of object: JSONObject) -> String { object["meta"]?["created"]?.stringValue ?? "" }

    /// The member ids of a stored group, in order.
    static func memberIDs(_ object: JSONObject) -> [String] {
        (object["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
    }

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
        Self.touchMeta(&object, lastModified: clock.now().rfc3339, version: stored.version)
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

    /// Whether `old == new`, and ``changedAttributes(_:_:type:)``, in one comparison of the members when both
    /// objects have the same keys in the same order (the usual PUT and PATCH case).
    static func compare(_ old: JSONObject, _ new: JSONObject, type: SCIMResourceType) -> (
        equal: Bool, changed: [String]
    ) {
        // Members are read in place through buffer pointers (no copy, so no retain, of each pair).
        let sameKeys =
            old.count == new.count
            && old.members.withUnsafeBufferPointer { o in
                new.members.withUnsafeBufferPointer { n in
                    for i in 0..<o.count where o[i].key != n[i].key { return false }
                    return true
                }
            }
        guard sameKeys else { return (old == new, changedAttributes(old, new, type: type)) }
        var equal = true
        var names: [String] = []
        old.members.withUnsafeBufferPointer { o in
            new.members.withUnsafeBufferPointer { n in
                for i in 0..<o.count where o[i].value != n[i].value {
                    equal = false
                    let key = o[i].key
                    if type == .group && key == "members" { continue }
                    if key == "schemas" || key == "id" || key == "meta" { continue }
                    recordChange(key, o[i].value, n[i].value, into: &names)
                }
            }
        }
        return (equal, names.count > 1 ? names.sorted() : names)
    }

    /// Appends the changed name(s) for `key`: its lower-cased name, or for an extension object the lower-cased
    /// `urn:...:attr` of each of its attributes that differ.
    static func recordChange(_ key: String, _ a: JSONValue?, _ b: JSONValue?, into names: inout [String]) {
        if key.hasPrefix("urn:") {
            let ao = a?.objectValue ?? JSONObject()
            let bo = b?.objectValue ?? JSONObject()
            for k in ao.keys + bo.keys.filter({ ao[$0] == nil }) where ao[k] != bo[k] {
                names.append((key + ":" + k).lowercased())
            }
        } else {
            names.append(key.lowercased())
        }
    }

    /// Lower-cased names of the top-level attributes whose values differ, extension attributes as
    /// `urn:...:attr`, sorted; `schemas`, `id`, `meta` and group `members` are left out (membership has
    /// its own records).
    static func changedAttributes(_ old: JSONObject, _ new: JSONObject, type: SCIMResourceType) -> [String] {
        var names: [String] = []
        func visit(_ key: String) {
            if type == .group && key == "members" { return }
            if key == "schemas" || key == "id" || key == "meta" { return }
            let a = old[key]
            let b = new[key]
            if a == b { return }
            record(key, a, b)
        }
        func record(_ key: String, _ a: JSONValue?, _ b: JSONValue?) { recordChange(key, a, b, into: &names) }
        if old.count == new.count && zip(old.members, new.members).allSatisfy({ $0.key == $1.key }) {
            // Common case (PATCH of present attributes): same keys in the same order, compared pairwise.
            // Stored objects have unique keys (built by JSONObject's mutators), so the pair at one position
            // is the key's value in each object: no lookup, and no second comparison.
            for (a, b) in zip(old.members, new.members) where a.value != b.value {
                if type == .group && a.key == "members" { continue }
                if a.key == "schemas" || a.key == "id" || a.key == "meta" { continue }
                record(a.key, a.value, b.value)
            }
        } else {
            for m in old.members { visit(m.key) }
            for m in new.members where old[m.key] == nil { visit(m.key) }
        }
        return names.count > 1 ? names.sorted() : names
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

    mutating func addMemberships(group: String, members: [String]) {
        for m in members { memberships[m, default: []].append(group) }
    }

    mutating func removeMemberships(group: String, members: [String]) {
        for m in members {
            guard var list = memberships[m] else { continue }
            list.removeAll { $0 == group }
            memberships[m] = list.isEmpty ? nil : list
        }
    }
}
