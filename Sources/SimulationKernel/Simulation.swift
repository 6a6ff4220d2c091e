/// A deterministic simulation: one seed, one executor, one virtual clock, one trace.
///
/// Usage: create it, make actors that adopt `SimulatedActor`, start root tasks with `spawn`, then `run`.
/// Everything the simulation does happens on the thread that calls `run`; a run is reproduced exactly from its
/// seed (same build). See `SimulationExecutor` for the ordering semantics.
///
/// ```swift
/// let simulation = Simulation(seed: 42)
/// let server = Server(simulation: simulation)
/// simulation.spawn("client") { await server.handle(1) }
/// let result = try simulation.run()
/// print(result.summary)
/// ```
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

    /// Records a trace step (see `TraceRecorder.record`). No allocation with the hash-only sink.
    @inline(__always)
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
        let executor = self.executor
        return Task(executorPreference: executor) {
            await TaskCancellationRecord.withRecord(executor: executor, body)
            executor.finishRoot(index)
        }
    }

    /// Runs the simulation on the calling thread.
    ///
    /// - Parameters:
    ///   - until: a virtual deadline as an offset from the start; the run stops before firing a timer due later
    ///     and leaves virtual time at the deadline.
    ///   - maxSteps: stop when this many jobs have run in total.
    ///   - stopWhen: checked after every step and timer; the run stops when it returns true.
    /// - Returns: the result; `ending` says why the run stopped. Runs can be resumed by calling `run` again.
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
