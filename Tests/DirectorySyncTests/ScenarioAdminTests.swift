import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Seeded end-to-end runs of the scenarios driven by the organization's admins and the broker: reset during
/// the initial sync, token rotation, webhook outage, rate limiting; and the refused admin actions.
@Suite struct ScenarioAdminTests {
    static let idps = [IdentityProviderKind.okta, .entra]

    private func runTwice(_ configuration: RunConfiguration) throws -> ScenarioRun {
        let run = try ScenarioTesting.run(configuration)
        let again = try SimulationRunner.run(configuration, progress: nil)
        #expect(again.traceHash == run.report.traceHash && again.steps == run.report.steps)
        return run
    }

    /// The Owner resets SCIM halfway through the initial sync after typing `reset` and `Reset ` (both refused):
    /// everyone but the Primary Owner is deleted, the directory too (one `dsync.deleted`); the IdP's old token
    /// gets 401 and the IdP records it; the Primary Owner sets SCIM up again, the new token works, and the
    /// organization converges on the new directory.
    @Test(arguments: idps)
    func resetDuringSync(_ idp: IdentityProviderKind) throws {
        let run = try runTwice(ScenarioTesting.configuration(.resetDuringSync, idp, people: 100, seed: 51))
        ScenarioTesting.expectConverged(run)
        let log = run.world.adminLog
        #expect(log.map(\.action.name) == ["enable-scim", "reset-scim", "reset-scim", "reset-scim", "enable-scim"])
        #expect(log[1].refusal?.reason == .confirmationMismatch && log[2].refusal?.reason == .confirmationMismatch)
        #expect(log[3].refusal == nil && log[4].refusal == nil)
        #expect(ScenarioTesting.events(run, .deleted) == 1)
        #expect(run.broker.directory(WorldTesting.directoryID(1))?.state == .deleting)
        #expect(run.organization.scimSetup.directoryID == WorldTesting.directoryID(2))
        #expect(run.organization.member(email: "owner@claude-org.example.test") == nil)
        #expect(run.report.organizationMembers == 101)
        #expect(run.organization.members.allSatisfy { $0.directoryID != WorldTesting.directoryID(1) })
        // The old token: refused and recorded by the IdP; nothing applied with it.
        #expect(run.requests(status: 401) > 0)
        #expect(run.idpFailures(.unauthorized) > 0)
        let resetAt = log[3].time
        #expect(run.identityProvider.failures.allSatisfy { $0.reason != .unauthorized || $0.time >= resetAt })
        // Everyone was created in the second directory.
        #expect(ScenarioTesting.events(run, .userCreated) >= 100)
        #expect(run.report.convergenceTime.map { $0 > log[4].time } == true)
    }

    /// The token is rotated halfway through the initial sync and pasted into the IdP 30 s later: requests with
    /// the old token get 401, are recorded, and change nothing; every person is created exactly once.
    @Test(arguments: idps)
    func tokenRotation(_ idp: IdentityProviderKind) throws {
        let run = try runTwice(ScenarioTesting.configuration(.tokenRotation, idp, people: 100, seed: 52))
        ScenarioTesting.expectConverged(run)
        #expect(run.world.adminLog.map(\.action.name) == ["enable-scim", "rotate-token", "configure-idp"])
        #expect(run.world.adminLog.allSatisfy { $0.refusal == nil })
        #expect(run.requests(status: 401) > 0 && run.idpFailures(.unauthorized) > 0)
        #expect(ScenarioTesting.events(run, .userCreated) == 100)
        #expect(WorldTesting.requests(run.report, "POST", 201) == 100)
        #expect(run.report.organizationMembers == 102)
        let reconfigured = run.world.adminLog[2].time
        #expect(run.report.convergenceTime.map { $0 >= reconfigured } == true)
    }

