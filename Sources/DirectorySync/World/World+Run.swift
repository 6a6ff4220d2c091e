import SimulationKernel

/// What a world run did.
public struct WorldOutcome: Sendable {
    /// The kernel's result (steps, virtual time, trace hash, ending).
    public var result: SimulationResult
    /// How the run ended, in words: `converged`, `violation`, `liveness deadline`, `deadline`, `quiescent`, ...
    public var ending: String
    /// The first invariant violation, if any (a liveness violation included).
    public var violation: InvariantViolation?
    /// Whether every organization matched its IdP at the end.
    public var converged: Bool
    /// Virtual time at which they last became equal (`nil` if they did not match at the end).
    public var convergenceTime: Duration?
}

extension World {
    /// The virtual time after which a run that has not converged violates liveness: the later of the heal time
    /// and the last scripted step, plus ``WorldConfiguration/livenessBound``.
    public var livenessDeadline: Duration {
        max(configuration.faults.heal, lastScriptTime) + configuration.livenessBound
    }

    /// Runs the world (once; see the type's documentation for when it stops), then shuts the simulation down
    /// (`Simulation.shutdown()`: every parked loop ends, untraced, leaving the parties' state as the run left it).
    ///
    /// - Parameters:
    ///   - until: stop at this virtual time even if work remains (no liveness violation is reported then
    ///     unless it is past ``livenessDeadline``).
    ///   - maxSteps: stop after this many kernel steps.
    ///   - progressEvery: call `progress` every this many steps (default 65,536).
    ///   - progress: called on the driver thread with the run's progress; keep it cheap.
    /// - Throws: `SimulationError` if work escaped the simulation (not reproducible) or the trace file could
    ///   not be opened.
    public func run(
        until: Duration? = nil, maxSteps: UInt64? = nil, progressEvery: UInt64 = 65_536,
        progress: ((RunProgress) -> Void)? = nil
    ) throws(SimulationError) -> WorldOutcome {
        precondition(!started, "World.run may be called once")
        started = true
        simulation.trace.recordSetup(of: configuration, directoryDigest: directoryDigest)
        startScript()
        if configuration.faults.heal > .zero && !configuration.faults.isEmpty { startHealer() }
        let liveness = livenessDeadline
        let deadline = until.map { min($0, liveness) } ?? liveness
        let stop = progress.map { stopCondition(progressEvery: progressEvery, progress: $0) } ?? stopCondition()
        let result = try simulation.run(until: deadline, maxSteps: maxSteps, stopWhen: stop)
        return finish(result, deadline: deadline, liveness: liveness)
    }

    /// The run's stop condition without progress reports, checked by the driver after every step and timer
    /// (about a dozen times per person): one monitor read in the common case (not converged, no violation); the
    /// monitor records when every tenant converged (``InvariantMonitor/allConvergedAt``). The closure captures
    /// only the world, so its context is the world itself (no capture box to unpack per call).
    private func stopCondition() -> () -> Bool {
        { [self] in
            let monitor = self.monitor
            guard monitor.mayStop else { return false }
            return monitor.hasViolation || (scriptDone && isIdle)
        }
    }

    /// The run's stop condition that also calls `progress` every `progressEvery` steps (at least 1).
    private func stopCondition(progressEvery: UInt64, progress: @escaping (RunProgress) -> Void) -> () -> Bool {
        let executor = simulation.executor
        let every = max(1, progressEvery)
        var reportedAt: UInt64 = 0
        let monitor = self.monitor
        return { [self] in
            let mayStop = monitor.mayStop
            if mayStop && monitor.hasViolation { return true }
            if executor.steps % every == 0, executor.steps != reportedAt {
                reportedAt = executor.steps
                progress(currentProgress())
            }
            return mayStop && scriptDone && isIdle
        }
    }

    private func finish(_ result: SimulationResult, deadline: Duration, liveness: Duration) -> WorldOutcome {
        simulation.trace.close()
        let converged = monitor.allConverged && monitor.violation == nil
        var ending: String
        switch result.ending {
        case .stopConditionMet: ending = monitor.hasViolation ? "violation" : "converged"
        case .deadlineReached: ending = deadline == liveness ? "liveness deadline" : "deadline"
        case .quiescent: ending = "quiescent"
        case .stepLimitReached: ending = "step limit"
        case .deadlock(let waiting): ending = "deadlock (waiting: \(waiting.joined(separator: ", ")))"
        }
        if !monitor.allConverged && !monitor.hasViolation
            && (result.ending == .quiescent || (result.ending == .deadlineReached && deadline == liveness))
        {
            let tracker = monitor.tracker(tenant: 0)
            let sample = tracker.sampleMismatches(limit: 3).joined(separator: ", ")
            monitor.report(
                InvariantMonitor.Name.liveness,
                "not converged by \(FaultPlan.ms(simulation.now.offset)) (\(ending)): \(tracker.mismatches) "
                    + "email(s) differ, e.g. \(sample)")
        }
        let outcome = WorldOutcome(
            result: result, ending: ending, violation: monitor.violation, converged: converged,
            convergenceTime: converged ? convergedAt : nil)
        // End every parked loop (untraced; the loops leave their state machines untouched when cancelled), so
        // that the world and its parties are freed once dropped. The kernel already did so after a quiescent or
        // deadlocked run.
        simulation.shutdown()
        return outcome
    }

    /// Whether nothing is in flight or pending: no IdP work outstanding (``IdentityProviderStateMachine/isQuiet``),
    /// every webhook delivery settled, and (Events API mode) every organization has polled since the last event
    /// was appended. O(tenants).
    var isIdle: Bool {
        for tenant in tenants where !tenant.identityProvider.box.state.isQuiet { return false }
        let sequence = broker.box.state.nextEventSequence
        for tenant in tenants where tenant.eventsLinks != nil && tenant.organization.polled.state != sequence {
            return false
        }
        let stats = broker.box.state.statistics
        return stats.webhooksDelivered + stats.webhooksFailed == broker.box.state.webhookDeliveryCount
    }

    /// The current progress of tenant 0.
    public func currentProgress() -> RunProgress {
        let tracker = monitor.tracker(tenant: 0)
        return RunProgress(
            virtualTime: simulation.now.offset, peopleConverged: tracker.presentCount,
            peopleWanted: tracker.wantedCount, steps: simulation.executor.steps)
    }

    /// After the heal time, the IdP admins retry every task their IdP gave up on during the faults (Okta:
    /// Tasks, Retry all), then again every 10 virtual minutes while the run lasts, so that work abandoned
    /// during the faults cannot block liveness. A daemon task.
    private func startHealer() {
        let heal = configuration.faults.heal
        let tenants = self.tenants
        let clock = simulation.clock
        simulation.spawn("healer", daemon: true) {
            var next = heal
            while true {
                do { try await clock.sleep(until: SimulationInstant(offset: next)) } catch { return }
                for tenant in tenants { await tenant.identityProvider.retryFailedJobs() }
                next += .seconds(600)
            }
        }
    }
}

extension IdentityProviderStateMachine {
    /// No request in flight and nothing queued, deferred, scheduled, escrowed or waiting for an Entra cycle: the
    /// IdP will send nothing more unless something changes. O(1).
    var isQuiet: Bool {
        inFlight == 0 && followUps.isEmpty && ready.isEmpty && deferred.isEmpty && scheduled.isEmpty
            && !cycle.inProgress && !cycle.dirty && cycle.escrowedCount == 0
    }
}
