import Testing

@testable import SimulationKernel

/// Same-instant timer wake-ups are races the random policy must be able to reorder; FIFO keeps (deadline,
/// sequence) order.
@Suite struct RandomPolicyTimerTests {
    /// Two sleepers due at the same virtual instant (40 ms), each appending its name when it wakes. `first`
    /// arms its timer at 0 ms and `second` at 20 ms, so the timer sequence fixes `first` before `second`
    /// whatever order the root tasks start in; only a same-instant pick can put `second` first.
    private func race(seed: UInt64, policy: SchedulingPolicy) throws -> [String] {
        let simulation = Simulation(seed: seed, options: .init(policy: policy))
        let recorder = Recorder(simulation: simulation)
        simulation.spawn("first") {
            try? await simulation.clock.sleep(for: .milliseconds(40))
            await recorder.append("first")
        }
        simulation.spawn("second") {
            try? await simulation.clock.sleep(for: .milliseconds(20))
            try? await simulation.clock.sleep(for: .milliseconds(20))
            await recorder.append("second")
        }
        let result = try simulation.run()
        #expect(result.virtualElapsed == .milliseconds(40))
        return recorder.assumeIsolatedLog()
    }

    @Test func randomPolicyReordersWakeUpsDueAtTheSameInstant() throws {
        var firstWins = 0
        var secondWins = 0
        for seed in UInt64(0)..<200 {
            let outcome = try race(seed: seed, policy: .random)
            #expect(outcome.count == 2)
            if outcome.first == "first" { firstWins += 1 } else { secondWins += 1 }
            #expect(try race(seed: seed, policy: .random) == outcome, "seed \(seed) must reproduce its outcome")
        }
        #expect(firstWins > 0)
        #expect(secondWins > 0)
    }

    @Test func fifoWakesSameInstantSleepersInSchedulingOrder() throws {
        for seed in UInt64(0)..<20 {
            #expect(try race(seed: seed, policy: .fifo) == ["first", "second"])
        }
    }
}
