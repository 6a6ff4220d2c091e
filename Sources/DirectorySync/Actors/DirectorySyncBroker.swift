import SCIM
import SimulationKernel

/// The WorkOS-like directory-sync broker as an actor: a thin shell over ``DirectorySyncBrokerState``.
///
/// - SCIM: ``handleSCIM(_:tenant:)`` is the server side of each IdP link. It answers at the moment the request
///   arrives (no processing delay), after the injected faults of the run's ``FaultPlan`` while they last
///   (a 503 before anything is applied; a 429 with `Retry-After` from the fault's token bucket), and then
///   pumps the webhook dispatcher if the request appended events.
/// - Webhooks: per organization endpoint, ``WebhookDeliveryPolicy/maxInFlightPerEndpoint`` delivery lanes
///   (callback-driven slots, ``WebhookLanes``) take dispatches from a mailbox in the order the state machine hands them out (log order,
///   retries when due) and POST them to the organization over its link; the outcome goes back to the state
///   machine, which frees the window slot and may hand out the next dispatch at once. One ticker task wakes at
///   the state machine's next webhook time (a due retry or an attempt deadline).
/// - Management calls (create directory, rotate, revoke, delete) are direct actor calls from the
///   organization and its admin: control-plane calls take no virtual time (an assumption).
///
/// Trace: `scim` (method, status) per SCIM request, `deliver` (event sequence, attempt) per webhook attempt and
/// `delivered` (status, or -1 for a transport failure) per outcome.
public actor DirectorySyncBroker: SimulatedActor {
    /// The simulation this party lives in.
    public nonisolated let simulation: Simulation
    /// The state machine (read it between runs; the actor mutates it during a run).
    public nonisolated let box: StateBox<DirectorySyncBrokerState>
    private let monitor: InvariantMonitor
    private let wire: WireFormat
    private let party = TraceParty("broker")
    private let faults: FaultPlan
    private var faultRandom: SeededRandom
    private var faultBucket: BrokerTokenBucket?
    /// Whether the plan injects any broker-side fault (server errors or a rate limit): without one, no request
    /// is refused (``injectedRefusal(at:)`` returns at once, drawing no randomness).
    private let injectsRefusals: Bool
    private let ticker: WakeSignal
    /// The delivery lanes of every endpoint (callback-driven; see ``WebhookLanes``), made by the first
    /// `addEndpoint`; they own the endpoints' mailboxes and run the dispatcher pump. `@exclusivity(unchecked)`:
    /// actor-isolated, set before the run and only read during it.
    @exclusivity(unchecked) private var webhookLanes: WebhookLanes?
    /// ``webhookLanes`` without a reference count of its own, for the per-request pump: the lanes are set once,
    /// before the run, and never replaced or cleared, so the strong ``webhookLanes`` keeps them alive as long as
    /// this actor; calling through it costs no retain/release.
    @exclusivity(unchecked) private var unretainedLanes: Unmanaged<WebhookLanes>?
    /// SCIM requests answered, indexed by `method code * 1000 + status` (HTTP statuses are below 1000; 5,000
    /// counters, read between runs). A flat array: one counter increment per request, no hashing.
    public nonisolated let requestCounts = StateBox<[Int]>(Array(repeating: 0, count: 5 * 1000))

    init(
        simulation: Simulation, state: DirectorySyncBrokerState, monitor: InvariantMonitor, wire: WireFormat,
        faults: FaultPlan
    ) {
        self.simulation = simulation
        box = StateBox(state)
        self.monitor = monitor
        self.wire = wire
        self.faults = faults
        faultRandom = simulation.randomStream("faults.broker")
        faultBucket = faults.rateLimitPerSecond.map {
            BrokerTokenBucket(RateLimit(ratePerSecond: Int64($0), burst: Int64($0)))
        }
        ticker = WakeSignal(simulation: simulation)
        injectsRefusals = faults.serverErrorBasisPoints > 0 || faults.rateLimitPerSecond != nil
    }

    private var now: Duration { .nanoseconds(simulation.executor.virtualNanoseconds) }

    /// Handles one SCIM request from tenant `tenant`'s IdP (the IdP link's server side).
    func handleSCIM(_ request: SCIMRequest, tenant: Int) -> SCIMWireResponse {
        let time = now
        if let refusal = injectedRefusal(at: time) {
            count(request.method, refusal.status)
            return wire.outgoing(refusal)
        }
        let (response, appended) = box.state.handleSCIMCountingEvents(request, now: time)
        count(request.method, response.status)
        if appended == 0 {  // the common case: nothing to read from the log
            monitor.scimRequestHandled(
                tenant: tenant, request: request, status: response.status,
                appendedEvents: UnsafeBufferPointer(start: nil, count: 0))
        } else {
            // Read in place through the state's in-place access: no slice of the log, so no retain of its buffer.
            box.state.withLastEvents(appended) {
                monitor.scimRequestHandled(
                    tenant: tenant, request: request, status: response.status, appendedEvents: $0)
            }
        }
        if appended != 0 { pumpWebhooks() }
        return wire.outgoing(response)
    }

    @inline(__always)
    private func count(_ method: HTTPMethod, _ status: Int) {
        simulation.record(
            party: party, kind: "scim", .int("method", IdentityProvider.methodCode(method)),
            .int("status", status))
        let key = IdentityProvider.methodCode(method) * 1000 + status
        if status >= 0 && status < 1000 { requestCounts.state[key] += 1 }
    }

    /// A 503 (server-error fault) or 429 (rate-limit fault) answered before the state machine sees the
    /// request, while the faults last; `nil` otherwise.
    private func injectedRefusal(at time: Duration) -> SCIMResponse? {
        guard injectsRefusals, time < faults.heal else { return nil }
        if faults.serverErrorBasisPoints > 0, faultRandom.chance(faults.serverErrorBasisPoints, outOf: 10_000) {
            return SCIMError(status: 503, detail: "Service unavailable (injected fault)").response
        }
        if faultBucket != nil, !(faultBucket?.take(now: time) ?? true) {
            let seconds = faultBucket?.retryAfterSeconds(now: time) ?? 1
            var response = SCIMError(status: 429, detail: "Rate limit exceeded (injected fault)").response
            response.headers["Retry-After"] = String(seconds)
            return response
        }
        return nil
    }
}

