import SCIM
import SimulationKernel

/// What a bare-loop run did.
public struct BareLoopResult: Sendable, Hashable {
    /// Jobs run plus timers fired (the counterpart of the kernel's steps; not equal to them).
    public var events: UInt64
    /// The trace hash; equal to the actor engine's ``RunReport/traceHash`` for the same configuration.
    public var traceHash: UInt64
    /// Virtual time at which the organization last became equal to the IdP (`nil` if it never did).
    public var convergenceTime: Duration?
    /// Virtual time at the end of the run.
    public var virtualDuration: Duration
    /// Members of the organization at the end (including the Primary Owner and the Owner).
    public var organizationMembers: Int
    /// Whether the run ended converged with nothing in flight and no invariant violation.
    public var converged: Bool

    /// The trace hash as 16 lower-case hex digits.
    public var traceHashHex: String { StableHash.hex(traceHash) }
}

/// Why a configuration cannot run on the bare loop.
public struct BareLoopUnsupported: Error, Sendable, CustomStringConvertible {
    /// Which part of the configuration is not supported.
    public let description: String
}

/// The initial sync of one organization driven by a bare priority-queue event loop that calls the same
/// synchronous state machines the actors wrap (``IdentityProviderStateMachine``, ``DirectorySyncBrokerState``,
/// ``OrganizationState``) and the same ``InvariantMonitor`` checks, without actors, tasks or the kernel's
/// executor: the baseline that prices the actor model (`Benchmarks baseline`).
///
/// It mirrors the actor engine step for step: the same jobs in the same order (every ready job runs before
/// the next timer; timers fire in (deadline, insertion) order), the IdP's worker loops, the broker's webhook
/// lanes, mailbox and ticker, and the same trace records (`request`/`response` for the IdP, `scim`/`deliver`/
/// `delivered` for the broker, `consume` for the organization, `action` for the admin) at the same virtual
/// times, so its trace hash equals ``RunReport/traceHash`` of ``SimulationRunner/run(_:progress:)``.
///
/// Supported: the `initial-sync` scenario without faults, webhooks consumer, no bystander organization, FIFO
/// policy, value or bytes mode; anything else throws ``BareLoopUnsupported``. The initial states are taken from
/// a ``World`` built (never run) from the same configuration, so they are identical by construction.
/// Not thread-safe; run it once.
public final class BareLoopSync {
    enum Event {
        case scimArrival(worker: Int, request: SCIMRequest)
        case scimResponse(worker: Int, response: SCIMWireResponse)
        case webhookArrival(lane: Int, delivery: WebhookDelivery)
        case webhookAck(lane: Int, status: Int)
        case idpWake
        case tickerWake
    }

    enum Job {
        case worker(Int)
        case lane(Int, WebhookDispatch)
        case laneStart(Int)
        case ticker
        case tickerStart
        case script
    }

    let configuration: RunConfiguration
    let world: World
    var queue = BareEventQueue<Event, Job>()
    var idp: IdentityProviderStateMachine
    var broker: DirectorySyncBrokerState
    var organization: OrganizationState
    let monitor: InvariantMonitor
    let trace: TraceRecorder
    let wire: WireFormat
    var random: SeededRandom
    var idpSignal = BareWakeSignal()
    var tickerSignal = BareWakeSignal()
    var mailbox = BareMailbox<WebhookDispatch>()
    /// The ticket each IdP worker waits on.
    var tickets: [IdentityProviderTicket?]
    /// The dispatch each lane has in flight.
    var laneDispatch: [WebhookDispatch?]
    let idpLatency: Int64
    let organizationLatency: Int64
    var events: UInt64 = 0
    var convergedAt: Duration?
    var wasConverged = false
    var scriptDone = false
    let idpParty = TraceParty("idp")
    let brokerParty = TraceParty("broker")
    let organizationParty = TraceParty("org")

