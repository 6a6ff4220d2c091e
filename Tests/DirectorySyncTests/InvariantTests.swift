import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

@Suite struct InvariantTests {
    /// A correctly signed event for a person the IdP never assigned creates a member: the monitor reports it
    /// with the invariant, virtual time, step and seed, and the run stops there.
    @Test(arguments: [WireMode.value, .bytes])
    func bogusMemberIsReportedWithStepAndSeed(_ wire: WireMode) throws {
        var configuration = WorldConfiguration(seed: 77, people: WorldConfiguration.generatedPeople(200))
        configuration.wire = wire
        let world = World(configuration)
        let body = WorldTesting.userCreated(
            email: "eve@evil.example", userID: "directory_user_bogus", eventID: "event_bogus", at: .seconds(1))
        world.injectDelivery(body, signed: true, at: .seconds(1))
        let outcome = try world.run()
        let violation = try #require(outcome.violation)
        #expect(violation.invariant == InvariantMonitor.Name.unassignedMember)
        #expect(violation.detail.contains("eve@evil.example"))
        #expect(violation.virtualTime == .seconds(1))
        #expect(violation.seed == 77)
        #expect(violation.step > 0 && violation.step <= outcome.result.steps)
        #expect(outcome.ending == "violation" && !outcome.converged)
        #expect(outcome.result.virtualElapsed == .seconds(1))
        // The same seed and script find it at the same step.
        let again = World(configuration)
        again.injectDelivery(body, signed: true, at: .seconds(1))
        #expect(try again.run().violation == violation)
    }

    /// A delivery with a wrong signature is refused (401) and changes nothing: no violation, one rejection.
    @Test func forgedDeliveryChangesNothing() throws {
        let world = World(WorldConfiguration(seed: 78, people: WorldConfiguration.generatedPeople(50)))
        let body = WorldTesting.userCreated(
            email: "mallory@evil.example", userID: "directory_user_forged", eventID: "event_forged", at: .seconds(1))
        world.injectDelivery(body, signed: false, at: .seconds(1))
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let organization = world.tenants[0].organization.box.state
        #expect(organization.member(email: "mallory@evil.example") == nil)
        #expect(organization.counters.rejectedSignatures == 1)
        #expect(organization.memberCount == 52)
    }

    /// The monitor's own checks, driven without a run: a member created by sync with a role other than User,
    /// and a role changed by an event, are both reported.
    @Test func roleChangesBySyncAreReported() throws {
        let simulation = Simulation(seed: 5)
        let monitor = InvariantMonitor(simulation: simulation)
        let tenant = monitor.addTenant(organizationID: "org_01")
        var directory = IdentityProviderDirectory()
        _ = directory.addPerson(
            DirectoryPerson(userName: "ann@example.com", email: "ann@example.com", externalId: "1"), assigned: true)
        monitor.directoryLoaded(tenant: tenant, directory: directory)
        var organization = OrganizationState(
            id: "org_01", primaryOwnerEmail: "po@example.test", primaryOwnerName: "PO",
            configuration: OrganizationConfiguration(webhookSecret: "s"))
        let body = WorldTesting.userCreated(email: "ann@example.com", userID: "u1", eventID: "e1", at: .seconds(1))
        let before = monitor.probe(body, organization: organization)
        _ = organization.consumeEvent(body)  // not the current directory: ignored
        let receipt = WebhookReceipt(status: 200, outcome: .applied)
        monitor.deliveryConsumed(
            tenant: tenant, before: before, receipt: receipt, organization: organization, forged: false)
        #expect(monitor.violation == nil)
        // Pretend the consumer had created Ann as an Admin.
        let ann = organization.insertMember(
            email: "ann@example.com", name: "Ann", role: .admin, source: .scim, seat: .standard,
            directoryUserID: "u1", directoryID: WorldTesting.directoryID())
        monitor.deliveryConsumed(
            tenant: tenant, before: before, receipt: receipt, organization: organization, forged: false)
        let violation = try #require(monitor.violation)
        #expect(violation.invariant == InvariantMonitor.Name.roleChangedBySync)
        #expect(violation.detail.contains(ann.email))
        #expect(violation.seed == 5)
    }

