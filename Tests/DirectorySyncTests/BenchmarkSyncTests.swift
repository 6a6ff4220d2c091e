import DirectorySync
import Testing

/// The `sync` and `churn` benchmark workloads at tiny sizes: every person synced, and the same trace hash on a
/// second run (and in bytes mode as in value mode); never time.
@Suite struct BenchmarkSyncTests {
    @Test(arguments: [IdentityProviderKind.okta, .entra], [FaultSelection.none, .swarm])
    func initialSyncConvergesAndReproducesItsTraceHash(_ idp: IdentityProviderKind, _ faults: FaultSelection) throws {
        let configuration = SyncWorkload.initialSync(idp, people: 30, faults: faults)
        let first = try PreparedRun(configuration).run()
        #expect(first.converged && first.violations.isEmpty, "\(first.ending) \(first.violations)")
        #expect(SyncWorkload.syncedPeople(first) == 30)
        #expect(first.events.first { $0.key == "dsync.user.created" }?.count == 30)
        #expect(first.convergenceTime != nil)
        let second = try SimulationRunner.run(configuration, progress: nil)
        #expect(second.traceHash == first.traceHash)
        #expect(second.steps == first.steps)
    }

    @Test(arguments: [IdentityProviderKind.okta, .entra])
    func bytesModeGivesTheValueModeTraceHash(_ idp: IdentityProviderKind) throws {
        let value = try PreparedRun(SyncWorkload.initialSync(idp, people: 20, faults: .none)).run()
        let bytes = try PreparedRun(SyncWorkload.initialSync(idp, people: 20, faults: .none, wire: .bytes)).run()
        #expect(bytes.converged && SyncWorkload.syncedPeople(bytes) == 20)
        #expect(bytes.traceHash == value.traceHash)
        #expect(bytes.convergenceTime == value.convergenceTime)
    }

    @Test func churnPlanIsSeededAndConsistent() {
        let plan = ChurnWorkload.plan(people: 400, days: 3, rate: 0.05, seed: 11)
        #expect(plan == ChurnWorkload.plan(people: 400, days: 3, rate: 0.05, seed: 11))
        #expect(plan != ChurnWorkload.plan(people: 400, days: 3, rate: 0.05, seed: 12))
        #expect(plan.entries.count == plan.joiners + plan.leavers + plan.movers)
        #expect(plan.entries.count >= 3 * 19)
        #expect(plan.finalActive == 400 + plan.joiners - plan.leavers)
        #expect(zip(plan.entries, plan.entries.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(plan.entries.allSatisfy { $0.time >= .seconds(9 * 3600) && $0.time < .seconds(2 * 86_400 + 17 * 3600) })
    }

    @Test func churnRunEndsWithTheActivePeopleOfThePlan() throws {
        let plan = ChurnWorkload.plan(people: 200, days: 3, rate: 0.05, seed: 11)
        let configuration = ChurnWorkload.configuration(people: 200)
        let report = try ChurnWorkload.prepare(configuration, plan: plan).run()
        #expect(report.converged && report.violations.isEmpty, "\(report.ending) \(report.violations)")
        #expect(SyncWorkload.syncedPeople(report) == plan.finalActive)
        #expect(report.virtualDuration > .seconds(2 * 86_400))
        let again = try ChurnWorkload.prepare(configuration, plan: plan).run()
        #expect(again.traceHash == report.traceHash)
    }
}
