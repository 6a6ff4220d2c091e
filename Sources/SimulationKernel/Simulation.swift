/// A deterministic simulation: one seed, one executor, one virtual clock, one trace.
///
/// Usage: create it, make actors that adopt `SimulatedActor`, start root tasks with `spawn`, then `run`.
/// Everything the simulation does happens on the thread that calls `run`; a run is reproduced exactly from its
/// seed (same build). See `SimulationExecutor` for the ordering semantics. When a run ends quiescent or in
/// deadlock, the tasks still parked (daemons, idle request-link workers) are ended by an untraced teardown
/// (`shutdown()`), so that a finished simulation, its executor and its tasks are freed once you drop it.
///
/// ```swift
/// let simulation = Simulation(seed: 42)
/// let server = Server(simulation: simulation)
/// simulation.spawn("client") { await server.handle(1) }
/// let result = try simulation.run()
/// print(result.summary)
/// ```
///
/// `@unchecked Sendable`: actors hold it as a `nonisolated let`, but every mutation (spawning, recording,
/// running) happens on the single thread that drives the run; work arriving from any other thread is what the
/// executor counts as escaped, and fails the run.
public final class Simulation: @unchecked Sendable {
    /// The seed every random stream derives from.
    public let seed: UInt64
    /// The options the simulation was created with.
    public let options: SimulationOptions
    /// The executor shared by every simulated actor and task.
    public let executor: SimulationExecutor
    /// The virtual clock.
    public let clock: SimulationClock
    /// The trace recorder (hash always kept).
    public let trace: TraceRecorder
    private var isRunning = false

    /// A simulation with a seed and options. If a `.jsonLines` trace file cannot be created, events are kept
    /// in memory instead and `run` throws `SimulationError.traceFile` naming the path.
    public init(seed: UInt64, options: SimulationOptions = .init()) {
        self.seed = seed
        self.options = options
        executor = SimulationExecutor(
            policy: options.policy, schedulerRandom: SeededRandom(seed: seed, label: "scheduler"))
        clock = SimulationClock(executor: executor)
        trace = TraceRecorder(sink: options.traceSink, executor: executor)
    }

    /// The current virtual instant.
    public var now: SimulationInstant { clock.now }

    /// The independent random stream named `label` (for example `"network"`, `"faults"`, `"workload"`).
    /// The same seed and label always give the same stream; draws from one stream never shift another.
    public func randomStream(_ label: String) -> SeededRandom {
        SeededRandom(seed: seed, label: label)
    }

    /// Records a trace step (see `TraceRecorder.record`). No allocation with the hash-only sink; inlined into the
    /// caller.
    @inlinable @inline(__always)
    public func record(
        party: TraceParty, kind: StaticString, _ field0: TraceField? = nil, _ field1: TraceField? = nil,
        _ field2: TraceField? = nil, _ field3: TraceField? = nil
    ) {
        trace.record(party: party, kind: kind, field0, field1, field2, field3)
    }

    /// Starts a named root task that prefers the simulation's executor. The task starts at the next step
    /// (after the jobs already ready). When the run ends with nothing left to do, a non-daemon root task that
    /// has not finished is reported as a deadlock; a daemon (a service loop parked on an empty mailbox) is not.
    /// The body inherits no actor isolation; call into actors with `await`.
    @discardableResult
    public func spawn(_ name: String, daemon: Bool = false, _ body: sending @escaping () async -> Void) -> Task<
        Void, Never
    > {
        let index = executor.registerRoot(name: name, daemon: daemon)
        return executor.startTracked(body, then: index)
    }

    /// What the most recent shutdown (explicit, or at the end of a run) did; nil before the first.
    public private(set) var lastShutdown: ShutdownReport?

