import SCIM
import SimulationKernel

/// The identity provider (Okta or Entra ID) as an actor: a thin shell over ``IdentityProviderStateMachine``.
///
/// It runs a fixed number of worker slots (``IdentityProviderProfile/concurrency``; never a task per person),
/// driven by callbacks rather than tasks (``IdentityProviderWorkers``). A worker takes the next request from
/// the state machine, sends it to the broker over the IdP link (a `RequestLink` with the link's latency, faults
/// and request timeout), hands the response (or the timeout) back, and sends the follow-up the state machine asks for on the same worker (Okta's POST right after the
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
    private let work: WakeSignal
    /// The worker slots (callback-driven; see ``IdentityProviderWorkers``).
    private nonisolated let workers: IdentityProviderWorkers

    init(
        simulation: Simulation, tenant: Int, state: IdentityProviderStateMachine, monitor: InvariantMonitor,
        wire: WireFormat, name: String, links: LinkPair<SCIMRequest, SCIMWireResponse>
    ) {
        self.simulation = simulation
        self.tenant = tenant
        let box = StateBox(state)
        self.box = box
        self.monitor = monitor
        let work = WakeSignal(simulation: simulation)
        self.work = work
        workers = IdentityProviderWorkers(
            simulation: simulation, box: box, wire: wire, work: work, party: TraceParty(name), links: links)
    }

    /// The current virtual time as an offset from the start.
    private var now: Duration { .nanoseconds(simulation.executor.virtualNanoseconds) }

    /// Starts `count` worker slots (``IdentityProviderWorkers``): each takes its first turn where a worker task
    /// spawned now would start (after the jobs already ready). Before the run, driver thread.
    nonisolated func startWorkers(_ count: Int) {
        workers.start(count)
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
