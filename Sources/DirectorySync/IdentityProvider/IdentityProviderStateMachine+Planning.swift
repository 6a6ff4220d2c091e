import SCIM

extension IdentityProviderStateMachine {
    /// `true` when two profiles carry the same SCIM-visible attributes (groups and `active` excluded).
    static func sameProfile(_ a: DirectoryPerson, _ b: DirectoryPerson) -> Bool {
        a.userName == b.userName && a.email == b.email && a.givenName == b.givenName && a.familyName == b.familyName
            && a.externalId == b.externalId && a.department == b.department && a.title == b.title
    }

    /// Entra: person `i` was deleted in the IdP long enough ago to be hard-deleted [MS-HOW].
    @inline(__always)
    func isHardDeleted(_ i: Int, now: Duration) -> Bool {
        guard let d = directory.deletedAt[i], let entra = entraParameters else { return false }
        return now >= d + entra.hardDeleteAfter
    }

    /// The next step for `target` given the directory, what the app acknowledged and the current job,
    /// or `nil` when the target is converged. Okta: lookup, create or activate, read then PUT,
    /// pathless deactivate. Entra: lookup, create, PATCH update, disable, DELETE after retention.
    /// Inlined (with ``plannedPersonStep(_:now:)``): called as a function from a mutating method, it received a copy
    /// of the whole state machine (864 bytes, a `memcpy` per call), the price of passing a large `self` borrowed.
    @inline(__always)
    func plannedStep(_ target: ProvisioningTarget, now: Duration) -> ProvisioningStep? {
        switch target {
        case .person(let i): return plannedPersonStep(i, now: now)
        case .group(let g): return plannedGroupStep(g)
        }
    }

    /// ``plannedStep(_:now:)`` for the queue's mutating methods; it changes nothing. There the non-mutating one passed
    /// a borrowed copy of the whole state machine (864 bytes, a `memcpy` on every call, made before the switch even
    /// for a person), needed only for the call into the group planner; here only a group's branch copies.
    @inline(__always)
    mutating func plannedStepInPlace(_ target: ProvisioningTarget, now: Duration) -> ProvisioningStep? {
        switch target {
        case .person(let i): return plannedPersonStep(i, now: now)
        case .group(let g): return plannedGroupStep(g)
        }
    }

    /// Reads the person's sync state field by field in place (a copy of the whole ``PersonSync`` would
    /// retain and release every string and profile it holds).
    @inline(__always)
    private func plannedPersonStep(_ i: Int, now: Duration) -> ProvisioningStep? {
        let hasRemote = personSync[i].remoteID != nil
        if !hasRemote, let sent = personSync[i].unconfirmedCreate {
            // A create that may have been applied is looked up first, except that a create refused with 429
            // (which keeps the job prepared) is retried as is while the person still wants that account:
            // a copy that was applied makes the retry a 409, which is handled like a timed-out create.
            let retryCreate =
                personSync[i].job.prepared && directory.wantsActive(i) && sent == directory.people[i].userName
            if !retryCreate { return .lookupUser }
        }
        if isHardDeleted(i, now: now) { return hasRemote ? .deleteUser : nil }
        let remoteActive = personSync[i].remoteActive
        let activeUncertain = personSync[i].activeUncertain
        guard directory.wantsActive(i) else {
            return hasRemote && (remoteActive || activeUncertain) ? .deactivateUser : nil
        }
        guard hasRemote else { return personSync[i].job.prepared ? .createUser : .lookupUser }
        if isOkta {
            if !remoteActive || activeUncertain { return .activateUser }
            if !isSynced(i) { return personSync[i].job.prepared ? .replaceUser : .readUser }
            return nil
        }
        return !remoteActive || activeUncertain || !isSynced(i) ? .updateUser : nil
    }

    /// `true` when the profile the app acknowledged for person `i` carries the directory's attributes.
    /// Whether the profile the app acknowledged for person `i` carries the directory's attributes
    /// (``sameProfile(_:_:)``); `false` when unknown.
    @inline(__always)
    private func isSynced(_ i: Int) -> Bool {
        switch personSync[i].synced {
        case .unknown: return false
        case .current: return true
        case .stored: return staleSynced[i].map { Self.sameProfile($0, directory.people[i]) } ?? false
        }
    }

    /// The profile the app last acknowledged for person `i`, or `nil` when unknown. A copy (retains its strings).
    func syncedProfile(_ i: Int) -> DirectoryPerson? {
        switch personSync[i].synced {
        case .unknown: return nil
        case .current: return directory.people[i]
        case .stored: return staleSynced[i]
        }
    }

