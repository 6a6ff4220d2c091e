import SCIM

/// Why an Entra job is in quarantine (Graph quarantine reasons [MS-QUAR]).
public enum EntraQuarantineReason: String, Sendable, Hashable {
    /// `EncounteredQuarantineException`: invalid credentials (a cycle whose calls all failed with 401).
    case invalidCredentials
    /// `EncounteredEscrowProportionThreshold`: too many object operations failed.
    case escrowThreshold
}

/// One finished Entra sync cycle.
public struct EntraCycleRecord: Sendable, Hashable {
    /// 1 for the initial cycle, then 2, 3, ...
    public var number: Int
    /// Virtual start and end times.
    public var start: Duration
    /// Virtual end time: its last answer arrived and the processing time of its last request passed.
    public var end: Duration
    /// Requests sent and answers that failed during the cycle.
    public var requests: Int
    /// Failed answers (any non-2xx, timeouts).
    public var failures: Int
    /// `true` when the job was in quarantine at the end of the cycle.
    public var quarantined: Bool
}

/// Entra's cycle, escrow and quarantine bookkeeping.
struct EntraCycleState: Sendable, Hashable {
    var nextStartAt: Duration?
    var inProgress = false
    var number = 0
    var startedAt = Duration.zero
    var dirty = false
    var requests = 0, successes = 0, failures = 0, authFailures = 0
    var objectSuccesses = 0, objectFailures = 0
    var escrowedCount = 0
    var quarantineReason: EntraQuarantineReason?
    var quarantinedSince: Duration?
    var quarantineCycles = 0
    var disabled = false
    var history: [EntraCycleRecord] = []
}

extension IdentityProviderStateMachine {
    /// Finished Entra cycles, oldest first (empty cycles with nothing to do are not recorded).
    public var entraCycles: [EntraCycleRecord] { cycle.history }
    /// The current quarantine reason, or `nil` when not quarantined.
    public var entraQuarantine: EntraQuarantineReason? { cycle.quarantineReason }
    /// `true` once the Entra job was disabled after 4 weeks in quarantine [MS-QUAR].
    public var isEntraJobDisabled: Bool { cycle.disabled }
    /// When the next Entra cycle starts (it may be skipped if there is nothing to do), or `nil`.
    public var entraNextCycleStart: Duration? { cycle.inProgress ? nil : cycle.nextStartAt }

    /// The job of `target` is given up: Okta records a failed task; Entra puts the object in escrow,
    /// retried by a cycle at +6 h, +12 h, +24 h, then every 24 h after its first failure, dropped after
    /// 28 days [MS-QUAR].
    mutating func giveUpJob(_ target: ProvisioningTarget, now: Duration) {
        guard let entra = entraParameters else {
            setPhase(target, .failed)
            return
        }
        cycle.objectFailures += 1
        var since = now
        var wasEscrowed = false
        switch target {
        case .person(let i):
            wasEscrowed = personSync[i].escrowSince != nil
            since = personSync[i].escrowSince ?? now
        case .group(let g):
            wasEscrowed = groupSync[g].escrowSince != nil
            since = groupSync[g].escrowSince ?? now
        }
        let elapsed = now - since
        guard elapsed < entra.escrowGiveUpAfter else {
            // Dropped from escrow: a later change revives it as a fresh job.
            if wasEscrowed { cycle.escrowedCount -= 1 }
            switch target {
            case .person(let i):
                personSync[i].escrowSince = nil
                personSync[i].retryNotBefore = nil
            case .group(let g):
                groupSync[g].escrowSince = nil
                groupSync[g].retryNotBefore = nil
            }
            setPhase(target, .failed)
            return
        }
        var offset = entra.escrowRetryOffsets.first { $0 > elapsed }
        if offset == nil, let last = entra.escrowRetryOffsets.last {
            let day = Duration.seconds(86_400)
            var o = last
            while o <= elapsed { o += day }
            offset = o
        }
        let retryAt = since + (offset ?? .seconds(86_400))
        if !wasEscrowed { cycle.escrowedCount += 1 }
        switch target {
        case .person(let i):
            personSync[i].escrowSince = since
            personSync[i].retryNotBefore = retryAt
        case .group(let g):
            groupSync[g].escrowSince = since
            groupSync[g].retryNotBefore = retryAt
        }
        updateJob(target) { $0 = Job(phase: .escrowed) }
    }

    /// Starts due cycles and ends the running one once all its work is answered (Entra; nothing for Okta). Inlined,
    /// so Okta's requests and answers, which pass here two or three times each, skip the call on the flag alone.
    @inline(__always)
    mutating func advanceCycles(now: Duration) {
        if !isOkta { advanceEntraCycles(now: now) }
    }

    /// ``advanceCycles(now:)`` for Entra.
    @inline(never)
    private mutating func advanceEntraCycles(now: Duration) {
        guard let entra = entraParameters, !cycle.disabled else { return }
        if cycle.inProgress {
            endCycleIfIdle(now: now, entra)
            return
        }
        guard let start = cycle.nextStartAt, start <= now else { return }
        guard cycle.dirty || (earliestTimedWork().map { $0 <= now } ?? false) else {
            // Nothing to do: the cycle passes without requests; keep the 40-minute grid.
            let step = max(entra.cycleInterval.wholeNanoseconds, 1)
            let behind = (now - start).wholeNanoseconds / step + 1
            cycle.nextStartAt = start + .nanoseconds(behind * step)
            return
        }
        cycle.inProgress = true
        cycle.number += 1
        cycle.startedAt = now
        cycle.dirty = false
        cycle.requests = 0
        cycle.successes = 0
        cycle.failures = 0
        cycle.authFailures = 0
        for i in personSync.indices { scanForCycle(.person(i), now: now) }
        for g in groupSync.indices { scanForCycle(.group(g), now: now) }
        endCycleIfIdle(now: now, entra)
    }

