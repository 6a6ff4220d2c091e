import SCIM

extension IdentityProviderStateMachine {
    /// Hands back the response to the request of `ticket`, received at virtual time `now`.
    ///
    /// 2xx advances the job (a 201 stores the new `id`; a lookup with no hit plans the create; a hit is
    /// adopted). 404 on a cached id forgets it and recreates. 401 is recorded: Okta suspends
    /// provisioning (if the request carried the current token), Entra counts it toward quarantine.
    /// 429 defers the job until `now + Retry-After` (delta-seconds, RFC 9110 section 10.2.3) and then retries
    /// the same step (a 429 applied nothing, RFC 6585 section 4, so a create is not preceded by a second
    /// lookup: redoing the lookup let lookups take every token and starved the creates), while remembering that
    /// a duplicated copy may have been applied (``markPossiblyApplied(_:keepingStep:)``). 5xx backs
    /// off exponentially with jitter drawn from `rng`, up to the profile's maximum attempts. Okta gives up
    /// on a 409 create ("stops the job" [OKTA-SCIM20]); Entra looks the user up and adopts it. Other 4xx
    /// give up at once (Entra: to escrow). Every failure is appended to ``failures``. A ticket issued
    /// before a resync (``configure(_:now:resync:)``) frees its slot and changes nothing else (`.idle`).
    /// O(1) plus planning the job's next step.
    public mutating func handleResponse(
        _ ticket: IdentityProviderTicket, _ response: SCIMResponse, now: Duration,
        using rng: inout some RandomNumberGenerator
    ) -> IdentityProviderFollowUp {
        followUp(handleResponseTicket(ticket, response, now: now, using: &rng))
    }

    /// ``handleResponse(_:_:now:using:)`` for the worker slots: a follow-up request is left in ``outbox`` and only
    /// its ticket returned (see ``nextTicket(now:)``).
    mutating func handleResponseTicket(
        _ ticket: IdentityProviderTicket, _ response: borrowing SCIMResponse, now: Duration,
        using rng: inout some RandomNumberGenerator
    ) -> IssuedFollowUp {
        guard let slot = takeSlot(ticket) else { return .ignored }
        guard slot.epoch == epoch else { return .idle }
        let followUp = process(slot, response, now: now, rng: &rng)
        advance(now: now)
        return followUp
    }

    /// The public follow-up of `issued`: a follow-up request is taken out of ``outbox``.
    mutating func followUp(_ issued: IssuedFollowUp) -> IdentityProviderFollowUp {
        switch issued {
        case .send(let ticket): return takeOutgoing(ticket).map { .send($0) } ?? .idle
        case .idle: return .idle
        case .ignored: return .ignored
        }
    }

    private mutating func process(
        _ slot: Slot, _ response: borrowing SCIMResponse, now: Duration, rng: inout some RandomNumberGenerator
    ) -> IssuedFollowUp {
        let status = response.status
        if isOkta && status == 404 && (slot.step == .lookupUser || slot.step == .lookupGroup) {
            // Okta accepts 404 as "not found" for the existence check [OKTA-SCIM20]; Entra expects 200
            // with an empty ListResponse and counts a 404 there as a failure [MS-SCIM][MS-QUAR].
            cycle.successes += 1
            updateJob(slot.target) { $0.prepared = true }
            if case .person(let i) = slot.target { personSync[i].unconfirmedCreate = nil }
            return continueJob(slot.target, now: now)
        }
        if (200..<300).contains(status) {
            cycle.successes += 1
            guard acknowledge(slot, response) else {
                return fail(slot, .invalidResponse, status: status, now: now, retryable: false, rng: &rng)
            }
            return continueJob(slot.target, now: now)
        }
        cycle.failures += 1
        switch status {
        case 401:
            return unauthorized(slot, now: now)
        case 429:
            record(slot, .rateLimited, status: status, now: now, gaveUp: false)
            markPossiblyApplied(slot, keepingStep: true)
            let delay = Self.retryAfter(response.headers) ?? profile.retry.defaultRetryAfter
            deferJob(slot.target, until: now + delay)
            return .idle
        case 404 where slot.step == .lookupUser || slot.step == .lookupGroup:
            return fail(slot, .notFound, status: status, now: now, retryable: false, rng: &rng)
        case 404:
            forgetRemote(slot.target, gone: slot.step == .deleteUser || slot.step == .deactivateUser)
            if slot.step == .deleteUser || slot.step == .deactivateUser {
                return continueJob(slot.target, now: now)
            }
            return fail(slot, .notFound, status: status, now: now, retryable: true, immediate: true, rng: &rng)
        case 409 where slot.step == .createUser || slot.step == .createGroup:
            // The user exists at the app under the userName sent (an earlier copy of this create, duplicated
            // by the network, may be the one that made it): remember it, so a later plan (a retry, or the
            // person leaving) looks it up and adopts it instead of leaving it orphaned.
            markPossiblyApplied(slot)
            return fail(slot, .conflict, status: status, now: now, retryable: !isOkta, immediate: true, rng: &rng)
        case 500..<600:
            // A 5xx says this copy was not applied, but another copy of the same request (duplicated by the
            // network) may have been: treat the outcome like a timeout's.
            markPossiblyApplied(slot)
            return fail(slot, .serverError, status: status, now: now, retryable: true, rng: &rng)
        default:
            return fail(slot, .clientError, status: status, now: now, retryable: false, rng: &rng)
        }
    }