    /// Records `profile` (or `nil`: unknown) as the profile the app acknowledged for person `i`:
    /// ``SyncedProfile/current`` when it equals the directory's, else kept in ``staleSynced``.
    mutating func setSyncedProfile(_ i: Int, _ profile: DirectoryPerson?) {
        if personSync[i].synced == .stored { staleSynced[i] = nil }
        guard let profile else {
            personSync[i].synced = .unknown
            return
        }
        if profile == directory.people[i] {
            personSync[i].synced = .current
        } else {
            staleSynced[i] = profile
            personSync[i].synced = .stored
        }
    }

    /// The profile sent by the person write of `slot` (taken out of ``sentProfiles``), or `nil` when unknown.
    mutating func takeSentProfile(_ slot: Slot, person i: Int) -> DirectoryPerson? {
        slot.sentIsDirectoryProfile ? directory.people[i] : sentProfiles[slot.index].take()
    }

    /// The profile the app acknowledged for person `i` after the write of `slot` succeeded.
    mutating func acknowledgeSentProfile(_ slot: Slot, person i: Int) {
        if slot.sentIsDirectoryProfile {
            if personSync[i].synced == .stored { staleSynced[i] = nil }
            personSync[i].synced = .current
        } else {
            setSyncedProfile(i, sentProfiles[slot.index].take())
        }
    }

    /// Before person `i`'s directory profile changes: an acknowledged profile equal to it is kept in
    /// ``staleSynced``, and a write in flight that sent it keeps a copy in ``sentProfiles``, so that both
    /// still compare against the new one. O(concurrency).
    mutating func preserveSyncedProfile(_ i: Int) {
        guard i >= 0, i < personSync.count else { return }
        if personSync[i].synced == .current {
            staleSynced[i] = directory.people[i]
            personSync[i].synced = .stored
        }
        for k in slots.indices where slots[k]?.target == .person(i) && slots[k]?.sentIsDirectoryProfile == true {
            sentProfiles[k] = directory.people[i]
            slots[k]?.sentIsDirectoryProfile = false
        }
    }

    /// `true` when the group is provisioned by this profile: Okta pushed groups, Entra assigned groups.
    func groupInScope(_ g: Int) -> Bool {
        isOkta ? directory.groups[g].pushed : directory.groups[g].assignedToApp
    }

    /// The SCIM ids of group `g`'s members the app should list: in scope, active and created. O(members).
    func desiredMembers(_ g: Int) -> [String] {
        var out: [String] = []
        for p in directory.groups[g].members where directory.wantsActive(p) {
            if let id = personSync[p].remoteID, personSync[p].remoteActive { out.append(id) }
        }
        return out
    }

    private func plannedGroupStep(_ g: Int) -> ProvisioningStep? {
        guard groupInScope(g) else { return nil }
        let s = groupSync[g]
        guard s.remoteID != nil else {
            if isOkta || s.job.prepared { return .createGroup }
            return .lookupGroup
        }
        let nameDiffers = s.name != directory.groups[g].name
        let membersDiffer = s.members != desiredMembers(g)
        if isOkta {
            // Okta sends the rename PATCH before every membership push (research 2 (e) 2).
            if nameDiffers || (membersDiffer && !s.job.prepared) { return .renameGroup }
            return membersDiffer ? .updateGroupMembers : nil
        }
        if nameDiffers { return .renameGroup }
        return membersDiffer ? .updateGroupMembers : nil
    }

    /// Builds the request for `step` of `target` into `slot`'s sent-state, or `nil` when the step has
    /// nothing to send (an Entra update with no difference). What the acknowledgement must remember beyond
    /// the slot's plain values (the profile a person's write sends, the name and members a group's request
    /// sends) goes to the target's ``PersonSync/sentProfile``, ``GroupSync/sentName`` and
    /// ``GroupSync/sentMembers``, so that slots stay trivially copyable.
    mutating func buildRequest(
        _ target: ProvisioningTarget, _ step: ProvisioningStep, into slot: inout Slot
    ) -> SCIMRequest? {
        switch target {
        case .person(let i):
            // Built from `self` read-only, so the person's profile is passed without a copy.
            return buildPersonRequest(i, step, into: &slot)
        case .group(let g):
            var sentMembers: [String]?
            let request = buildGroupRequest(g, step, into: &slot, sentMembers: &sentMembers)
            groupSync[g].sentName = directory.groups[g].name
            if let sentMembers { groupSync[g].sentMembers = sentMembers }
            return request
        }
    }

