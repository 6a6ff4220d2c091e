import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Seeded end-to-end initial syncs of 1,000 people through the whole world (IdP, links, broker, webhooks,
/// organization), with and without swarm faults.
@Suite struct EndToEndInitialSyncTests {
    static let people = 1_000

    /// Runs the configuration through a world and checks what every initial sync must end with; returns the
    /// report and the world for case-specific checks.
    private func run(_ configuration: RunConfiguration) throws -> (RunReport, World) {
        let world = try SimulationRunner.makeWorld(configuration)
        let outcome = try world.run()
        let report = SimulationRunner.report(configuration, world: world, outcome: outcome)
        #expect(report.violations.isEmpty, "seed \(configuration.seed): \(report.violations)")
        #expect(report.converged && report.ending == "converged")
        #expect(outcome.result.foreignEnqueues == 0)
        #expect(world.simulation.lastShutdown?.survivingTasks == 0)
        // Members == assigned active people + Primary Owner (+ the world's Owner, a manual member).
        let organization = world.tenants[0].organization.box.state
        #expect(report.organizationMembers == Self.people + 2)
        let linked = organization.members.filter { $0.directoryUserID != nil }
        #expect(linked.count == Self.people)
        #expect(linked.allSatisfy { $0.role == .user && $0.source == .scim })
        #expect(organization.primaryOwner?.role == .primaryOwner)
        for i in stride(from: 0, to: Self.people, by: 97) {
            #expect(organization.member(email: "user\(i)@example.com")?.name == "Given\(i) Family\(i)")
        }
        // One directory user and one created event per person, whatever the faults did.
        #expect(WorldTesting.events(report, "dsync.user.created") == Self.people)
        #expect(WorldTesting.events(report, "dsync.activated") == 1)
        #expect(WorldTesting.requests(report, "POST", 201) == Self.people)
        #expect(report.webhooks.attempts == report.webhooks.retries + Self.people + 1)
        return (report, world)
    }

    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func withoutFaults(_ idp: IdentityProviderKind) throws {
        let configuration = RunConfiguration(
            seed: 11, identityProvider: idp, people: .generated(count: Self.people), faults: .none)
        let (report, _) = try run(configuration)
        #expect(report.requests.count == 2)
        #expect(WorldTesting.requests(report, "GET", 200) == Self.people)
        #expect(report.webhooks == WebhookCounts(attempts: Self.people + 1))
        #expect(report.faultSettings.first?.value == "0ms")
        let again = try SimulationRunner.run(configuration, progress: nil)
        #expect(again.traceHash == report.traceHash && again.steps == report.steps)
    }

    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func withSwarmFaults(_ idp: IdentityProviderKind) throws {
        // Seed 10 draws a webhook outage, a 25/s rate limit, a partition and forged traffic.
        let configuration = RunConfiguration(
            seed: 10, identityProvider: idp, people: .generated(count: Self.people), faults: .swarm)
        let (report, world) = try run(configuration)
        let settings = Dictionary(uniqueKeysWithValues: report.faultSettings.map { ($0.key, $0.value) })
        #expect(settings["outage"] != "off" && settings["partition"] != "off")
        #expect(report.convergenceTime.map { $0 > FaultPlan.defaultHeal / 2 } == true)
        if idp == .okta {
            #expect(WorldTesting.requests(report, "GET", 429) > 0)
            #expect(report.webhooks.retries > 0)
        }
        #expect(world.tenants[0].idpLinks.counters.partitionDropped > 0 || idp == .entra)
        let again = try SimulationRunner.run(configuration, progress: nil)
        #expect(again.traceHash == report.traceHash && again.requests == report.requests)
    }

    /// Bytes mode sends every SCIM body and webhook through the JSON codec and ends in the same state.
    @Test func bytesModeMatchesValueMode() throws {
        var configuration = RunConfiguration(
            seed: 12, identityProvider: .okta, people: .generated(count: 200), faults: .none)
        let value = try SimulationRunner.run(configuration, progress: nil)
        configuration.wire = .bytes
        let bytes = try SimulationRunner.run(configuration, progress: nil)
        #expect(bytes.converged && bytes.violations.isEmpty)
        #expect(bytes.organizationMembers == value.organizationMembers)
        #expect(bytes.requests == value.requests && bytes.events == value.events)
        #expect(bytes.convergenceTime == value.convergenceTime)
    }
}

/// People read from a directory file: inactive people are not provisioned, and two logins that differ only
/// by case end as one member (the organization upserts by email; the second create gets 409).
@Suite struct EndToEndDirectoryFileTests {
    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func inactiveAndCaseDuplicatePeople(_ idp: IdentityProviderKind) throws {
        let people = [
            DirectoryPerson(userName: "ana@example.org", email: "ana@example.org", givenName: "Ana", externalId: "1"),
            DirectoryPerson(userName: "Bo@example.org", email: "Bo@example.org", givenName: "Bo", externalId: "2"),
            DirectoryPerson(userName: "bo@EXAMPLE.org", email: "bo@EXAMPLE.org", givenName: "Bob", externalId: "3"),
            DirectoryPerson(
                userName: "cy@example.org", email: "cy@example.org", givenName: "Cy", externalId: "4", active: false),
        ]
        let run = RunConfiguration(
            seed: 13, identityProvider: idp, people: .directory(name: "people.csv", people: people), faults: .none)
        let report = try SimulationRunner.run(run, progress: nil)
        #expect(report.converged && report.violations.isEmpty)
        #expect(report.directoryPeople == 4)
        #expect(report.organizationMembers == 2 + 2)
        #expect(WorldTesting.events(report, "dsync.user.created") == 2)
        #expect(WorldTesting.requests(report, "POST", 201) == 2)
    }
}
