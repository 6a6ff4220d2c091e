import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// The hooks other scenarios build on: scheduled IdP changes, admin actions, outages and rate limits.
@Suite struct WorldHookTests {
    private func world(_ idp: IdentityProviderKind = .okta, people: Int = 50, seed: UInt64 = 21) -> World {
        World(WorldConfiguration(seed: seed, identityProvider: idp, people: WorldConfiguration.generatedPeople(people)))
    }

    /// Reset while the initial sync runs, then set up again: the new directory's token works, the old one is
    /// refused, and the organization converges with the Primary Owner and everyone the IdP assigns.
    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func resetDuringSyncThenSetUpAgain(_ idp: IdentityProviderKind) throws {
        let world = world(idp)
        let resetAt: Duration = idp == .okta ? .milliseconds(500) : .seconds(10)
        world.schedule(.resetSCIM(by: .primaryOwner, confirmation: "Reset"), at: resetAt)
        world.schedule(.enableSCIM(by: .primaryOwner), at: resetAt + .seconds(1))
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let organization = world.tenants[0].organization.box.state
        #expect(organization.memberCount == 51)
        #expect(organization.member(email: "owner@claude-org.example.test") == nil)
        #expect(organization.scimSetup.directoryID == WorldTesting.directoryID(2))
        #expect(world.broker.box.state.statistics.eventsByKind[.deleted] == 1)
        #expect(world.adminLog.allSatisfy { $0.refusal == nil })
    }

    /// Token rotation without reconfiguring the IdP at once: Okta meets 401 and suspends, the admin pastes the
    /// new token later, and provisioning resumes.
    @Test func tokenRotationThenReconfigure() throws {
        let world = world()
        world.schedule(.rotateToken(by: .owner, reconfigureIdP: false), at: .milliseconds(300))
        world.schedule(.configureIdP, at: .seconds(5))
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let report = SimulationRunner.report(RunConfiguration(seed: 21), world: world, outcome: outcome)
        #expect(WorldTesting.requests(report, "GET", 401) + WorldTesting.requests(report, "POST", 401) > 0)
        #expect(outcome.convergenceTime.map { $0 > .seconds(5) } == true)
    }

    /// IdP changes after the initial sync: a rename, a deactivation and a reactivation, a hire and an
    /// unassignment; the organization follows each.
    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func directoryChangesAfterTheSync(_ idp: IdentityProviderKind) throws {
        let world = world(idp, people: 20)
        let later: Duration = idp == .okta ? .seconds(10) : .seconds(3600)
        world.schedule(.rename(person: 3, userName: "renamed3@example.com", email: "renamed3@example.com"), at: later)
        world.schedule(.deactivate(person: 4), at: later)
        world.schedule(.deactivate(person: 5), at: later)
        world.schedule(.reactivate(person: 5), at: later * 2)
        world.schedule(
            .hire(
                DirectoryPerson(userName: "new@example.com", email: "new@example.com", externalId: "00unew"),
                assigned: true), at: later)
        world.schedule(.unassign(person: 6), at: later)
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let organization = world.tenants[0].organization.box.state
        #expect(organization.member(email: "renamed3@example.com") != nil)
        #expect(organization.member(email: "user3@example.com") == nil)
        #expect(organization.member(email: "user4@example.com") == nil)
        #expect(organization.member(email: "user5@example.com") != nil)
        #expect(organization.member(email: "user6@example.com") == nil)
        #expect(organization.member(email: "new@example.com") != nil)
        #expect(organization.memberCount == 2 + 20 - 2 + 1)
    }

    /// A webhook outage: deliveries fail with 503 and are retried after the backoff; nothing is lost.
    @Test func webhookOutageIsRetried() throws {
        let world = world(people: 30)
        world.scheduleWebhookOutage(Duration.milliseconds(100)..<Duration.seconds(20))
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let statistics = world.broker.box.state.statistics
        #expect(statistics.webhookRetries > 0 && statistics.webhooksFailed == 0)
        #expect(outcome.convergenceTime.map { $0 >= .seconds(20) } == true)
    }

    /// A tight broker rate limit: 429 with Retry-After, honoured by the IdP, and still converged.
    @Test func rateLimitGives429AndConverges() throws {
        var configuration = WorldConfiguration(seed: 22, people: WorldConfiguration.generatedPeople(60))
        configuration.scimRateLimit = RateLimit(ratePerSecond: 5, burst: 5)
        let world = World(configuration)
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        #expect(world.broker.box.state.statistics.rateLimited > 0)
        #expect(outcome.convergenceTime.map { $0 >= .seconds(20) } == true)
    }

    /// The Events API consumer mode: the organization polls with a cursor instead of receiving webhooks,
    /// with and without swarm faults.
    @Test(arguments: [FaultSelection.none, .swarm])
    func eventsAPIConsumer(_ faults: FaultSelection) throws {
        var configuration = WorldConfiguration(seed: 23, people: WorldConfiguration.generatedPeople(300))
        configuration.consumer = .eventsAPI(pollInterval: .seconds(1), pageSize: 100)
        var random = SeededRandom(seed: 23, label: "faults")
        configuration.faults = FaultPlan.draw(faults, using: &random)
        let world = World(configuration)
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let organization = world.tenants[0].organization.box.state
        #expect(organization.memberCount == 302 && organization.linkedMemberCount == 300)
        #expect(world.broker.box.state.statistics.webhookAttempts == 0)
        #expect(organization.eventsAPICursor == BrokerID.make("event_", 301))
    }

    /// A last change that leaves membership as it is (a profile update) still reaches the organization before
    /// the run stops: the world waits until the IdP has nothing left to send.
    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func lastProfileUpdatePropagates(_ idp: IdentityProviderKind) throws {
        let world = world(idp, people: 10)
        // Off Entra's 40-minute cycle grid, so the change waits for the next cycle.
        let later: Duration = idp == .okta ? .seconds(30) : .seconds(7300)
        world.schedule(
            .updateProfile(person: 2, givenName: "Renée", familyName: "Family2", department: "Sales", title: nil),
            at: later)
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        #expect(world.tenants[0].organization.box.state.member(email: "user2@example.com")?.name == "Renée Family2")
        #expect(outcome.result.virtualElapsed > later)
    }
}
