import SCIM

/// Mapping SCIM changes to directory users, groups and `dsync.*` events
/// (field mapping: https://workos.com/docs/reference/directory-sync/directory-user; inactive handling:
/// https://workos.com/docs/directory-sync/handle-inactive-users.md).
///
/// Users, with "delete inactive users" on (default): an active user appears with `dsync.user.created`;
/// becoming inactive emits `dsync.user.deleted` and the user leaves the directory; becoming active again
/// re-creates it with a new directory user id and `dsync.user.created` [infer]; a user created inactive
/// emits nothing. With it off: inactive users stay, and a state change emits `dsync.user.updated`.
/// A SCIM DELETE of a user still in the directory emits `dsync.user.deleted`.
/// Groups: `dsync.group.created/updated/deleted`; membership changes emit `dsync.group.user_added` /
/// `user_removed` per member, only for users present in the directory; deleting a group emits no
/// per-member events [infer]. Membership comes only from `membersAdded` / `membersRemoved` changes (the
/// `SCIMChange` contract: `created`/`replaced`/`patched` never carry membership); the broker tracks
/// membership itself, so a change reported twice emits once.
extension DirectorySyncBrokerState {
    /// Applies one change of directory `i`'s backend (taking it: its resource moves into the directory user).
    mutating func apply(_ change: consuming SCIMChange, directory i: Int, now: Duration) {
        switch change.resourceType {
        case .user: applyUser(change, directory: i, now: now)
        case .group: applyGroup(change, directory: i, now: now)
        }
    }

    private static func stamp(after previous: Duration, now: Duration) -> Duration {
        max(now, previous + .milliseconds(1))
    }

    private static func sameMappedFields(_ a: DirectoryUser, _ b: DirectoryUser) -> Bool {
        a.email == b.email && a.emails == b.emails && a.username == b.username && a.firstName == b.firstName
            && a.lastName == b.lastName && a.state == b.state && a.customAttributes == b.customAttributes
            && a.idpID == b.idpID
    }

    /// The user of record `u` with its current `groups` filled in. A user in no group is the record's own
    /// user (whose `groups` the table keeps empty), shared with the table without copying its fields.
    func userSnapshot(_ i: Int, _ u: Int) -> DirectoryUser {
        var user = directories[i].users[u].user
        let slots = directories[i].users[u].groupSlots
        guard !slots.isEmpty || !user.groups.isEmpty else { return user }
        user.groups = slots.map {
            let g = directories[i].groups[$0].group
            return DirectoryGroupReference(id: g.id, name: g.name)
        }
        return user
    }

    /// The record slot of the user with SCIM id `id` in directory `i` and the id's index key (to insert it
    /// without parsing it again), read in place: through the array's in-place (modify) access, which neither
    /// copies the ``DirectoryRecord`` nor retains the array, though nothing is changed. O(length of `id`).
    @inline(__always)
    mutating func userSlot(_ i: Int, _ id: String) -> (slot: Int?, key: Int?) {
        directories[i].userIndex.lookup(id)
    }

    private mutating func emitUser(_ kind: DirectoryEventKind, _ i: Int, _ u: Int, _ now: Duration) {
        appendEvent(
            kind, organizationID: directories[i].directory.organizationID, directoryID: directories[i].directory.id,
            data: .user(userSnapshot(i, u)), now: now)
    }

    private mutating func applyUser(_ change: consuming SCIMChange, directory i: Int, now: Duration) {
        let deleteInactive = configuration.deleteInactiveUsers
        switch change.kind {
        case .created, .replaced, .patched:
            let (slot, key) = userSlot(i, change.id)
            guard let u = slot else {
                createUser(change, directory: i, key: key, now: now)
                return
            }
            let old = directories[i].users[u].user
            var new = old
            MappedUserFields(change.resource).apply(to: &new, resource: change.resource)
            let changed =
                !Self.sameMappedFields(old, new) || change.changedAttributes.contains { $0 != "meta" }
            let wasVisible = directories[i].users[u].visible
            let isActive = new.state == .active
            new.updatedAt = Self.stamp(after: old.updatedAt, now: now)
            if !wasVisible && (isActive || !deleteInactive) {
                new.id = BrokerID.digits("directory_user_", nextUserNumber)
                nextUserNumber += 1
                new.createdAt = now
                directories[i].users[u].user = new
                directories[i].users[u].visible = true
                emitUser(.userCreated, i, u, now)
            } else if wasVisible && !isActive && deleteInactive {
                directories[i].users[u].user = new
                directories[i].users[u].visible = false
                emitUser(.userDeleted, i, u, now)
            } else if wasVisible {
                guard changed else { return }
                directories[i].users[u].user = new
                emitUser(.userUpdated, i, u, now)
            } else {
                new.updatedAt = old.updatedAt
                directories[i].users[u].user = new  // inactive and absent from the directory: no event
            }
        case .deleted:
            let (slot, key) = userSlot(i, change.id)
            guard let u = slot else { return }
            directories[i].userIndex.set(nil, id: change.id, number: key)
            directories[i].users[u].deleted = true
            directories[i].users[u].user.updatedAt = Self.stamp(after: directories[i].users[u].user.updatedAt, now: now)
            if directories[i].users[u].visible { emitUser(.userDeleted, i, u, now) }
            directories[i].users[u].visible = false
            for g in directories[i].users[u].groupSlots { directories[i].groups[g].members.remove(u) }
            directories[i].users[u].groupSlots = []
        case .membersAdded, .membersRemoved:
            return
        }
    }

