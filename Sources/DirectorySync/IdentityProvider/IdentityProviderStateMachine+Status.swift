/// What the IdP knows about each target at the app (per-person and per-group sync records, job phase) and the
/// status queries over them: what the IdP believes the app holds, and whether a target is converged.
extension IdentityProviderStateMachine {
    /// What the IdP believes the app holds for person `index`: the cached SCIM `id` (or `nil`), whether
    /// it is active there, and whether the person is converged. `nil` for an unknown index.
    public func syncStatus(ofPerson index: Int, now: Duration) -> (
        remoteID: String?, remoteActive: Bool, converged: Bool
    )? {
        guard directory.containsPerson(index) else { return nil }
        let s = personSync[index]
        return (s.remoteID, s.remoteActive, isConverged(.person(index), now: now))
    }

    /// The cached SCIM `id` of group `index` and the member ids the app acknowledged, or `nil`.
    public func syncStatus(ofGroup index: Int) -> (remoteID: String?, members: [String])? {
        guard directory.containsGroup(index) else { return nil }
        return (groupSync[index].remoteID, groupSync[index].members)
    }

    /// `true` when nothing is planned for `target` and it is not queued, deferred, in flight or given up.
    public func isConverged(_ target: ProvisioningTarget, now: Duration) -> Bool {
        switch target {
        case .person(let i):
            guard directory.containsPerson(i) else { return false }
            return personSync[i].job.phase == .idle && plannedStep(.person(i), now: now) == nil
        case .group(let g):
            guard directory.containsGroup(g) else { return false }
            return groupSync[g].job.phase == .idle && plannedStep(.group(g), now: now) == nil
        }
    }

    /// How many people are converged. O(people).
    public func convergedPeopleCount(now: Duration) -> Int {
        var n = 0
        for i in personSync.indices where isConverged(.person(i), now: now) { n += 1 }
        return n
    }
}

/// Where a job is in the queue.
enum JobPhase: Sendable, Hashable {
    case idle, queued, inFlight, deferred, escrowed, failed
}

/// Per-target job bookkeeping (10 bytes: the word first, then the two one-byte fields, so that the
/// ``PersonSync`` flags that follow pack into the same 16 bytes).
struct Job: Sendable, Hashable {
    /// Failed attempts in the current job (5xx, timeouts, conflicts, unexpected 404s).
    var attempts = 0
    var phase = JobPhase.idle
    /// The previous step prepared the next one: a lookup that found nothing (create next), a lookup
    /// or read that found the user (Okta: PUT next without another GET), an Okta group rename (members next).
    var prepared = false
}

/// What the IdP knows of the profile the app last acknowledged for a person (one byte; the profile itself is
/// not copied per person). Read through ``IdentityProviderStateMachine/syncedProfile(_:)``.
enum SyncedProfile: UInt8, Sendable, Hashable {
    /// Unknown: never written, matched by a lookup, or a write whose outcome is uncertain.
    case unknown
    /// Equal to the person's profile in ``IdentityProviderStateMachine/directory`` now (the usual case after an
    /// acknowledged write); a directory change to the person first moves the profile to ``stored``.
    case current
    /// In ``IdentityProviderStateMachine/staleSynced`` under the person's index (the directory changed since).
    case stored
}

/// What the IdP knows about one person at the app: 96 bytes (stride), laid out so that the one-byte fields share the
/// job's last word. Neither the profile a request sends nor the one the app acknowledged is stored here: the
/// first lives with the request's slot (``IdentityProviderStateMachine/sentProfiles``), the second is almost
/// always the directory's own profile (``SyncedProfile``).
struct PersonSync: Sendable, Hashable {
    var job = Job()
    var remoteActive = false
    /// Entra: the DELETE was acknowledged.
    var removed = false
    /// A write that sets `active` or the profile timed out: whether it was applied is unknown, so the next
    /// plan sends the wanted state again (idempotent) with the full profile, whatever ``remoteActive`` says.
    var activeUncertain = false
    /// The profile last acknowledged by the app (``SyncedProfile``).
    var synced = SyncedProfile.unknown
    var remoteID: String?
    /// A create timed out: the user may exist at the app under this userName (the one sent). The next plan
    /// looks it up by that name, even if the person is no longer wanted or was renamed since.
    var unconfirmedCreate: String?
    /// Entra escrow: the first failure and when the object may be retried.
    var escrowSince: Duration?
    var retryNotBefore: Duration?
}

/// What the IdP knows about one group at the app.
struct GroupSync: Sendable, Hashable {
    var job = Job()
    var remoteID: String?
    var name: String?
    /// Member SCIM ids the app acknowledged, in order.
    var members: [String] = []
    /// The name and (for a membership PATCH) the member ids sent by the group's request in flight; see
    /// ``PersonSync/sentProfile``.
    var sentName: String?
    var sentMembers: [String]?
    var escrowSince: Duration?
    var retryNotBefore: Duration?
}
