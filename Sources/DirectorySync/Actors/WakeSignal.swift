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
///
/// Callback loops: a loop written as callbacks instead of a task (the IdP's worker slots) parks with
/// ``park(_:token:until:)``; a signal then wakes it with `SimulationExecutor.deferCall`, whose marker takes the
/// ready-queue turn a woken task's job would take, in the same first-parked, first-woken order. A signal
/// serves parked tasks before parked callbacks: use one kind of waiter per signal to keep a single order.
/// Parked callbacks are not ended by the teardown (nothing wakes them once the run is over).
public final class WakeSignal: TimerTarget, @unchecked Sendable {
    private let executor: SimulationExecutor
    private let parked = Mailbox<Bool>()
    @exclusivity(unchecked) private var armed: (deadline: Int64, handle: TimerHandle)?
    /// Parked callbacks in parking order from `callbackHead` on (targets unretained: their owner keeps them).
    @exclusivity(unchecked) private var callbacks: [(target: Unmanaged<TimerTarget>, token: Int)] = []
    @exclusivity(unchecked) private var callbackHead = 0

    /// A signal whose timer runs on `simulation`'s executor.
    public init(simulation: Simulation) {
        executor = simulation.executor
        super.init()
    }

    /// Loops parked now (tasks and callbacks).
    public var waitingCount: Int {
        @inline(__always) get { parked.waitingReceivers &+ (callbacks.count &- callbackHead) }
    }

    /// Parks the caller until a signal, or until the virtual instant `deadline` (offset from the run's start)
    /// if given. Runs on the caller's isolation.
    /// - Throws: `CancellationError` when the task is cancelled (the simulation's teardown); the caller should
    ///   return without touching its state machine.
    nonisolated(nonsending) public func wait(until deadline: Duration?) async throws(CancellationError) {
        if let deadline { arm(deadline.simulationNanoseconds) }
        _ = try await parked.receive()
    }

    /// Parks a callback loop: the next signal that reaches it calls `target.timerFired(token: token)` through
    /// `SimulationExecutor.deferCall` (at the ready-queue turn a parked task woken then would take). Arms the
    /// timer for `deadline` (offset from the run's start) if given, as ``wait(until:)`` does. `target` is not
    /// retained while parked (its owner must keep it alive); it is retained once its wake-up is deferred.
    /// O(1) amortised (plus O(log timers) to arm).
    public func park(_ target: TimerTarget, token: Int, until deadline: Duration?) {
        if let deadline { arm(deadline.simulationNanoseconds) }
        callbacks.append((Unmanaged.passUnretained(target), token))
    }

    /// Makes sure the timer fires no later than `deadline` (offset from the run's start). O(log timers).
    public func arm(atOrBefore deadline: Duration) { arm(deadline.simulationNanoseconds) }

    /// Wakes the longest-parked loop, if any (a parked task first, else a parked callback). O(1).
    @inline(__always)
    public func signalOne() {
        if parked.waitingReceivers > 0 {
            parked.deliver(true)
        } else if callbackHead < callbacks.count {
            wakeCallback()
        }
    }

    /// Wakes every parked loop, in the order they parked (tasks, then callbacks). O(parked).
    public func signalAll() {
        var n = parked.waitingReceivers
        while n > 0 {
            parked.deliver(true)
            n -= 1
        }
        n = callbacks.count &- callbackHead
        while n > 0 {
            wakeCallback()
            n -= 1
        }
    }

    /// Defers the call of the longest-parked callback (there is one).
    private func wakeCallback() {
        let parkedCallback = callbacks[callbackHead]
        callbackHead &+= 1
        if callbackHead == callbacks.count {
            callbacks.removeAll(keepingCapacity: true)
            callbackHead = 0
        } else if callbackHead >= 64 {
            callbacks.removeFirst(callbackHead)
            callbackHead = 0
        }
        executor.deferCall(parkedCallback.target.takeUnretainedValue(), token: parkedCallback.token)
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
