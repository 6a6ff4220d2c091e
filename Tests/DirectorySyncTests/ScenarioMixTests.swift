import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Seeded end-to-end runs of the `mix` scenario at 200 people, with and without swarm faults: the drawn parts
/// all run, the organization converges with every invariant kept, and the same seed gives the same trace.
@Suite struct ScenarioMixTests {
    @Test(arguments: [IdentityProviderKind.okta, .entra], [FaultSelection.none, .swarm])
    func mixConverges(_ idp: IdentityProviderKind, _ faults: FaultSelection) throws {
        var parameters = ScenarioParameters()
        parameters.mix.partBasisPoints = 10_000
        let configuration = ScenarioTesting.configuration(
            .mix, idp, people: 200, seed: 61, faults: faults, parameters: parameters)
        let run = try ScenarioTesting.run(configuration)
        ScenarioTesting.expectConverged(run)
        #expect(run.plan.parts.count == 8)
        #expect(run.plan.settings.first?.key == "mix.parts")
        // Every part left its mark: a reset (one dsync.deleted), 401s, webhook retries, refusals.
        #expect(ScenarioTesting.events(run, .deleted) == 1)
        #expect(run.idpFailures(.unauthorized) > 0)
        // The drawn limit is in force; Okta's 10 requests in flight always exceed it, Entra's 10 per second only
        // when the draw is below 10/s.
        let limit = try #require(run.world.configuration.scimRateLimit)
        #expect(run.plan.scimRateLimit == limit)
        if idp == .okta || limit.ratePerSecond < 10 { #expect(run.requests(status: 429) > 0) }
        #expect(run.report.webhooks.retries > 0)
        #expect(run.world.adminLog.filter { $0.refusal != nil }.count >= run.plan.expectedRefusals.count)
        #expect(run.identityProvider.directory.people.count == 200 + run.plan.hires)
        let again = try SimulationRunner.run(configuration, progress: nil)
        #expect(again.traceHash == run.report.traceHash && again.steps == run.report.steps)
    }
}
