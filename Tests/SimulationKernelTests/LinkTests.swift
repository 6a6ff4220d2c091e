import Testing

@testable import SimulationKernel

/// A server for request-link tests: answers `request * 10` after a virtual delay.
actor Doubler: SimulatedActor {
    nonisolated let simulation: Simulation
    var handled = 0

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func handle(_ request: Int) async -> Int {
        handled += 1
        try? await simulation.clock.sleep(for: .milliseconds(1))
        return request * 10
    }
}

@Suite struct LinkTests {
    struct FaultRun: Equatable {
        var counters: LinkCounters
        var received: Int
        var traceHash: UInt64
    }

    func sendHundredThousand(seed: UInt64) throws -> FaultRun {
        let simulation = Simulation(seed: seed)
        let configuration = LinkConfiguration(
            latency: .exponential(minimum: .microseconds(100), mean: .milliseconds(1)),
            lossPartsPerMillion: 50_000, duplicationPartsPerMillion: 30_000, reorderPartsPerMillion: 10_000,
            traceMessages: false)
        let link = Link<Int>("faulty", simulation: simulation, configuration: configuration)
        let received = Box(0)
        simulation.spawn("receiver", daemon: true) {
            while (try? await link.receive()) != nil {
                received.value += 1
            }
        }
        simulation.spawn("sender") {
            for message in 0..<100_000 {
                link.send(message)
                if message % 100 == 99 { try? await simulation.clock.sleep(for: .milliseconds(1)) }
            }
        }
        let result = try simulation.run()
        #expect(result.ending == .quiescent)
        #expect(link.inFlightCount == 0)
        return FaultRun(counters: link.counters, received: received.value, traceHash: result.traceHash)
    }

    /// Tolerance: 0.5 percentage points, about seven binomial standard deviations at n = 100,000.
    @Test func faultRatesMatchConfigurationAndRepeatPerSeed() throws {
        let run = try sendHundredThousand(seed: 21)
        let counters = run.counters
        #expect(counters.sent == 100_000)
        let lossRate = Double(counters.lost) / 100_000
        let duplicationRate = Double(counters.duplicated) / Double(counters.sent - counters.lost)
        #expect(abs(lossRate - 0.05) < 0.005, "loss rate \(lossRate)")
        #expect(abs(duplicationRate - 0.03) < 0.005, "duplication rate \(duplicationRate)")
        #expect(counters.reordered > 0)
        #expect(counters.delivered == counters.sent - counters.lost + counters.duplicated)
        #expect(run.received == counters.delivered)
        let again = try sendHundredThousand(seed: 21)
        #expect(again == run)
        let other = try sendHundredThousand(seed: 22)
        #expect(other.counters != run.counters)
    }

    @Test func linkWithoutReorderingDeliversInSendOrder() throws {
        let simulation = Simulation(seed: 5)
        let link = Link<Int>(
            "ordered", simulation: simulation,
            configuration: LinkConfiguration(latency: .uniform(.microseconds(1), .milliseconds(5))))
        let received = Box<[Int]>([])
        simulation.spawn("receiver", daemon: true) {
            while let message = try? await link.receive() { received.value.append(message) }
        }
        simulation.spawn("sender") {
            for message in 0..<500 { link.send(message) }
        }
        _ = try simulation.run()
        #expect(received.value == Array(0..<500))
    }

    @Test func partitionWindowDropsMessagesAndTraceSaysSo() throws {
        let simulation = Simulation(seed: 6, options: .init(traceSink: .memory))
        let link = Link<Int>(
            "cut", simulation: simulation,
            configuration: LinkConfiguration(
                latency: .fixed(.milliseconds(1)),
                partitions: [PartitionWindow(start: .milliseconds(10), end: .milliseconds(20))]))
        let received = Box<[Int]>([])
        simulation.spawn("receiver", daemon: true) {
            while let message = try? await link.receive() { received.value.append(message) }
        }
        simulation.spawn("sender") {
            for message in 0..<30 {
                link.send(message)
                try? await simulation.clock.sleep(for: .milliseconds(1))
            }
        }
        _ = try simulation.run()
        // Sent at t = 0..29 ms; sends at 10..19 are cut, and the one sent at 9 ms is due at 10 ms, also cut.
        #expect(received.value == Array(0..<9) + Array(20..<30))
        #expect(link.counters.partitionDropped == 11)
        let drops = simulation.trace.events.filter { $0.kind == "link.partition-drop" }
        #expect(drops.count == 11)
        #expect(drops.first?.party == "link:cut")
    }

