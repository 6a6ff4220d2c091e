import SCIM

extension IdentityProviderStateMachine {
    /// Schedules `change` to apply at virtual time `time` (offset from the run's start). Changes due at
    /// the same time apply in the order they were scheduled, when ``nextRequest(now:)`` (or a response)
    /// next sees a `now` at or after `time`; ``nextWakeTime`` includes the earliest one. O(log n).
    public mutating func schedule(_ change: DirectoryChange, at time: Duration) {
        scheduled.push(change, at: time)
    }

    /// Applies `change` to the directory now (virtual time `now`) and queues the work it causes:
    /// Okta pushes at once (event-driven); Entra marks the directory changed and the next cycle picks
    /// the work up. A person or group the IdP had given up on is revived by a change that concerns it.
    /// Returns `false`, changing nothing, for an index that does not exist or a deleted person.
    @discardableResult
    public mutating func apply(_ change: DirectoryChange, now: Duration) -> Bool {
        // The people whose profile the change may rewrite keep the profile the app acknowledged, if it is theirs.
        if let p = change.person {
            preserveSyncedProfile(p)
        } else if case .renameGroup(let g, _) = change, directory.containsGroup(g) {
            for p in directory.groups[g].members { preserveSyncedProfile(p) }
        }
        guard directory.apply(change, at: now) else { return false }
        while personSync.count < directory.people.count { personSync.append(PersonSync()) }
        while groupSync.count < directory.groups.count { groupSync.append(GroupSync()) }
        guard isConfigured else { return true }
        switch change {
        case .hire:
            let i = directory.people.count - 1
            enqueueIfNeeded(.person(i), now: now, revive: true)
        case .createGroup:
            enqueueIfNeeded(.group(directory.groups.count - 1), now: now, revive: true)
        case .setGroup(let g, _, _):
            // Assigning a group brings its members into scope (or out of it).
            for p in directory.groups[g].members { enqueueIfNeeded(.person(p), now: now, revive: true) }
            enqueueIfNeeded(.group(g), now: now, revive: true)
        case .renameGroup(let g, _):
            enqueueIfNeeded(.group(g), now: now, revive: true)
        case .addToGroup(let p, let g), .removeFromGroup(let p, let g):
            enqueueIfNeeded(.person(p), now: now, revive: true)
            enqueueIfNeeded(.group(g), now: now, revive: true)
        default:
            if let p = change.person {
                enqueueIfNeeded(.person(p), now: now, revive: true)
                for g in directory.groupsOf[p] where groupInScope(g) { enqueueIfNeeded(.group(g), now: now) }
            }
        }
        return true
    }
}