    /// The webhook endpoint is down for 300 s during the initial sync: deliveries are answered 503 and retried
    /// with backoff; none is lost and the organization converges after the outage.
    @Test(arguments: idps)
    func webhookOutage(_ idp: IdentityProviderKind) throws {
        let run = try runTwice(ScenarioTesting.configuration(.webhookOutage, idp, people: 100, seed: 53))
        ScenarioTesting.expectConverged(run)
        let window = try #require(run.plan.webhookOutages.first)
        #expect(window.upperBound - window.lowerBound == .seconds(300))
        #expect(run.broker.statistics.webhookRetries > 0 && run.report.webhooks.retries > 0)
        #expect(run.broker.statistics.webhooksFailed == 0)
        #expect(run.report.convergenceTime.map { $0 >= window.upperBound } == true)
        #expect(ScenarioTesting.events(run, .userCreated) == 100)
        #expect(run.organization.counters.membersCreated == 100)
    }

    /// A 5/s broker limit: 429 storms, `Retry-After` honoured (no target is refused twice within a second), and
    /// the run converges no faster than the limit allows.
    @Test(arguments: idps)
    func rateLimiting(_ idp: IdentityProviderKind) throws {
        let run = try runTwice(ScenarioTesting.configuration(.rateLimiting, idp, people: 100, seed: 54))
        ScenarioTesting.expectConverged(run)
        #expect(run.requests(status: 429) > 0 && run.broker.statistics.rateLimited > 0)
        #expect(run.idpFailures(.rateLimited) == run.requests(status: 429))
        var last: [ProvisioningTarget: Duration] = [:]
        for failure in run.identityProvider.failures where failure.reason == .rateLimited {
            if let previous = last[failure.target] {
                #expect(failure.time - previous >= .seconds(1), "\(failure.target) retried before Retry-After")
            }
            last[failure.target] = failure.time
        }
        // 200 requests at 5 per second after a burst of 5.
        #expect(run.report.convergenceTime.map { $0 >= .seconds(39) } == true)
        #expect(WorldTesting.requests(run.report, "POST", 201) == 100)
    }

    /// Refused admin actions change nothing: a User and a promoted Admin try to enable, reset and rotate; the
    /// Primary Owner types `reset` and `Reset `. The organization ends exactly as in the same run without them.
    @Test(arguments: idps)
    func refusedAdminActionsChangeNothing(_ idp: IdentityProviderKind) throws {
        let seed: UInt64 = 55
        let people = 60
        let configuration = ScenarioTesting.configuration(.initialSync, idp, people: people, seed: seed)
        let withAttempts = try SimulationRunner.makeWorld(configuration)
        let context = ScenarioContext(withAttempts.configuration)
        let attempts = Scenario.adminRefusals(
            AdminRefusalParameters(), user: "user3@example.com", admin: "user4@example.com", context: context)
        attempts.install(in: withAttempts)
        let outcome = try withAttempts.run()
        #expect(outcome.violation == nil && outcome.converged)
        let log = withAttempts.adminLog
        let reasons = log.compactMap { $0.refusal?.reason }
        #expect(log.count == 1 + attempts.steps.count)
        #expect(reasons.count == attempts.expectedRefusals.count)
        #expect(reasons.filter { $0 == .insufficientRole }.count == 5)
        #expect(reasons.filter { $0 == .confirmationMismatch }.count == 2)
        // The same run with only the promotion (the one action that is allowed).
        let baseline = try SimulationRunner.makeWorld(configuration)
        for entry in attempts.steps where !entry.expectRefusal {
            if case .admin(let action) = entry.step { baseline.schedule(action, at: entry.time) }
        }
        #expect(try baseline.run().converged)
        let a = withAttempts.tenants[0].organization.box.state
        let b = baseline.tenants[0].organization.box.state
        #expect(a.members == b.members && a.scimSetup == b.scimSetup && a.provisioningMode == b.provisioningMode)
        #expect(a.member(email: "user4@example.com")?.role == .admin)
        #expect(a.memberCount == people + 2)
        #expect(
            withAttempts.broker.box.state.statistics.eventsByKind == baseline.broker.box.state.statistics.eventsByKind)
        #expect(withAttempts.broker.box.state.allDirectories == baseline.broker.box.state.allDirectories)
    }
}
