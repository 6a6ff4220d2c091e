import SCIM

/// A group in the identity provider's directory.
///
/// Members are person indices into ``IdentityProviderDirectory/people`` in the order they were
/// added (never a `Set`, so iteration order is deterministic).
public struct IdentityProviderGroup: Sendable, Hashable {
    /// The group's display name (SCIM `displayName`, RFC 7643 section 4.2).
    public var name: String
    /// The IdP's immutable id for the group (Okta group id, Entra objectId); sent as `externalId` by Entra.
    public var externalId: String
    /// Person indices, in the order they joined.
    public var members: [Int]
    /// `true` when the group is assigned to the app: its members are in provisioning scope.
    public var assignedToApp: Bool
    /// `true` when the group itself is provisioned to the app (Okta "Group Push"; Entra provisions
    /// every assigned group, so Entra reads ``assignedToApp`` instead).
    public var pushed: Bool

    /// A group; by default unassigned, not pushed, without members.
    public init(
        name: String, externalId: String, members: [Int] = [], assignedToApp: Bool = false, pushed: Bool = false
    ) {
        self.name = name
        self.externalId = externalId
        self.members = members
        self.assignedToApp = assignedToApp
        self.pushed = pushed
    }
}

/// The identity provider's own directory: people, groups and which of them are assigned to the app.
///
/// People and groups live in arrays and are named by their integer index, which never changes
/// (deleted people keep their slot, marked by ``deletedAt``). Scope is computed from arrays only, so
/// no `Dictionary` or `Set` order decides anything.
public struct IdentityProviderDirectory: Sendable, Hashable {
    /// The people, by index.
    public private(set) var people: [DirectoryPerson]
    /// `directlyAssigned[i]`: person `i` is assigned to the app individually.
    public private(set) var directlyAssigned: [Bool]
    /// `deletedAt[i]`: the virtual time (offset from the run's start) person `i` was deleted in
    /// the IdP, or `nil`. Entra treats this as a soft delete that becomes a hard delete 30 days later.
    public private(set) var deletedAt: [Duration?]
    /// The groups, by index.
    public private(set) var groups: [IdentityProviderGroup]
    /// `groupsOf[i]`: indices of the groups person `i` belongs to, in join order.
    public private(set) var groupsOf: [[Int]]
    /// `everInScope[i]`: person `i` has been in provisioning scope at some point (for the safety
    /// invariant "no member for a person the IdP never assigned"). Updated by ``apply(_:at:)`` and the
    /// initialiser; the lower-level mutators leave it to ``noteScope(ofPerson:)``.
    public private(set) var everInScope: [Bool]

    /// An empty directory.
    public init() {
        people = []
        directlyAssigned = []
        deletedAt = []
        groups = []
        groupsOf = []
        everInScope = []
    }

    /// A directory holding `people` (each directly assigned when `assigned` is `true`) and `groups`.
    /// Each group's `members` are linked back to the people; out-of-range member indices are dropped.
    /// A group name in a person's `groups` (as read from an export file) joins the group of that name,
    /// created unassigned and unpushed (with the name as `externalId`) when `groups` lacks it.
    public init(people: [DirectoryPerson], assigned: Bool = true, groups: [IdentityProviderGroup] = []) {
        self.init()
        // What `addPerson` does for each person, for all of them at once: the array is shared, not copied
        // person by person, and only people listing group names are written (their names are re-added below).
        self.people = people
        for i in people.indices where !people[i].groups.isEmpty { self.people[i].groups = [] }
        directlyAssigned = Array(repeating: assigned, count: people.count)
        deletedAt = Array(repeating: nil, count: people.count)
        groupsOf = Array(repeating: [], count: people.count)
        everInScope = Array(repeating: false, count: people.count)
        var byName: [String: Int] = [:]
        for g in groups {
            let members = g.members
            let gi = addGroup(g)
            if byName[g.name] == nil { byName[g.name] = gi }
            for m in members where m >= 0 && m < people.count { addMember(person: m, group: gi) }
        }
        for i in people.indices where !people[i].groups.isEmpty {
            for name in people[i].groups {
                let gi = byName[name] ?? addGroup(IdentityProviderGroup(name: name, externalId: name))
                byName[name] = gi
                addMember(person: i, group: gi)
            }
        }
        for i in people.indices { noteScope(ofPerson: i) }
    }

