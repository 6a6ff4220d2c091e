import SCIM
import SimulationKernel

/// The ready-queue turns a spawned worker or lane task took to reach its loop (its first job, then three executor
/// hops), so that callback slots (``IdentityProviderWorkers``, ``WebhookLanes``) take their first turn where the
/// task would have: measured, and it depends on the compiler's output; the golden trace hashes verify it.
let spawnedLoopStartTurns = 4

/// The IdP's worker slots, driven by callbacks instead of tasks: each slot does what a worker loop does (take
/// the next request from the state machine, send it, hand back the response or the timeout, send the
/// follow-up on the same slot, park when there is nothing to send), but a request is a reply-form call
/// (`RequestLink.send(_:replyTo:tag:)`, the slot as tag) and parking is a callback parked on the
/// ``WakeSignal`` (the slot as token), so no task suspends.
///
/// Ordering: every point where a worker task would be made ready (its start, its wake-up, its call's response
/// or timeout) is a deferred callback (`SimulationExecutor.deferCall`) made at that same moment, and the code
/// that runs at that turn is the code the task would run until its next suspension. So the trace (records,
/// virtual times, timer order, and under the random policy the seeded picks) is the worker tasks'.
///
/// Used only by ``IdentityProvider`` (which owns it); driver thread only (`@unchecked Sendable`). Every method
/// runs either inside a deferred callback or a timer, between the simulation's jobs, so it never overlaps the
/// actor's own methods.
final class IdentityProviderWorkers: RequestLinkReplyTarget<SCIMWireResponse>, @unchecked Sendable {
    private let simulation: Simulation
    /// The simulation's executor (kept alive by `simulation`).
    private unowned(unsafe) let executor: SimulationExecutor
    private let box: StateBox<IdentityProviderStateMachine>
    private let wire: WireFormat
    private let work: WakeSignal
    private let party: TraceParty
    /// The IdP link pair's reliable and faulty links (``LinkPair``) as constants of this object, so a request's
    /// call borrows the link (``LinkPair/link(atNanoseconds:)`` returned it retained).
    private let reliableLink: RequestLink<SCIMRequest, SCIMWireResponse>
    private let faultyLink: RequestLink<SCIMRequest, SCIMWireResponse>?
    /// The pair's heal time in nanoseconds: calls started before it use the faulty link, if any.
    private let healNanoseconds: Int64
    /// The jitter stream. `@exclusivity(unchecked)`: only this object touches it, in synchronous calls that
    /// finish before the next access.
    @exclusivity(unchecked) private var random: SeededRandom
    /// Per slot, the ticket of the request in flight (meaningful only while the slot has one): ``ticketCount``
    /// tickets in storage this object owns (grown by ``start(_:)``, freed at deinit), so that recording a request's
    /// ticket is a plain store (an array element's write checked the buffer's uniqueness on every request).
    @exclusivity(unchecked) private var tickets = UnsafeMutablePointer<IdentityProviderTicket>.allocate(capacity: 1)
    /// Slots started so far (the initialised tickets).
    @exclusivity(unchecked) private var ticketCount = 0

    init(
        simulation: Simulation, box: StateBox<IdentityProviderStateMachine>, wire: WireFormat, work: WakeSignal,
        party: TraceParty, links: LinkPair<SCIMRequest, SCIMWireResponse>
    ) {
        self.simulation = simulation
        executor = simulation.executor
        self.box = box
        self.wire = wire
        self.work = work
        self.party = party
        reliableLink = links.reliable
        faultyLink = links.faulty
        healNanoseconds = links.heal.simulationNanoseconds
        random = simulation.randomStream(party.name)
        super.init()
    }

    /// The current virtual time as an offset from the start.
    private var now: Duration { .nanoseconds(executor.virtualNanoseconds) }

    /// Starts `count` more slots: each takes its first turn in the ready queue where a spawned worker task's
    /// loop would first run (``spawnedLoopStartTurns``). Before the run (or between jobs), driver thread.
    func start(_ count: Int) {
        guard count > 0 else { return }
        let grown = UnsafeMutablePointer<IdentityProviderTicket>.allocate(capacity: ticketCount + count)
        grown.moveInitialize(from: tickets, count: ticketCount)
        (grown + ticketCount).initialize(repeating: IdentityProviderTicket(slot: -1, serial: -1), count: count)
        tickets.deallocate()
        tickets = grown
        for _ in 0..<count {
            let slot = ticketCount
            ticketCount += 1
            executor.deferCall(self, token: slot, turns: spawnedLoopStartTurns)
        }
    }

    deinit {
        tickets.deinitialize(count: ticketCount)
        tickets.deallocate()
    }

    /// A slot's turn after its start or a wake-up (token: the slot): the top of the worker loop.
    override func timerFired(token: Int) {
        takeNext(token)
    }

    /// The top of the worker loop: send the state machine's next request, or park until signalled or until
    /// ``IdentityProviderStateMachine/nextWakeTime``.
    private func takeNext(_ slot: Int) {
        guard let ticket = box.state.nextTicket(now: now) else {
            work.park(self, token: slot, until: box.state.nextWakeTimeInPlace())
            return
        }
        if work.waitingCount > 0 { work.signalOne() }
        send(ticket, slot: slot)
    }

    /// Records and sends the request just issued under `ticket` over the link current now; its reply comes back
    /// to this slot. The request is moved out of the state machine's outbox to the link (never copied: a request
    /// returned inside an outgoing value or a follow-up was copied out of it and the wrapper destroyed).
    @inline(__always)
    private func send(_ ticket: IdentityProviderTicket, slot: Int) {
        guard let request = box.state.outbox.take() else { return }
        simulation.record(
            party: party, kind: "request", .int("method", IdentityProvider.methodCode(request.method)),
            .int("serial", ticket.serial))
        tickets[slot] = ticket
        // The link current now (``LinkPair/link(atNanoseconds:)``). Value mode hands the request to the link as it
        // is (no copy in between).
        if faultyLink != nil && executor.virtualNanoseconds < healNanoseconds {
            faultyLink?.send(wire.outgoing(request), replyTo: self, tag: slot)
        } else if wire.mode == .bytes {
            reliableLink.send(wire.outgoing(request), replyTo: self, tag: slot)
        } else {
            reliableLink.send(request, replyTo: self, tag: slot)
        }
    }

    /// The response of slot `tag`'s request, at the turn the waiting worker task would have resumed.
    override func received(_ sent: consuming SCIMWireResponse, tag: Int) {
        let response = wire.incoming(sent)
        simulation.record(party: party, kind: "response", .int("status", response.status))
        let followUp = box.state.handleResponseTicket(tickets[tag], response, now: now, using: &random)
        proceed(tag, followUp)
    }

    /// Slot `tag`'s request timed out (the only error of a reply-form call).
    override func failed(_ error: LinkError, tag: Int) {
        simulation.record(party: party, kind: "response", .int("status", -1))
        let followUp = box.state.handleTimeoutTicket(tickets[tag], now: now, using: &random)
        proceed(tag, followUp)
    }

    /// After an answer: wake a parked slot if any, then send the follow-up on this slot or take the next request.
    @inline(__always)
    private func proceed(_ slot: Int, _ followUp: IssuedFollowUp) {
        if work.waitingCount > 0 { work.signalOne() }
        switch followUp {
        case .send(let ticket): send(ticket, slot: slot)
        default: takeNext(slot)
        }
    }
}