    /// The request of `ticket` got no answer in time (the link's timeout) at virtual time `now`:
    /// recorded as a timeout and retried with exponential backoff like a 5xx. The request may have been
    /// applied: a retried create starts again with the existence check by the userName it sent (even if the
    /// person was renamed or left meanwhile), so a create that did reach the app is adopted, not duplicated
    /// or orphaned; after a timed-out write of `active` or the profile, the next step re-sends the wanted
    /// state instead of trusting the cached one (which the write may or may not have changed).
    public mutating func handleTimeout(
        _ ticket: IdentityProviderTicket, now: Duration, using rng: inout some RandomNumberGenerator
    ) -> IdentityProviderFollowUp {
        followUp(handleTimeoutTicket(ticket, now: now, using: &rng))
    }

    /// ``handleTimeout(_:now:using:)`` for the worker slots (see ``handleResponseTicket(_:_:now:using:)``).
    mutating func handleTimeoutTicket(
        _ ticket: IdentityProviderTicket, now: Duration, using rng: inout some RandomNumberGenerator
    ) -> IssuedFollowUp {
        guard let slot = takeSlot(ticket) else { return .ignored }
        guard slot.epoch == epoch else { return .idle }
        cycle.failures += 1
        markPossiblyApplied(slot)
        let followUp = fail(slot, .timeout, status: nil, now: now, retryable: true, rng: &rng)
        advance(now: now)
        return followUp
    }

    /// The request of `slot` may have been applied although its answer says otherwise or never came (a
    /// timeout, a 5xx to one copy of a duplicated request, a 409 to a create): a create is remembered by the
    /// userName it sent, to be looked up and adopted; after a write of `active` or the profile, the cached
    /// remote state is no longer trusted, so the next plan re-sends the wanted state. Found by `scimsim sweep
    /// --scenario mix` (seeds 125 and 178 at 300 people): a duplicated deactivation answered 503 left a user
    /// deactivated at the app while the IdP believed it active.
    ///
    /// With `keepingStep` (a 429, which says this copy applied nothing, RFC 6585 section 4, while another copy
    /// duplicated by the network may have been applied), the step retried after `Retry-After` is kept (see
    /// ``deferJob(_:until:)``): a remembered create is looked up only if the person no longer wants that account
    /// (``plannedStep(_:now:)``), and only an `active` write makes the next plan re-send the wanted state; a
    /// profile write is simply retried. Found by `scimsim run --seed 94 --users 300 --scenario mix --policy
    /// random`: a duplicated create was applied while its other copy's 429 reached the IdP first, every retry got
    /// 429 until the person was deactivated, and the IdP, knowing no id, sent nothing, leaving the user active.
    private mutating func markPossiblyApplied(_ slot: Slot, keepingStep: Bool = false) {
        guard case .person(let i) = slot.target else { return }
        switch slot.step {
        case .createUser:
            personSync[i].unconfirmedCreate = takeSentProfile(slot, person: i)?.userName
        case .activateUser, .deactivateUser:
            personSync[i].activeUncertain = true
            if !keepingStep { setSyncedProfile(i, nil) }
        case .replaceUser, .updateUser:
            guard !keepingStep else { break }
            personSync[i].activeUncertain = true
            setSyncedProfile(i, nil)
        default:
            break
        }
    }

    private mutating func takeSlot(_ ticket: IdentityProviderTicket) -> Slot? {
        // Checks the serial in place, then moves the slot out (no copy of its sent profile).
        guard ticket.slot >= 0, ticket.slot < slots.count, slots[ticket.slot]?.serial == ticket.serial,
            let slot = slots[ticket.slot].take()
        else { return nil }
        if ticket.slot < 64 { freeSlotMask |= 1 &<< UInt64(ticket.slot) } else { freeSlots.append(ticket.slot) }
        inFlight -= 1
        requestsCompleted += 1
        if slot.epoch == epoch && phase(slot.target) == .inFlight { setPhase(slot.target, .idle) }
        return slot
    }

