import SCIM

extension IdentityProviderStateMachine {
    /// The next request to send at virtual time `now`, or `nil` when none may be sent now: not
    /// configured, Okta provisioning suspended, the concurrency bound reached, Entra's request spacing
    /// not yet elapsed, or no work ready (see ``nextWakeTime``).
    ///
    /// First applies scheduled directory changes due at `now`, starts a due Entra cycle and releases
    /// deferred work whose time has come. Order: follow-ups of jobs already started, then targets in
    /// the order they became ready (initially directory index order). Amortised O(1) per request plus
    /// the planning of the target (O(group size) for a group).
    public mutating func nextRequest(now: Duration) -> IdentityProviderOutgoing? {
        guard let ticket = nextTicket(now: now) else { return nil }
        return takeOutgoing(ticket)
    }

    /// ``nextRequest(now:)`` for the worker slots: issues the next request and returns its ticket, the request
    /// itself left in ``outbox`` (absolute path), from which the worker moves it to the link
    /// (``IdentityProviderWorkers``): no wrapper value is built, copied out of and destroyed on the way.
    mutating func nextTicket(now: Duration) -> IdentityProviderTicket? {
        advance(now: now)
        while canIssue(now: now) {
            guard let target = followUps.popFirst() ?? ready.popFirst() else { break }
            setPhase(target, .idle)
            if let ticket = startStep(target, now: now) { return ticket }
        }
        advanceCycles(now: now)
        return nil
    }

    /// The request of `ticket` (just issued) taken out of ``outbox`` into an outgoing value, or `nil` when the
    /// outbox is empty (never, right after an issue).
    mutating func takeOutgoing(_ ticket: IdentityProviderTicket) -> IdentityProviderOutgoing? {
        guard let request = outbox.take() else { return nil }
        return IdentityProviderOutgoing(ticket: ticket, baseURL: paths.base, wireRequest: request)
    }

    /// The earliest virtual time at which ``nextRequest(now:)`` may return work it cannot return now:
    /// deferred work (429, backoff), a scheduled directory change, the next Entra cycle with work, or
    /// the end of Entra's request spacing. `nil` when nothing is pending in time (work may still be
    /// ready now, or in flight).
    public var nextWakeTime: Duration? {
        var t: Duration? = deferred.earliest
        if let s = scheduled.earliest { t = t.map { min($0, s) } ?? s }
        if let c = nextCycleWakeTime() { t = t.map { min($0, c) } ?? c }
        // Pacing: the next request may go out, or the cycle's last processing time ends.
        let cycleHeldOpen = cycle.inProgress && inFlight == 0 && deferred.isEmpty
        if !followUps.isEmpty || !ready.isEmpty || cycleHeldOpen, let gap = spacingReadyAt() {
            t = t.map { min($0, gap) } ?? gap
        }
        return t
    }

    /// ``nextWakeTime`` read in place, for a state machine kept in a class (``StateBox``): reading the property
    /// there copied the whole state machine (retaining everything it holds) to call the getter on the copy.
    mutating func nextWakeTimeInPlace() -> Duration? { nextWakeTime }

    /// Applies due changes, starts due Entra cycles and moves due deferred work to the ready queue.
    mutating func advance(now: Duration) {
        while let (time, change) = scheduled.popDueWithTime(now) { apply(change, now: time) }
        advanceCycles(now: now)
        while let target = deferred.popDue(now) {
            setPhase(target, .queued)
            followUps.append(target)
        }
    }

    func spacingReadyAt() -> Duration? {
        hasRequestSpacing ? nextIssueAt : nil
    }

    func canIssue(now: Duration) -> Bool {
        guard isConfigured, !isProvisioningSuspended, !cycle.disabled, inFlight < concurrency else {
            return false
        }
        if let t = spacingReadyAt(), now < t { return false }
        return true
    }

    func phase(_ t: ProvisioningTarget) -> JobPhase {
        switch t {
        case .person(let i): return personSync[i].job.phase
        case .group(let g): return groupSync[g].job.phase
        }
    }

