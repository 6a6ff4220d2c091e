import SCIM
import SimulationKernel

/// One organization with its IdP, its admin and the links between them and the shared broker.
public struct Tenant: Sendable {
    /// The index in ``World/tenants`` (0 is the run's organization; 1, if present, the bystander).
    public let index: Int
    /// The organization id the broker knows (`org_01`, `org_02`, ...).
    public let organizationID: String
    /// The IdP.
    public let identityProvider: IdentityProvider
    /// The organization.
    public let organization: Organization
    /// The scripted admin.
    public let admin: Admin
    /// IdP to broker links.
    public let idpLinks: LinkPair<SCIMRequest, SCIMWireResponse>
    /// Broker to organization (webhook) links.
    public let organizationLinks: LinkPair<WebhookDelivery, Int>
    /// The organization's webhook endpoint id at the broker (`nil` in Events API mode).
    public let endpointID: String?
    /// Organization to broker Events API links (`nil` in webhook mode).
    public let eventsLinks: LinkPair<EventsQuery, EventsAnswer>?
    /// The endpoint's signing secret.
    public let webhookSecret: String
}

/// The simulated world: a broker shared by one organization (and optionally a bystander organization), each
/// with its IdP and admin, wired with links, watched by the ``InvariantMonitor``, on one ``Simulation``.
///
/// Building a world does no simulated work. ``run(until:maxSteps:progressEvery:progress:)`` starts it: at
/// virtual time 0 a setup task registers the webhook lanes and (unless ``WorldConfiguration/enableSCIMAtStart``
/// is off) each tenant's Primary Owner enables SCIM (the broker
/// creates the directory; its endpoint and bearer token go to the IdP, which starts provisioning); then the
/// scripted steps run at their virtual times. The run stops at the first invariant violation, or when every
/// organization matches its IdP, the script is done and nothing is in flight, or at the liveness deadline
/// (``WorldConfiguration/livenessBound`` after the heal time or the last scripted step), whichever is first.
///
/// Scenario hooks (call before ``run``): ``schedule(_:at:tenant:)`` for IdP directory changes and admin
/// actions, ``scheduleWebhookOutage(_:tenant:)``, ``injectDelivery(_:signed:at:tenant:)`` (a test hook), and
/// the configuration's rate limit, webhook policy and faults. Read the parties' state after the run through
/// ``tenants`` (`identityProvider.box.state`, `organization.box.state`) and ``broker`` (`box.state`).
/// Not thread-safe: build, run and read it on one thread.
public final class World: @unchecked Sendable {
    /// The configuration the world was built from.
    public let configuration: WorldConfiguration
    /// The simulation (seed, executor, clock, trace).
    public let simulation: Simulation
    /// The invariant monitor.
    public let monitor: InvariantMonitor
    /// The shared broker.
    public let broker: DirectorySyncBroker
    /// The tenants; index 0 is the run's organization.
    // Mutable state is `@exclusivity(unchecked)`: only the driver thread touches it, one access at a time, so the
    // dynamic exclusivity checks of class properties would only cost time.
    @exclusivity(unchecked) public private(set) var tenants: [Tenant] = []
    @exclusivity(unchecked) var script: [ScriptEntry] = []
    @exclusivity(unchecked) var outages: [(tenant: Int, window: Range<Duration>)] = []
    @exclusivity(unchecked) var scriptDone = false
    @exclusivity(unchecked) var started = false
    /// Virtual time at which every organization last became equal to its IdP (nil while they differ), as the
    /// invariant monitor tracks it.
    public var convergedAt: Duration? { monitor.allConvergedAt }
    let wire: WireFormat
    /// ``WorldConfiguration/directoryDigest``, computed once when the world is built (hashing the input is part
    /// of building the world, like reading it; ``run`` only records it).
    let directoryDigest: UInt64

    /// Builds the world (no simulated work happens until ``run``).
    public init(_ configuration: WorldConfiguration) {
        self.configuration = configuration
        directoryDigest = configuration.directoryDigest
        let simulation = Simulation(
            seed: configuration.seed,
            options: SimulationOptions(
                policy: configuration.policy == .random ? .random : .fifo, traceSink: configuration.traceSink))
        self.simulation = simulation
        monitor = InvariantMonitor(simulation: simulation)
        wire = WireFormat(mode: configuration.wire)
        var brokerConfiguration = configuration.broker
        brokerConfiguration.webhooks.wire = configuration.wire == .bytes ? .bytes : .value
        brokerConfiguration.scimRateLimit =
            configuration.scimRateLimit ?? RateLimit(ratePerSecond: 1_000_000, burst: 1_000_000_000)
        let state = DirectorySyncBrokerState(configuration: brokerConfiguration)
        broker = DirectorySyncBroker(
            simulation: simulation, state: state, monitor: monitor, wire: wire, faults: configuration.faults)
        addTenant(
            people: configuration.people, primaryOwnerEmail: configuration.primaryOwnerEmail,
            ownerEmail: configuration.ownerEmail)
        if configuration.bystanderPeople > 0 {
            addTenant(
                people: WorldConfiguration.generatedPeople(
                    configuration.bystanderPeople, domain: "bystander.example.org", prefix: "guest"),
                primaryOwnerEmail: "primary.owner@bystander.example.org", ownerEmail: nil)
        }
        for tenant in tenants.indices {
            if configuration.enableSCIMAtStart { schedule(.enableSCIM(by: .primaryOwner), at: .zero, tenant: tenant) }
            if let window = configuration.faults.webhookOutage { scheduleWebhookOutage(window, tenant: tenant) }
        }
        if configuration.faults.forgeries > 0 {
            scheduleForgeries(count: configuration.faults.forgeries, heal: configuration.faults.heal)
        }
    }

