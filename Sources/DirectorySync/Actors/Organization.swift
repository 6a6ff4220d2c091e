import SCIM
import SimulationKernel

/// A Claude.ai Enterprise organization as an actor: a thin shell over ``OrganizationState``.
///
/// ``receive(_:)`` is the server side of the organization link: the webhook endpoint. It answers 503 without
/// reading the body inside a webhook outage window, else hands the body (the typed event in value mode,
/// decoded JSON in bytes mode) and the `WorkOS-Signature` header to the state machine's consumer and answers
/// its status (200 processed or safely ignored, 401 refused signature, 400 unreadable). The invariant monitor
/// checks every delivery. Admin actions that need the broker (enable SCIM, reset) call it directly
/// (control-plane calls take no virtual time, an assumption).
///
/// Trace: `consume` (event sequence, status) per delivery; `outage` (event sequence) per delivery refused by an
/// outage.
public actor Organization: SimulatedActor {
    /// The simulation this party lives in.
    public nonisolated let simulation: Simulation
    /// The state machine (read it between runs; the actor mutates it during a run).
    public nonisolated let box: StateBox<OrganizationState>
    /// The tenant index in the world.
    public nonisolated let tenant: Int
    let monitor: InvariantMonitor
    private let wire: WireFormat
    let party: TraceParty
    /// Events API mode: the broker's next event sequence as of the last answered poll (read between runs).
    public nonisolated let polled = StateBox<Int64>(0)
    /// Windows of virtual time (offsets from the start) in which the webhook endpoint answers 503.
    /// Actor-isolated, so the dynamic exclusivity check on each delivery is redundant.
    @exclusivity(unchecked) private var outages: [Range<Duration>] = []

    init(
        simulation: Simulation, tenant: Int, state: OrganizationState, monitor: InvariantMonitor, wire: WireFormat,
        name: String
    ) {
        self.simulation = simulation
        self.tenant = tenant
        box = StateBox(state)
        self.monitor = monitor
        self.wire = wire
        party = TraceParty(name)
    }

    var polledSequence: Int64 {
        get { polled.state }
        set { polled.state = newValue }
    }

    private var now: Duration { .nanoseconds(simulation.executor.virtualNanoseconds) }

    /// Adds a window in which the webhook endpoint is down (answers 503).
    func addOutage(_ window: Range<Duration>) { outages.append(window) }

    /// Receives one webhook delivery attempt and answers its HTTP status.
    func receive(_ delivery: WebhookDelivery) -> Int {
        let time = now
        for window in outages where window.contains(time) {
            simulation.record(party: party, kind: "outage", .int("event", Int(delivery.eventSequence)))
            return 503
        }
        let status = box.state.receive(delivery, now: time, monitor: monitor, tenant: tenant)
        simulation.record(
            party: party, kind: "consume", .int("event", Int(delivery.eventSequence)), .int("status", status))
        return status
    }

    /// "Add SCIM" by `actor`: creates the directory at `broker` and returns its endpoint and token, or why the
    /// action was refused (nothing changed then).
    func enableSCIM(actor: MemberID, broker: DirectorySyncBroker) async -> Result<DirectorySetup, AdminRefusal> {
        switch box.state.enableSCIM(actor: actor) {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let request):
            let setup = await broker.createDirectory(request)
            _ = box.state.directoryCreated(setup)
            monitor.directoryCredential(tenant: tenant, directoryID: setup.directoryID, token: setup.bearerToken)
            return .success(setup)
        }
    }

    /// "Reset Directory" by `actor` with the typed `confirmation`: deletes every account but the Primary Owner
    /// and the directory at `broker` (which emits one `dsync.deleted`).
    func resetSCIM(actor: MemberID, confirmation: String, broker: DirectorySyncBroker) async -> Result<
        SCIMResetOutcome, AdminRefusal
    > {
        let result = box.state.resetSCIM(actor: actor, confirmation: confirmation)
        if case .success(let outcome) = result {
            monitor.directoryCredential(tenant: tenant, directoryID: outcome.deletion.directoryID, token: nil)
            await broker.deleteDirectory(outcome.deletion)
            monitor.rescan(tenant: tenant, organization: box.state)
        }
        return result
    }

    /// Runs a synchronous admin action on the state machine, then re-reads the organization for the
    /// monitor (admin actions are rare; the re-read is O(members)).
    func administer<T>(_ action: (inout OrganizationState) -> Result<T, AdminRefusal>) -> Result<T, AdminRefusal> {
        let result = action(&box.state)
        monitor.rescan(tenant: tenant, organization: box.state)
        return result
    }

    /// The member with this email, if any.
    func member(email: String) -> Member? { box.state.member(email: email) }
}

