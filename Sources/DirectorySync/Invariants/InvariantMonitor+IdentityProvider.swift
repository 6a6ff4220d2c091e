extension InvariantMonitor {
    /// The key the monitor and the organization use for a person: the lower-cased email (the organization
    /// upserts by email), or the lower-cased userName when the email is empty.
    static func key(of person: DirectoryPerson) -> String {
        key(email: person.email, userName: person.userName)
    }

    /// ``key(of:)`` from the two fields it reads, so that callers need not copy the whole person.
    static func key(email: String, userName: String) -> String {
        OrganizationState.emailKey(email.isEmpty ? userName : email)
    }

    /// Re-reads IdP person `index` of `tenant` after a change to `directory`: remembers its email as ever
    /// assigned when it is in scope, and moves its wanted key in the convergence tracker. O(1) amortised
    /// (plus the person's groups for the scope test).
    func personChanged(tenant: Int, index: Int, directory: IdentityProviderDirectory) {
        guard directory.containsPerson(index) else { return }
        tick()
        let key = Self.key(email: directory.people[index].email, userName: directory.people[index].userName)
        if directory.isInScope(index) { tenants[tenant].everAssigned.insert(key) }
        while tenants[tenant].wantedKey.count <= index { tenants[tenant].wantedKey.append(nil) }
        let old = tenants[tenant].wantedKey[index]
        let new: String? = directory.wantsActive(index) ? key : nil
        guard old != new else { return }
        updateTracker(tenant) { tracker in
            if let old { tracker.changeWanted(old, by: -1) }
            if let new { tracker.changeWanted(new, by: 1) }
        }
        tenants[tenant].wantedKey[index] = new
    }

    /// Re-reads the people a directory change may have affected (`change.person`, a hire's new index, or every
    /// member of a group whose assignment changed). O(affected people).
    func directoryChanged(tenant: Int, change: DirectoryChange, directory: IdentityProviderDirectory) {
        switch change {
        case .hire:
            personChanged(tenant: tenant, index: directory.people.count - 1, directory: directory)
        case .setGroup(let g, _, _):
            guard directory.containsGroup(g) else { return }
            for p in directory.groups[g].members { personChanged(tenant: tenant, index: p, directory: directory) }
        default:
            if let p = change.person { personChanged(tenant: tenant, index: p, directory: directory) }
        }
    }

    /// Reads every person of `directory` (at the start of a run). O(people).
    func directoryLoaded(tenant: Int, directory: IdentityProviderDirectory) {
        tenants[tenant].wantedKey.reserveCapacity(directory.people.count)
        tenants[tenant].everAssigned.reserveCapacity(directory.people.count)
        tenants[tenant].tracker.reserveCapacity(directory.people.count)
        for i in directory.people.indices { personChanged(tenant: tenant, index: i, directory: directory) }
    }
}