    /// A SCIM user the directory has not seen: a new directory user, mapped straight from the resource, and
    /// `dsync.user.created` when it is visible (it belongs to no group yet, so the record is its snapshot).
    /// `key` is the id's ``SCIMIDIndex/key(_:)``.
    private mutating func createUser(_ change: consuming SCIMChange, directory i: Int, key: Int?, now: Duration) {
        let slot = directories[i].users.count
        if !directories[i].userIndex.setCanonical(slot, number: key) {
            directories[i].userIndex.set(slot, id: change.id, number: key)
        }
        let organizationID = directories[i].directory.organizationID
        let directoryID = directories[i].directory.id
        // The resource moves out of the change into the user (the change is destroyed afterwards, without it).
        var resource = JSONValue.null
        swap(&resource, &change.resource)
        let user = MappedUserFields.newUser(
            from: consume resource, id: BrokerID.digits("directory_user_", nextUserNumber), scimID: change.id,
            directoryID: directoryID, organizationID: organizationID, now: now, memos: &userLayouts)
        nextUserNumber += 1
        let visible = user.state == .active || !configuration.deleteInactiveUsers
        if visible {
            directories[i].users.append(UserRecord(user: user, visible: true))
            appendEvent(
                .userCreated, organizationID: organizationID, directoryID: directoryID, data: .user(user), now: now)
        } else {
            directories[i].users.append(UserRecord(user: user, visible: false))
        }
    }

    private mutating func applyGroup(_ change: borrowing SCIMChange, directory i: Int, now: Duration) {
        switch change.kind {
        case .created, .replaced, .patched:
            let name =
                SCIMResourceReader.string(SCIMResourceReader.attribute(change.resource, "displayName")) ?? change.id
            let idp =
                SCIMResourceReader.string(SCIMResourceReader.attribute(change.resource, "externalId")) ?? change.id
            let raw = SCIMResourceReader.withoutMembers(change.resource)
            let g: Int
            if let existing = directories[i].groupIndex[change.id] {
                g = existing
                let old = directories[i].groups[g].group
                if old.name != name || old.idpID != idp {
                    directories[i].groups[g].group.name = name
                    directories[i].groups[g].group.idpID = idp
                    directories[i].groups[g].group.rawAttributes = raw
                    directories[i].groups[g].group.updatedAt = Self.stamp(after: old.updatedAt, now: now)
                    emitGroup(.groupUpdated, i, g, now)
                } else {
                    directories[i].groups[g].group.rawAttributes = raw
                }
            } else {
                let d = directories[i].directory
                let group = DirectoryGroup(
                    id: BrokerID.make("directory_group_", nextGroupNumber), idpID: idp, directoryID: d.id,
                    organizationID: d.organizationID, name: name, rawAttributes: raw, createdAt: now, updatedAt: now)
                nextGroupNumber += 1
                g = directories[i].groups.count
                directories[i].groupIndex[change.id] = g
                directories[i].groups.append(GroupRecord(group: group))
                emitGroup(.groupCreated, i, g, now)
            }
        case .membersAdded:
            guard let g = directories[i].groupIndex[change.id] else { return }
            for id in change.memberIDs { addMember(id, group: g, directory: i, now: now) }
        case .membersRemoved:
            guard let g = directories[i].groupIndex[change.id] else { return }
            for id in change.memberIDs {
                if let u = directories[i].userIndex[id] { removeMember(u, group: g, directory: i, now: now) }
            }
        case .deleted:
            guard let g = directories[i].groupIndex[change.id] else { return }
            directories[i].groupIndex[change.id] = nil
            directories[i].groups[g].deleted = true
            let old = directories[i].groups[g].group.updatedAt
            directories[i].groups[g].group.updatedAt = Self.stamp(after: old, now: now)
            for u in directories[i].groups[g].members.sorted() {
                directories[i].users[u].groupSlots.removeAll { $0 == g }
            }
            directories[i].groups[g].members = []
            emitGroup(.groupDeleted, i, g, now)
        }
    }

    private mutating func emitGroup(_ kind: DirectoryEventKind, _ i: Int, _ g: Int, _ now: Duration) {
        appendEvent(
            kind, organizationID: directories[i].directory.organizationID, directoryID: directories[i].directory.id,
            data: .group(directories[i].groups[g].group), now: now)
    }

    private mutating func addMember(_ scimID: String, group g: Int, directory i: Int, now: Duration) {
        guard let u = directories[i].userIndex[scimID], !directories[i].groups[g].members.contains(u) else { return }
        directories[i].groups[g].members.insert(u)
        directories[i].users[u].groupSlots.append(g)
        membershipEvent(.groupUserAdded, user: u, group: g, directory: i, now: now)
    }

    private mutating func removeMember(_ u: Int, group g: Int, directory i: Int, now: Duration) {
        guard directories[i].groups[g].members.remove(u) != nil else { return }
        directories[i].users[u].groupSlots.removeAll { $0 == g }
        membershipEvent(.groupUserRemoved, user: u, group: g, directory: i, now: now)
    }

    private mutating func membershipEvent(
        _ kind: DirectoryEventKind, user u: Int, group g: Int, directory i: Int, now: Duration
    ) {
        let old = directories[i].groups[g].group.updatedAt
        directories[i].groups[g].group.updatedAt = Self.stamp(after: old, now: now)
        guard directories[i].users[u].visible else { return }
        appendEvent(
            kind, organizationID: directories[i].directory.organizationID, directoryID: directories[i].directory.id,
            data: .membership(user: userSnapshot(i, u), group: directories[i].groups[g].group), now: now)
    }
}