extension DirectorySyncBroker {
    /// Creates a directory for an organization's setup request (control plane, no virtual time).
    func createDirectory(_ request: DirectorySetupRequest) -> DirectorySetup {
        box.state.createDirectory(request, now: .nanoseconds(simulation.executor.virtualNanoseconds))
    }

    /// Deletes a directory (one `dsync.deleted`) and pumps the webhook dispatcher.
    func deleteDirectory(_ request: DirectoryDeletionRequest) {
        _ = box.state.deleteDirectory(request, now: .nanoseconds(simulation.executor.virtualNanoseconds))
        pumpWebhooks()
    }

    /// Rotates a directory's bearer token; returns the new one.
    func rotateToken(directoryID: String, organizationID: String) -> Result<String, BrokerError> {
        box.state.rotateToken(
            directoryID: directoryID, organizationID: organizationID,
            now: .nanoseconds(simulation.executor.virtualNanoseconds))
    }

    /// Revokes a directory's bearer token.
    func revokeToken(directoryID: String, organizationID: String) -> Result<Void, BrokerError> {
        box.state.revokeToken(
            directoryID: directoryID, organizationID: organizationID,
            now: .nanoseconds(simulation.executor.virtualNanoseconds))
    }
}

extension OrganizationState {
    /// The webhook endpoint's handling of one delivery at virtual time `now` (after any outage check), checked
    /// by `monitor` as tenant `tenant`; returns the HTTP status. A typed event (value mode) is verified and
    /// consumed from its fields; a JSON body with the value-mode signature; bytes are decoded (undecodable: 400,
    /// nothing else happens) and verified against the raw body. Shared by ``Organization`` and ``BareLoopSync``.
    mutating func receive(
        _ delivery: WebhookDelivery, now: Duration, monitor: InvariantMonitor, tenant: Int
    ) -> Int {
        // The typed event (value mode, the hot path), read field by field from the delivery.
        let forged = delivery.forged
        if let (payload, signature) = delivery.content.unretainedEvent {
            // The delivery holds the payload for the whole call.
            return payload._withUnsafeGuaranteedRef {
                receive($0, signature: signature, forged: forged, now: now, monitor: monitor, tenant: tenant)
            }
        }
        let probe: DeliveryProbe
        let receipt: WebhookReceipt
        switch delivery.content {
        case .event(let payload, let signature):
            probe = monitor.probe(payload, organization: self)
            receipt = receiveWebhook(payload, signature: signature, now: now)
        case .value(let body, let header):
            let fields = EventFields(json: body)  // read once for the monitor and the consumer
            probe = monitor.probe(fields, organization: self)
            receipt = receiveWebhook(body: body, fields: fields, signatureHeader: header, now: now)
        case .bytes(let raw, let header):
            guard let body = try? JSONCodec.decode(raw) else { return 400 }
            let fields = EventFields(json: body)
            probe = monitor.probe(fields, organization: self)
            receipt = receiveWebhook(rawBody: raw, fields: fields, signatureHeader: header, now: now)
        }
        monitor.deliveryConsumed(
            tenant: tenant, before: probe, receipt: receipt, organization: self, forged: forged)
        return receipt.status
    }

    /// ``receive(_:now:monitor:tenant:)`` of a typed event with its parsed header (value mode): probed, verified,
    /// consumed and checked.
    @inline(__always)
    private mutating func receive(
        _ payload: WebhookPayload, signature: WebhookSignatureHeader?, forged: Bool, now: Duration,
        monitor: InvariantMonitor, tenant: Int
    ) -> Int {
        let probe = monitor.probe(payload, organization: self)
        let receipt = receiveWebhook(payload, signature: signature, now: now)
        monitor.deliveryConsumed(tenant: tenant, before: probe, receipt: receipt, organization: self, forged: forged)
        return receipt.status
    }
}
