import SimulationKernel

/// Runs one configuration end to end and reports it: the entry point of `scimsim run`, `scimsim sweep` and the
/// benchmarks.
///
/// A run is a pure function of its ``RunConfiguration`` (same configuration and build, same report and trace
/// hash). The runner derives the fault plan from the seed (stream `faults`), builds the ``World``, installs
/// the scenario, runs it until the organization matches the IdP with nothing in flight (or the first
/// violation, or the deadline), and fills every ``RunReport`` field. It never reads the wall clock: callers
/// time it.
public enum SimulationRunner {
    /// Runs `configuration` and returns its report. `progress`, if given, is called on the calling thread every
    /// ``progressInterval`` kernel steps; rate-limit any output there.
    ///
    /// ``RunReport/ending`` is one of `converged` (the organization matched the IdP with the script done and
    /// nothing in flight), `violation` (the first invariant violation stopped the run), `liveness deadline`,
    /// `deadline` (the configuration's `until`), `quiescent` (nothing left to do; a liveness violation unless
    /// converged), `step limit`, or `deadlock (waiting: ...)`. Faults heal at ``FaultPlan/defaultHeal``.
    /// - Throws: ``SimulationRunnerError``: the scenario is not available, the trace file cannot be written,
    ///   or work escaped the simulation (the run is then not reproducible).
    public static func run(_ configuration: RunConfiguration, progress: (@Sendable (RunProgress) -> Void)?) throws
        -> RunReport
    {
        let world = try makeWorld(configuration)
        let outcome: WorldOutcome
        do {
            outcome = try world.run(until: configuration.until, progressEvery: progressInterval, progress: progress)
        } catch {
            throw SimulationRunnerError.simulation(error)
        }
        return report(configuration, world: world, outcome: outcome)
    }

    /// Kernel steps between two progress calls.
    public static let progressInterval: UInt64 = 65_536

    /// The world `configuration` describes, with its scenario installed, ready to ``World/run``. Use it to run
    /// a configuration step by step or to inspect the parties afterwards.
    /// - Throws: ``SimulationRunnerError/unsupportedScenario(_:)``.
    public static func makeWorld(_ configuration: RunConfiguration) throws -> World {
        let world = World(worldConfiguration(configuration))
        try installScenario(configuration.scenario, in: world, run: configuration)
        return world
    }

    /// The world configuration of a run: profile defaults overridden by the run's parameters, the fault plan
    /// drawn from the seed, and the people of the run.
    public static func worldConfiguration(_ run: RunConfiguration) -> WorldConfiguration {
        let people: [DirectoryPerson]
        switch run.people {
        case .generated(let count): people = WorldConfiguration.generatedPeople(count)
        case .directory(_, let list): people = list
        }
        var world = WorldConfiguration(seed: run.seed, identityProvider: run.identityProvider, people: people)
        if let concurrency = run.idpConcurrency { world.profile.concurrency = max(1, concurrency) }
        if let latency = run.idpLinkLatency { world.idpLinkLatency = latency }
        if let latency = run.organizationLinkLatency { world.organizationLinkLatency = latency }
        if let window = run.webhookWindow { world.broker.webhooks.maxInFlightPerEndpoint = max(1, window) }
        if let base = run.webhookRetryBase { world.broker.webhooks.initialBackoff = base }
        if let attempts = run.webhookMaxAttempts { world.broker.webhooks.maxAttempts = max(1, attempts) }
        if let rate = run.rateLimitPerSecond {
            world.scimRateLimit = RateLimit(ratePerSecond: Int64(max(1, rate)), burst: Int64(max(1, rate)))
        }
        applyScenario(run, to: &world)
        // Slow links stretch the bound: at least three times the expected initial sync plus a margin of twenty
        // round trips, so `--idp-latency 3d` is a slow run, not a liveness violation.
        let roundTrip = (world.idpLinkLatency + world.organizationLinkLatency) * 2
        world.livenessBound = max(
            world.livenessBound, ScenarioTiming.initialSyncEstimate(world) * 3 + roundTrip * 20)
        world.consumer = run.eventConsumer
        world.bystanderPeople = max(0, run.bystanderPeople)
        world.wire = run.wire
        world.policy = run.policy
        if let path = run.tracePath { world.traceSink = .jsonLines(path: path) }
        var random = SeededRandom(seed: run.seed, label: "faults")
        world.faults = FaultPlan.draw(run.faults, using: &random)
        return world
    }

    /// The report of a finished world run.
    static func report(_ configuration: RunConfiguration, world: World, outcome: WorldOutcome) -> RunReport {
        let brokerState = world.broker.box.state
        let statistics = brokerState.statistics
        var duplicates = 0
        var rejected = 0
        for tenant in world.tenants {
            let counters = tenant.organization.box.state.counters
            duplicates += counters.duplicates
            rejected += counters.rejectedSignatures + counters.rejectedTimestamps
        }
        let events = statistics.eventsByKind.keys.sorted { $0.rawValue < $1.rawValue }.map {
            KeyCount($0.rawValue, statistics.eventsByKind[$0] ?? 0)
        }
        var report = RunReport(
            configuration: configuration, faultSettings: world.configuration.faults.settings,
            directoryPeople: world.configuration.people.count, virtualDuration: outcome.result.virtualElapsed,
            convergenceTime: outcome.convergenceTime, converged: outcome.converged,
            organizationMembers: world.tenants[0].organization.box.state.memberCount,
            requests: world.broker.requestTable(), events: events,
            webhooks: WebhookCounts(
                attempts: statistics.webhookAttempts, retries: statistics.webhookRetries, duplicates: duplicates,
                rejected: rejected),
            steps: outcome.result.steps, traceHash: outcome.result.traceHash, ending: outcome.ending,
            violations: outcome.violation.map { [$0] } ?? [])
        report.memberApplyHash = world.monitor.memberApplyHash(tenant: 0)
        report.syncedMembers = world.tenants[0].organization.box.state.linkedMemberCount
        return report
    }
}

/// Why ``SimulationRunner`` could not produce a report.
public enum SimulationRunnerError: Error, Sendable, CustomStringConvertible {
    /// The scenario has no script in this build.
    case unsupportedScenario(String)
    /// The kernel refused the run: work escaped the simulation, or the trace file could not be opened.
    case simulation(SimulationError)

    /// A message naming the scenario or the kernel's reason.
    public var description: String {
        switch self {
        case .unsupportedScenario(let name): return "scenario \(name) is not available in this build"
        case .simulation(let error): return error.description
        }
    }
}
