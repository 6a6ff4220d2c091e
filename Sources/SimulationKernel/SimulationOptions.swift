/// Settings of one simulation, fixed at creation.
public struct SimulationOptions: Sendable {
    /// How the executor picks among ready jobs. Default `.fifo`.
    public var policy: SchedulingPolicy
    /// Where trace records go besides the hash. Default `.hashOnly`.
    public var traceSink: TraceSink
    /// Watch the runtime's global-enqueue hook so that `Task.detached` and `Task {}` without executor preference
    /// started from inside the simulation are reported at once (see `EscapeKind.globalExecutor`). Default true.
    public var detectGlobalEnqueues: Bool
    /// Real milliseconds the driver waits for escaped work to come back before it declares a deadlock (a task
    /// parked in `Task.sleep` wakes on another thread). Never affects virtual time or the trace. Default 50.
    public var escapeGraceMilliseconds: Int
    /// Whether `Simulation.run` calls `Simulation.shutdown()` when a run ends quiescent or in deadlock, ending
    /// the tasks still parked (daemons, idle request-link workers, deadlocked tasks) so that a finished
    /// simulation frees everything it holds. Not traced. Default true; set false to keep daemons alive for a
    /// later `run`.
    public var shutdownWhenEnded: Bool

    /// Options with the given values (all have defaults).
    public init(
        policy: SchedulingPolicy = .fifo, traceSink: TraceSink = .hashOnly, detectGlobalEnqueues: Bool = true,
        escapeGraceMilliseconds: Int = 50, shutdownWhenEnded: Bool = true
    ) {
        self.policy = policy
        self.traceSink = traceSink
        self.detectGlobalEnqueues = detectGlobalEnqueues
        self.escapeGraceMilliseconds = escapeGraceMilliseconds
        self.shutdownWhenEnded = shutdownWhenEnded
    }
}

/// How a run ended.
public enum SimulationEnding: Sendable, Equatable, CustomStringConvertible {
    /// No job is ready, no timer is pending, and every non-daemon root task has finished. Daemon root tasks
    /// (service loops) may still be parked, for example on an empty mailbox.
    case quiescent
    /// No job is ready and no timer is pending, but these non-daemon root tasks (in spawn order) still wait:
    /// nothing in the simulation can ever wake them.
    case deadlock(waiting: [String])
    /// The next timer lies beyond the virtual deadline given to `run(until:)`; virtual time was set to it.
    case deadlineReached
    /// The stop condition returned true.
    case stopConditionMet
    /// The step limit was reached with jobs still ready.
    case stepLimitReached

    /// A short phrase, for example `deadlock (waiting: client)`.
    public var description: String {
        switch self {
        case .quiescent: return "quiescent"
        case .deadlock(let waiting): return "deadlock (waiting: \(waiting.joined(separator: ", ")))"
        case .deadlineReached: return "virtual deadline reached"
        case .stopConditionMet: return "stop condition met"
        case .stepLimitReached: return "step limit reached"
        }
    }
}

/// The outcome of `Simulation.run`.
public struct SimulationResult: Sendable, Equatable {
    /// The seed of the simulation.
    public let seed: UInt64
    /// Steps since the simulation was created (cumulative over runs): jobs run plus deferred callbacks called.
    public let steps: UInt64
    /// Timers fired since the simulation was created.
    public let timersFired: UInt64
    /// Virtual time elapsed since the start of the simulation.
    public let virtualElapsed: Duration
    /// The order-sensitive trace hash.
    public let traceHash: UInt64
    /// The trace hash as exactly 16 lowercase hex digits.
    public let traceHashHex: String
    /// Trace records so far.
    public let traceRecords: UInt64
    /// Escapes detected (zero in every valid run; a non-zero value makes `run` throw).
    public let foreignEnqueues: Int
    /// How the run ended.
    public let ending: SimulationEnding

    /// One line: seed, ending, steps, virtual time and trace hash.
    public var summary: String {
        "seed=\(seed) ending=\(ending) steps=\(steps) virtual=\(SimulationInstant(offset: virtualElapsed)) "
            + "trace=\(traceHashHex)"
    }
}

/// Errors of the simulation kernel.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Work escaped the simulation (see `EscapeKind`); the run is not reproducible. Carries the counts, the
    /// kinds seen, the first escape's step and virtual time, and the partial result.
    case escaped(
        kinds: [EscapeKind], count: Int, firstStep: UInt64, firstVirtualNanoseconds: Int64,
        result: SimulationResult)
    /// `run` was called while the simulation was already running (from inside a simulated task).
    case reentrantRun
    /// The JSON Lines trace file could not be opened.
    case traceFile(path: String, reason: String)

    /// A message naming how the work escaped and how to fix it.
    public var description: String {
        switch self {
        case .escaped(let kinds, let count, let step, let time, let result):
            let how = kinds.map { "\($0.rawValue): \($0.explanation)" }.joined(separator: "; ")
            return "work escaped the simulation (\(count) foreign enqueue(s), first at step \(step), virtual "
                + "\(SimulationInstant(nanoseconds: time))): \(how). The run is not reproducible "
                + "(seed \(result.seed), trace \(result.traceHashHex))."
        case .reentrantRun:
            return "Simulation.run was called from inside the simulation; call it only from the driver thread"
        case .traceFile(let path, let reason):
            return "cannot open trace file \(path): \(reason)"
        }
    }
}