    /// The userName the existence check of person `i` looks up: that of a timed-out create, if any, else
    /// the person's.
    func lookupUserName(_ i: Int) -> String {
        if let userName = personSync[i].unconfirmedCreate { return userName }
        return directory.people[i].userName
    }

    /// Reads the person's profile and sync state in place (no copy of either), copying only what the
    /// request and the slot keep.
    @inline(__always)
    private func buildPersonRequest(_ i: Int, _ step: ProvisioningStep, into slot: inout Slot) -> SCIMRequest? {
        if step == .lookupUser {
            if isOkta {
                return OktaRequests.lookupUser(userName: lookupUserName(i), paths: paths, headers: readHeaders)
            }
            return EntraRequests.lookupUser(userName: lookupUserName(i), paths: paths, headers: readHeaders)
        }
        let id = personSync[i].remoteID ?? ""
        if let oktaBodies {
            switch step {
            case .createUser:
                slot.sentActive = true
                return OktaRequests.createUser(
                    directory.people, i, paths: paths, headers: writeHeaders, bodies: oktaBodies)
            case .activateUser:
                slot.sentActive = true
                return OktaRequests.setActive(id: id, active: true, paths: paths, headers: writeHeaders)
            case .readUser: return OktaRequests.readUser(id: id, paths: paths, headers: readHeaders)
            case .replaceUser:
                let active = personSync[i].remoteActive
                slot.sentActive = active
                return OktaRequests.replaceUser(
                    directory.people[i], id: id, active: active, paths: paths, headers: writeHeaders, bodies: oktaBodies
                )
            case .deactivateUser:
                slot.sentActive = false
                return OktaRequests.setActive(id: id, active: false, paths: paths, headers: writeHeaders)
            default: return nil
            }
        } else if let entra = entraParameters {
            switch step {
            case .createUser:
                slot.sentActive = true
                return EntraRequests.createUser(directory.people[i], paths: paths, headers: writeHeaders)
            case .updateUser:
                slot.sentActive = true
                let s = personSync[i]
                return EntraRequests.updateUser(
                    id: id, directory.people[i], old: syncedProfile(i), activate: !s.remoteActive || s.activeUncertain,
                    dialect: entra.dialect, paths: paths, headers: writeHeaders)
            case .deactivateUser:
                slot.sentActive = false
                return EntraRequests.disableUser(id: id, dialect: entra.dialect, paths: paths, headers: writeHeaders)
            case .deleteUser: return EntraRequests.deleteUser(id: id, paths: paths, headers: readHeaders)
            default: return nil
            }
        }
        return nil
    }

    private func buildGroupRequest(
        _ g: Int, _ step: ProvisioningStep, into slot: inout Slot, sentMembers: inout [String]?
    ) -> SCIMRequest? {
        let group = directory.groups[g]
        let s = groupSync[g]
        let id = s.remoteID ?? ""
        switch step {
        case .lookupGroup: return EntraRequests.lookupGroup(name: group.name, paths: paths, headers: readHeaders)
        case .createGroup:
            return isOkta
                ? OktaRequests.createGroup(name: group.name, paths: paths, headers: writeHeaders)
                : EntraRequests.createGroup(group, paths: paths, headers: writeHeaders)
        case .renameGroup:
            if let entra = entraParameters {
                return EntraRequests.renameGroup(
                    id: id, name: group.name, dialect: entra.dialect, paths: paths, headers: writeHeaders)
            }
            return OktaRequests.renameGroup(id: id, name: group.name, paths: paths, headers: writeHeaders)
        case .updateGroupMembers:
            let desired = desiredMembers(g)
            let have = Set(s.members)
            let want = Set(desired)
            let add = desired.filter { !have.contains($0) }
            let remove = s.members.filter { !want.contains($0) }
            sentMembers = desired
            slot.units = max(1, add.count + remove.count)
            if let entra = entraParameters {
                return EntraRequests.updateMembers(
                    groupID: id, add: add, remove: remove, dialect: entra.dialect, paths: paths, headers: writeHeaders)
            }
            var logins: [String: String] = [:]
            for p in group.members {
                if let rid = personSync[p].remoteID { logins[rid] = directory.people[p].userName }
            }
            return OktaRequests.updateMembers(
                groupID: id, add: add.map { ($0, logins[$0] ?? $0) }, remove: remove, paths: paths,
                headers: writeHeaders)
        default: return nil
        }
    }
}