    /// The delta-seconds of a `Retry-After` header, or `nil` when absent or not a non-negative integer.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let raw = headers["Retry-After"] else { return nil }
        var seconds: Int64 = 0
        var digits = 0
        for u in raw.utf8 {
            if u == 0x20 || u == 0x09 { continue }
            guard u >= 0x30 && u <= 0x39, digits < 12 else { return nil }
            seconds = seconds * 10 + Int64(u - 0x30)
            digits += 1
        }
        return digits == 0 ? nil : .seconds(seconds)
    }

    mutating func record(
        _ slot: Slot, _ reason: IdentityProviderFailureReason, status: Int?, now: Duration, gaveUp: Bool
    ) {
        failureCounts[reason] += 1
        failures.append(
            IdentityProviderFailure(
                target: slot.target, step: slot.step, time: now, reason: reason, status: status, gaveUp: gaveUp))
    }

    private mutating func unauthorized(_ slot: Slot, now: Duration) -> IssuedFollowUp {
        record(slot, .unauthorized, status: 401, now: now, gaveUp: false)
        cycle.authFailures += 1
        updateJob(slot.target) { $0.prepared = false }
        if isOkta {
            // Okta: the app's provisioning goes into error; tasks wait for new credentials.
            if slot.generation == configurationGeneration { isProvisioningSuspended = true }
            setPhase(slot.target, .queued)
            followUps.append(slot.target)
            return .idle
        }
        // Entra: the object stays pending; the next cycle retries it, quarantine decides the cadence.
        if slot.generation != configurationGeneration {
            setPhase(slot.target, .queued)
            followUps.append(slot.target)
        } else {
            cycle.dirty = true
        }
        return .idle
    }

    /// Parks `target` until `time`. The job keeps its `prepared` mark: after a 429 (which applied nothing) the
    /// same step is retried, e.g. the create right after its lookup; ``fail`` clears the mark itself.
    mutating func deferJob(_ target: ProvisioningTarget, until time: Duration) {
        setPhase(target, .deferred)
        deferred.push(target, at: time)
    }

    /// Records a failure; retries (after backoff, or at once when `immediate`) while attempts remain,
    /// else gives up (Okta: failed task; Entra: escrow).
    private mutating func fail(
        _ slot: Slot, _ reason: IdentityProviderFailureReason, status: Int?, now: Duration, retryable: Bool,
        immediate: Bool = false, rng: inout some RandomNumberGenerator
    ) -> IssuedFollowUp {
        var attempts = 0
        updateJob(slot.target) {
            $0.attempts += 1
            $0.prepared = false
            attempts = $0.attempts
        }
        let giveUp = !retryable || attempts >= profile.retry.maximumAttempts
        record(slot, reason, status: status, now: now, gaveUp: giveUp)
        if giveUp {
            giveUpJob(slot.target, now: now)
            return .idle
        }
        if immediate { return continueJob(slot.target, now: now) }
        deferJob(slot.target, until: now + backoffDelay(attempt: attempts, rng: &rng))
        return .idle
    }

    /// `min(maximumDelay, baseDelay * 2^(attempt-1))` scaled by a uniform factor in `[1-j, 1+j]`.
    func backoffDelay(attempt: Int, rng: inout some RandomNumberGenerator) -> Duration {
        let r = profile.retry
        let base = max(0, r.baseDelay.wholeNanoseconds)
        let cap = max(0, r.maximumDelay.wholeNanoseconds)
        let shift = min(max(attempt - 1, 0), 40)
        let (raw, overflow) = base.multipliedReportingOverflow(by: Int64(1) << Int64(shift))
        let capped = overflow ? cap : min(raw, cap)
        guard r.jitter > 0, capped > 0 else { return .nanoseconds(capped) }
        let factor = 1 - r.jitter + 2 * r.jitter * Double.random(in: 0..<1, using: &rng)
        return .nanoseconds(Int64(Double(capped) * factor))
    }

    /// Forgets what the app held for `target` after a 404 (recreate next), or marks it gone.
    private mutating func forgetRemote(_ target: ProvisioningTarget, gone: Bool) {
        switch target {
        case .person(let i):
            personSync[i].remoteID = nil
            personSync[i].remoteActive = false
            personSync[i].activeUncertain = false
            setSyncedProfile(i, nil)
            if gone { personSync[i].removed = true }
        case .group(let g):
            groupSync[g].remoteID = nil
            groupSync[g].name = nil
            groupSync[g].members = []
        }
    }
}
