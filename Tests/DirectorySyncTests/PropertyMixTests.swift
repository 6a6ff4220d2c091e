import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Property: for every seed, the `mix` scenario under swarm faults keeps every safety invariant (checked by
/// the monitor after every delivered message) and converges: the organization's linked members are exactly
/// the IdP's wanted people, every expected refusal was refused, and nothing escaped the executor.
///
/// Each seed is one test case (a failure names its seed). The seed also varies the run's shape: 20 to 40
/// people, the scheduler policy (seeded random choice among ready jobs for every third seed), bytes on the
/// wire for every fifth seed, and a bystander organization on the same broker for every fourth seed.
/// Reproduce one seed with `swift test --filter "PropertyMixTests"` and the seed's test case, or
/// `scimsim run --scenario mix --faults swarm --seed N --idp okta|entra --users P`.
@Suite struct PropertyMixTests {
    /// The seeds swept, per IdP.
    static let seeds: [UInt64] = Array(1...200)

    /// The run of `seed` under `idp`.
    static func configuration(_ seed: UInt64, _ idp: IdentityProviderKind) -> RunConfiguration {
        var run = ScenarioTesting.configuration(.mix, idp, people: 20 + Int(seed % 21), seed: seed, faults: .swarm)
        if seed % 3 == 0 { run.policy = .random }
        if seed % 5 == 0 { run.wire = .bytes }
        if seed % 4 == 0 { run.bystanderPeople = 3 }
        return run
    }

    /// Runs one seed and checks the properties; the failure text carries the seed, the drawn faults and parts.
    static func check(_ seed: UInt64, _ idp: IdentityProviderKind) throws {
        let configuration = configuration(seed, idp)
        let run = try ScenarioTesting.run(configuration)
        let faults = run.report.faultSettings.filter { $0.value != "off" }.map { "\($0.key)=\($0.value)" }
        let parts = run.plan.settings.first?.value ?? ""
        #expect(
            run.report.violations.isEmpty,
            "seed \(seed) \(idp.rawValue) parts [\(parts)] faults \(faults): \(run.report.violations)")
        ScenarioTesting.expectConverged(run)
        for tenant in run.world.tenants {
            #expect(run.world.monitor.isConverged(tenant: tenant.index), "seed \(seed): tenant \(tenant.index)")
        }
    }

    @Test(arguments: seeds)
    func mixOkta(_ seed: UInt64) throws { try Self.check(seed, .okta) }

    @Test(arguments: seeds)
    func mixEntra(_ seed: UInt64) throws { try Self.check(seed, .entra) }
}
