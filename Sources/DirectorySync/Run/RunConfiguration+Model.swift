/// Where the run's people come from.
public enum PeopleSource: Sendable, Hashable {
    /// `count` invented people (`user<i>@example.com`, as the SimPy reference model names them), all active.
    case generated(count: Int)
    /// People read from a directory export (see `DirectoryImport`), in file order; `name` is the file name.
    case directory(name: String, people: [DirectoryPerson])
}

/// How SCIM bodies and webhooks travel on links.
public enum WireMode: String, Sendable, Hashable {
    /// The `JSONValue` itself (fast).
    case value
    /// UTF-8 bytes through the JSON codec at every hop (full fidelity).
    case bytes
}

/// The scheduler's choice among ready jobs.
public enum SchedulePolicy: String, Sendable, Hashable {
    /// First in, first out.
    case fifo
    /// Seeded random choice among ready jobs (schedule exploration).
    case random
}

/// Everything that determines a run. Two runs with equal configurations produce the same trace hash.
///
/// Optional parameters are `nil` for "the profile's documented default"; the report prints the values
/// actually used. All durations are virtual time.
public struct RunConfiguration: Sendable, Hashable {
    /// The root seed; every random stream of the run derives from it.
    public var seed: UInt64
    /// The IdP profile.
    public var identityProvider: IdentityProviderKind
    /// The scenario.
    public var scenario: ScenarioKind
    /// The IdP's directory.
    public var people: PeopleSource
    /// Fault injection.
    public var faults: FaultSelection
    /// Scheduler policy.
    public var policy: SchedulePolicy
    /// Stop at this virtual time even if work remains (`nil`: run to quiescence or the scenario's end).
    public var until: Duration?
    /// Write every trace step as JSON Lines to this path (`nil`: hash only).
    public var tracePath: String?
    /// Value or bytes mode.
    public var wire: WireMode
    /// IdP requests in flight at once (`nil`: the profile's default).
    public var idpConcurrency: Int?
    /// One-way latency of the IdP to broker link (`nil`: default).
    public var idpLinkLatency: Duration?
    /// One-way latency of the broker to organization link (`nil`: default).
    public var organizationLinkLatency: Duration?
    /// Webhook deliveries in flight at once (`nil`: default).
    public var webhookWindow: Int?
    /// First webhook retry delay (`nil`: default); later retries double it.
    public var webhookRetryBase: Duration?
    /// Webhook attempts per event before giving up (`nil`: default).
    public var webhookMaxAttempts: Int?
    /// Broker SCIM requests per second per directory (`nil`: default; scenario `rate-limiting` tightens it).
    public var rateLimitPerSecond: Int?
    /// How the organization consumes directory events (default: webhooks).
    public var eventConsumer: EventConsumerMode = .webhooks
    /// People of a second ("bystander") organization sharing the broker, with its own IdP, so that the run
    /// checks that nothing crosses between organizations (default 0: none). Its requests and events are
    /// included in the report's broker counts.
    public var bystanderPeople: Int = 0

    /// A configuration; everything but the seed has the default `scimsim run` uses.
    public init(
        seed: UInt64, identityProvider: IdentityProviderKind = .okta, scenario: ScenarioKind = .initialSync,
        people: PeopleSource = .generated(count: 10_000), faults: FaultSelection = .swarm,
        policy: SchedulePolicy = .fifo, until: Duration? = nil, tracePath: String? = nil, wire: WireMode = .value
    ) {
        self.seed = seed
        self.identityProvider = identityProvider
        self.scenario = scenario
        self.people = people
        self.faults = faults
        self.policy = policy
        self.until = until
        self.tracePath = tracePath
        self.wire = wire
    }
}
