import SimulationKernel

/// A parking place for service loops (IdP workers, the webhook ticker) that wait for work, in virtual time.
///
/// A loop that finds nothing to do calls ``wait(until:)`` and parks. It is resumed by ``signalOne()`` (work
/// appeared: wake the longest-parked loop), ``signalAll()``, or by the single timer the signal keeps armed at
/// the earliest deadline any parked loop asked for (which wakes one loop; a loop that finds work wakes the next
/// with ``signalOne()``, so a burst of work fans out without a thundering herd). A woken loop always re-checks
/// its state machine, so a spurious wake costs one step and is harmless.
///
/// Parking uses the kernel's cancellable `Mailbox` (a signal is delivered only to a parked loop, never
/// buffered), so `Simulation.shutdown()` ends parked loops: ``wait(until:)`` then throws `CancellationError`.
/// Cost: parking and waking are one step each; arming is one executor timer, and an earlier deadline cancels
/// the later one (a tombstone, no virtual-time effect). Driver thread only.
public final class WakeSignal: TimerTarget, @unchecked Sendable {
    private let executor: SimulationExecutor
    private let parked = Mailbox<Bool>()
    @exclusivity(unchecked) private var armed: (deadline: Int64, handle: TimerHandle)?

    /// A signal whose timer runs on `simulation`'s executor.
    public init(simulation: Simulation) {
        executor = simulation.executor
        super.init()
    }

    /// Loops parked now.
    public var waitingCount: Int { parked.waitingReceivers }

    /// Parks the caller until a signal, or until the virtual instant `deadline` (offset from the run's start)
    /// if given. Runs on the caller's isolation.
    /// - Throws: `CancellationError` when the task is cancelled (the simulation's teardown); the caller should
    ///   return without touching its state machine.
    nonisolated(nonsending) public func wait(until deadline: Duration?) async throws(CancellationError) {
        if let deadline { arm(deadline.simulationNanoseconds) }
        _ = try await parked.receive()
    }

    /// Makes sure the timer fires no later than `deadline` (offset from the run's start). O(log timers).
    public func arm(atOrBefore deadline: Duration) { arm(deadline.simulationNanoseconds) }

    /// Wakes the longest-parked loop, if any. O(1).
    @inline(__always)
    public func signalOne() {
        if parked.waitingReceivers > 0 { parked.deliver(true) }
    }

    /// Wakes every parked loop, in the order they parked. O(parked).
    public func signalAll() {
        var n = parked.waitingReceivers
        while n > 0 {
            parked.deliver(true)
            n -= 1
        }
    }

    private func arm(_ nanoseconds: Int64) {
        if let current = armed {
            if current.deadline <= nanoseconds { return }
            executor.cancel(current.handle)
        }
        let handle = executor.schedule(atNanoseconds: nanoseconds, target: self, token: 0)
        armed = (nanoseconds, handle)
    }

    /// The armed deadline passed: wake one loop (it re-checks and re-arms as needed).
    public override func timerFired(token: Int) {
        armed = nil
        signalOne()
    }

    /// The simulation's teardown discarded the timer.
    public override func timerDiscarded(token: Int) { armed = nil }
}
