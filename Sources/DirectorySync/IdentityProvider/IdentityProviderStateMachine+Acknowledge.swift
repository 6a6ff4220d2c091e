import SCIM

extension IdentityProviderStateMachine {
    /// Applies a 2xx answer to the step of `slot`. Returns `false` when the body lacks what the step
    /// needs (a create or hit without `id`): an invalid response.
    mutating func acknowledge(_ slot: Slot, _ response: SCIMResponse) -> Bool {
        switch slot.target {
        case .person(let i): return acknowledgePerson(i, slot, response)
        case .group(let g): return acknowledgeGroup(g, slot, response)
        }
    }

    /// The first resource of a ListResponse (RFC 7644 section 3.4.2), `.some(nil)` for an empty one,
    /// or `nil` when the body is not a list.
    static func firstResource(_ body: JSONValue?) -> JSONValue?? {
        guard case .object(let o)? = body else { return nil }
        // Exact keys first (what services send), case-insensitive as the fallback (RFC 7643 section 2.1).
        let totalResults = exactMember(o, "totalResults") ?? o.member(caseInsensitive: "totalResults")
        if let total = totalResults?.intValue, total == 0 { return .some(nil) }
        guard let resources = exactMember(o, "Resources") ?? o.member(caseInsensitive: "Resources") else {
            return .some(nil)
        }
        guard let list = resources.arrayValue else { return nil }
        return .some(list.first)
    }

    /// `active` of a resource: a boolean, or Entra-style "True"/"False"; absent means active.
    static func activeFlag(_ resource: JSONValue) -> Bool {
        guard case .object(let o) = resource, let v = exactMember(o, "active") ?? o.member(caseInsensitive: "active")
        else {
            return true
        }
        if let b = v.boolValue { return b }
        if let s = v.stringValue { return s.lowercased() != "false" }
        return true
    }

    static func resourceID(_ body: JSONValue?) -> String? {
        guard case .object(let o)? = body,
            let id = (exactMember(o, "id") ?? o.member(caseInsensitive: "id"))?.stringValue, !id.isEmpty
        else { return nil }
        return id
    }

    /// `o[key]` (the first member whose key equals `key`), comparing only keys of `key`'s UTF-8 length: the
    /// answers' keys are ASCII attribute names, and a key of another length cannot equal an ASCII `key` (no
    /// Unicode sequence of another length is canonically equivalent to a string of the letters used here).
    /// O(members).
    @inline(__always)
    static func exactMember(_ o: JSONObject, _ key: String) -> JSONValue? {
        let n = key.utf8.count
        for k in o.members.indices where o.members[k].key.utf8.count == n && o.members[k].key == key {
            return o.members[k].value
        }
        return nil
    }

    private mutating func acknowledgePerson(_ i: Int, _ slot: Slot, _ response: SCIMResponse) -> Bool {
        // Every 2xx below settles what the app holds for `active` (or forgets the user); a lookup settles
        // whether a timed-out create was applied.
        personSync[i].activeUncertain = false
        if slot.step == .lookupUser || slot.step == .createUser { personSync[i].unconfirmedCreate = nil }
        switch slot.step {
        case .lookupUser:
            guard let hit = Self.firstResource(response.body) else { return false }
            guard let resource = hit else {
                personSync[i].job.prepared = true
                return true
            }
            guard let id = Self.resourceID(resource) else { return false }
            personSync[i].remoteID = id
            personSync[i].remoteActive = Self.activeFlag(resource)
            setSyncedProfile(i, nil)
            personSync[i].job.prepared = true
        case .createUser:
            guard let id = Self.resourceID(response.body) else { return false }
            personSync[i].remoteID = id
            personSync[i].remoteActive = slot.sentActive
            acknowledgeSentProfile(slot, person: i)
            personSync[i].job.prepared = false
        case .activateUser, .deactivateUser:
            personSync[i].remoteActive = slot.sentActive
        case .readUser:
            if let body = response.body, body.objectValue != nil {
                personSync[i].remoteActive = Self.activeFlag(body)
            }
            personSync[i].job.prepared = true
        case .replaceUser, .updateUser:
            personSync[i].remoteActive = slot.sentActive
            acknowledgeSentProfile(slot, person: i)
            personSync[i].job.prepared = false
        case .deleteUser:
            personSync[i].remoteID = nil
            personSync[i].remoteActive = false
            setSyncedProfile(i, nil)
            personSync[i].removed = true
        default:
            return false
        }
        return true
    }

    private mutating func acknowledgeGroup(_ g: Int, _ slot: Slot, _ response: SCIMResponse) -> Bool {
        switch slot.step {
        case .lookupGroup:
            guard let hit = Self.firstResource(response.body) else { return false }
            groupSync[g].job.prepared = true
            guard let resource = hit else { return true }
            guard let id = Self.resourceID(resource) else { return false }
            groupSync[g].remoteID = id
            groupSync[g].name = resource.objectValue?.member(caseInsensitive: "displayName")?.stringValue
            groupSync[g].members = []
        case .createGroup:
            guard let id = Self.resourceID(response.body) else { return false }
            groupSync[g].remoteID = id
            groupSync[g].name = groupSync[g].sentName
            groupSync[g].members = []
            groupSync[g].job.prepared = false
        case .renameGroup:
            groupSync[g].name = groupSync[g].sentName
            groupSync[g].job.prepared = true
        case .updateGroupMembers:
            groupSync[g].members = groupSync[g].sentMembers.take() ?? groupSync[g].members
            groupSync[g].job.prepared = false
        default:
            return false
        }
        return true
    }
}
