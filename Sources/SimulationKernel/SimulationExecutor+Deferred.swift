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
/// Driver thread only.
typealias DeferredQueue = FIFOQueue<DeferredCallback>

/// One deferred timer-target call; the target is retained until the call runs or is discarded.
struct DeferredCallback {
    let target: Unmanaged<TimerTarget>
    let token: Int
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
        deferred.append(DeferredCallback(target: Unmanaged.passRetained(target), token: token))
        ready.append(.deferredMarker)
    }

    /// Runs the next deferred callback (its marker was just popped). Kept out of line so that the driver's job
    /// loop stays small.
    @inline(never)
    func runDeferred() {
        guard let callback = deferred.popFirst() else { return }  // a marker always has its callback
        callback.target.takeUnretainedValue().timerFired(token: callback.token)
        callback.target.release()
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
