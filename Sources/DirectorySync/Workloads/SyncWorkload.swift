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
