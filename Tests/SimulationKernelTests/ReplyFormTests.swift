import Testing

@testable import SimulationKernel

/// A client written as reply callbacks: `rounds` calls per client slot, each sent from the previous one's reply,
/// recording what a task-form client records after each `call`.
final class ReplyClient: RequestLinkReplyTarget<Int>, @unchecked Sendable {
    let simulation: Simulation
    let link: RequestLink<Int, Int>
    let rounds: Int
    let party = TraceParty("client")
    var sent: [Int]
    var replies: [(tag: Int, value: Int?, at: Int64)] = []

    init(simulation: Simulation, link: RequestLink<Int, Int>, clients: Int, rounds: Int) {
        self.simulation = simulation
        self.link = link
        self.rounds = rounds
        sent = Array(repeating: 0, count: clients)
        super.init()
    }

    /// Sends client `index`'s next call, if it has one left.
    func next(_ index: Int) {
        guard sent[index] < rounds else { return }
        sent[index] += 1
        link.send(index * 100 + sent[index] - 1, replyTo: self, tag: index)
    }

    override func received(_ response: consuming Int, tag: Int) {
        let total = response
        replies.append((tag, total, simulation.executor.virtualNanoseconds))
        simulation.record(party: party, kind: "ok", .int("client", tag), .int("total", total))
        next(tag)
    }

    override func failed(_ error: LinkError, tag: Int) {
        #expect(error == .timeout)
        replies.append((tag, nil, simulation.executor.virtualNanoseconds))
        simulation.record(party: party, kind: "failed", .int("client", tag))
        next(tag)
    }
}

/// The task-form client: an actor on the simulation's executor (a call then costs one job, its wake-up, as the
/// IdP's worker tasks' do), or the starter of a reply-form client's first call (same hops to get there).
actor CallingClient: SimulatedActor {
    nonisolated let simulation: Simulation
    private let party = TraceParty("client")
    /// Never delivered to: a finished client parks here, so that no client task ever returns from the actor
    /// (a return hops back to the nonisolated task body, a job at a moment the two forms do not share).
    private let never = Mailbox<Int>()

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func loop(_ index: Int, link: RequestLink<Int, Int>, rounds: Int) async {
        for round in 0..<rounds {
            do {
                let total = try await link.call(index * 100 + round)
                simulation.record(party: party, kind: "ok", .int("client", index), .int("total", total))
            } catch {
                simulation.record(party: party, kind: "failed", .int("client", index))
            }
        }
        _ = try? await never.receive()
    }

    func start(_ index: Int, replies: ReplyClient) async {
        replies.next(index)
        _ = try? await never.receive()
    }
}

@Suite struct ReplyFormTests {
    struct Outcome: Equatable {
        var traceHash: UInt64
        var records: UInt64
        var virtualNanoseconds: Int64
        var counters: LinkCounters
    }

    /// Six clients make 25 calls each over a faulty link (same-instant deliveries, loss, duplication, reordering,
    /// timeouts, every message traced), with the server handing each request to a watcher task. The task form
    /// calls in a loop in each client task (isolated to an actor); the reply form sends the first call from such a
    /// task (so that both start at the same turn) and every later one from the previous call's reply.
    func run(policy: SchedulingPolicy, replyForm: Bool, seed: UInt64) throws -> (Outcome, steps: UInt64) {
        let simulation = Simulation(seed: seed, options: SimulationOptions(policy: policy))
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "ledger", simulation: simulation,
            configuration: LinkConfiguration(
                latency: .fixed(.milliseconds(2)), lossPartsPerMillion: 50_000, duplicationPartsPerMillion: 80_000,
                reorderPartsPerMillion: 50_000, requestTimeout: .milliseconds(40), traceMessages: true),
            server: ledger, synchronousHandler: { ledger, request in ledger.apply(request) })
        let watcher = TraceParty("watcher")
        simulation.spawn("watcher", daemon: true) {
            while let seen = try? await ledger.watched.receive() {
                simulation.record(party: watcher, kind: "seen", .int("request", seen))
            }
        }
        let rounds = 25
        let replies = ReplyClient(simulation: simulation, link: link, clients: 6, rounds: rounds)
        let client = CallingClient(simulation: simulation)
        for index in 0..<6 {
            if replyForm {
                simulation.spawn("client\(index)", daemon: true) { await client.start(index, replies: replies) }
            } else {
                simulation.spawn("client\(index)", daemon: true) {
                    await client.loop(index, link: link, rounds: rounds)
                }
            }
        }
        let result = try simulation.run()
        #expect(result.ending == .quiescent)
        if replyForm { #expect(replies.replies.count == 6 * rounds) }
        return (
            Outcome(
                traceHash: result.traceHash, records: result.traceRecords,
                virtualNanoseconds: result.virtualElapsed.simulationNanoseconds, counters: link.counters),
            result.steps
        )
    }

