/// The run configurations of the `sync`, `reference`, `baseline` and `calibration` benchmark suites, shared with
/// the tests that run the same workloads at tiny sizes.
///
/// Each function returns a ``RunConfiguration`` for ``SimulationRunner/run(_:progress:)``; nothing here reads
/// the wall clock (the Benchmarks executable times the runs).
public enum SyncWorkload {
    /// The Okta initial sync configured exactly like `research/simpy_pipeline.py`: 10 IdP workers, 40 ms one-way
    /// IdP link, 4 webhook deliveries in flight, 30 ms one-way organization link, no faults, no processing delay,
    /// FIFO scheduling, `people` generated people (`user<i>@example.com`). It converges at
    /// ``referenceConvergence(people:)``.
    public static func reference(people: Int, seed: UInt64 = 1, wire: WireMode = .value) -> RunConfiguration {
        var configuration = RunConfiguration(
            seed: seed, identityProvider: .okta, scenario: .initialSync, people: .generated(count: people),
            faults: .none, policy: .fifo, wire: wire)
        configuration.idpConcurrency = 10
        configuration.idpLinkLatency = .milliseconds(40)
        configuration.webhookWindow = 4
        configuration.organizationLinkLatency = .milliseconds(30)
        return configuration
    }

    /// The SimPy model's convergence time for `people` people: each of the 10 workers spends 4 x 40 ms per person
    /// (GET and POST round trips), so the last POST answer leaves the broker at 16 ms x people - 40 ms; its
    /// webhook then takes 30 ms to reach the organization. Exactly `16 ms * people + 110 ms` when `people` is a
    /// multiple of 10 (the model's figure: 160,110 ms for 10,000), valid while the 4-wide webhook window keeps up
    /// (it delivers one event per 15 ms, the IdP creates one per 16 ms).
    public static func referenceConvergence(people: Int) -> Duration {
        .milliseconds(16 * people + 110)
    }

    /// An initial sync of `people` generated people under `identityProvider`'s default profile, with `faults`
    /// (`.none` or `.swarm`) and `wire` mode; the configuration `Benchmarks sync` runs.
    public static func initialSync(
        _ identityProvider: IdentityProviderKind, people: Int, faults: FaultSelection, wire: WireMode = .value,
        seed: UInt64 = 7
    ) -> RunConfiguration {
        RunConfiguration(
            seed: seed, identityProvider: identityProvider, scenario: .initialSync,
            people: .generated(count: people), faults: faults, policy: .fifo, wire: wire)
    }

    /// People whose membership the run converged on: the report's organization members minus the manual ones
    /// (the Primary Owner and the world's Owner).
    public static func syncedPeople(_ report: RunReport) -> Int {
        report.organizationMembers - manualMembers
    }

    /// Members the world adds by hand before any sync: the Primary Owner and the Owner.
    public static let manualMembers = 2
}

/// A run whose world is already built, so that a benchmark can time ``run()`` alone (the SimPy model's timing
/// also excludes its setup).
public final class PreparedRun {
    /// The configuration.
    public let configuration: RunConfiguration
    /// The built world (with its scenario installed); read the parties' state after ``run()``.
    public let world: World

    /// Builds the world of `configuration`.
    /// - Throws: ``SimulationRunnerError/unsupportedScenario(_:)``.
    public init(_ configuration: RunConfiguration) throws {
        self.configuration = configuration
        world = try SimulationRunner.makeWorld(configuration)
    }

    /// Runs the world (once) and returns the same report ``SimulationRunner/run(_:progress:)`` would.
    /// - Throws: ``SimulationRunnerError/simulation(_:)`` when work escaped the simulation.
    public func run() throws -> RunReport {
        let outcome: WorldOutcome
        do {
            outcome = try world.run(until: configuration.until)
        } catch {
            throw SimulationRunnerError.simulation(error)
        }
        return SimulationRunner.report(configuration, world: world, outcome: outcome)
    }
}

/// The Entra calibration of `Benchmarks calibration`: the profile's default parameters against Microsoft's
/// published initial-cycle estimate.
public enum EntraCalibration {
    /// Microsoft's published initial-cycle estimate, in minutes per assigned object (N = assigned users + groups
    /// + group members): 0.01 x N minutes at best to 0.08 x N at worst ([MS-WHEN], research/broker-and-app.md
    /// section 3.3).
    public static let publishedMinutesPerObject: ClosedRange<Double> = 0.01...0.08

    /// The run whose initial cycle is measured: `people` assigned users (no groups), the Entra profile's
    /// defaults, no faults, value mode.
    public static func configuration(people: Int, seed: UInt64 = 3) -> RunConfiguration {
        SyncWorkload.initialSync(.entra, people: people, faults: .none, seed: seed)
    }

    /// Assigned objects of a run of ``configuration(people:seed:)``: the users (no groups, no members).
    public static func assignedObjects(people: Int) -> Int { people }

    /// The predicted initial-cycle duration in minutes per assigned object: the virtual time until the
    /// organization matched the IdP, over the assigned objects. `nil` if the run did not converge.
    public static func minutesPerObject(_ report: RunReport) -> Double? {
        guard report.converged, let time = report.convergenceTime, report.directoryPeople > 0 else { return nil }
        let minutes = Double(time.simulationNanoseconds) / 60e9
        return minutes / Double(assignedObjects(people: report.directoryPeople))
    }
}
