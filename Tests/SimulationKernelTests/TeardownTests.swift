import Testing

@testable import SimulationKernel

/// Counts live `LifeToken`s of one test (tests run in parallel, so each test has its own counter).
final class LifeCounter: @unchecked Sendable {
    var live = 0
}

/// An object a simulated task keeps alive for as long as the task exists.
final class LifeToken: @unchecked Sendable {
    let counter: LifeCounter
    init(_ counter: LifeCounter) {
        self.counter = counter
        counter.live += 1
    }
    deinit { counter.live -= 1 }
}

/// Weak references to what one finished simulation created.
struct Leftovers {
    weak var simulation: Simulation?
    weak var executor: SimulationExecutor?
    weak var link: Link<Int>?
    weak var requestLink: RequestLink<Int, Int>?
    weak var server: Doubler?
}

@Suite struct TeardownTests {
    /// One small simulation with a daemon receive loop, a request link (idle server workers afterwards) and a
    /// sleeper past the deadline of a `run(until:)`; every task holds a `LifeToken`.
    func smallSimulation(seed: UInt64, counter: LifeCounter, deadline: Bool) throws -> (Leftovers, ShutdownReport) {
        let simulation = Simulation(seed: seed)
        let server = Doubler(simulation: simulation)
        let link = Link<Int>("events", simulation: simulation)
        let requests = RequestLink<Int, Int>("calls", simulation: simulation, server: server) { server, request in
            await server.handle(request)
        }
        simulation.spawn("daemon", daemon: true) {
            let token = LifeToken(counter)
            while (try? await link.receive()) != nil { _ = token }
        }
        simulation.spawn("client") {
            let token = LifeToken(counter)
            for request in 0..<3 {
                _ = try? await requests.call(request)
                link.send(request)
            }
            _ = token
        }
        simulation.spawn("sleeper", daemon: true) {
            let token = LifeToken(counter)
            try? await simulation.clock.sleep(for: .seconds(3600))
            _ = token
        }
        let report: ShutdownReport
        if deadline {
            let result = try simulation.run(until: .seconds(10))
            #expect(result.ending == .deadlineReached)
            #expect(counter.live == 2, "daemon and sleeper are parked after a deadline")
            report = simulation.shutdown()
        } else {
            let result = try simulation.run()
            #expect(result.ending == .quiescent)
            report = try #require(simulation.lastShutdown)
        }
        #expect(link.mailbox.deliveredCount == 3)
        #expect(requests.counters.completed == 3)
        return (
            Leftovers(
                simulation: simulation, executor: simulation.executor, link: link, requestLink: requests, server: server
            ),
            report
        )
    }

    @Test func threeHundredFinishedSimulationsLeaveNothingAlive() throws {
        let counter = LifeCounter()
        var survivors = 0
        for seed in UInt64(0)..<300 {
            let (leftovers, report) = try smallSimulation(seed: seed, counter: counter, deadline: seed % 2 == 0)
            #expect(report.survivingTasks == 0)
            #expect(report.tasksCancelled >= 2, "at least the daemon and one server worker were parked")
            if leftovers.simulation != nil || leftovers.executor != nil || leftovers.link != nil
                || leftovers.requestLink != nil || leftovers.server != nil
            {
                survivors += 1
            }
        }
        #expect(counter.live == 0, "every task of every finished simulation has been freed")
        #expect(survivors == 0, "no simulation, executor, link or actor outlives its run")
    }

    @Test func withoutShutdownParkedTasksStayAlive() throws {
        // The control for the test above: the same workload with teardown switched off keeps its tasks.
        let counter = LifeCounter()
        var kept: [Simulation] = []
        for seed in UInt64(0)..<3 {
            let simulation = Simulation(seed: seed, options: .init(shutdownWhenEnded: false))
            let mailbox = Mailbox<Int>()
            simulation.spawn("daemon", daemon: true) {
                let token = LifeToken(counter)
                while (try? await mailbox.receive()) != nil { _ = token }
            }
            _ = try simulation.run()
            #expect(simulation.executor.liveTaskCount == 1)
            #expect(mailbox.waitingReceivers == 1)
            kept.append(simulation)
        }
        #expect(counter.live == 3)
        for simulation in kept {
            let report = simulation.shutdown()
            #expect(report.tasksCancelled == 1)
            #expect(report.survivingTasks == 0)
            #expect(simulation.executor.liveTaskCount == 0)
        }
        #expect(counter.live == 0)
    }