    /// Prepares a run of `configuration` (nothing is simulated until ``run()``).
    /// - Throws: ``BareLoopUnsupported`` for a configuration the bare loop does not mirror.
    public init(_ configuration: RunConfiguration, traceSink: TraceSink = .hashOnly) throws {
        guard configuration.scenario == .initialSync else {
            throw BareLoopUnsupported(description: "scenario \(configuration.scenario.rawValue) (initial-sync only)")
        }
        guard configuration.faults == .none else { throw BareLoopUnsupported(description: "faults (none only)") }
        guard configuration.policy == .fifo else { throw BareLoopUnsupported(description: "policy (fifo only)") }
        guard configuration.eventConsumer == .webhooks, configuration.bystanderPeople == 0 else {
            throw BareLoopUnsupported(description: "Events API consumer or bystander organization")
        }
        self.configuration = configuration
        let worldConfiguration = SimulationRunner.worldConfiguration(configuration)
        world = World(worldConfiguration)
        idp = world.tenants[0].identityProvider.box.state
        broker = world.broker.box.state
        organization = world.tenants[0].organization.box.state
        monitor = world.monitor
        trace = TraceRecorder(sink: traceSink)
        wire = WireFormat(mode: configuration.wire)
        random = SeededRandom(seed: configuration.seed, label: "idp")
        tickets = Array(repeating: nil, count: worldConfiguration.profile.concurrency)
        laneDispatch = Array(repeating: nil, count: worldConfiguration.broker.webhooks.maxInFlightPerEndpoint)
        idpLatency = worldConfiguration.idpLinkLatency.simulationNanoseconds
        organizationLatency = worldConfiguration.organizationLinkLatency.simulationNanoseconds
    }

    var now: Duration { .nanoseconds(queue.now) }

    /// The trace records so far (with a `.memory` sink; empty otherwise).
    public var traceEvents: [TraceEvent] { trace.events }

    /// Runs to convergence with nothing in flight (or until nothing is left to do, or the world's liveness
    /// deadline) and returns what happened.
    public func run() -> BareLoopResult {
        trace.recordSetup(of: world.configuration, directoryDigest: world.directoryDigest)
        // The kernel's ready queue at the start: the IdP workers (spawned when the world was built), then the
        // broker's webhook ticker and the script task (spawned when the run starts).
        for worker in tickets.indices { queue.enqueue(.worker(worker)) }
        queue.enqueue(.tickerStart)
        queue.enqueue(.script)
        let limit = world.livenessDeadline.simulationNanoseconds
        while true {
            if let job = queue.nextJob() {
                events &+= 1
                run(job)
            } else if let event = queue.nextTimer(limit: limit) {
                events &+= 1
                fire(event)
            } else {
                break
            }
            if shouldStop() { break }
        }
        trace.close()
        let done = monitor.allConverged && monitor.violation == nil
        return BareLoopResult(
            events: events, traceHash: trace.hashValue64, convergenceTime: done ? convergedAt : nil,
            virtualDuration: now, organizationMembers: organization.memberCount, converged: done && isIdle)
    }

    private func shouldStop() -> Bool {
        if monitor.hasViolation { return true }
        let converged = monitor.allConverged
        if converged != wasConverged {
            wasConverged = converged
            convergedAt = converged ? now : nil
        }
        return converged && scriptDone && isIdle
    }

    /// Mirrors `World.isIdle` for one tenant in webhook mode.
    private var isIdle: Bool {
        idp.isQuiet
            && broker.statistics.webhooksDelivered + broker.statistics.webhooksFailed == broker.webhookDeliveryCount
    }

    private func run(_ job: Job) {
        switch job {
        case .worker(let worker): workerLoop(worker)
        case .lane(let lane, let dispatch): send(dispatch, lane: lane)
        case .laneStart(let lane): receive(lane: lane)
        case .ticker:
            pumpWebhooks()
            parkTicker()
        case .tickerStart: parkTicker()
        case .script: script()
        }
    }

    private func fire(_ event: Event) {
        switch event {
        case .scimArrival(let worker, let request):
            let response = handleSCIM(request)
            queue.schedule(at: queue.now &+ idpLatency, .scimResponse(worker: worker, response: response))
        case .scimResponse(let worker, let response): idpResponse(worker, response)
        case .webhookArrival(let lane, let delivery):
            let status = receiveWebhook(delivery)
            queue.schedule(at: queue.now &+ organizationLatency, .webhookAck(lane: lane, status: status))
        case .webhookAck(let lane, let status): webhookAcknowledged(lane: lane, status: status)
        case .idpWake:
            idpSignal.armed = nil
            if let worker = idpSignal.popOne() { queue.enqueue(.worker(worker)) }
        case .tickerWake:
            tickerSignal.armed = nil
            if tickerSignal.popOne() != nil { queue.enqueue(.ticker) }
        }
    }
}