    /// The convergence tracker counts differing emails in O(1) per change.
    @Test func convergenceTrackerCountsMismatches() {
        var tracker = ConvergenceTracker()
        #expect(tracker.isConverged)
        tracker.changeWanted("a", by: 1)
        tracker.changeWanted("b", by: 1)
        #expect(tracker.mismatches == 2 && tracker.wantedCount == 2)
        tracker.setPresent("a", true)
        tracker.setPresent("c", true)
        #expect(tracker.mismatches == 2 && tracker.presentCount == 2)
        tracker.setPresent("c", false)
        tracker.setPresent("b", true)
        #expect(tracker.isConverged)
        tracker.changeWanted("b", by: 1)  // a second person with the same email (rename in progress)
        tracker.changeWanted("b", by: -1)
        #expect(tracker.isConverged)
        tracker.changeWanted("b", by: -1)
        #expect(tracker.mismatches == 1 && tracker.sampleMismatches(limit: 5) == ["b"])
        tracker.replacePresent(with: ["a"])
        #expect(tracker.isConverged && tracker.presentCount == 1)
    }

    /// A liveness failure: the IdP's token is revoked before it can provision anyone; Okta suspends on the
    /// first 401, the world goes quiet without converging, and the run reports `liveness` at once.
    @Test func livenessViolationWhenNothingCanProgress() throws {
        var configuration = WorldConfiguration(seed: 79, people: WorldConfiguration.generatedPeople(10))
        configuration.livenessBound = .seconds(60)
        let world = World(configuration)
        world.schedule(.revokeToken(by: .owner), at: .zero)
        let outcome = try world.run()
        let violation = try #require(outcome.violation)
        #expect(violation.invariant == InvariantMonitor.Name.liveness)
        #expect(outcome.ending == "quiescent")
        #expect(violation.virtualTime == .milliseconds(80))
        #expect(world.tenants[0].identityProvider.box.state.isProvisioningSuspended)
    }

    /// Entra keeps cycling against a revoked token, so the world never goes quiet: the run stops at the
    /// liveness deadline and reports `liveness` there.
    @Test func livenessViolationAtTheDeadline() throws {
        var configuration = WorldConfiguration(
            seed: 80, identityProvider: .entra, people: WorldConfiguration.generatedPeople(5))
        configuration.livenessBound = .seconds(3600)
        let world = World(configuration)
        world.schedule(.revokeToken(by: .primaryOwner), at: .zero)
        let outcome = try world.run()
        let violation = try #require(outcome.violation)
        #expect(violation.invariant == InvariantMonitor.Name.liveness)
        #expect(outcome.ending == "liveness deadline")
        #expect(violation.virtualTime == .seconds(3600))
        #expect(world.tenants[0].organization.box.state.memberCount == 2)
    }

    /// The `forgery` fault: forged deliveries and wrong-token requests are refused, counted, and change nothing.
    @Test(arguments: [WireMode.value, .bytes])
    func forgeryFaultIsRefused(_ wire: WireMode) throws {
        var run = RunConfiguration(seed: 81, people: .generated(count: 100), faults: .only([.forgery]))
        run.bystanderPeople = 2
        run.wire = wire
        let world = try SimulationRunner.makeWorld(run)
        let forgeries = world.configuration.faults.forgeries
        #expect(forgeries >= 1)
        let outcome = try world.run()
        #expect(outcome.violation == nil && outcome.converged)
        let report = SimulationRunner.report(run, world: world, outcome: outcome)
        #expect(WorldTesting.requests(report, "POST", 401) == 2 * forgeries)
        #expect(report.webhooks.rejected == 2 * forgeries)
        for tenant in world.tenants {
            let organization = tenant.organization.box.state
            #expect(organization.counters.rejectedSignatures == forgeries)
            #expect(organization.members.allSatisfy { !$0.email.hasSuffix("@evil.example") })
        }
        #expect(report.faultSettings.last == KeyValue("forgery", "\(forgeries)x"))
    }
}
