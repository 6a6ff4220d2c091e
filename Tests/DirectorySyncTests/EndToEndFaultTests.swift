import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Issue 4's named end-to-end cases not covered elsewhere: duplicated and reordered webhooks, and token
/// revocation, for both IdP profiles.
@Suite struct EndToEndFaultTests {
    /// Only duplication and reordering on every link (seed 3 draws 4.71% duplication, 15.77% reordering): the organization sees duplicate deliveries, dedupes them
    /// by event id, and still ends with exactly the assigned people; the same seed repeats the same run.
    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func duplicatedAndReorderedWebhooksConverge(_ idp: IdentityProviderKind) throws {
        let configuration = RunConfiguration(
            seed: 3, identityProvider: idp, people: .generated(count: 300), faults: .only([.duplication, .reorder]))
        let world = try SimulationRunner.makeWorld(configuration)
        let outcome = try world.run()
        let report = SimulationRunner.report(configuration, world: world, outcome: outcome)
        #expect(report.violations.isEmpty && report.converged)
        #expect(report.webhooks.duplicates > 0)
        let webhookLinks = world.tenants[0].organizationLinks.counters
        #expect(webhookLinks.duplicated > 0 && webhookLinks.reordered > 0)
        #expect(outcome.result.foreignEnqueues == 0)
        let organization = world.tenants[0].organization.box.state
        #expect(organization.linkedMemberCount == 300)
        #expect(report.events.first { $0.key == "dsync.user.created" }?.count == 300)
        let again = try SimulationRunner.run(configuration, progress: nil)
        #expect(again.traceHash == report.traceHash && again.steps == report.steps)
    }

    /// The Owner revokes the directory's token mid-sync: every later IdP request gets 401 and changes nothing
    /// (the IdP records each as `unauthorized`); after a rotation that hands the IdP a new token, provisioning
    /// resumes and the organization converges.
    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func revokedTokenGets401UntilANewTokenArrives(_ idp: IdentityProviderKind) throws {
        let world = World(
            WorldConfiguration(seed: 23, identityProvider: idp, people: WorldConfiguration.generatedPeople(60)))
        let revokeAt: Duration = idp == .okta ? .milliseconds(600) : .seconds(20)
        world.schedule(.revokeToken(by: .owner), at: revokeAt)
        world.schedule(.rotateToken(by: .owner, reconfigureIdP: true), at: revokeAt + .seconds(30))
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let report = SimulationRunner.report(
            RunConfiguration(seed: 23, identityProvider: idp), world: world, outcome: outcome)
        let unauthorized = report.requests.filter { $0.status == 401 }.reduce(0) { $0 + $1.count }
        #expect(unauthorized > 0)
        #expect(world.tenants[0].identityProvider.box.state.failureCounts[.unauthorized] > 0)
        #expect(world.adminLog.allSatisfy { $0.refusal == nil })
        #expect(world.tenants[0].organization.box.state.linkedMemberCount == 60)
        #expect(outcome.convergenceTime.map { $0 > revokeAt + .seconds(30) } == true)
    }
}
