/// A virtual instant: a `Duration` offset from the start of the simulation run (nanosecond resolution).
public struct SimulationInstant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the start of the run.
    public var nanoseconds: Int64

    /// The instant `nanoseconds` after the start of the run.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The instant `offset` after the start of the run.
    public init(offset: Duration) {
        nanoseconds = offset.simulationNanoseconds
    }

    /// The start of every run.
    public static let start = SimulationInstant(nanoseconds: 0)

    /// The offset of this instant from the start of the run.
    public var offset: Duration { .nanoseconds(nanoseconds) }

    /// This instant moved by `duration` (saturating).
    public func advanced(by duration: Duration) -> SimulationInstant {
        SimulationInstant(nanoseconds: nanoseconds.addingReportingOverflow(duration.simulationNanoseconds).partialValue)
    }

    /// The duration from this instant to `other`.
    public func duration(to other: SimulationInstant) -> Duration {
        .nanoseconds(other.nanoseconds &- nanoseconds)
    }

    /// Earlier instants order first.
    public static func < (lhs: SimulationInstant, rhs: SimulationInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// The offset in seconds with nanosecond precision, for example `"t+12.000000500s"`.
    public var description: String {
        let seconds = nanoseconds / 1_000_000_000
        let fraction = String(nanoseconds % 1_000_000_000)
        return "t+\(seconds).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)s"
    }
}

/// The virtual clock of a simulation. `now` reads the simulation's virtual time; sleeping parks the task in the
/// executor's timer heap, keyed by (deadline, insertion sequence), and virtual time jumps to the deadline when
/// nothing else is ready. Time never moves backwards; a run of 24 virtual hours costs only the jobs it runs.
///
/// Prefer `sleep(for:isolation:)` and `sleep(until:isolation:)`: they inherit the caller's isolation and cost one
/// enqueue. The `Clock` conformance (`sleep(until:tolerance:)`) exists for generic code; being a nonisolated
/// requirement it hops to the task executor and back (about four enqueues).
public struct SimulationClock: Clock, Sendable {
    /// Virtual durations are `Swift.Duration`.
    public typealias Duration = Swift.Duration
    /// Virtual instants.
    public typealias Instant = SimulationInstant

    /// The executor that owns the timer heap.
    public let executor: SimulationExecutor

    /// A clock over `executor`'s virtual time.
    public init(executor: SimulationExecutor) {
        self.executor = executor
    }

    /// The current virtual instant.
    public var now: SimulationInstant { SimulationInstant(nanoseconds: executor.nowNanoseconds) }

    /// One nanosecond.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Sleeps `duration` of virtual time on the caller's isolation. Throws `CancellationError` when the task is
    /// cancelled (then it wakes at the canceller's step and its timer is removed). Negative durations wake at the
    /// current instant, after the jobs already ready.
    @inline(__always)
    public func sleep(for duration: Duration, isolation: isolated (any Actor)? = #isolation) async throws {
        let deadline = executor.nowNanoseconds &+ duration.simulationNanoseconds
        if let isolation {
            // Already on `isolation` (this function's isolated parameter): no second executor switch.
            try await executor.sleepInline(untilNanoseconds: deadline, isolation: isolation)
        } else {
            try await executor.sleepInline(untilNanoseconds: deadline, isolation: executor.isolation)
        }
    }

    /// Sleeps until the virtual instant `deadline` on the caller's isolation. Throws `CancellationError` on
    /// cancellation.
    @inline(__always)
    public func sleep(until deadline: SimulationInstant, isolation: isolated (any Actor)? = #isolation)
        async throws
    {
        try await executor.sleepInline(
            untilNanoseconds: deadline.nanoseconds, isolation: isolation ?? executor.isolation)
    }

    /// `Clock` requirement: sleeps until `deadline`; `tolerance` is ignored (virtual time is exact).
    public func sleep(until deadline: SimulationInstant, tolerance: Duration?) async throws {
        try await executor.sleep(untilNanoseconds: deadline.nanoseconds, isolation: executor.isolation)
    }
}
