import Testing

@testable import SimulationKernel

/// An actor whose methods deliberately escape the simulation.
actor Escaper: SimulatedActor {
    nonisolated let simulation: Simulation
    var bumps = 0

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func bump() { bumps += 1 }

    func escapeWithDetachedTask() {
        Task.detached { await self.bump() }
    }

    func escapeWithRealTimeSleep() async {
        try? await Task.sleep(for: .milliseconds(2))
        bumps += 1
    }
}

@Suite struct EscapeTests {
    @Test func detachedTaskWithoutPreferenceIsReported() throws {
        let simulation = Simulation(seed: 11)
        let escaper = Escaper(simulation: simulation)
        simulation.spawn("escaper") { await escaper.escapeWithDetachedTask() }
        do {
            let result = try simulation.run()
            Issue.record("an escaped Task.detached was accepted: \(result.summary)")
        } catch let error {
            guard case .escaped(let kinds, let count, _, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(count >= 1)
            #expect(kinds.contains(.globalExecutor) || kinds.contains(.detachedTask))
            #expect(error.description.contains("escaped the simulation"))
            #expect(error.description.contains("Task.detached"))
        }
    }

    @Test func realTimeTaskSleepIsReported() throws {
        let simulation = Simulation(seed: 12, options: .init(escapeGraceMilliseconds: 2_000))
        let escaper = Escaper(simulation: simulation)
        simulation.spawn("sleeper") { await escaper.escapeWithRealTimeSleep() }
        do {
            let result = try simulation.run()
            Issue.record("a real-time Task.sleep was accepted: \(result.summary)")
        } catch let error {
            guard case .escaped(let kinds, let count, _, _, let partial) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(count >= 1)
            #expect(kinds.contains(.realTimeSleep))
            #expect(error.description.contains("Task.sleep"))
            #expect(partial.ending == .quiescent, "the escaped work still ran to completion on the driver")
        }
    }

    @Test func cleanRunHasNoForeignEnqueues() throws {
        let simulation = Simulation(seed: 13)
        let escaper = Escaper(simulation: simulation)
        simulation.spawn("clean") {
            for _ in 0..<100 {
                await escaper.bump()
                try? await simulation.clock.sleep(for: .milliseconds(1))
            }
        }
        let result = try simulation.run()
        #expect(result.foreignEnqueues == 0)
        #expect(result.ending == .quiescent)
        #expect(result.virtualElapsed == .milliseconds(100))
    }

    @Test func simulatedActorsUseTheSimulationExecutor() throws {
        let simulation = Simulation(seed: 14)
        let escaper = Escaper(simulation: simulation)
        let expected = simulation.executor.asUnownedSerialExecutor()
        let actual = escaper.unownedExecutor
        let same = withUnsafeBytes(of: actual) { a in withUnsafeBytes(of: expected) { b in a.elementsEqual(b) } }
        #expect(same, "SimulatedActor's default unownedExecutor must be the simulation's executor")
    }
}