    @Test func teardownLeavesTheTraceHashStepsAndTimeUnchanged() throws {
        func run(shutdown: Bool) throws -> (SimulationResult, Simulation, Box<[String]>) {
            let simulation = Simulation(seed: 5, options: .init(traceSink: .memory, shutdownWhenEnded: shutdown))
            let link = Link<Int>("events", simulation: simulation)
            let log = Box<[String]>([])
            simulation.spawn("daemon", daemon: true) {
                do {
                    while true { _ = try await link.receive() }
                } catch {
                    // Recorded while unwinding: must not reach the trace.
                    simulation.record(party: "daemon", kind: "stopped")
                    log.value.append("stopped@\(simulation.now.nanoseconds)")
                }
            }
            simulation.spawn("sender") {
                for message in 0..<5 {
                    link.send(message)
                    try? await simulation.clock.sleep(for: .milliseconds(2))
                }
            }
            return (try simulation.run(), simulation, log)
        }
        let (plain, plainSimulation, plainLog) = try run(shutdown: false)
        let (torn, tornSimulation, tornLog) = try run(shutdown: true)
        #expect(plain == torn)
        #expect(plainLog.value.isEmpty)
        #expect(tornLog.value == ["stopped@\(torn.virtualElapsed.simulationNanoseconds)"])
        #expect(tornSimulation.trace.hashValue64 == torn.traceHash)
        #expect(tornSimulation.trace.recordCount == torn.traceRecords)
        #expect(tornSimulation.trace.events.count == plainSimulation.trace.events.count)
        #expect(tornSimulation.executor.steps == torn.steps)
        #expect(tornSimulation.now.offset == torn.virtualElapsed)
        #expect(tornSimulation.lastShutdown?.tasksCancelled == 1)
    }

    @Test func shutdownAfterADeadlineDiscardsTimersWithoutMovingTime() throws {
        let simulation = Simulation(seed: 6)
        let link = Link<Int>("slow", simulation: simulation, configuration: .init(latency: .fixed(.seconds(60))))
        let outcome = Box<String>("none")
        simulation.spawn("sleeper") {
            do {
                try await simulation.clock.sleep(for: .seconds(3600))
                outcome.value = "slept"
            } catch {
                outcome.value = "cancelled@\(simulation.now.nanoseconds)"
            }
        }
        simulation.spawn("sender") { link.send(1) }
        let result = try simulation.run(until: .seconds(5))
        #expect(result.ending == .deadlineReached)
        #expect(link.inFlightCount == 1)
        let report = simulation.shutdown()
        #expect(outcome.value == "cancelled@5000000000")
        #expect(report.timersDiscarded == 2)
        #expect(report.tasksCancelled == 1)
        #expect(report.survivingTasks == 0)
        #expect(simulation.executor.pendingTimerCount == 0)
        #expect(link.inFlightCount == 0, "the message in flight was dropped and freed")
        #expect(simulation.now == SimulationInstant(offset: .seconds(5)))
        #expect(simulation.executor.steps == result.steps)
    }

    @Test func loopsThatSwallowCancellationAreBoundedByRounds() throws {
        let simulation = Simulation(seed: 7, options: .init(shutdownWhenEnded: false))
        let mailbox = Mailbox<Int>()
        let stubbornTries = Box(0)
        let politeTries = Box(0)
        simulation.spawn("stubborn", daemon: true) {
            while true {
                _ = try? await mailbox.receive()
                stubbornTries.value += 1
            }
        }
        simulation.spawn("polite", daemon: true) {
            while politeTries.value < 5 {
                try? await simulation.clock.sleep(for: .seconds(1000))
                politeTries.value += 1
            }
        }
        let result = try simulation.run(until: .seconds(1))
        #expect(result.ending == .deadlineReached)
        let report = simulation.shutdown(maxRounds: 20)
        #expect(report.rounds == 20)
        #expect(report.survivingTasks == 1, "the stubborn loop survives, bounded, instead of hanging")
        #expect(stubbornTries.value == 20, "one iteration per round")
        #expect(politeTries.value == 5)
        #expect(simulation.executor.liveTaskCount == 1)
    }
}
