import SimulationKernel

/// The broker's webhook delivery lanes, driven by callbacks instead of tasks: each lane slot does what a lane loop
/// does (take the next dispatch from its endpoint's mailbox, POST it to the organization over the endpoint's
/// link, hand the outcome to the state machine, pump the dispatcher, take the next), but waiting for a dispatch is
/// a callback receiver parked on the mailbox (`Mailbox.receive(orPark:tag:)`, the slot as tag) and the POST is a
/// reply-form call (`RequestLink.send(_:replyTo:tag:)`), so no task suspends.
///
/// Ordering: every point where a lane task would be made ready (its start, the dispatch handed to it, its call's
/// response or timeout) is a deferred callback made at that same moment, and the code run at that turn is the
/// code the task would run until its next suspension; so the trace is the lane tasks' (FIFO and random policy).
///
/// Owned by ``DirectorySyncBroker``, whose dispatcher pump it runs (``pump()``). Driver thread only
/// (`@unchecked Sendable`); its methods run in deferred callbacks, between the simulation's jobs.
final class WebhookLanes: MailboxReceiver<WebhookLaneDispatch>, @unchecked Sendable {
    /// One lane slot: its endpoint's mailbox and links, and the dispatch it is delivering.
    private struct Lane {
        /// Unmanaged: ``WebhookLanes/mailboxes`` keeps it alive as long as the lanes (no reference count per use).
        let mailbox: Unmanaged<Mailbox<WebhookLaneDispatch>>
        /// The owning links (``links`` reads them unmanaged).
        let links: LinkPair<WebhookDelivery, Int>
        /// ``LinkPair/faulty`` and ``LinkPair/reliable`` of ``links``, unmanaged (no reference count per POST),
        /// and its heal time in nanoseconds.
        let faulty: Unmanaged<RequestLink<WebhookDelivery, Int>>?
        let reliable: Unmanaged<RequestLink<WebhookDelivery, Int>>
        let healNanoseconds: Int64

        init(mailbox: Unmanaged<Mailbox<WebhookLaneDispatch>>, links: LinkPair<WebhookDelivery, Int>) {
            self.mailbox = mailbox
            self.links = links
            faulty = links.faulty.map { Unmanaged.passUnretained($0) }
            reliable = Unmanaged.passUnretained(links.reliable)
            healNanoseconds = links.heal.simulationNanoseconds
        }

        /// ``LinkPair/link(atNanoseconds:)`` of ``links``, unretained.
        @inline(__always)
        func link(atNanoseconds now: Int64) -> Unmanaged<RequestLink<WebhookDelivery, Int>> {
            if let faulty, now < healNanoseconds { return faulty }
            return reliable
        }
        var deliveryID = WebhookDeliveryID(rawValue: 0)
        var attempt = 0
    }

    private let simulation: Simulation
    private let box: StateBox<DirectorySyncBrokerState>
    /// The broker's webhook ticker, armed for the state machine's next due time after each pump.
    private let ticker: WakeSignal
    private let party = TraceParty("broker")
    @exclusivity(unchecked) private var lanes: [Lane] = []
    /// For each of the state machine's endpoints (``WebhookDispatch/endpointIndex``), the mailbox its lanes read,
    /// or `nil` when it has none.
    /// Unowned: ``mailboxes`` keeps every mailbox alive as long as the lanes (no reference count per dispatch).
    @exclusivity(unchecked) private var mailboxOfEndpoint: [Unmanaged<Mailbox<WebhookLaneDispatch>>?] = []
    /// Every mailbox made by ``add(endpoint:links:count:)``: the owning references.
    @exclusivity(unchecked) private var mailboxes: [Mailbox<WebhookLaneDispatch>] = []
    /// The reply target of the lanes' POSTs (a separate object: a class has one superclass).
    private let replies = WebhookLaneReplies()

    init(simulation: Simulation, box: StateBox<DirectorySyncBrokerState>, ticker: WakeSignal) {
        self.simulation = simulation
        self.box = box
        self.ticker = ticker
        super.init(simulation: simulation)
        replies.lanes = Unmanaged.passUnretained(self)
    }

    /// A POST still pending on a link holds ``replies`` (not the lanes): its answer, arriving after the lanes are
    /// gone (a broker released mid-run), must find no lanes instead of a dangling reference.
    deinit { replies.lanes = nil }

    /// Adds `count` lanes reading a new mailbox and posting over `links`, fed with the dispatches of the state
    /// machine's endpoint `endpoint` (`nil`: an endpoint the state machine does not know, whose lanes never get a
    /// dispatch); a later call for the same endpoint takes its dispatches over. Each lane takes its first turn
    /// where a lane task spawned now would first run its loop (``spawnedLoopStartTurns``).
    func add(endpoint: Int?, links: LinkPair<WebhookDelivery, Int>, count: Int) {
        let mailbox = Mailbox<WebhookLaneDispatch>()
        mailboxes.append(mailbox)
        if let e = endpoint {
            if mailboxOfEndpoint.count <= e {
                mailboxOfEndpoint += repeatElement(nil, count: e + 1 - mailboxOfEndpoint.count)
            }
            mailboxOfEndpoint[e] = Unmanaged.passUnretained(mailbox)
        }
        for _ in 0..<count {
            let slot = lanes.count
            lanes.append(Lane(mailbox: Unmanaged.passUnretained(mailbox), links: links))
            executor.deferCall(self, token: slot, turns: spawnedLoopStartTurns)
        }
    }