    @Test func requestLinkReturnsResponsesAndTimesOutOnLoss() throws {
        let simulation = Simulation(seed: 7)
        let server = Doubler(simulation: simulation)
        let healthy = RequestLink<Int, Int>(
            "healthy", simulation: simulation, configuration: .init(latency: .fixed(.milliseconds(2))),
            server: server
        ) { server, request in await server.handle(request) }
        let broken = RequestLink<Int, Int>(
            "broken", simulation: simulation,
            configuration: .init(lossPartsPerMillion: 1_000_000, requestTimeout: .seconds(5)), server: server
        ) { server, request in await server.handle(request) }
        let answers = Box<[Int]>([])
        let failure = Box<LinkError?>(nil)
        let finishedAt = Box<Int64>(0)
        simulation.spawn("client") {
            for request in 1...3 {
                if let answer = try? await healthy.call(request) { answers.value.append(answer) }
            }
            do throws(LinkError) {
                _ = try await broken.call(9)
            } catch {
                failure.value = error
            }
            finishedAt.value = simulation.now.nanoseconds
        }
        let result = try simulation.run()
        #expect(answers.value == [10, 20, 30])
        #expect(failure.value == .timeout)
        // Three calls of 2 ms + 1 ms + 2 ms, then a 5 s timeout.
        #expect(finishedAt.value == 3 * 5_000_000 + 5_000_000_000)
        #expect(healthy.counters.completed == 3)
        #expect(broken.counters.timeouts == 1)
        #expect(broken.counters.lost == 1)
        #expect(result.ending == .quiescent)
        #expect(result.virtualElapsed == .nanoseconds(finishedAt.value), "no stale timeout timer may remain")
    }

    @Test func duplicatedRequestsAreHandledTwiceButAnsweredOnce() throws {
        let simulation = Simulation(seed: 8)
        let server = Doubler(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "dup", simulation: simulation, configuration: .init(duplicationPartsPerMillion: 1_000_000),
            server: server
        ) { server, request in await server.handle(request) }
        let answer = Box<Int?>(nil)
        simulation.spawn("client") { answer.value = try? await link.call(4) }
        _ = try simulation.run()
        #expect(answer.value == 40)
        #expect(link.counters.handled == 2)
        #expect(link.counters.completed == 1)
        #expect(link.counters.lateResponses >= 1)
    }

    @Test func serverHandlesConcurrentRequestsConcurrentlyAndReusesWorkers() throws {
        let simulation = Simulation(seed: 10)
        let server = Doubler(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "pool", simulation: simulation, configuration: .init(latency: .fixed(.milliseconds(2))), server: server
        ) { server, request in await server.handle(request) }
        let finished = Box<[Int64]>([])
        for client in 0..<5 {
            simulation.spawn("client\(client)") {
                for round in 0..<3 {
                    let answer = try? await link.call(client * 10 + round)
                    #expect(answer == (client * 10 + round) * 10)
                    finished.value.append(simulation.now.nanoseconds)
                }
            }
        }
        let result = try simulation.run()
        // Each round trip is 2 ms + 1 ms handler + 2 ms, and the five clients' requests overlap completely.
        #expect(
            finished.value == [5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 15, 15, 15, 15, 15].map { Int64($0) * 1_000_000 })
        #expect(link.workerCount == 5, "five requests at once need five workers, reused in later rounds")
        #expect(link.counters.completed == 15)
        #expect(result.ending == .quiescent, "parked server workers are not a deadlock")
    }

    @Test func cancellingACallThrowsCancelled() throws {
        let simulation = Simulation(seed: 9)
        let server = Doubler(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "slow", simulation: simulation, configuration: .init(latency: .fixed(.seconds(10))), server: server
        ) { server, request in await server.handle(request) }
        let outcome = Box<LinkError?>(nil)
        let caller = simulation.spawn("caller") {
            do throws(LinkError) { _ = try await link.call(1) } catch { outcome.value = error }
        }
        simulation.spawn("canceller") {
            try? await simulation.clock.sleep(for: .seconds(1))
            caller.cancel()
        }
        _ = try simulation.run()
        #expect(outcome.value == .cancelled)
        #expect(link.counters.cancelled == 1)
    }
}