    private mutating func scanForCycle(_ target: ProvisioningTarget, now: Duration) {
        let notBefore: Duration?
        switch target {
        case .person(let i): notBefore = personSync[i].retryNotBefore
        case .group(let g): notBefore = groupSync[g].retryNotBefore
        }
        let p = phase(target)
        guard p == .idle || (p == .escrowed && (notBefore ?? .zero) <= now) else { return }
        guard plannedStep(target, now: now) != nil else { return }
        setPhase(target, .queued)
        ready.append(target)
    }

    /// The earliest time work comes due without a directory change: a deleted person still known to
    /// the app reaching the hard-delete age, or an escrowed object reaching its retry time. O(people + groups).
    func earliestTimedWork() -> Duration? {
        guard let entra = entraParameters else { return nil }
        var t: Duration?
        for i in personSync.indices where personSync[i].remoteID != nil {
            if let d = directory.deletedAt[i] { t = min(t ?? d + entra.hardDeleteAfter, d + entra.hardDeleteAfter) }
        }
        guard cycle.escrowedCount > 0 else { return t }
        for s in personSync where s.job.phase == .escrowed {
            if let r = s.retryNotBefore { t = min(t ?? r, r) }
        }
        for s in groupSync where s.job.phase == .escrowed {
            if let r = s.retryNotBefore { t = min(t ?? r, r) }
        }
        return t
    }

    private mutating func endCycleIfIdle(now: Duration, _ entra: EntraParameters) {
        guard cycle.inProgress, followUps.isEmpty, ready.isEmpty, inFlight == 0, deferred.isEmpty else { return }
        // The cycle ends when the processing time of its last request has passed (pacing).
        if let gap = spacingReadyAt(), now < gap { return }
        cycle.inProgress = false
        evaluateQuarantine(now: now, entra)
        cycle.history.append(
            EntraCycleRecord(
                number: cycle.number, start: cycle.startedAt, end: now, requests: cycle.requests,
                failures: cycle.failures, quarantined: cycle.quarantineReason != nil))
    }

    /// Quarantine rules of [MS-QUAR]: a cycle whose calls all failed with 401 quarantines at once;
    /// otherwise after `escrowMinimumFailures` failed objects, more than 40 % failed or more than
    /// 40,000 failures. In quarantine cycles run after 6 h, 12 h, then every 24 h; a cycle with a
    /// success leaves quarantine; 4 weeks in quarantine disables the job.
    private mutating func evaluateQuarantine(now: Duration, _ entra: EntraParameters) {
        let start = cycle.startedAt
        if cycle.quarantineReason != nil {
            if cycle.successes > 0 {
                cycle.quarantineReason = nil
                cycle.quarantinedSince = nil
                cycle.quarantineCycles = 0
                cycle.objectFailures = 0
                cycle.objectSuccesses = 0
                cycle.nextStartAt = max(start + entra.cycleInterval, now)
                return
            }
        } else if cycle.authFailures > 0 && cycle.successes == 0 {
            enterQuarantine(.invalidCredentials, now: now)
        } else {
            let failed = cycle.objectFailures
            let total = failed + cycle.objectSuccesses
            let fraction = total == 0 ? 0 : Double(failed) / Double(total)
            if failed >= entra.escrowMinimumFailures
                && (fraction > entra.escrowFailureFraction || failed > entra.escrowAbsoluteFailures)
            {
                enterQuarantine(.escrowThreshold, now: now)
            } else {
                cycle.nextStartAt = max(start + entra.cycleInterval, now)
                return
            }
        }
        if let since = cycle.quarantinedSince, now - since >= entra.quarantineDisableAfter {
            cycle.disabled = true
            cycle.nextStartAt = nil
            return
        }
        let gaps = entra.quarantineCycleGaps
        let gap = gaps.isEmpty ? entra.cycleInterval : gaps[min(cycle.quarantineCycles, gaps.count - 1)]
        cycle.quarantineCycles += 1
        cycle.nextStartAt = now + gap
        cycle.dirty = true
    }

    private mutating func enterQuarantine(_ reason: EntraQuarantineReason, now: Duration) {
        cycle.quarantineReason = reason
        cycle.quarantinedSince = now
        cycle.quarantineCycles = 0
    }

    /// Cycles on the 40-minute grid that passed with nothing to do are skipped without a call; before
    /// the first change after them, move the next start to the first grid point at or after `now`.
    mutating func rollCycleGrid(to now: Duration) {
        guard let entra = entraParameters, !cycle.dirty, let start = cycle.nextStartAt,
            start < now
        else { return }
        let step = max(entra.cycleInterval.wholeNanoseconds, 1)
        let k = ((now - start).wholeNanoseconds + step - 1) / step
        cycle.nextStartAt = start + .nanoseconds(k * step)
    }

    /// The start of the next Entra cycle that has work, for ``nextWakeTime``.
    func nextCycleWakeTime() -> Duration? {
        guard !isOkta, !cycle.disabled, !cycle.inProgress, let start = cycle.nextStartAt else {
            return nil
        }
        if cycle.dirty { return start }
        guard let entra = entraParameters, let due = earliestTimedWork() else { return nil }
        guard due > start else { return start }
        // The first cycle on the grid at or after the due time.
        let step = max(entra.cycleInterval.wholeNanoseconds, 1)
        let k = ((due - start).wholeNanoseconds + step - 1) / step
        return start + .nanoseconds(k * step)
    }
}
