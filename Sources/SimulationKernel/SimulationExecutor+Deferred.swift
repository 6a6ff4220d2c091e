/// Deferred callbacks: timer-target calls that take their turn in the ready queue like a job, without a task.
///
/// A kernel primitive that does work at a timer (for example a request link running a synchronous server
/// handler at the request's delivery instant) can defer the rest of that work (sending the response) so that it
/// happens exactly where a job enqueued at that moment would have run: after the jobs already ready, before the
/// jobs enqueued later. The ready queue holds a marker in the callback's place; the marker names the callback's
/// slot in a table, so whichever marker the scheduler picks (FIFO: the oldest; random policy: a seeded pick among
/// all ready entries) runs its own callback, exactly as picking the job it stands for would run that job.
///
/// A deferred callback is not a job, but the turn that calls it counts as a step (it is one unit of scheduled work,
/// the one the job it stands for would have been; a relay turn that only sends a callback round again is not a
/// step), so `maxSteps` limits and progress reports keep their meaning when work runs as callbacks. Under the
/// random policy a marker is picked like any ready job. `Simulation.shutdown()` discards pending callbacks with `timerDiscarded(token:)`.
/// A callback may ask for more than one turn (`deferCall(_:token:turns:)`): after each turn but the last it goes
/// back to the end of the queue, exactly as if it had deferred itself again, without calling its target.
/// Driver thread only.
struct DeferredQueue {
    /// The callbacks by slot (a slot is live while its marker is in the ready queue). Targets are kept alive by
    /// kernel holds through `Unmanaged`, so the slab holds only trivial values.
    private var slots = PayloadSlab<DeferredCallback>()

    /// Callbacks waiting.
    var count: Int { slots.count }

    /// Stores `callback` and returns its slot (the most recently freed one, else a new one). O(1) amortised.
    @inline(__always)
    mutating func insert(_ callback: DeferredCallback) -> Int { slots.insert(callback) }

    /// The callback in `index` (live).
    @inline(__always)
    subscript(index: Int) -> DeferredCallback {
        get { slots.peek(index) }
        nonmutating set { slots.update(index, to: newValue) }
    }

    /// Frees slot `index` (live). O(1).
    @inline(__always)
    mutating func free(_ index: Int) { _ = slots.take(index) }

    /// Releases the targets of every live callback and frees the storage; the queue must not be used afterwards.
    mutating func deallocate() {
        slots.forEachStoredIndex { slots.peek($0).target.dropKernelHold() }
        slots.destroy()
    }
}

/// One deferred timer-target call; the target is held (a kernel hold) until the call runs or is discarded.
struct DeferredCallback {
    let target: Unmanaged<TimerTarget>
    let token: Int
    /// Turns still to take in the ready queue before the call (1: the call happens at the next turn).
    var turns: Int
}

extension UnownedJob {
    /// The ready-queue entry standing for the deferred callback in `slot` (an odd value: never a real job's
    /// address, which is aligned).
    @inline(__always)
    static func deferredMarker(slot: Int) -> UnownedJob { unsafeBitCast(UInt(slot) << 1 | 1, to: UnownedJob.self) }

    /// Whether this entry is a deferred-callback marker rather than a job.
    @inline(__always)
    var isDeferredMarker: Bool { unsafeBitCast(self, to: UInt.self) & 1 == 1 }

    /// The deferred-callback slot a marker names.
    @inline(__always)
    var deferredSlot: Int { Int(unsafeBitCast(self, to: UInt.self) >> 1) }
}

extension SimulationExecutor {
    /// Calls `target.timerFired(token:)` at the current virtual instant, in the ready queue's order: after every
    /// job (and deferred callback) already ready, before anything enqueued later. The call is a step; a relay turn is not. O(1) amortised.
    /// Driver thread only.
    @inline(__always)
    public func deferCall(_ target: TimerTarget, token: Int) {
        deferCall(target, token: token, turns: 1)
    }

    /// Like ``deferCall(_:token:)``, but the call happens at the callback's `turns`-th turn in the ready queue: each
    /// earlier turn puts it back at the end of the queue (as a target deferring itself again would, but without
    /// calling the target). `turns` below 1 counts as 1. The call is a step; a relay turn is not. O(1) amortised.
    /// Driver thread only.
    @inline(__always)
    public func deferCall(_ target: TimerTarget, token: Int, turns: Int) {
        target.takeKernelHold()
        let slot = deferred.insert(
            DeferredCallback(target: Unmanaged.passUnretained(target), token: token, turns: turns))
        ready.append(.deferredMarker(slot: slot))
    }

    /// Runs the deferred callback `marker` names (the marker was just popped), or sends it round for another turn
    /// (the same slot, a new marker at the end of the queue). Returns whether the target was called (false for a
    /// relay turn, which changes nothing but the queues). Under FIFO, when the queue is otherwise empty, the
    /// remaining relay turns are skipped: each would pop the lone marker straight back, so the call happens at the
    /// same place in the order. Kept out of line so that the driver's job loop stays small.
    @inline(never)
    @discardableResult
    func runDeferred(_ marker: UnownedJob) -> Bool {
        let slot = marker.deferredSlot
        let callback = deferred[slot]
        // Under FIFO, a marker alone in the queue (no foreign job coming in) would only be popped again at once by
        // each remaining relay turn, with no stop check or step in between: the call happens now.
        if callback.turns > 1,
            ready.count > 0 || policy != .fifo || foreignPending.load(ordering: .relaxed) != 0
        {
            deferred[slot].turns = callback.turns &- 1
            ready.append(marker)
            return false
        }
        deferred.free(slot)
        // The callback's hold keeps the target alive until the call is over: no retain and release around it.
        callback.target._withUnsafeGuaranteedRef { $0.timerFired(token: callback.token) }
        callback.target.dropKernelHold()
        return true
    }

    /// Drops the deferred callback `marker` names (the marker was popped during teardown): the target is told with
    /// `timerDiscarded(token:)`.
    func discardDeferred(_ marker: UnownedJob) {
        let slot = marker.deferredSlot
        let callback = deferred[slot]
        deferred.free(slot)
        callback.target._withUnsafeGuaranteedRef { $0.timerDiscarded(token: callback.token) }
        callback.target.dropKernelHold()
    }

    /// Runs `body` as code isolated to this executor outside any job (from a timer callback): while it runs,
    /// `isIsolatingCurrentContext()` holds, so `assumeIsolated` and isolation checks of the simulated actors
    /// succeed. Driver thread only.
    @inline(__always)
    func withIsolatedCallback<T>(_ body: () -> T) -> T {
        runDepth &+= 1
        defer { runDepth &-= 1 }
        return body()
    }
}
