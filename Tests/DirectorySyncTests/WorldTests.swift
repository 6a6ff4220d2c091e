import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

@Suite struct WorldTests {
    /// research/simpy_pipeline.py converges at 16 ms per person plus 110 ms (1,710 ms for 100 people), and
    /// applies the same members at the same virtual milliseconds: its printed hash (`python3
    /// simpy_pipeline.py --n 100` and `--n 1000`, SimPy 4.1.2) equals our member-apply hash.
    @Test(arguments: [(100, 1_710, "b22f4640e17870c9"), (1_000, 16_110, "b2cb5a1408ba1185")])
    func referenceConvergesLikeTheSimPyModel(people: Int, milliseconds: Int, simPyHash: String) throws {
        let report = try SimulationRunner.run(WorldTesting.reference(people: people), progress: nil)
        #expect(report.convergenceTime == .milliseconds(milliseconds))
        let hex = String(report.memberApplyHash, radix: 16)
        #expect(String(repeating: "0", count: 16 - hex.count) + hex == simPyHash)
        #expect(report.converged)
        #expect(report.violations.isEmpty)
        // Exactly GET-filter then POST per person, nothing else.
        #expect(report.requests.count == 2)
        #expect(WorldTesting.requests(report, "GET", 200) == people)
        #expect(WorldTesting.requests(report, "POST", 201) == people)
        #expect(report.webhooks == WebhookCounts(attempts: people + 1, retries: 0, duplicates: 0, rejected: 0))
    }

