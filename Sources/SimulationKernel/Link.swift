/// A one-way channel from a sender to a receiver inside one simulation, with seeded latency, loss,
/// duplication, reordering and scheduled partitions (`LinkConfiguration`).
///
/// `send` never suspends: it draws the message's fate from the link's stream `"link:<name>"` and schedules each
/// copy's delivery as one timer (no task per message). At its delivery instant a copy goes into `mailbox`, where
/// a receiver loop takes it with `receive()`. Without the reorder fault, copies arrive in send order. A message is
/// only ever lost by a configured fault, and the trace records which (`link.loss`, `link.partition-drop`,
/// `link.duplicate`, `link.reorder`). Driver thread only: that is the invariant behind `@unchecked Sendable` (parties
/// hold the link as a `nonisolated let`, but `send`, delivery and `receive` all run on the simulation's driver thread).
public final class Link<Message: Sendable>: TimerTarget, @unchecked Sendable {
    /// The link's name (also its trace party and random stream label).
    public let name: String
    /// The receiving end.
    public let mailbox = Mailbox<Message>()
    private let executor: SimulationExecutor
    private let trace: TraceRecorder
    // Mutable state is `@exclusivity(unchecked)`: only the driver thread touches it, one access at a time, so the
    // dynamic exclusivity checks of class properties would only cost time.
    @exclusivity(unchecked) private var faults: LinkFaults
    @exclusivity(unchecked) private var inFlight = PayloadSlab<Message>()
    @exclusivity(unchecked) private var inFlightSequence: [Int] = []
    @exclusivity(unchecked) private var sequence = 0

    /// A link named `name` in `simulation`.
    public init(_ name: String, simulation: Simulation, configuration: LinkConfiguration = .init()) {
        self.name = name
        executor = simulation.executor
        trace = simulation.trace
        faults = LinkFaults(
            configuration: configuration, random: simulation.randomStream("link:" + name),
            party: TraceParty("link:" + name))
        super.init()
    }

    deinit {
        inFlight.destroy()
    }

    /// The configuration.
    public var configuration: LinkConfiguration { faults.configuration }

    /// What the link has done so far.
    public var counters: LinkCounters { faults.counters }

    /// Copies scheduled but not yet delivered or dropped.
    public var inFlightCount: Int { inFlight.count }

    /// Sends `message` (see the type's documentation for the fault order). O(log timers).
    public func send(_ message: Message) {
        sequence += 1
        faults.counters.sent += 1
        let now = executor.nowNanoseconds
        if faults.configuration.traceMessages {
            trace.record(party: faults.party, kind: "link.send", .int("message", sequence))
        }
        let plan = faults.plan(now: now, message: sequence, trace: trace)
        if plan.count >= 1 { schedule(message, at: plan.first) }
        if plan.count == 2 { schedule(message, at: plan.second) }
    }

    private func schedule(_ message: Message, at instant: Int64) {
        let token = inFlight.insert(message)
        if token < inFlightSequence.count {
            inFlightSequence[token] = sequence
        } else {
            inFlightSequence.append(sequence)
        }
        executor.schedule(atNanoseconds: instant, target: self, token: token)
    }

    /// Delivery of one copy (called by the executor at its delivery instant).
    public override func timerFired(token: Int) {
        guard inFlight.contains(token) else { return }
        let sequence = inFlightSequence[token]
        if faults.dropAtDelivery(now: executor.nowNanoseconds, message: sequence, trace: trace) {
            inFlight.discard(token)
            return
        }
        faults.counters.delivered += 1
        if faults.configuration.traceMessages {
            trace.record(party: faults.party, kind: "link.deliver", .int("message", sequence))
        }
        mailbox.deliver(inFlight.take(token))
    }

    /// The next delivered message, waiting in virtual time; runs on the caller's isolation (see
    /// `Mailbox.receive`).
    /// - Throws: `CancellationError` when the receiving task is cancelled (see `Mailbox.receive`).
    nonisolated(nonsending) public func receive() async throws(CancellationError) -> Message {
        try await mailbox.receive()
    }

    /// Executor callback during `Simulation.shutdown()`: the copy will never be delivered; free it.
    public override func timerDiscarded(token: Int) {
        inFlight.discard(token)
    }
}
