/// The receiver of replies to reply-form request-link calls (`RequestLink.send(_:replyTo:tag:)`): a call that
/// does not suspend a task. Subclass it (a `final class`) and override ``received(_:tag:)`` and
/// ``failed(_:tag:)``; the `tag` given to `send` comes back with the reply, so one target can keep many calls in
/// flight (for example one per logical worker slot). It is a `TimerTarget`, so the same object may also take
/// deferred callbacks of its own (`SimulationExecutor.deferCall`).
///
/// What runs where: both methods run on the simulation's driver thread, inside a deferred callback (outside any
/// job; each reply counts as one step, as the resumed task's job would), while `SimulationExecutor.isIsolatingCurrentContext()` holds: code of an actor
/// on the simulation's executor may be entered with `assumeIsolated`. They must not suspend; they may send
/// further calls, deliver to mailboxes, schedule timers and defer callbacks.
/// `@unchecked Sendable`: only the driver thread touches a target.
open class RequestLinkReplyTarget<Response: Sendable>: TimerTarget, @unchecked Sendable {
    /// Creates a target.
    public override init() {}

    /// The first response of the call sent with `tag` arrived (see `RequestLink.send(_:replyTo:tag:)` for when
    /// this runs). Later and duplicate responses of that call are counted as late and never reach the target.
    open func received(_ response: consuming Response, tag: Int) {}

    /// The call sent with `tag` failed: `LinkError.timeout` when `requestTimeout` of virtual time passed without
    /// a response (the only error of the reply form; it is never cancelled).
    open func failed(_ error: LinkError, tag: Int) {}
}

extension RequestLink {
    /// Sends `request` without suspending: the reply goes to `target` (`received(_:tag:)` with the first
    /// response, or `failed(.timeout, tag:)` after `requestTimeout` of virtual time), with `tag` handed back.
    ///
    /// Ordering guarantee: the reply runs at exactly the turn where a task suspended in ``call(_:)`` would have
    /// resumed. At the response's delivery timer (or the timeout timer) the link defers the reply with
    /// `SimulationExecutor.deferCall` at the very moment `call` would resume its continuation, so the reply's
    /// marker takes the place in the ready queue that the task's job would take (FIFO: after every job already
    /// ready, before anything enqueued later; random policy: the marker is picked exactly like that job, so the
    /// seeded picks stay the same). Virtual time is the response's (or the timeout's) delivery instant. Counters
    /// and trace records (`link.request`, `link.timeout`, `link.late-response`, message faults) are those of
    /// ``call(_:)``; the pending-call slot is freed just before the reply runs, as `call` frees it when its
    /// caller runs. The send is not a step; the reply is one, as the resumed task's job would be.
    ///
    /// Teardown (`Simulation.shutdown()`): a call still pending when its copies' or timeout's timers are
    /// discarded is abandoned (counted as cancelled, target released, no reply); a deferred reply still waiting
    /// in the ready queue is discarded (its response freed, no reply). A call with no timer left (every copy lost
    /// on a link without `requestTimeout`) stays pending, holding `target`, as a task would stay parked.
    /// `target` is kept alive (a kernel hold, see TimerTarget+Holds.swift) until its reply runs or is discarded. O(copies + log timers). Driver thread only.
    public func send(_ request: consuming Request, replyTo target: RequestLinkReplyTarget<Response>, tag: Int) {
        let index = allocateCall()
        callCounters.calls += 1
        pending[index].awaitingReply = true
        target.takeKernelHold()
        pending[index].replyTarget = Unmanaged.passUnretained(target).toOpaque()
        pending[index].replyTag = tag
        launch(index, request: request)
    }

    /// Defers the reply of the reply-form call `index` (just closed) carrying `outcome` (a response slot, or
    /// `RequestLink.timedOut`) to the ready queue's next free turn. Inlined into the response and timeout paths.
    @inline(__always)
    func deferReply(_ index: Int, outcome: Int) {
        pending[index].replyOutcome = outcome
        executor.deferCall(self, token: index << 3 | TokenKind.reply.rawValue)
    }

    /// The deferred reply of call `index` takes its turn: frees the call slot, then hands the response (or the
    /// timeout) to the target, as code isolated to the executor.
    func deliverReply(_ index: Int) {
        guard index < pending.count, let raw = pending[index].replyTarget else { return }
        let tag = pending[index].replyTag
        let outcome = pending[index].replyOutcome
        pending[index].replyTarget = nil
        freeCall(index)
        // The call's kernel hold keeps the target alive until the reply is over: no retain and release around it.
        // The response is taken inside the closure, so that it moves into `received(_:tag:)` (a captured value
        // would be copied). `withIsolatedCallback` spelled out: in unspecialised code its closure is a call too.
        let target = Unmanaged<RequestLinkReplyTarget<Response>>.fromOpaque(raw)
        let executor = self.executor
        executor.runDepth &+= 1
        if outcome >= 0 {
            target._withUnsafeGuaranteedRef { $0.received(self.responses.take(outcome), tag: tag) }
        } else {
            target._withUnsafeGuaranteedRef { $0.failed(.timeout, tag: tag) }
        }
        executor.runDepth &-= 1
        Unmanaged<TimerTarget>.fromOpaque(raw).dropKernelHold()
    }

    /// A deferred reply discarded by the teardown: frees the response and the slot, releases the target.
    func discardReply(_ index: Int) {
        guard index < pending.count, let raw = pending[index].replyTarget else { return }
        let outcome = pending[index].replyOutcome
        pending[index].replyTarget = nil
        freeCall(index)
        if outcome >= 0 { responses.discard(outcome) }
        Unmanaged<TimerTarget>.fromOpaque(raw).dropKernelHold()
    }

    /// The teardown discarded a timer of the call `route` names: if that reply-form call is still pending, it is
    /// abandoned (counted as cancelled, like a cancelled waiting task; no reply; slot freed; target released).
    func abandonReply(_ route: CallRoute) {
        let index = route.call
        guard index < pending.count, pending[index].generation == route.generation, pending[index].awaitingReply,
            let raw = pending[index].replyTarget
        else { return }
        if let timeout = pending[index].timeout { executor.cancel(timeout) }
        callCounters.cancelled += 1
        close(index)
        pending[index].replyTarget = nil
        freeCall(index)
        Unmanaged<TimerTarget>.fromOpaque(raw).dropKernelHold()
    }
}