    /// Each worker sends GET then POST for one person, strictly in sequence (the trace's request records).
    @Test func oktaSendsLookupThenCreatePerPerson() throws {
        var configuration = WorldConfiguration(seed: 3, people: WorldConfiguration.generatedPeople(25))
        configuration.traceSink = .memory
        let world = World(configuration)
        let outcome = try world.run()
        #expect(outcome.converged)
        let methods = world.simulation.trace.events.filter { $0.party == "idp" && $0.kind == "request" }
            .map { $0.fields[0].value }
        #expect(methods.count == 50)
        #expect(methods.filter { $0 == .int(0) }.count == 25)
        // A worker's GET comes 80 ms before its POST; with 10 workers the first 10 requests are GETs.
        #expect(methods.prefix(10).allSatisfy { $0 == .int(0) })
        let state = world.tenants[0].identityProvider.box.state
        for i in 0..<25 { #expect(state.syncStatus(ofPerson: i, now: .seconds(10))?.remoteID != nil) }
    }

    /// The world's starting organization: a Primary Owner and an Owner, SCIM enabled by the Primary Owner at 0.
    @Test func setupEnablesSCIMAtTimeZero() throws {
        let world = World(WorldConfiguration(seed: 4, people: WorldConfiguration.generatedPeople(3)))
        let outcome = try world.run()
        #expect(outcome.converged)
        let organization = world.tenants[0].organization.box.state
        #expect(organization.memberCount == 5)
        #expect(organization.primaryOwner?.email == "primary.owner@claude-org.example.test")
        #expect(organization.member(email: "owner@claude-org.example.test")?.role == .owner)
        #expect(organization.member(email: "USER2@example.com")?.role == .user)
        #expect(organization.scimSetup.directoryID == WorldTesting.directoryID())
        // The run's teardown ended every parked loop (workers, lanes, ticker): nothing leaks.
        #expect(world.simulation.lastShutdown?.survivingTasks == 0)
        let log = world.adminLog
        #expect(log.count == 1)
        #expect(log.first?.action == .enableSCIM(by: .primaryOwner) && log.first?.refusal == nil)
        #expect(log.first?.time == .zero)
    }

    /// Admin actions are checked: the wrong confirmation text refuses the reset and changes nothing.
    @Test func resetWithWrongConfirmationIsRefused() throws {
        let world = World(WorldConfiguration(seed: 5, people: WorldConfiguration.generatedPeople(20)))
        world.schedule(.resetSCIM(by: .primaryOwner, confirmation: "reset"), at: .seconds(1))
        world.schedule(.enableSCIM(by: .member(email: "user3@example.com")), at: .seconds(2))
        let outcome = try world.run()
        #expect(outcome.converged)
        let log = world.adminLog
        #expect(log.count == 3)
        #expect(log[1].refusal?.reason == .confirmationMismatch)
        #expect(log[2].refusal?.reason == .insufficientRole)
        #expect(world.tenants[0].organization.box.state.memberCount == 22)
    }

    /// Without the automatic setup, a User's attempt to enable SCIM is refused and changes nothing; the Owner's
    /// later setup starts the sync.
    @Test func scriptedSetupAfterARefusedAttempt() throws {
        var configuration = WorldConfiguration(seed: 8, people: WorldConfiguration.generatedPeople(15))
        configuration.enableSCIMAtStart = false
        let world = World(configuration)
        world.schedule(
            .addMember(by: .owner, email: "ada@claude-org.example.test", name: "Ada", role: .user), at: .zero)
        world.schedule(.enableSCIM(by: .member(email: "ada@claude-org.example.test")), at: .seconds(1))
        world.schedule(.enableSCIM(by: .owner), at: .seconds(2))
        let outcome = try world.run()
        #expect(outcome.converged && outcome.violation == nil)
        let log = world.adminLog
        #expect(log.map(\.refusal?.reason) == [nil, .insufficientRole, nil])
        #expect(outcome.convergenceTime.map { $0 > .seconds(2) } == true)
        #expect(world.tenants[0].organization.box.state.memberCount == 18)
    }

    /// A bystander organization on the same broker converges on its own and receives nothing of the other.
    @Test func twoOrganizationsShareOneBroker() throws {
        var configuration = WorldConfiguration(seed: 6, people: WorldConfiguration.generatedPeople(30))
        configuration.bystanderPeople = 5
        let world = World(configuration)
        let outcome = try world.run()
        #expect(outcome.converged && outcome.violation == nil)
        let first = world.tenants[0].organization.box.state
        let second = world.tenants[1].organization.box.state
        #expect(first.memberCount == 32)
        #expect(second.memberCount == 6)
        #expect(second.member(email: "guest4@bystander.example.org") != nil)
        #expect(second.member(email: "user4@example.com") == nil)
        #expect(first.counters.ignoredForeign == 0 && second.counters.ignoredForeign == 0)
    }

    /// Fault plans: none is empty; swarm is a pure function of the seed, printed in a fixed order.
    @Test func faultPlansAreDrawnPerSeed() {
        var a = SeededRandom(seed: 9, label: "faults")
        var b = SeededRandom(seed: 9, label: "faults")
        let first = FaultPlan.draw(.swarm, using: &a)
        #expect(first == FaultPlan.draw(.swarm, using: &b))
        #expect(first.settings.map(\.key) == FaultPlan.none.settings.map(\.key))
        #expect(FaultPlan.none.isEmpty && FaultPlan.none.settings.dropFirst().allSatisfy { $0.value == "off" })
        var plans = Set<FaultPlan>()
        for seed in 0..<20 as Range<UInt64> {
            var random = SeededRandom(seed: seed, label: "faults")
            let plan = FaultPlan.draw(.swarm, using: &random)
            if let outage = plan.webhookOutage { #expect(outage.upperBound <= plan.heal) }
            plans.insert(plan)
        }
        #expect(plans.count > 10)
        var random = SeededRandom(seed: 1, label: "faults")
        let only = FaultPlan.draw(.only([.loss]), using: &random)
        #expect(only.lossBasisPoints >= 10 && only.duplicationBasisPoints == 0 && only.partition == nil)
    }
}

@Suite struct RunnerProgressTests {
    /// Progress arrives every `progressInterval` steps, with growing virtual time and step counts.
    @Test func progressIsReportedEverySoManySteps() throws {
        final class Sink: @unchecked Sendable { var seen: [RunProgress] = [] }
        let sink = Sink()
        // 12,000 people take about 74,000 steps (jobs and deferred callbacks): at least one report.
        let report = try SimulationRunner.run(WorldTesting.reference(people: 12_000)) { sink.seen.append($0) }
        #expect(sink.seen.count >= 1)
        #expect(sink.seen.count == Int(report.steps / SimulationRunner.progressInterval))
        #expect(sink.seen.map(\.steps) == sink.seen.indices.map { UInt64($0 + 1) * SimulationRunner.progressInterval })
        #expect(zip(sink.seen, sink.seen.dropFirst()).allSatisfy { $0.virtualTime <= $1.virtualTime })
        #expect(sink.seen.allSatisfy { $0.peopleWanted == 12_000 && $0.peopleConverged <= 12_000 })
    }
}