    /// Records that person `index` is in scope now, if it is.
    public mutating func noteScope(ofPerson index: Int) {
        if isInScope(index) { everInScope[index] = true }
    }

    /// Appends a person and returns its index. Its `groups` start empty: membership goes through
    /// ``addMember(person:group:)``, which keeps the name lists in step. O(1) amortised.
    public mutating func addPerson(_ person: DirectoryPerson, assigned: Bool) -> Int {
        if person.groups.isEmpty {
            people.append(person)
        } else {
            var p = person
            p.groups = []
            people.append(p)
        }
        directlyAssigned.append(assigned)
        deletedAt.append(nil)
        groupsOf.append([])
        everInScope.append(false)
        return people.count - 1
    }

    /// Appends a group without members (any `members` given are dropped; use
    /// ``addMember(person:group:)``) and returns its index.
    public mutating func addGroup(_ group: IdentityProviderGroup) -> Int {
        var g = group
        g.members = []
        groups.append(g)
        return groups.count - 1
    }

    /// `true` when `index` names a person.
    public func containsPerson(_ index: Int) -> Bool { index >= 0 && index < people.count }

    /// `true` when `index` names a group.
    public func containsGroup(_ index: Int) -> Bool { index >= 0 && index < groups.count }

    /// Adds person `person` to group `group`; a no-op if already a member. O(members).
    public mutating func addMember(person: Int, group: Int) {
        guard containsPerson(person), containsGroup(group), !groups[group].members.contains(person) else { return }
        groups[group].members.append(person)
        groupsOf[person].append(group)
        people[person].groups.append(groups[group].name)
    }

    /// Removes person `person` from group `group`; a no-op if not a member. O(members).
    public mutating func removeMember(person: Int, group: Int) {
        guard containsPerson(person), containsGroup(group) else { return }
        groups[group].members.removeAll { $0 == person }
        groupsOf[person].removeAll { $0 == group }
        let name = groups[group].name
        if let i = people[person].groups.firstIndex(of: name) { people[person].groups.remove(at: i) }
    }

    /// Replaces person `index`'s profile. Group names in `profile.groups` are ignored: membership
    /// changes go through ``addMember(person:group:)``.
    public mutating func updatePerson(_ index: Int, _ update: (inout DirectoryPerson) -> Void) {
        guard containsPerson(index) else { return }
        let groupNames = people[index].groups
        update(&people[index])
        people[index].groups = groupNames
    }

    /// Sets the individual assignment of person `index`.
    public mutating func setAssigned(_ index: Int, _ assigned: Bool) {
        guard containsPerson(index) else { return }
        directlyAssigned[index] = assigned
    }

    /// Marks person `index` deleted at virtual time `now` (first deletion wins).
    public mutating func markDeleted(_ index: Int, at now: Duration) {
        guard containsPerson(index), deletedAt[index] == nil else { return }
        deletedAt[index] = now
    }

    /// Changes group `index`'s assignment to the app and its push flag.
    public mutating func setGroup(_ index: Int, assigned: Bool? = nil, pushed: Bool? = nil) {
        guard containsGroup(index) else { return }
        if let assigned { groups[index].assignedToApp = assigned }
        if let pushed { groups[index].pushed = pushed }
    }

    /// Renames group `index`, keeping the members' group-name lists in step.
    public mutating func renameGroup(_ index: Int, to name: String) {
        guard containsGroup(index) else { return }
        let old = groups[index].name
        groups[index].name = name
        for m in groups[index].members {
            if let i = people[m].groups.firstIndex(of: old) { people[m].groups[i] = name }
        }
    }

    /// `true` when person `index` is in provisioning scope: not deleted, and assigned to the app
    /// directly or through an assigned group. O(groups of the person).
    public func isInScope(_ index: Int) -> Bool {
        guard containsPerson(index), deletedAt[index] == nil else { return false }
        if directlyAssigned[index] { return true }
        for g in groupsOf[index] where groups[g].assignedToApp { return true }
        return false
    }

    /// `true` when the IdP wants person `index` to exist and be active in the app: in scope and active.
    public func wantsActive(_ index: Int) -> Bool { isInScope(index) && people[index].active }
}
