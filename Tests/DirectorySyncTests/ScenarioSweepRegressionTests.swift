import Testing

@testable import DirectorySync

/// Seeds that `scimsim sweep --seeds 1...200 --users 300 --scenario mix` (the README's example) found failing:
/// seed 178, a duplicated deactivation whose first copy got an injected 503 while the second was applied (the
/// IdP kept believing the person active, so a reactivation was never sent); seed 125, a duplicated create
/// answered 409 and given up (Okta), then the person was unassigned and the user stayed at the app. Both are
/// liveness violations before the fix (``IdentityProviderStateMachine`` treats a 5xx or a 409 create like a
/// timeout: the request may have been applied).
@Suite struct ScenarioSweepRegressionTests {
    @Test(arguments: [UInt64(125), 178])
    func mixSeedConverges(_ seed: UInt64) throws {
        let run = RunConfiguration(seed: seed, scenario: .mix, people: .generated(count: 300))
        let report = try SimulationRunner.run(run, progress: nil)
        #expect(report.violations.isEmpty, "seed \(seed): \(report.violations)")
        #expect(report.converged, "seed \(seed)")
    }
}
