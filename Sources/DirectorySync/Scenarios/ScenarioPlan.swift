/// One scripted step of a scenario.
public enum ScenarioStep: Sendable, Hashable {
    /// A change to the IdP's directory (``World/schedule(_:at:tenant:)-(DirectoryChange,_,_)``).
    case change(DirectoryChange)
    /// An admin action (``World/schedule(_:at:tenant:)-(AdminAction,_,_)``).
    case admin(AdminAction)
}

/// A step at a virtual time (offset from the run's start).
public struct TimedScenarioStep: Sendable, Hashable {
    /// When.
    public var time: Duration
    /// What.
    public var step: ScenarioStep
    /// Whether the organization must refuse it (a refused-admin-action step).
    public var expectRefusal: Bool

    /// A step.
    public init(time: Duration, step: ScenarioStep, expectRefusal: Bool = false) {
        self.time = time
        self.step = step
        self.expectRefusal = expectRefusal
    }
}

/// What a scenario does to a run: its scripted steps, its webhook outages and its broker rate limit, plus the
/// numbers it drew, as text to print with the seed.
///
/// A plan is a pure function of (seed, configuration) (``Scenario/plan(_:seed:parameters:context:)``).
/// Steps are kept in time order, ties in generation order (a stable sort), which is the order in which the
/// world performs them, so the index a `hire` gets (the directory's size when it is applied) is known here.
public struct ScenarioPlan: Sendable, Hashable {
    /// The scenario.
    public var kind: ScenarioKind
    /// The names of the parts that are on (the scenario's own name for a plain scenario; the drawn parts,
    /// e.g. `churn` or `admin-refusals`, for `mix`).
    public var parts: [String] = []
    /// Steps in the order the world performs them.
    public var steps: [TimedScenarioStep] = []
    /// Windows (virtual time since the start) in which the organization's webhook endpoint is down.
    public var webhookOutages: [Range<Duration>] = []
    /// The broker's SCIM rate limit per directory for the whole run (`nil`: the world's default).
    public var scimRateLimit: RateLimit?
    /// Derived settings as (name, value) text, in generation order (e.g. `churn.days`, `reset.at`).
    public var settings: [KeyValue] = []
    /// People hired by the plan (joiners), whose indices follow the initial directory in step order.
    public var hires = 0

    /// An empty plan for `kind`.
    public init(kind: ScenarioKind) { self.kind = kind }

    /// Adds a step (call ``sortSteps()`` before use when steps were added out of time order).
    mutating func add(_ time: Duration, _ step: ScenarioStep, refused: Bool = false) {
        steps.append(TimedScenarioStep(time: time, step: step, expectRefusal: refused))
    }

    /// Adds a derived setting for the report.
    mutating func note(_ key: String, _ value: String) { settings.append(KeyValue(key, value)) }

    /// Stable sort by time (ties keep generation order). O(n log n).
    mutating func sortSteps() {
        steps = steps.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(
            \.element)
    }

    /// Appends `other`'s steps, outages, settings and parts (the caller sorts afterwards).
    mutating func merge(_ other: ScenarioPlan) {
        parts += other.parts
        steps += other.steps
        webhookOutages += other.webhookOutages
        if let limit = other.scimRateLimit { scimRateLimit = limit }
        settings += other.settings
        hires += other.hires
    }

    /// The virtual time of the last step (zero without steps).
    public var lastStepTime: Duration { steps.last?.time ?? .zero }

    /// The steps the organization must refuse.
    public var expectedRefusals: [TimedScenarioStep] { steps.filter(\.expectRefusal) }

    /// Schedules every step and outage into `world` for tenant `tenant` (call before ``World/run``). O(steps).
    public func install(in world: World, tenant: Int = 0) {
        for entry in steps {
            switch entry.step {
            case .change(let change): world.schedule(change, at: entry.time, tenant: tenant)
            case .admin(let action): world.schedule(action, at: entry.time, tenant: tenant)
            }
        }
        for window in webhookOutages { world.scheduleWebhookOutage(window, tenant: tenant) }
    }
}

/// What a plan is built from: the run's people, its IdP and the estimated initial-sync length.
public struct ScenarioContext: Sendable {
    /// The IdP's people at the start, in directory order.
    public var people: [DirectoryPerson]
    /// The IdP profile.
    public var identityProvider: IdentityProviderKind
    /// The estimated initial sync length (``ScenarioTiming/initialSyncEstimate(_:)``).
    public var initialSyncEstimate: Duration

    /// A context.
    public init(people: [DirectoryPerson], identityProvider: IdentityProviderKind, initialSyncEstimate: Duration) {
        self.people = people
        self.identityProvider = identityProvider
        self.initialSyncEstimate = initialSyncEstimate
    }

    /// The context of a world configuration.
    public init(_ configuration: WorldConfiguration) {
        self.init(
            people: configuration.people, identityProvider: configuration.identityProviderKind,
            initialSyncEstimate: ScenarioTiming.initialSyncEstimate(configuration))
    }

    /// Resolves a scenario time against the estimate.
    func time(_ t: ScenarioTime) -> Duration { t.resolve(estimate: initialSyncEstimate) }
}

/// Estimates of how long parts of a run take, from the configuration alone (no run needed).
public enum ScenarioTiming {
    /// The estimated length of the initial sync without faults: Okta sends a GET and a POST per person, each a
    /// round trip over the IdP link, with ``IdentityProviderProfile/concurrency`` people at once, so
    /// `ceil(people / concurrency) * 4 * idpLinkLatency` (the reference pipeline's 16 ms per person at 10
    /// workers and 40 ms); Entra paces its requests ``EntraParameters/requestSpacing`` apart, two per person.
    /// At least 1 ms. O(1).
    public static func initialSyncEstimate(_ configuration: WorldConfiguration) -> Duration {
        let people = max(1, configuration.people.count)
        let estimate: Duration
        switch configuration.profile.kind {
        case .okta:
            let rounds = (people + configuration.profile.concurrency - 1) / configuration.profile.concurrency
            estimate = configuration.idpLinkLatency * (4 * rounds)
        case .entra(let parameters):
            estimate = parameters.requestSpacing * (2 * people)
        }
        return max(.milliseconds(1), estimate)
    }
}
