import SCIM
import SimulationKernel

/// The identity provider (Okta or Entra ID) as an actor: a thin shell over ``IdentityProviderStateMachine``.
///
/// It runs a fixed number of worker loops (``IdentityProviderProfile/concurrency``; never a task per person).
/// A worker takes the next request from the state machine, sends it to the broker over the IdP link (a
/// `RequestLink` with the link's latency, faults and request timeout), hands the response (or the timeout)
/// back, and sends the follow-up the state machine asks for on the same worker (Okta's POST right after the
/// GET that found nothing). With nothing to send, a worker parks until new work is signalled or the state
/// machine's ``IdentityProviderStateMachine/nextWakeTime`` (deferred retries, `Retry-After`, Entra cycles
/// and request spacing). No processing delay is added: a request leaves the moment the worker has it.
///
/// Trace: one `request` record per request sent (method, ticket serial) and one `response` record per answer
/// (status, or -1 for a timeout).
public actor IdentityProvider: SimulatedActor {
    /// The simulation this party lives in.
    public nonisolated let simulation: Simulation
    /// The state machine (read it between runs; the actor mutates it during a run).
    public nonisolated let box: StateBox<IdentityProviderStateMachine>
    /// The tenant (organization and IdP pair) index in the world.
    public nonisolated let tenant: Int
    private let monitor: InvariantMonitor
    private let wire: WireFormat
    private let work: WakeSignal
    private let party: TraceParty
    /// The jitter stream. `@exclusivity(unchecked)`: only this actor touches it, in synchronous calls that finish
    /// before the next access (a dynamic exclusivity check per response cost ~120 instructions).
    @exclusivity(unchecked) private var random: SeededRandom
    private let links: LinkPair<SCIMRequest, SCIMWireResponse>

    init(
        simulation: Simulation, tenant: Int, state: IdentityProviderStateMachine, monitor: InvariantMonitor,
        wire: WireFormat, name: String, links: LinkPair<SCIMRequest, SCIMWireResponse>
    ) {
        self.links = links
        self.simulation = simulation
        self.tenant = tenant
        box = StateBox(state)
        self.monitor = monitor
        self.wire = wire
        work = WakeSignal(simulation: simulation)
        party = TraceParty(name)
        random = simulation.randomStream(name)
    }

    /// The current virtual time as an offset from the start.
    private var now: Duration { .nanoseconds(simulation.executor.virtualNanoseconds) }

    /// Starts `count` worker loops as daemon root tasks (they park when idle; parked workers are not a
    /// deadlock).
    nonisolated func startWorkers(_ count: Int) {
        for _ in 0..<count {
            simulation.spawn(party.name + ".worker", daemon: true) { await self.runWorker() }
        }
    }

    /// One worker: takes the next request from the state machine and sends it and its follow-ups (the same
    /// job's next step, e.g. Okta's POST after the GET) until the state machine frees the worker; parks when
    /// there is nothing to send. Stops when the task is cancelled (the simulation's teardown) without touching
    /// its state. The exchange is written inline, not as a separate async function: one async frame and one
    /// executor check less per request.
    private func runWorker() async {
        while true {
            guard var out = box.state.nextRequest(now: now) else {
                do { try await work.wait(until: box.state.nextWakeTime) } catch { return }
                continue
            }
            if work.waitingCount > 0 { work.signalOne() }
            while true {
                simulation.record(
                    party: party, kind: "request", .int("method", Self.methodCode(out.wireRequest.method)),
                    .int("serial", out.ticket.serial))
                let followUp: IdentityProviderFollowUp
                do {
                    let link = links.link(atNanoseconds: simulation.executor.virtualNanoseconds)
                    // Value mode hands the stored request to the link as it is (no copy in between).
                    let sent =
                        wire.mode == .bytes
                        ? try await link.call(wire.outgoing(out.wireRequest)) : try await link.call(out.wireRequest)
                    let response = wire.incoming(sent)
                    simulation.record(party: party, kind: "response", .int("status", response.status))
                    followUp = box.state.handleResponse(out.ticket, response, now: now, using: &random)
                } catch {
                    if error == .cancelled { return }
                    simulation.record(party: party, kind: "response", .int("status", -1))
                    followUp = box.state.handleTimeout(out.ticket, now: now, using: &random)
                }
                if work.waitingCount > 0 { work.signalOne() }
                guard case .send(let next) = followUp else { break }
                out = next
            }
        }
    }

    /// Sets the endpoint and token (the organization's setup hands them over) and wakes the workers.
    func configure(_ configuration: IdentityProviderConfiguration, resync: Bool) {
        box.state.configure(configuration, now: now, resync: resync)
        work.signalAll()
    }

    /// Applies a directory change now, tells the monitor which people it touched, and wakes the workers.
    @discardableResult
    func apply(_ change: DirectoryChange) -> Bool {
        let applied = box.state.apply(change, now: now)
        if applied { monitor.directoryChanged(tenant: tenant, change: change, directory: box.state.directory) }
        work.signalAll()
        return applied
    }

    /// Okta's "Retry" on failed tasks (an IdP admin action); wakes the workers. Returns the jobs re-queued.
    @discardableResult
    func retryFailedJobs() -> Int {
        let n = box.state.retryFailedJobs(now: now)
        work.signalAll()
        return n
    }

    /// A small integer per HTTP method for trace records (GET 0, POST 1, PUT 2, PATCH 3, DELETE 4).
    static func methodCode(_ method: HTTPMethod) -> Int {
        switch method {
        case .get: 0
        case .post: 1
        case .put: 2
        case .patch: 3
        case .delete: 4
        }
    }
}