    /// Ends every task still parked in the simulation, so that nothing it started outlives it: daemon loops
    /// waiting in `Mailbox.receive()`, idle request-link server workers, callers waiting on request links,
    /// sleepers whose deadline lies beyond the run, deadlocked tasks, and jobs left ready by a stopped run.
    ///
    /// Deterministic, on the calling thread, in rounds: every task the kernel started (`spawn`, `startTask`,
    /// request-link workers) is cancelled, so its kernel wait ends with `CancellationError` (`LinkError.cancelled`
    /// for a call); every pending timer is discarded unfired (messages in flight are dropped); the resulting jobs
    /// run in FIFO order (deferred callbacks still waiting in the ready queue, such as a request link's response
    /// to a synchronous handler, are discarded like timers); repeat until no tracked task is left (at most
    /// `maxRounds` rounds, `maxJobs` jobs).
    /// A cancelled task that waits again parks until the next round, so a loop that swallows the error costs a
    /// round per iteration. Child tasks are cancelled through their parents.
    ///
    /// Not traced: virtual time does not move, no timer fires, and the trace hash, record count and step count
    /// stay exactly what the run produced (whatever tasks record while unwinding is discarded). `run` calls this
    /// itself when a run ends quiescent or in deadlock, unless `SimulationOptions.shutdownWhenEnded` is false;
    /// after a run stopped by a deadline, step limit or stop condition, call it yourself when done. The
    /// simulation stays usable: later `spawn` and `run` work as before (cancelled daemons do not come back;
    /// request-link workers are restarted on demand). Tasks waiting on continuations of your own cannot be
    /// ended; they are counted in `ShutdownReport.survivingTasks`. Does nothing when called from inside a run.
    @discardableResult
    public func shutdown(maxRounds: Int = 64, maxJobs: UInt64 = 10_000_000) -> ShutdownReport {
        guard !isRunning else {
            return ShutdownReport(
                tasksCancelled: 0, timersDiscarded: 0, jobsRun: 0, rounds: 0, survivingTasks: executor.liveTaskCount)
        }
        isRunning = true
        defer { isRunning = false }
        executor.ownerThread.store(currentThreadID(), ordering: .releasing)
        executor.beginDriving(detectGlobalEnqueues: options.detectGlobalEnqueues)
        defer { executor.endDriving() }
        let report = tearDown(maxRounds: maxRounds, maxJobs: maxJobs)
        lastShutdown = report
        return report
    }

    private func tearDown(maxRounds: Int = 64, maxJobs: UInt64 = 10_000_000) -> ShutdownReport {
        trace.withRecordingSuspended { executor.tearDown(maxRounds: maxRounds, maxJobs: maxJobs) }
    }

    /// Runs the simulation on the calling thread.
    ///
    /// - Parameters:
    ///   - until: a virtual deadline as an offset from the start; the run stops before firing a timer due later
    ///     and leaves virtual time at the deadline.
    ///   - maxSteps: stop when this many jobs have run in total.
    ///   - stopWhen: checked after every step and timer; the run stops when it returns true.
    /// - Returns: the result; `ending` says why the run stopped. Runs can be resumed by calling `run` again.
    ///   When the run ends quiescent or in deadlock, `shutdown()` runs before `run` returns (after the result,
    ///   including its trace hash, is taken) unless `SimulationOptions.shutdownWhenEnded` is false.
    /// - Throws: `SimulationError.escaped` if any work escaped the simulation (foreign enqueues), naming how;
    ///   `SimulationError.reentrantRun` if called from inside the simulation.
    @discardableResult
    public func run(until: Duration? = nil, maxSteps: UInt64? = nil, stopWhen: (() -> Bool)? = nil)
        throws(SimulationError) -> SimulationResult
    {
        if isRunning { throw .reentrantRun }
        if let failure = trace.openFailure { throw failure }
        isRunning = true
        defer { isRunning = false }
        executor.ownerThread.store(currentThreadID(), ordering: .releasing)
        executor.beginDriving(detectGlobalEnqueues: options.detectGlobalEnqueues)
        defer { executor.endDriving() }
        let deadline = until.map { $0.simulationNanoseconds } ?? Int64.max
        var ending: SimulationEnding
        while true {
            switch executor.drive(deadline: deadline, maxSteps: maxSteps ?? UInt64.max, stop: stopWhen) {
            case .deadline: ending = .deadlineReached
            case .stopCondition: ending = .stopConditionMet
            case .stepLimit: ending = .stepLimitReached
            case .idle:
                let waiting = executor.waitingRootNames
                if waiting.isEmpty {
                    ending = .quiescent
                } else if options.escapeGraceMilliseconds > 0,
                    executor.awaitForeignWork(milliseconds: options.escapeGraceMilliseconds)
                {
                    continue
                } else {
                    ending = .deadlock(waiting: waiting)
                }
            }
            break
        }
        if executor.foreignPending.load(ordering: .acquiring) != 0 { executor.drainForeign() }
        let result = makeResult(ending: ending)
        switch ending {
        case .quiescent, .deadlock:
            if options.shutdownWhenEnded { lastShutdown = tearDown() }
        case .deadlineReached, .stopConditionMet, .stepLimitReached:
            break
        }
        let ledger = executor.escapes
        if ledger.total > 0, let first = ledger.first {
            throw .escaped(
                kinds: ledger.kinds, count: ledger.total, firstStep: first.step,
                firstVirtualNanoseconds: first.virtualNanoseconds, result: result)
        }
        return result
    }

    /// The current result without running (useful after a thrown escape or between runs).
    public func makeResult(ending: SimulationEnding) -> SimulationResult {
        SimulationResult(
            seed: seed, steps: executor.stepCount, timersFired: executor.timersFiredCount,
            virtualElapsed: .nanoseconds(executor.nowNanoseconds), traceHash: trace.hashValue64,
            traceHashHex: trace.hashHex, traceRecords: trace.recordCount, foreignEnqueues: executor.escapes.total,
            ending: ending)
    }
}
