/// Deferred callbacks: timer-target calls that take their turn in the ready queue like a job, without a task.
///
/// A kernel primitive that does work at a timer (for example a request link running a synchronous server
/// handler at the request's delivery instant) can defer the rest of that work (sending the response) so that it
/// happens exactly where a job enqueued at that moment would have run: after the jobs already ready, before the
/// jobs enqueued later. The ready queue holds a marker in the callback's place; the callbacks themselves wait in
/// their own first-in, first-out list, so the n-th marker popped runs the n-th deferred callback.
///
/// A deferred callback is not a job: it does not count as a step. Under the random policy a marker is picked
/// like any ready job. `Simulation.shutdown()` discards pending callbacks with `timerDiscarded(token:)`.
/// A callback may ask for more than one turn (`deferCall(_:token:turns:)`): after each turn but the last it goes
/// back to the end of the queue, exactly as if it had deferred itself again, without calling its target.
/// Driver thread only.
struct DeferredQueue {
    /// The callbacks in arrival order (their targets are retained through `Unmanaged`, so the ring holds only
    /// trivial values).
    private var ring = MessageRing<DeferredCallback>()

    /// Callbacks waiting.
    var count: Int { ring.count }

    /// Adds `callback` at the back. O(1) amortised.
    @inline(__always)
    mutating func append(_ callback: DeferredCallback) { ring.append(callback) }

    /// Removes and returns the front callback, or nil when empty. O(1).
    @inline(__always)
    mutating func popFirst() -> DeferredCallback? { ring.count > 0 ? ring.popFirst() : nil }

    /// Frees the storage (callbacks still queued are not released: release them first); the queue must not be
    /// used afterwards.
    mutating func deallocate() { ring.destroy() }
}

/// One deferred timer-target call; the target is retained until the call runs or is discarded.
struct DeferredCallback {
    let target: Unmanaged<TimerTarget>
    let token: Int
    /// Turns still to take in the ready queue before the call (1: the call happens at the next turn).
    var turns: Int
}

extension UnownedJob {
    /// The ready-queue entry standing for the next deferred callback (never a real job's address).
    @inline(__always)
    static var deferredMarker: UnownedJob { unsafeBitCast(UInt(1), to: UnownedJob.self) }

    /// Whether this entry is a deferred-callback marker rather than a job.
    @inline(__always)
    var isDeferredMarker: Bool { unsafeBitCast(self, to: UInt.self) == 1 }
}

extension SimulationExecutor {
    /// Calls `target.timerFired(token:)` at the current virtual instant, in the ready queue's order: after every
    /// job (and deferred callback) already ready, before anything enqueued later. Not a step. O(1) amortised.
    /// Driver thread only.
    @inline(__always)
    public func deferCall(_ target: TimerTarget, token: Int) {
        deferCall(target, token: token, turns: 1)
    }

    /// Like ``deferCall(_:token:)``, but the call happens at the callback's `turns`-th turn in the ready queue: each
    /// earlier turn puts it back at the end of the queue (as a target deferring itself again would, but without
    /// calling the target). `turns` below 1 counts as 1. Not a step. O(1) amortised. Driver thread only.
    @inline(__always)
    public func deferCall(_ target: TimerTarget, token: Int, turns: Int) {
        deferred.append(DeferredCallback(target: Unmanaged.passRetained(target), token: token, turns: turns))
        ready.append(.deferredMarker)
    }

    /// Runs the next deferred callback (its marker was just popped), or sends it round for another turn. Returns
    /// whether the target was called (false for a relay turn, which changes nothing but the queues). Kept out of
    /// line so that the driver's job loop stays small.
    @inline(never)
    @discardableResult
    func runDeferred() -> Bool {
        guard var callback = deferred.popFirst() else { return false }  // a marker always has its callback
        if callback.turns > 1 {
            callback.turns &-= 1
            deferred.append(callback)
            ready.append(.deferredMarker)
            return false
        }
        callback.target.takeUnretainedValue().timerFired(token: callback.token)
        callback.target.release()
        return true
    }

    /// Drops the next deferred callback (its marker was popped during teardown): the target is told with
    /// `timerDiscarded(token:)`.
    func discardDeferred() {
        guard let callback = deferred.popFirst() else { return }  // a marker always has its callback
        callback.target.takeUnretainedValue().timerDiscarded(token: callback.token)
        callback.target.release()
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