    @Test(arguments: [SchedulingPolicy.fifo, .random])
    func replyFormKeepsTheTaskFormTrace(policy: SchedulingPolicy) throws {
        for seed: UInt64 in [17, 18] {
            let (tasks, taskSteps) = try run(policy: policy, replyForm: false, seed: seed)
            let (replies, replySteps) = try run(policy: policy, replyForm: true, seed: seed)
            #expect(replies == tasks, "seed \(seed)")
            #expect(tasks.counters.timeouts > 0 && tasks.counters.lateResponses > 0 && tasks.counters.lost > 0)
            #expect(replySteps == taskSteps, "a reply is one step, as the resumed task's job was")
        }
    }

    @Test func replyFormTimesOutAfterTheRequestTimeout() throws {
        let simulation = Simulation(seed: 5)
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "lossy", simulation: simulation,
            configuration: LinkConfiguration(
                latency: .fixed(.milliseconds(3)), lossPartsPerMillion: 1_000_000, requestTimeout: .milliseconds(70)),
            server: ledger, synchronousHandler: { ledger, request in ledger.apply(request) })
        let client = ReplyClient(simulation: simulation, link: link, clients: 1, rounds: 2)
        client.next(0)
        let result = try simulation.run()
        #expect(client.replies.map(\.value) == [nil, nil])
        #expect(client.replies.map(\.at) == [70_000_000, 140_000_000])
        #expect(link.counters.timeouts == 2 && link.counters.completed == 0 && link.counters.handled == 0)
        #expect(result.virtualElapsed == .milliseconds(140))
    }

    @Test func lateResponseAfterATimeoutNeverReachesTheTarget() throws {
        let simulation = Simulation(seed: 6)
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "slow", simulation: simulation,
            configuration: LinkConfiguration(latency: .fixed(.milliseconds(30)), requestTimeout: .milliseconds(50)),
            server: ledger, synchronousHandler: { ledger, request in ledger.apply(request) })
        let client = ReplyClient(simulation: simulation, link: link, clients: 1, rounds: 1)
        client.next(0)
        let result = try simulation.run()
        #expect(client.replies.count == 1)
        #expect(client.replies.first?.value == nil && client.replies.first?.at == 50_000_000)
        #expect(link.counters.timeouts == 1 && link.counters.lateResponses == 1 && link.counters.handled == 1)
        #expect(result.virtualElapsed == .milliseconds(60), "the response still travelled back")
    }

    @Test func replyRunsWhereTheResumedTaskWouldRun() throws {
        // A response and a job made ready at the same instant: the reply takes its turn after the jobs already
        // ready, as a resumed task's job would.
        let simulation = Simulation(seed: 7)
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "order", simulation: simulation, configuration: LinkConfiguration(latency: .fixed(.milliseconds(1))),
            server: ledger, synchronousHandler: { ledger, request in ledger.apply(request) })
        let order = Box<[String]>([])
        simulation.spawn("watcher", daemon: true) {
            while let seen = try? await ledger.watched.receive() { order.value.append("seen \(seen)") }
        }
        final class Target: RequestLinkReplyTarget<Int>, @unchecked Sendable {
            let order: Box<[String]>
            init(order: Box<[String]>) { self.order = order }
            override func received(_ response: consuming Int, tag: Int) { order.value.append("reply \(tag)") }
        }
        let target = Target(order: order)
        link.send(4, replyTo: target, tag: 1)
        _ = try simulation.run()
        #expect(order.value == ["seen 4", "reply 1"])
        #expect(link.counters.completed == 1)
    }

    @Test func shutdownAbandonsPendingAndDeferredReplies() throws {
        let simulation = Simulation(seed: 8)
        let ledger = Ledger(simulation: simulation)
        let link = RequestLink<Int, Int>(
            "teardown", simulation: simulation,
            configuration: LinkConfiguration(latency: .fixed(.milliseconds(10)), requestTimeout: .seconds(1)),
            server: ledger, synchronousHandler: { ledger, request in ledger.apply(request) })
        weak var released: ReplyClient?
        do {
            let client = ReplyClient(simulation: simulation, link: link, clients: 2, rounds: 1)
            released = client
            client.next(0)
            client.next(1)
            // Both requests are in flight at 5 ms; stop there and tear down.
            let stopped = try simulation.run(until: .milliseconds(5))
            #expect(stopped.ending == .deadlineReached)
            let report = simulation.shutdown()
            #expect(report.timersDiscarded == 4, "two request copies and two timeouts")
            #expect(client.replies.isEmpty)
        }
        #expect(released == nil, "the link released the abandoned calls' target")
        #expect(link.counters.cancelled == 2 && link.counters.completed == 0)
        #expect(simulation.executor.readyCount == 0 && simulation.executor.pendingTimerCount == 0)
    }
}