    private func addTenant(people: [DirectoryPerson], primaryOwnerEmail: String, ownerEmail: String?) {
        let index = tenants.count
        let organizationID = index < 9 ? "org_0\(index + 1)" : "org_\(index + 1)"
        let label = index == 0 ? "" : organizationID + "."
        _ = monitor.addTenant(organizationID: organizationID)
        let secret = "whsec_" + organizationID + "_\(configuration.seed)"
        var organizationState = OrganizationState(
            id: organizationID, primaryOwnerEmail: primaryOwnerEmail, primaryOwnerName: "Primary Owner",
            configuration: OrganizationConfiguration(webhookSecret: secret))
        organizationState.reserveCapacity(members: people.count + 2)
        if let ownerEmail {
            _ = organizationState.addMember(
                actor: organizationState.primaryOwnerID, email: ownerEmail, name: "Owner", role: .owner, seat: .premium)
        }
        var endpointID: String?
        if configuration.consumer == .webhooks {
            endpointID = broker.box.state.registerWebhookEndpoint(
                organizationID: organizationID, url: "https://claude.example.test/webhooks/workos/" + organizationID,
                secret: secret)
        }
        let directory = IdentityProviderDirectory(people: people, assigned: true)
        monitor.directoryLoaded(tenant: index, directory: directory)
        let broker = self.broker
        let idpLinks = makeLinks(
            name: label + "idp->broker", latency: configuration.idpLinkLatency, partition: true,
            timeout: configuration.idpRequestTimeout, server: broker
        ) { broker, request in broker.handleSCIM(request, tenant: index) }
        let identityProvider = IdentityProvider(
            simulation: simulation, tenant: index,
            state: IdentityProviderStateMachine(profile: configuration.profile, directory: directory),
            monitor: monitor, wire: wire, name: label + "idp", links: idpLinks)
        let organization = Organization(
            simulation: simulation, tenant: index, state: organizationState, monitor: monitor, wire: wire,
            name: label + "org")
        let organizationLinks = makeLinks(
            name: label + "broker->org", latency: configuration.organizationLinkLatency, partition: false,
            timeout: configuration.broker.webhooks.timeout, server: organization
        ) { organization, delivery in organization.receive(delivery) }
        let admin = Admin(
            simulation: simulation, tenant: index, organization: organization, broker: broker,
            identityProvider: identityProvider, monitor: monitor, ownerEmail: ownerEmail)
        identityProvider.startWorkers(configuration.profile.concurrency)
        var eventsLinks: LinkPair<EventsQuery, EventsAnswer>?
        if case .eventsAPI(let interval, let pageSize) = configuration.consumer {
            let links = makeLinks(
                name: label + "org->broker", latency: configuration.organizationLinkLatency, partition: false,
                timeout: configuration.broker.webhooks.timeout, server: broker
            ) { broker, query in broker.listEvents(query) }
            organization.startPolling(links: links, interval: interval, pageSize: pageSize)
            eventsLinks = links
        }
        tenants.append(
            Tenant(
                index: index, organizationID: organizationID, identityProvider: identityProvider,
                organization: organization, admin: admin, idpLinks: idpLinks, organizationLinks: organizationLinks,
                endpointID: endpointID, eventsLinks: eventsLinks, webhookSecret: secret))
    }

    /// The faulty (if the plan has link faults) and the reliable link between a client and `server`. The
    /// handler is synchronous, so under the FIFO policy a request is handled at its delivery instant without a
    /// server task (`RequestLink.init(_:simulation:configuration:server:synchronousHandler:)`).
    private func makeLinks<Server: Actor, Request: Sendable, Response: Sendable>(
        name: String, latency: Duration, partition: Bool, timeout: Duration, server: Server,
        handler: @escaping @Sendable (isolated Server, Request) -> Response
    ) -> LinkPair<Request, Response> {
        let plan = configuration.faults
        let reliable = RequestLink(
            name, simulation: simulation,
            configuration: LinkConfiguration(latency: .fixed(latency), requestTimeout: nil, traceMessages: false),
            server: server, synchronousHandler: handler)
        guard plan.hasLinkFaults else { return LinkPair(faulty: nil, reliable: reliable, heal: plan.heal) }
        let model: LatencyModel =
            plan.latencyTailCap.map { .logNormal(median: latency, sigma: 1, cap: latency + $0) }
            ?? .fixed(latency)
        let windows =
            partition ? plan.partition.map { [PartitionWindow(start: $0.lowerBound, end: $0.upperBound)] } ?? [] : []
        let faulty = RequestLink(
            name + ".faulty", simulation: simulation,
            configuration: LinkConfiguration(
                latency: model, lossPartsPerMillion: plan.lossBasisPoints * 100,
                duplicationPartsPerMillion: plan.duplicationBasisPoints * 100,
                reorderPartsPerMillion: plan.reorderBasisPoints * 100,
                reorderWindow: max(plan.reorderJitter, .milliseconds(1)), partitions: windows,
                requestTimeout: timeout, traceMessages: false),
            server: server, synchronousHandler: handler)
        return LinkPair(faulty: faulty, reliable: reliable, heal: plan.heal)
    }
}
