import SCIM
import SimulationKernel

/// One scripted step: what happens, to which tenant, at which virtual time.
struct ScriptEntry: Sendable {
    enum Step: Sendable {
        case change(DirectoryChange)
        case admin(AdminAction)
        case deliver(JSONValue, signed: Bool)
        case forgeSCIM(Int)
    }

    var time: Duration
    var tenant: Int
    var step: Step
}

extension World {
    /// Schedules an IdP directory change for tenant `tenant` at virtual time `time` (offset from the start).
    /// Steps at the same time run in the order they were scheduled. Okta pushes the change at once; Entra
    /// picks it up in its next cycle. Call before ``run(until:maxSteps:progressEvery:progress:)``.
    public func schedule(_ change: DirectoryChange, at time: Duration, tenant: Int = 0) {
        script.append(ScriptEntry(time: time, tenant: tenant, step: .change(change)))
    }

    /// Schedules an admin action of tenant `tenant` at virtual time `time` (see ``AdminAction``). The world
    /// already schedules `.enableSCIM(by: .primaryOwner)` at time 0 for every tenant.
    public func schedule(_ action: AdminAction, at time: Duration, tenant: Int = 0) {
        script.append(ScriptEntry(time: time, tenant: tenant, step: .admin(action)))
    }

    /// Takes tenant `tenant`'s webhook endpoint down for `window` (it answers 503; the broker retries with
    /// backoff). Call before the run.
    public func scheduleWebhookOutage(_ window: Range<Duration>, tenant: Int = 0) {
        outages.append((tenant, window))
    }

    /// Test hook: at virtual time `time`, delivers `body` (an event envelope) straight to tenant `tenant`'s
    /// webhook endpoint, signed with the endpoint's secret when `signed`, else with a wrong signature. The
    /// monitor checks it like any delivery, so a signed event for a person the IdP never assigned is reported
    /// as `no-member-for-unassigned-person`, and an unsigned one must change nothing.
    public func injectDelivery(_ body: JSONValue, signed: Bool, at time: Duration, tenant: Int = 0) {
        script.append(ScriptEntry(time: time, tenant: tenant, step: .deliver(body, signed: signed)))
    }

    /// Schedules the `forgery` fault's traffic for every tenant: `count` forged deliveries and `count` forged
    /// SCIM requests each, at times drawn from the stream `faults.forgery` in `0..<heal`.
    func scheduleForgeries(count: Int, heal: Duration) {
        var random = SimulationKernel.SeededRandom(seed: configuration.seed, label: "faults.forgery")
        let span = max(1, heal.simulationNanoseconds)
        for tenant in tenants.indices {
            let organizationID = tenants[tenant].organizationID
            let directoryID = BrokerID.make("directory_", Int64(tenant + 1))
            for k in 0..<count {
                let deliverAt = Duration.nanoseconds(Int64(random.next() % UInt64(span)))
                let requestAt = Duration.nanoseconds(Int64(random.next() % UInt64(span)))
                let body = ForgedTraffic.event(
                    k, organizationID: organizationID, directoryID: directoryID, at: deliverAt)
                injectDelivery(body, signed: false, at: deliverAt, tenant: tenant)
                script.append(ScriptEntry(time: requestAt, tenant: tenant, step: .forgeSCIM(k)))
            }
        }
    }

    /// The admin actions performed so far, over all tenants, in the order they happened.
    public var adminLog: [AdminLogEntry] {
        var all: [AdminLogEntry] = []
        for tenant in tenants { all += tenant.admin.log.state }
        return all.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// The virtual time of the last scripted step (zero without one).
    var lastScriptTime: Duration { script.map(\.time).max() ?? .zero }

    /// Starts the setup-and-script root task: registers the webhook lanes and outages, then performs the
    /// scripted steps in (time, scheduling order).
    func startScript() {
        let entries = script.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
        let tenants = self.tenants
        let broker = self.broker
        let outages = self.outages
        let window = configuration.broker.webhooks.maxInFlightPerEndpoint
        let clock = simulation.clock
        broker.startTicker()
        simulation.spawn("script") { [self] in
            for tenant in tenants {
                guard let endpointID = tenant.endpointID else { continue }
                await broker.addEndpoint(endpointID, links: tenant.organizationLinks, lanes: window)
            }
            for outage in outages { await tenants[outage.tenant].organization.addOutage(outage.window) }
            for entry in entries {
                if entry.time.simulationNanoseconds > clock.executor.virtualNanoseconds {
                    do { try await clock.sleep(until: SimulationInstant(offset: entry.time)) } catch { return }
                }
                await perform(entry, tenant: tenants[entry.tenant])
            }
            markScriptDone()
        }
    }

    private func perform(_ entry: ScriptEntry, tenant: Tenant) async {
        switch entry.step {
        case .change(let change):
            await tenant.identityProvider.apply(change)
        case .admin(let action):
            await tenant.admin.perform(action)
        case .deliver(let body, let signed):
            let millis = EventTimestamp.milliseconds(.nanoseconds(simulation.executor.virtualNanoseconds))
            let secret = signed ? tenant.webhookSecret : "not-the-endpoint-secret"
            let wireBody = wire.outgoing(event: body)
            let header: String
            if case .bytes(let raw) = wireBody {
                header = WebhookSignature.header(timestampMillis: millis, rawBody: raw, secret: secret)
            } else {
                header = WebhookSignature.header(timestampMillis: millis, body: body, secret: secret)
            }
            let delivery = WebhookDelivery(
                dispatch: WebhookDeliveryID(rawValue: -1), attempt: 1,
                content: WebhookContent(wireBody, signatureHeader: header), eventSequence: 0, forged: !signed)
            _ = await tenant.organization.receive(delivery)
        case .forgeSCIM(let k):
            let setup = await tenant.admin.currentSetup
            let path =
                setup?.endpointPath
                ?? DirectorySyncBrokerState.endpointPath(
                    directoryID: BrokerID.make("directory_", Int64(tenant.index + 1)))
            _ = await broker.handleSCIM(ForgedTraffic.request(k, endpointPath: path), tenant: tenant.index)
        }
    }

    private func markScriptDone() { scriptDone = true }
}
