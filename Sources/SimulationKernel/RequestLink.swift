/// A request/response channel between a client and a server actor inside one simulation.
///
/// `call` sends the request over the forward direction (latency, loss, duplication, reordering, partitions as in
/// `Link`), the server's handler runs isolated to the server actor in a pooled worker task per delivered copy (a
/// server handles requests concurrently, interleaving at its suspension points), and the response travels back over the
/// reverse direction with its own faults. The call returns the first response to arrive, or throws
/// `LinkError.timeout` when `requestTimeout` of virtual time passes first, or `LinkError.cancelled` when the
/// calling task is cancelled. Late and duplicate responses are counted and traced, then dropped.
/// `send(_:replyTo:tag:)` (RequestLink+Reply.swift) is the same call without a task: the reply goes to a
/// `RequestLinkReplyTarget` at the ready-queue turn where the suspended caller would have resumed.
///
/// Random streams: `"link:<name>"` (requests) and `"link:<name>.response"` (responses). Driver thread only.
public final class RequestLink<Request: Sendable, Response: Sendable>: TimerTarget, CancellableWait,
    @unchecked Sendable
{
    // Mutable state is `@exclusivity(unchecked)`: only the driver thread touches it, one access at a time, so the
    // dynamic exclusivity checks of class properties would only cost time.
    /// The link's name.
    public let name: String
    let executor: SimulationExecutor
    private let trace: TraceRecorder
    @exclusivity(unchecked) private var forward: LinkFaults
    @exclusivity(unchecked) private var reverse: LinkFaults
    let handler: @Sendable (Request) async -> Response
    /// The synchronous handler run at a request's delivery instant (FIFO policy only; see
    /// RequestLink+Immediate.swift), or nil when requests go to server worker tasks. In place: it moves the request
    /// out of the first address (before anything else) and initialises the second with the response.
    let immediate: ImmediateHandler?
    /// `requestTimeout` in nanoseconds, if any.
    private let timeoutNanoseconds: Int64?
    /// Timer lanes of the request and response copies (TimerLanes.swift): a direction delivers in order unless it
    /// reorders, so its delivery timers mostly skip the heap.
    private let requestLane: UInt64
    private let responseLane: UInt64
    // Generic payloads live in slabs; everything else is non-generic (see PayloadSlab for why).
    @exclusivity(unchecked) var pending = SlotBuffer<PendingCallSlot>()
    /// The most recently freed pending-call slot (-1: none); free slots chain through `PendingCallSlot.nextFree`.
    @exclusivity(unchecked) var freeCallHead = -1
    @exclusivity(unchecked) var requests = PayloadSlab<Request>()
    @exclusivity(unchecked) private var requestRoutes = SlotBuffer<CallRoute>()
    @exclusivity(unchecked) var responses = PayloadSlab<Response>()
    @exclusivity(unchecked) var responseRoutes = SlotBuffer<CallRoute>()
    @exclusivity(unchecked) var callCounters = LinkCounters()
    /// Server worker pool (see RequestLink+Workers.swift).
    @exclusivity(unchecked) var backlog = FIFOQueue<ServerJob>()
    @exclusivity(unchecked) var idleWorkers = WaitQueue()
    @exclusivity(unchecked) var handedJobs = PayloadSlab<ServerJob>()
    /// Server worker tasks started so far (the most requests ever handled at once).
    @exclusivity(unchecked) public internal(set) var workerCount = 0

    /// What a waiting caller is resumed with: a response slot (>= 0), or one of these codes.
    static var timedOut: Int { -1 }
    static var cancelledCode: Int { -2 }

    /// The kind of a timer or deferred-callback token (its low 3 bits); a non-generic type, so that building and
    /// decoding tokens in unspecialised code needs no type metadata.
    typealias TokenKind = RequestLinkTokenKind

    /// A request link named `name` whose requests are handled by `handler`, isolated to `server`, in pooled server
    /// worker tasks (a handler may suspend; see RequestLink+Workers.swift).
    public convenience init<Server: Actor>(
        _ name: String, simulation: Simulation, configuration: LinkConfiguration = .init(), server: Server,
        handler: @escaping @Sendable (isolated Server, Request) async -> Response
    ) {
        self.init(
            name, simulation: simulation, configuration: configuration,
            handler: { request in await handler(server, request) }, immediate: nil)
    }

    /// A synchronous handler working in place (see `immediate`).
    @usableFromInline typealias ImmediateHandler =
        @Sendable (UnsafeMutablePointer<Request>, UnsafeMutablePointer<Response>) -> Void

    @usableFromInline
    init(
        _ name: String, simulation: Simulation, configuration: LinkConfiguration,
        handler: @escaping @Sendable (Request) async -> Response, immediate: ImmediateHandler?
    ) {
        self.name = name
        executor = simulation.executor
        trace = simulation.trace
        let party = TraceParty("link:" + name)
        forward = LinkFaults(
            configuration: configuration, random: simulation.randomStream("link:" + name), party: party)
        reverse = LinkFaults(
            configuration: configuration, random: simulation.randomStream("link:" + name + ".response"),
            party: party)
        self.handler = handler
        self.immediate = immediate
        timeoutNanoseconds = configuration.requestTimeout?.simulationNanoseconds
        requestLane = executor.makeTimerLane()
        responseLane = executor.makeTimerLane()
        super.init()
    }

    deinit {
        requests.destroy()
        responses.destroy()
        handedJobs.destroy()
        pending.destroy()
        requestRoutes.destroy()
        responseRoutes.destroy()
    }

    /// The configuration (both directions).
    public var configuration: LinkConfiguration { forward.configuration }

    /// Counters: message fields (sent, delivered, lost, ...) add up both directions; call fields are the calls'.
    public var counters: LinkCounters {
        var total = callCounters
        for part in [forward.counters, reverse.counters] {
            total.sent += part.sent
            total.delivered += part.delivered
            total.lost += part.lost
            total.duplicated += part.duplicated
            total.reordered += part.reordered
            total.partitionDropped += part.partitionDropped
        }
        return total
    }

    /// Counters of the request direction only.
    public var requestCounters: LinkCounters { forward.counters }

    /// Counters of the response direction only.
    public var responseCounters: LinkCounters { reverse.counters }

    func start(_ index: Int, request: Request, continuation: UnsafeContinuation<Int, Never>) {
        pending[index].continuation = continuation
        launch(index, request: request)
    }

    /// Sends the request of pending call `index` (its waiter already recorded): arms the timeout, plans the
    /// copies and schedules their deliveries (the request moves into the first copy's slot; a duplicate is a
    /// copy).
    @inline(__always)
    func launch(_ index: Int, request: consuming Request) {
        let generation = pending[index].generation
        let number = callCounters.calls
        pending[index].number = number
        if let timeoutNanoseconds {
            pending[index].timeout = executor.schedule(
                atNanoseconds: executor.nowNanoseconds &+ timeoutNanoseconds, target: self,
                token: index << 3 | TokenKind.timeout.rawValue)
        }
        forward.counters.sent += 1
        if forward.configuration.traceMessages { recordMessage(party: forward.party, request: true, call: number) }
        let plan = forward.plan(now: executor.nowNanoseconds, message: number, trace: trace)
        guard plan.count > 0 else { return }
        let route = CallRoute(call: index, generation: generation, number: number)
        // Each slot's route is set right after the slot is taken (`SlotBuffer.set` appends at its end).
        var second = -1
        if plan.count > 1 {
            second = requests.insert(copy request)
            requestRoutes.set(second, route)
        }
        let first = requests.insert(request)
        requestRoutes.set(first, route)
        executor.schedule(
            atNanoseconds: plan.first, target: self, token: first << 3 | TokenKind.request.rawValue, lane: requestLane)
        if second >= 0 {
            executor.schedule(
                atNanoseconds: plan.second, target: self, token: second << 3 | TokenKind.request.rawValue,
                lane: requestLane)
        }
    }

    /// Executor callback: a request copy arrives, a response copy arrives, or a call times out. A dispatcher
    /// without a frame of its own: each kind is a tail call (a deferred reply or response, the most frequent,
    /// would otherwise pay the frame the rare trace-recording paths need).
    public override func timerFired(token: Int) {
        let slot = token >> 3
        switch TokenKind(rawValue: token & 7) {
        case .request: requestArrived(slot)
        case .response: responseArrived(slot)
        case .respond: respondNow(slot)
        case .timeout: timedOut(slot)
        case .reply: deliverReply(slot)
        case nil: return
        }
    }

    /// The request copy in `slot` arrives: handled now (synchronous handler) or handed to a server worker.
    @inline(never)
    private func requestArrived(_ slot: Int) {
        guard requests.contains(slot) else { return }
        let route = requestRoutes[slot]
        if forward.dropAtDelivery(now: executor.nowNanoseconds, message: route.number, trace: trace) {
            requests.discard(slot)
            return
        }
        forward.counters.delivered += 1
        callCounters.handled += 1
        if immediate != nil {
            handleNow(slot, route: route)
            return
        }
        dispatch(ServerJob(call: route.call, generation: route.generation, number: route.number, slot: slot))
    }

    /// The response copy in `slot` arrives: the first one ends its call, later ones are late.
    @inline(never)
    private func responseArrived(_ slot: Int) {
        guard responses.contains(slot) else { return }
        let route = responseRoutes[slot]
        if reverse.dropAtDelivery(now: executor.nowNanoseconds, message: route.number, trace: trace) {
            responses.discard(slot)
            return
        }
        reverse.counters.delivered += 1
        let live = route.call < pending.count && pending[route.call].generation == route.generation
        guard live, pending[route.call].continuation != nil || pending[route.call].awaitingReply else {
            lateResponse(slot)
            return
        }
        if let timeout = pending[route.call].timeout { executor.cancel(timeout) }
        callCounters.completed += 1
        finish(route.call, outcome: slot)
    }

    /// The response copy in `slot` arrived after its call ended: counted, traced and freed. Out of line, so that
    /// the on-time path stays small.
    @inline(never)
    private func lateResponse(_ slot: Int) {
        responses.discard(slot)
        callCounters.lateResponses += 1
        trace.record(party: reverse.party, kind: "link.late-response")
    }

    /// The deferred response of a synchronous handler in `slot` leaves now (RequestLink+Immediate.swift).
    @inline(never)
    private func respondNow(_ slot: Int) {
        guard responses.contains(slot) else { return }
        send(response: slot, route: responseRoutes[slot])
    }

    /// The timeout of pending call `slot` fires: a call still waiting ends with `LinkError.timeout`.
    @inline(never)
    private func timedOut(_ slot: Int) {
        guard slot < pending.count, pending[slot].continuation != nil || pending[slot].awaitingReply else {
            return
        }
        callCounters.timeouts += 1
        trace.record(party: forward.party, kind: "link.timeout", .int("call", pending[slot].number))
        pending[slot].timeout = nil
        finish(slot, outcome: RequestLink.timedOut)
    }

    func respond(call: Int, generation: UInt32, number: Int, response: Response) {
        send(response: responses.insert(response), route: CallRoute(call: call, generation: generation, number: number))
    }

    /// Sends the response stored in `slot` back over the reverse direction: zero copies (lost), one, or two
    /// (duplicated; the copy is stored in a slot of its own), each delivered by a timer.
    @inline(__always)
    func send(response slot: Int, route: CallRoute) {
        reverse.counters.sent += 1
        if reverse.configuration.traceMessages {
            recordMessage(party: reverse.party, request: false, call: route.number)
        }
        let plan = reverse.plan(now: executor.nowNanoseconds, message: route.number, trace: trace)
        guard plan.count > 0 else {
            responses.discard(slot)
            return
        }
        let copy = plan.count > 1 ? responses.insert(responses.peek(slot)) : -1
        responseRoutes.set(slot, route)
        executor.schedule(
            atNanoseconds: plan.first, target: self, token: slot << 3 | TokenKind.response.rawValue,
            lane: responseLane)
        if copy >= 0 {
            responseRoutes.set(copy, route)
            executor.schedule(
                atNanoseconds: plan.second, target: self, token: copy << 3 | TokenKind.response.rawValue,
                lane: responseLane)
        }
    }

    /// Records a `link.request` (`request`) or `link.response` trace record for call `number`. Out of line, so
    /// that the message paths stay small enough for the optimiser to inline their timer scheduling.
    @inline(never)
    private func recordMessage(party: TraceParty, request: Bool, call number: Int) {
        if request {
            trace.record(party: party, kind: "link.request", .int("call", number))
        } else {
            trace.record(party: party, kind: "link.response", .int("call", number))
        }
    }

    /// `CancellableWait`: ends the pending call `token` with `LinkError.cancelled` if it is still pending; a
    /// negative token is an idle server worker (`-1 - slot`), which is resumed to exit.
    public func cancelWait(token: Int, generation: UInt32) {
        if token < 0 {
            idleWorkers.remove(slot: -1 - token, generation: generation)?.resume(returning: WaitQueue.cancelled)
        } else {
            cancelCall(token, generation: generation)
        }
    }

    /// Executor callback during `Simulation.shutdown()`: a copy in flight will never arrive; free its payload.
    /// A reply-form call the discarded copy belongs to is abandoned (see RequestLink+Reply.swift).
    public override func timerDiscarded(token: Int) {
        let slot = token >> 3
        switch TokenKind(rawValue: token & 7) {
        case .request:
            guard requests.contains(slot) else { return }
            requests.discard(slot)
            abandonReply(requestRoutes[slot])
        case .response, .respond:
            guard responses.contains(slot) else { return }
            responses.discard(slot)
            abandonReply(responseRoutes[slot])
        case .timeout:
            guard slot < pending.count else { return }
            abandonReply(CallRoute(call: slot, generation: pending[slot].generation, number: pending[slot].number))
        case .reply: discardReply(slot)
        case nil: return
        }
    }

    /// Ends pending call `index` with `outcome` (a response slot, or `RequestLink.timedOut`): a suspended caller
    /// is resumed (its task's job goes to the end of the ready queue); a reply-form call's reply is deferred to
    /// that same place in the ready queue (`SimulationExecutor.deferCall`).
    @inline(__always)
    private func finish(_ index: Int, outcome: Int) {
        if let continuation = pending[index].continuation {
            close(index)
            continuation.resume(returning: outcome)
        } else {
            close(index)
            deferReply(index, outcome: outcome)
        }
    }

    func cancelCall(_ index: Int, generation: UInt32) {
        guard currentThreadID() == executor.ownerThread.load(ordering: .relaxed) else {
            executor.recordForeignCancellation()
            return
        }
        guard index < pending.count, pending[index].generation == generation,
            let continuation = pending[index].continuation
        else { return }
        if let timeout = pending[index].timeout { executor.cancel(timeout) }
        callCounters.cancelled += 1
        trace.record(party: forward.party, kind: "link.cancelled", .int("call", pending[index].number))
        close(index)
        continuation.resume(returning: RequestLink.cancelledCode)
    }

    /// Ends a pending call: later responses for it are late. The slot is reused only after the caller has run
    /// (or, for a reply-form call, after its reply handler has).
    func close(_ index: Int) {
        pending[index].generation &+= 1
        pending[index].continuation = nil
        pending[index].timeout = nil
        pending[index].awaitingReply = false
    }
}