extension DirectorySyncBroker {
    /// Registers the delivery lanes of endpoint `endpointID` (before the run): `lanes` callback-driven lanes
    /// (``WebhookLanes``) posting over `links`, each starting where a lane task spawned now would.
    func addEndpoint(_ endpointID: String, links: LinkPair<WebhookDelivery, Int>, lanes: Int) {
        let slots = webhookLanes ?? WebhookLanes(simulation: simulation, box: box, ticker: ticker)
        webhookLanes = slots
        unretainedLanes = Unmanaged.passUnretained(slots)
        slots.add(endpoint: box.state.webhookEndpointIndex(id: endpointID), links: links, count: max(1, lanes))
    }

    /// Starts the webhook ticker (before the run).
    nonisolated func startTicker() {
        simulation.spawn("broker.webhook-ticker", daemon: true) { await self.runTicker() }
    }

    private func runTicker() async {
        while true {
            do { try await ticker.wait(until: box.state.nextWebhookWakeTime()) } catch { return }
            pumpWebhooks()
        }
    }

    /// Hands every dispatch the state machine has due now to its endpoint's lanes, and arms the ticker for the
    /// next due time. O(dispatches + log n).
    func pumpWebhooks() {
        if let lanes = unretainedLanes { return lanes._withUnsafeGuaranteedRef { $0.pump() } }
        // No lanes: every due dispatch is dropped (it times out and is retried), as with lanes of other endpoints.
        box.state.forEachDueWebhookDispatch(now: now) { _ in }
        if let next = box.state.nextWebhookWakeTime() { ticker.arm(atOrBefore: next) }
    }

    /// SCIM requests answered so far as (method, status, count), sorted by method then status. Read between
    /// runs.
    public nonisolated func requestTable() -> [RequestCount] {
        let counts = requestCounts.state
        return counts.indices.filter { counts[$0] != 0 }.map { key in
            RequestCount(method: HTTPMethod.allCases[key / 1000].rawValue, status: key % 1000, count: counts[key])
        }
    }
}

extension DirectorySyncBrokerState {
    /// The log sequence of the event a delivery carries. O(1).
    func webhookEventSequence(_ id: WebhookDeliveryID) -> Int64 {
        deliveries.indices.contains(id.rawValue) ? deliveries[id.rawValue].sequence : 0
    }
}
