import Testing

@testable import SimulationKernel

@Suite struct ExecutorTests {
    @Test func fifoRunsRootTasksInSpawnOrder() throws {
        let simulation = Simulation(seed: 1)
        let recorder = Recorder(simulation: simulation)
        for index in 0..<10 {
            simulation.spawn("task\(index)") { await recorder.append("t\(index)") }
        }
        let result = try simulation.run()
        #expect(result.ending == .quiescent)
        let log = recorder.assumeIsolatedLog()
        #expect(log == (0..<10).map { "t\($0)" })
        #expect(result.foreignEnqueues == 0)
        #expect(result.steps >= 10)
    }

    @Test func fifoInterleavesAtSuspensionPoints() throws {
        let simulation = Simulation(seed: 1)
        let recorder = Recorder(simulation: simulation)
        for name in ["a", "b"] {
            simulation.spawn(name) {
                await recorder.append("\(name)1")
                await Task.yield()
                await recorder.append("\(name)2")
            }
        }
        _ = try simulation.run()
        #expect(recorder.assumeIsolatedLog() == ["a1", "b1", "a2", "b2"])
    }

    @Test func randomPolicyExploresBothOutcomesAndEachSeedReproduces() throws {
        func race(seed: UInt64) throws -> [String] {
            let simulation = Simulation(seed: seed, options: .init(policy: .random))
            let recorder = Recorder(simulation: simulation)
            simulation.spawn("first") { await recorder.append("first") }
            simulation.spawn("second") { await recorder.append("second") }
            _ = try simulation.run()
            return recorder.assumeIsolatedLog()
        }
        var firstWins = 0
        var secondWins = 0
        for seed in UInt64(0)..<200 {
            let outcome = try race(seed: seed)
            #expect(outcome.count == 2)
            if outcome.first == "first" { firstWins += 1 } else { secondWins += 1 }
            #expect(try race(seed: seed) == outcome, "seed \(seed) must reproduce its own outcome")
        }
        #expect(firstWins > 0)
        #expect(secondWins > 0)
        #expect(firstWins + secondWins == 200)
    }

    @Test func deadlockNamesTheWaitingRootTask() throws {
        let simulation = Simulation(seed: 3, options: .init(escapeGraceMilliseconds: 0))
        let mailbox = Mailbox<Int>()
        let recorder = Recorder(simulation: simulation)
        simulation.spawn("service", daemon: true) {
            while let value = try? await mailbox.receive() {
                await recorder.append("got\(value)")
            }
        }
        simulation.spawn("producer") { mailbox.deliver(1) }
        simulation.spawn("stuck-client") {
            let never = Mailbox<Int>()
            _ = try? await never.receive()
        }
        let result = try simulation.run()
        #expect(result.ending == .deadlock(waiting: ["stuck-client"]))
        #expect(recorder.assumeIsolatedLog() == ["got1"])
    }

    @Test func parkedDaemonIsQuiescentNotDeadlock() throws {
        let simulation = Simulation(seed: 3)
        let mailbox = Mailbox<Int>()
        simulation.spawn("service", daemon: true) {
            while (try? await mailbox.receive()) != nil {}
        }
        simulation.spawn("producer") { mailbox.deliver(1) }
        let result = try simulation.run()
        #expect(result.ending == .quiescent)
        #expect(mailbox.deliveredCount == 1)
    }

    @Test func stepLimitAndStopConditionEndTheRun() throws {
        let simulation = Simulation(seed: 5)
        let counter = Box(0)
        simulation.spawn("spinner") {
            while true {
                counter.value += 1
                await Task.yield()
            }
        }
        let limited = try simulation.run(maxSteps: 100)
        #expect(limited.ending == .stepLimitReached)
        #expect(limited.steps == 100)
        let stopped = try simulation.run(stopWhen: { counter.value >= 150 })
        #expect(stopped.ending == .stopConditionMet)
        #expect(counter.value == 150)
    }

    @Test func isolationCheckHoldsOnlyInsideTheDriver() throws {
        let simulation = Simulation(seed: 9)
        #expect(simulation.executor.isIsolatingCurrentContext() == false)
        let inside = Box<Bool?>(nil)
        let recorder = Recorder(simulation: simulation)
        simulation.spawn("probe") {
            await recorder.append("x")
            inside.value = simulation.executor.isIsolatingCurrentContext()
        }
        _ = try simulation.run()
        #expect(inside.value == true)
    }
}

extension Recorder {
    /// The log, read after the run from the test thread (the driver has stopped, so no job can race).
    nonisolated func assumeIsolatedLog() -> [String] {
        let box = Box<[String]>([])
        let simulation = self.simulation
        simulation.spawn("read-log") { box.value = await self.snapshot() }
        _ = try? simulation.run()
        return box.value
    }
}
