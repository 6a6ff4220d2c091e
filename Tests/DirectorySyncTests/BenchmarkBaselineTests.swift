import SimulationKernel
import Testing

@testable import DirectorySync

/// The `baseline` and `reference` benchmark workloads at tiny sizes: the bare event loop reproduces the actor
/// engine's trace hash, and the reference configuration converges at the SimPy model's virtual time.
@Suite struct BenchmarkBaselineTests {
    /// The first record where two traces differ, for a readable failure.
    private func firstDifference(_ a: [TraceEvent], _ b: [TraceEvent]) -> String {
        for index in 0..<min(a.count, b.count) where a[index] != b[index] {
            return "record \(index): actors \(a[index]) vs bare loop \(b[index])"
        }
        return a.count == b.count ? "none" : "lengths \(a.count) vs \(b.count)"
    }

    /// Runs `configuration` on the actor engine and on the bare loop with in-memory traces and compares them.
    private func compare(_ configuration: RunConfiguration) throws -> (RunReport, BareLoopResult) {
        var worldConfiguration = SimulationRunner.worldConfiguration(configuration)
        worldConfiguration.traceSink = .memory
        let world = World(worldConfiguration)
        let outcome = try world.run()
        let report = SimulationRunner.report(configuration, world: world, outcome: outcome)
        let bare = try BareLoopSync(configuration, traceSink: .memory)
        let result = bare.run()
        let actorEvents = world.simulation.trace.events
        // Per person at least: 2 requests, 2 responses, 2 scim, deliver, consume, delivered.
        #expect(actorEvents.count >= 9 * report.directoryPeople)
        #expect(
            actorEvents.count == bare.traceEvents.count && report.traceHash == result.traceHash,
            "first difference: \(firstDifference(actorEvents, bare.traceEvents))")
        #expect(report.converged && result.converged)
        #expect(report.convergenceTime == result.convergenceTime)
        #expect(report.organizationMembers == result.organizationMembers)
        return (report, result)
    }

    @Test func bareLoopReproducesTheActorEngineTraceHash() throws {
        let (report, result) = try compare(SyncWorkload.reference(people: 40))
        #expect(SyncWorkload.syncedPeople(report) == 40)
        #expect(result.organizationMembers == 40 + SyncWorkload.manualMembers)
        #expect(result.events > 40 * 4)
    }

    @Test func bareLoopMatchesWithAPeopleCountThatIsNotAMultipleOfTheWorkers() throws {
        _ = try compare(SyncWorkload.reference(people: 23, seed: 5))
    }

    @Test func bareLoopMatchesInBytesMode() throws {
        _ = try compare(SyncWorkload.reference(people: 12, wire: .bytes))
    }

    @Test func bareLoopRefusesWhatItDoesNotMirror() {
        #expect(throws: BareLoopUnsupported.self) {
            try BareLoopSync(SyncWorkload.initialSync(.okta, people: 5, faults: .swarm))
        }
    }

    /// Figures printed by `python3 research/simpy_pipeline.py --n N --json` (SimPy 4.1.2): convergence time in
    /// virtual ms and the model's member-apply hash. The Swift run must reproduce both.
    static let simPyModel: [(people: Int, virtualMs: Int64, hash: UInt64)] = [
        (10, 270, 0x1e9a_1187_9815_1350), (23, 490, 0xd0fb_ce72_9f9f_f217), (120, 2030, 0x0b8e_4bec_70cb_b4b5),
    ]

    @Test func referenceConvergesLikeTheSimPyModel() throws {
        for model in Self.simPyModel {
            let report = try SimulationRunner.run(SyncWorkload.reference(people: model.people), progress: nil)
            #expect(report.converged)
            #expect(SyncWorkload.syncedPeople(report) == model.people)
            #expect(report.convergenceTime == .milliseconds(model.virtualMs))
            #expect(report.memberApplyHash == model.hash, "people \(model.people)")
            if model.people % 10 == 0 {
                #expect(report.convergenceTime == SyncWorkload.referenceConvergence(people: model.people))
            }
        }
    }
}