    @inline(__always)
    mutating func setPhase(_ t: ProvisioningTarget, _ p: JobPhase) {
        switch t {
        case .person(let i): personSync[i].job.phase = p
        case .group(let g): groupSync[g].job.phase = p
        }
    }

    mutating func updateJob(_ t: ProvisioningTarget, _ f: (inout Job) -> Void) {
        switch t {
        case .person(let i): f(&personSync[i].job)
        case .group(let g): f(&groupSync[g].job)
        }
    }

    func job(_ t: ProvisioningTarget) -> Job {
        switch t {
        case .person(let i): return personSync[i].job
        case .group(let g): return groupSync[g].job
        }
    }

    /// Queues `target` if it is idle (or given up / escrowed, when a change revives it) and has work.
    /// Entra queues only while a cycle runs; otherwise the next cycle picks the target up.
    mutating func enqueueIfNeeded(_ target: ProvisioningTarget, now: Duration, revive: Bool = false) {
        let p = phase(target)
        guard p == .idle || (revive && (p == .failed || p == .escrowed)) else { return }
        if !isOkta && !cycle.inProgress {
            guard p != .idle || plannedStepInPlace(target, now: now) != nil else { return }
            if p != .idle { setPhase(target, .idle) }
            rollCycleGrid(to: now)
            cycle.dirty = true
            return
        }
        guard plannedStepInPlace(target, now: now) != nil else { return }
        setPhase(target, .queued)
        ready.append(target)
    }

    /// Plans and issues the next step of `target` (whose phase is idle), or completes the job. Returns the
    /// ticket of the request issued (the request is left in ``outbox``), or `nil` when the job completed or its
    /// step had nothing to send.
    mutating func startStep(
        _ target: ProvisioningTarget, now: Duration, planned: ProvisioningStep? = nil
    ) -> IdentityProviderTicket? {
        // No `??` here or below: its autoclosure captured `self`, and the compiler copied the whole state machine
        // (864 bytes) into the closure's context on every call.
        let step: ProvisioningStep?
        if let planned { step = planned } else { step = plannedStepInPlace(target, now: now) }
        if let step, isConfigured {
            var slot = Slot(
                target: target, step: step, serial: nextSerial, generation: configurationGeneration, epoch: epoch)
            // Okta's initial-sync steps (the existence check and the create) are built straight into the outgoing
            // value, each on its own path: no optional request in between, which the compiler copied and
            // destroyed whole. Neither reads the state `issue` changes.
            if case .person(let i) = target, isOkta {
                if step == .lookupUser { return issueOktaLookup(&slot, person: i, now: now) }
                if step == .createUser, let oktaBodiesRef {
                    return issueOktaCreate(&slot, person: i, bodies: oktaBodiesRef, now: now)
                }
            }
            // A step with nothing to send (an Entra update without difference) ends the job.
            // The request is built with its absolute path (``RequestPaths``) and moved into the outbox.
            guard let request = buildRequest(target, step, into: &slot) else {
                completeJob(target, now: now)
                return nil
            }
            outbox = consume request
            return issue(&slot, now: now)
        }
        completeJob(target, now: now)
        return nil
    }

    /// Okta's existence check of person `i` (``OktaRequests/lookupUser(userName:paths:headers:)``), issued: a copy of
    /// ``oktaLookupTemplate`` with the query set, built in ``outbox``.
    /// Not inlined: inlined into ``startStep(_:now:planned:)``, the paths merged and the compiler copied the
    /// finished request once more (retaining every part) and destroyed the original.
    @inline(never)
    private mutating func issueOktaLookup(_ slot: inout Slot, person i: Int, now: Duration) -> IdentityProviderTicket {
        // The person's userName is read in place (``lookupUserName(_:)`` returns a copy, retained and released).
        let query =
            personSync[i].unconfirmedCreate == nil
            ? OktaRequests.lookupQuery(userName: directory.people[i].userName)
            : OktaRequests.lookupQuery(userName: lookupUserName(i))
        // Copied into the outbox and completed there (a local request moved in was copied once more).
        outbox = oktaLookupTemplate
        outbox?.query = query
        return issue(&slot, now: now)
    }

