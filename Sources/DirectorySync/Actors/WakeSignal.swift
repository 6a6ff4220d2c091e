import SimulationKernel

/// A parking place for service loops (IdP workers, webhook lanes) that wait for work, in virtual time.
///
/// A loop that finds nothing to do calls ``wait(until:isolation:)`` and parks. It is resumed by
/// ``signalOne()`` (work appeared: wake the longest-parked loop), ``signalAll()``, or by the single timer the
/// signal keeps armed at the earliest deadline any parked loop asked for (which wakes one loop; a loop that
/// finds work wakes the next with ``signalOne()``, so a burst of work fans out without a thundering herd).
/// A woken loop always re-checks its state machine, so a spurious wake costs one step and is harmless.
///
/// Cost: parking and waking are one continuation each (one enqueue); arming is one executor timer, and an
/// earlier deadline cancels the later one (a tombstone, no virtual-time effect). Driver thread only.
public final class WakeSignal: TimerTarget, @unchecked Sendable {
    private let executor: SimulationExecutor
    private var waiters: [UnsafeContinuation<Void, Never>] = []
    private var head = 0
    private var armed: (deadline: Int64, handle: TimerHandle)?

    /// A signal whose timer runs on `simulation`'s executor.
    public init(simulation: Simulation) {
        executor = simulation.executor
        super.init()
    }

    /// Loops parked now.
    public var waitingCount: Int { waiters.count - head }

    /// Parks the caller until a signal, or until the virtual instant `deadline` (offset from the run's start)
    /// if given. Runs on the caller's isolation.
    public func wait(until deadline: Duration?, isolation: isolated (any Actor)? = #isolation) async {
        if let deadline { arm(deadline.simulationNanoseconds) }
        await withUnsafeContinuation(isolation: isolation) { (continuation: UnsafeContinuation<Void, Never>) in
            waiters.append(continuation)
        }
    }

    /// Makes sure the timer fires no later than `deadline` (offset from the run's start), if a loop is parked
    /// or about to park. O(log timers).
    public func arm(atOrBefore deadline: Duration) { arm(deadline.simulationNanoseconds) }

    /// Wakes the longest-parked loop, if any. O(1).
    @inline(__always)
    public func signalOne() {
        guard head < waiters.count else { return }
        let waiter = waiters[head]
        head += 1
        if head == waiters.count {
            waiters.removeAll(keepingCapacity: true)
            head = 0
        }
        waiter.resume()
    }

    /// Wakes every parked loop, in the order they parked. O(parked).
    public func signalAll() {
        while head < waiters.count { signalOne() }
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
}
