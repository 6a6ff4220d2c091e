import Testing

@testable import SimulationKernel

/// A server whose handler is synchronous: it records, counts, and hands every request to a watcher task's mailbox,
/// so that handling makes another task ready (the ordering the deferred response must respect).
actor Ledger: SimulatedActor {
    nonisolated let simulation: Simulation
    nonisolated let watched = Mailbox<Int>()
    nonisolated let handledCount = Box(0)
    private let party = TraceParty("ledger")
    private var total = 0

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func apply(_ request: Int) -> Int {
        total &+= request
        handledCount.value += 1
        simulation.record(party: party, kind: "apply", .int("request", request), .int("total", total))
        watched.deliver(request)
        return total
    }
}

@Suite struct SynchronousHandlerTests {
    struct Outcome: Equatable {
        var traceHash: UInt64
        var records: UInt64
        var steps: UInt64
        var virtualNanoseconds: Int64
        var counters: LinkCounters
    }

    /// Six clients make 30 calls each over a faulty link (ties in delivery time, loss, duplication, reordering,
    /// timeouts, every message traced); a watcher records what the server hands it (one job to wake it, one more to
    /// get back to its nonisolated loop, so its record lands between the handler's and the response's).
    func run(policy: SchedulingPolicy, synchronous: Bool, seed: UInt64 = 17) throws -> Outcome {
        let simulation = Simulation(seed: seed, options: SimulationOptions(policy: policy))
        let ledger = Ledger(simulation: simulation)
        let configuration = LinkConfiguration(
            latency: .fixed(.milliseconds(2)),
            lossPartsPerMillion: 50_000, duplicationPartsPerMillion: 80_000, reorderPartsPerMillion: 50_000,
            requestTimeout: .milliseconds(40), traceMessages: true)
        let link: RequestLink<Int, Int>
        if synchronous {
            link = RequestLink(
                "ledger", simulation: simulation, configuration: configuration, server: ledger,
                synchronousHandler: { ledger, request in ledger.apply(request) })
        } else {
            link = RequestLink(
                "ledger", simulation: simulation, configuration: configuration, server: ledger,
                handler: { ledger, request in ledger.apply(request) })
        }
        let watcher = TraceParty("watcher")
        simulation.spawn("watcher", daemon: true) {
            while let seen = try? await ledger.watched.receive() {
                simulation.record(party: watcher, kind: "seen", .int("request", seen))
            }
        }
        let client = TraceParty("client")
        for index in 0..<6 {
            simulation.spawn("client\(index)") {
                for round in 0..<30 {
                    do {
                        let total = try await link.call(index * 100 + round)
                        simulation.record(party: client, kind: "ok", .int("client", index), .int("total", total))
                    } catch {
                        simulation.record(party: client, kind: "failed", .int("client", index))
                    }
                    if round % 7 == 0 { try? await simulation.clock.sleep(for: .milliseconds(1)) }
                }
            }
        }
        let result = try simulation.run()
        #expect(result.ending == .quiescent)
        return Outcome(
            traceHash: result.traceHash, records: result.traceRecords, steps: result.steps,
            virtualNanoseconds: result.virtualElapsed.simulationNanoseconds, counters: link.counters)
    }

    @Test func fifoSynchronousHandlerKeepsTheWorkerPathTraceWithFewerSteps() throws {
        for seed: UInt64 in [17, 18, 19] {
            let workers = try run(policy: .fifo, synchronous: false, seed: seed)
            let immediate = try run(policy: .fifo, synchronous: true, seed: seed)
            #expect(immediate.traceHash == workers.traceHash, "seed \(seed)")
            #expect(immediate.records == workers.records)
            #expect(immediate.virtualNanoseconds == workers.virtualNanoseconds)
            #expect(immediate.counters == workers.counters)
            #expect(workers.counters.lost > 0 && workers.counters.duplicated > 0 && workers.counters.timeouts > 0)
            // A server worker costs four jobs per handled request (wake-up and three executor hops); the immediate
            // path one step (the deferred callback that sends the response): at least three steps fewer per request
            // (the worker path also pays each worker task's start).
            #expect(immediate.steps + 3 * UInt64(workers.counters.handled) <= workers.steps)
        }
    }

    @Test func randomPolicySynchronousHandlerUsesTheWorkerPath() throws {
        let workers = try run(policy: .random, synchronous: false)
        let immediate = try run(policy: .random, synchronous: true)
        #expect(immediate == workers, "same jobs, so the same seeded choices")
    }

    @Test func shutdownDiscardsADeferredResponse() throws {
        let simulation = Simulation(seed: 3)
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "ledger", simulation: simulation, configuration: .init(latency: .fixed(.milliseconds(5))), server: ledger,
            synchronousHandler: { ledger, request in ledger.apply(request) })
        let answer = Box<Int?>(nil)
        simulation.spawn("client") { answer.value = try? await link.call(7) }
        let handled = ledger.handledCount
        let stopped = try simulation.run(stopWhen: { handled.value == 1 })
        #expect(stopped.ending == .stopConditionMet)
        #expect(simulation.executor.readyCount == 1, "the deferred response waits in the ready queue")
        #expect(link.counters.handled == 1 && link.workerCount == 0)
        let report = simulation.shutdown()
        #expect(report.survivingTasks == 0)
        #expect(simulation.executor.readyCount == 0 && simulation.executor.pendingTimerCount == 0)
        #expect(answer.value == nil)
        #expect(link.counters.completed == 0)
    }

    @Test func deferredResponseResumesTheRunWhereItStopped() throws {
        let simulation = Simulation(seed: 3)
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "ledger", simulation: simulation, configuration: .init(latency: .fixed(.milliseconds(5))), server: ledger,
            synchronousHandler: { ledger, request in ledger.apply(request) })
        let answer = Box<Int?>(nil)
        simulation.spawn("client") { answer.value = try? await link.call(7) }
        let handled = ledger.handledCount
        _ = try simulation.run(stopWhen: { handled.value == 1 })
        let result = try simulation.run()
        #expect(result.ending == .quiescent)
        #expect(answer.value == 7)
        #expect(result.virtualElapsed == .milliseconds(10))
    }
}
