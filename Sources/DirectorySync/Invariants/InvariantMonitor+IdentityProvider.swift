extension InvariantMonitor {
    /// The key the monitor and the organization use for a person: the lower-cased email (the organization
    /// upserts by email), or the lower-cased userName when the email is empty.
    static func key(of person: DirectoryPerson) -> String {
        key(email: person.email, userName: person.userName)
    }

    /// ``key(of:)`` from the two fields it reads, so that callers need not copy the whole person.
    static func key(email: String, userName: String) -> String {
        let source = email.isEmpty ? userName : email
        // `emailKey` returns its argument unchanged when it holds no upper-case ASCII and no non-ASCII byte;
        // that check is done here over the contiguous bytes (the common case), the rest is left to it.
        let needsWork = source.utf8.withContiguousStorageIfAvailable(OrganizationState.hasUpperCaseOrNonASCII)
        return needsWork == false ? source : OrganizationState.emailKey(source)
    }

    /// Re-reads IdP person `index` of `tenant` after a change to `directory`: remembers its email as ever
    /// assigned when it is in scope, and moves its wanted key in the convergence tracker. O(1) amortised
    /// (plus the person's groups for the scope test).
    func personChanged(tenant: Int, index: Int, directory: IdentityProviderDirectory) {
        guard directory.containsPerson(index) else { return }
        tick()
        // ``key(email:userName:)`` with its hash, tested and hashed in one pass, once for the scope record and
        // the tracker (`EmailKey(email:)` lower-cases exactly as ``key(email:userName:)`` does).
        let email = directory.people[index].email
        let emailKey = EmailKey(email: email.isEmpty ? directory.people[index].userName : email)
        let key = emailKey.text
        let inScope = directory.isInScope(index)
        let new: String? = directory.wantsActive(index) ? key : nil
        // One exclusive access to the tenant's watch for the scope record and the wanted-key swap.
        let old = Self.noteWanted(&tenants[tenant], index: index, key: emailKey, inScope: inScope, new: new)
        guard old != new else { return }
        updateTracker(tenant) { tracker in
            if let old { tracker.changeWanted(old, by: -1) }
            if new != nil { tracker.changeWanted(emailKey, by: 1) }
        }
    }

    /// Records `key` as ever assigned when `inScope`, stores `new` (`key`'s text or `nil`) as person `index`'s
    /// wanted key and returns the one it replaces.
    private static func noteWanted(
        _ watch: inout TenantWatch, index: Int, key: EmailKey, inScope: Bool, new: String?
    ) -> String? {
        if inScope { watch.everAssigned.insert(key) }
        while watch.wantedKey.count <= index { watch.wantedKey.append(nil) }
        let old = watch.wantedKey[index]
        if old != new { watch.wantedKey[index] = new }
        return old
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