/// A mailbox receiver that logs what it is handed, and when.
final class LoggingReceiver: MailboxReceiver<Int>, @unchecked Sendable {
    let log: Box<[String]>

    init(simulation: Simulation, log: Box<[String]>) {
        self.log = log
        super.init(simulation: simulation)
    }

    override func received(_ message: consuming Int, tag: Int) {
        #expect(executor.isIsolatingCurrentContext() == true)
        log.value.append("r\(tag):\(message)@\(executor.virtualNanoseconds)")
    }
}

@Suite struct MailboxReceiverTests {
    @Test func parkedReceiversAreServedInParkingOrderAtTheWokenTaskTurn() throws {
        let simulation = Simulation(seed: 1)
        let mailbox = Mailbox<Int>()
        let log = Box<[String]>([])
        let receiver = LoggingReceiver(simulation: simulation, log: log)
        mailbox.deliver(5)
        #expect(mailbox.receive(orPark: receiver, tag: 0) == 5, "a buffered message is returned at once")
        #expect(mailbox.receive(orPark: receiver, tag: 1) == nil)
        #expect(mailbox.receive(orPark: receiver, tag: 2) == nil)
        #expect(mailbox.waitingReceivers == 2)
        simulation.spawn("sender") {
            try? await simulation.clock.sleep(for: .milliseconds(3))
            log.value.append("before")
            mailbox.deliver(7)
            mailbox.deliver(8)
            log.value.append("sent")
        }
        _ = try simulation.run()
        #expect(log.value == ["before", "sent", "r1:7@3000000", "r2:8@3000000"])
        #expect(mailbox.waitingReceivers == 0 && mailbox.count == 0)
    }

    @Test func shutdownDiscardsAHandoffStillWaiting() throws {
        let simulation = Simulation(seed: 2)
        let mailbox = Mailbox<Int>()
        let log = Box<[String]>([])
        weak var released: LoggingReceiver?
        do {
            let receiver = LoggingReceiver(simulation: simulation, log: log)
            released = receiver
            #expect(mailbox.receive(orPark: receiver, tag: 0) == nil)
            mailbox.deliver(1)
            #expect(simulation.executor.readyCount == 1, "the handoff waits in the ready queue")
        }
        let report = simulation.shutdown()
        #expect(report.survivingTasks == 0)
        #expect(log.value.isEmpty)
        #expect(released == nil)
        #expect(simulation.executor.readyCount == 0)
    }
}
