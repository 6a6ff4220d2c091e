import DirectorySync
import SimulationKernel
import Testing

/// Shrinking a failing swarm seed: `--faults <the kinds swarm printed>` must reproduce the swarm plan, and
/// dropping one kind must leave the other kinds' strengths as they were.
@Suite struct FaultPlanShrinkTests {
    /// The kinds a plan switched on, read back from its settings (the names the report prints).
    private func kindsOn(_ plan: FaultPlan) -> [FaultKind] {
        var kinds: [FaultKind] = []
        if plan.lossBasisPoints > 0 { kinds.append(.loss) }
        if plan.duplicationBasisPoints > 0 { kinds.append(.duplication) }
        if plan.reorderBasisPoints > 0 { kinds.append(.reorder) }
        if plan.latencyTailCap != nil { kinds.append(.latency) }
        if plan.webhookOutage != nil { kinds.append(.outage) }
        if plan.rateLimitPerSecond != nil { kinds.append(.rateLimit) }
        if plan.serverErrorBasisPoints > 0 { kinds.append(.serverErrors) }
        if plan.partition != nil { kinds.append(.partition) }
        if plan.forgeries > 0 { kinds.append(.forgery) }
        return kinds
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func explicitKindsReproduceTheSwarmPlanAndDroppingOneKeepsTheRest(seed: UInt64) {
        var swarmStream = SeededRandom(seed: seed, label: "faults")
        let swarm = FaultPlan.draw(.swarm, using: &swarmStream)
        let kinds = kindsOn(swarm)
        var onlyStream = SeededRandom(seed: seed, label: "faults")
        #expect(FaultPlan.draw(.only(kinds), using: &onlyStream) == swarm, "seed \(seed)")
        guard let dropped = kinds.first else { return }
        var shrunkStream = SeededRandom(seed: seed, label: "faults")
        let shrunk = FaultPlan.draw(.only(Array(kinds.dropFirst())), using: &shrunkStream)
        #expect(kindsOn(shrunk) == Array(kinds.dropFirst()), "seed \(seed)")
        let kept = swarm.settings.filter { !$0.key.hasPrefix(dropped.rawValue) }
        let shrunkKept = shrunk.settings.filter { !$0.key.hasPrefix(dropped.rawValue) }
        #expect(kept == shrunkKept, "seed \(seed): dropping \(dropped) changed another kind's strength")
    }
}