    /// Okta's create of person `i` (``OktaRequests/createUser(_:_:paths:headers:bodies:)``), issued: a copy of
    /// ``oktaCreateTemplate`` with the body set, built in ``outbox``; not inlined for the reason given at
    /// ``issueOktaLookup(_:person:now:)``.
    @inline(never)
    private mutating func issueOktaCreate(
        _ slot: inout Slot, person i: Int, bodies: Unmanaged<OktaUserBodies>, now: Duration
    ) -> IdentityProviderTicket {
        slot.sentActive = true
        let body = bodies._withUnsafeGuaranteedRef { $0.createBody(directory.people, i) }
        outbox = oktaCreateTemplate
        outbox?.body = .value(body)
        return issue(&slot, now: now)
    }

    /// Puts the request of `slot` in flight at virtual time `now`: takes a free slot index (the lowest free one below
    /// 64, ``freeSlotMask``), records the slot,
    /// counts the request, paces Entra and marks the target in flight. Returns the ticket to hand back. O(1).
    @inline(__always)
    private mutating func issue(_ slot: inout Slot, now: Duration) -> IdentityProviderTicket {
        let index: Int
        if freeSlotMask != 0 {
            index = freeSlotMask.trailingZeroBitCount
            freeSlotMask &= freeSlotMask &- 1
        } else if let free = freeSlots.popLast() {
            index = free
        } else {
            index = slots.count
            slots.append(nil)
            sentProfiles.append(nil)
        }
        slot.index = index
        if case .person = slot.target, slot.step == .createUser || slot.step == .replaceUser || slot.step == .updateUser
        {
            slot.sentIsDirectoryProfile = true
            if case .some = sentProfiles[index] { sentProfiles[index] = nil }
        }
        slots[index] = slot
        nextSerial += 1
        inFlight += 1
        requestsSent += 1
        if hasRequestSpacing { nextIssueAt = now + requestSpacing * slot.units }
        setPhase(slot.target, .inFlight)
        cycle.requests += 1
        return IdentityProviderTicket(slot: index, serial: slot.serial)
    }

    /// Continues `target` after an acknowledged step: its next step goes out on the same worker when
    /// allowed now, else it waits at the head of the queue; with no step left the job completes.
    mutating func continueJob(_ target: ProvisioningTarget, now: Duration) -> IssuedFollowUp {
        guard let step = plannedStepInPlace(target, now: now) else {
            completeJob(target, now: now)
            return .idle
        }
        if canIssue(now: now) {
            guard let ticket = startStep(target, now: now, planned: step) else { return .idle }
            return .send(ticket)
        }
        setPhase(target, .queued)
        followUps.append(target)
        return .idle
    }

    /// The job of `target` is done: reset it, clear escrow, and poke the groups of a person.
    mutating func completeJob(_ target: ProvisioningTarget, now: Duration) {
        switch target {
        case .person(let i):
            let wasEscrowed = personSync[i].escrowSince != nil
            personSync[i].job = Job()
            personSync[i].escrowSince = nil
            personSync[i].retryNotBefore = nil
            if wasEscrowed { cycle.escrowedCount -= 1 }
            cycle.objectSuccesses += 1
            for g in directory.groupsOf[i] where groupInScope(g) { enqueueIfNeeded(.group(g), now: now) }
        case .group(let g):
            let wasEscrowed = groupSync[g].escrowSince != nil
            groupSync[g].job = Job()
            groupSync[g].escrowSince = nil
            groupSync[g].retryNotBefore = nil
            if wasEscrowed { cycle.escrowedCount -= 1 }
            cycle.objectSuccesses += 1
        }
    }

    /// Re-queues every job Okta gave up on (the admin's "Retry" on failed tasks). Returns how many.
    @discardableResult
    public mutating func retryFailedJobs(now: Duration) -> Int {
        var n = 0
        for i in personSync.indices where personSync[i].job.phase == .failed {
            personSync[i].job = Job()
            enqueueIfNeeded(.person(i), now: now)
            n += 1
        }
        for g in groupSync.indices where groupSync[g].job.phase == .failed {
            groupSync[g].job = Job()
            enqueueIfNeeded(.group(g), now: now)
            n += 1
        }
        return n
    }
}