    /// Hands every dispatch the state machine has due now to its endpoint's lanes (dropping those of an endpoint
    /// without lanes), then arms the ticker for the next due time: ``DirectorySyncBroker``'s pump, run here
    /// without an actor hop or closure thunk (sound: lanes run on the driver thread between jobs, isolated to
    /// the broker's executor). O(dispatches + log n).
    func pump() {
        let now = Duration.nanoseconds(executor.virtualNanoseconds)
        box.state.startDueWebhookDeliveries(now: now)
        var cursor = 0
        while let dispatch = box.state.nextLaneDispatch(now: now, endpoint: &cursor) {
            let e = dispatch.endpoint
            guard e < mailboxOfEndpoint.count, let mailbox = mailboxOfEndpoint[e] else { continue }
            box.state.laneDispatchQueued(dispatch.delivery)
            mailbox._withUnsafeGuaranteedRef { $0.deliver(dispatch) }
        }
        if let next = box.state.nextWebhookWakeTime() { ticker.arm(atOrBefore: next) }
    }

    /// A lane's first turn (token: the slot).
    override func timerFired(token: Int) {
        takeNext(token)
    }

    /// The top of the lane loop: deliver the oldest buffered dispatch now, or park until one is handed over.
    private func takeNext(_ slot: Int) {
        guard let dispatch = lanes[slot].mailbox._withUnsafeGuaranteedRef({ $0.receive(orPark: self, tag: slot) })
        else { return }
        deliver(dispatch, slot: slot)
    }

    /// A dispatch handed to the parked lane `tag`.
    override func received(_ dispatch: consuming WebhookLaneDispatch, tag: Int) {
        deliver(dispatch, slot: tag)
    }

    /// Records and posts `dispatch` over the link current now (the body: the delivery's payload, taken from the
    /// state machine's record, or the raw body in bytes mode); the outcome comes back to this slot.
    private func deliver(_ dispatch: consuming WebhookLaneDispatch, slot: Int) {
        let (payload, sequence) = box.state.takeLaneDispatch(dispatch.delivery)
        let id = WebhookDeliveryID(rawValue: dispatch.delivery)
        let attempt = dispatch.attempt
        simulation.record(party: party, kind: "deliver", .int("event", Int(sequence)), .int("attempt", attempt))
        lanes[slot].deliveryID = id
        lanes[slot].attempt = attempt
        // The lane's links are owned by `lanes[slot].links` for the lanes' lifetime.
        let link = lanes[slot].link(atNanoseconds: executor.virtualNanoseconds)
        if let rawBody = dispatch.rawBody {
            let content = WebhookContent.bytes(rawBody, signatureHeader: dispatch.signature.text)
            link._withUnsafeGuaranteedRef {
                $0.send(
                    WebhookDelivery(
                        dispatch: id, attempt: attempt, content: consume content, eventSequence: sequence,
                        forged: false),
                    replyTo: replies, tag: slot)
            }
        } else if let payload {
            link._withUnsafeGuaranteedRef {
                $0.send(
                    WebhookDelivery(
                        dispatch: id, attempt: attempt, content: .event(consume payload, signature: dispatch.signature),
                        eventSequence: sequence, forged: false),
                    replyTo: replies, tag: slot)
            }
        } else {
            // Never: a queued dispatch keeps its delivery's payload until taken. Answered as a transport failure.
            finish(slot, status: -1)
        }
    }

    /// The POST of lane `slot` ended (`status`, or -1 for a transport failure): record it, hand the outcome to the
    /// state machine, pump the dispatcher, take the next dispatch.
    fileprivate func finish(_ slot: Int, status: Int) {
        simulation.record(party: party, kind: "delivered", .int("status", status))
        let outcome: WebhookAttemptOutcome = status >= 0 ? .response(status: status) : .transportFailure
        box.state.recordWebhookOutcome(
            lanes[slot].deliveryID, attempt: lanes[slot].attempt, outcome: outcome,
            now: .nanoseconds(executor.virtualNanoseconds))
        pump()
        takeNext(slot)
    }
}

/// The reply target of the webhook lanes' POSTs: forwards each outcome to its lane.
final class WebhookLaneReplies: RequestLinkReplyTarget<Int>, @unchecked Sendable {
    /// The lanes, which own this object (unmanaged: no reference count per reply).
    fileprivate var lanes: Unmanaged<WebhookLanes>?

    override func received(_ status: consuming Int, tag: Int) {
        lanes?._withUnsafeGuaranteedRef { $0.finish(tag, status: status) }
    }

    override func failed(_ error: LinkError, tag: Int) {
        lanes?._withUnsafeGuaranteedRef { $0.finish(tag, status: -1) }
    }
}
