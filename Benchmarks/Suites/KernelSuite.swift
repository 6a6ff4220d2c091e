import SimulationKernel

extension SuiteSlots {
    static var kernel: (any BenchmarkSuite)? { KernelSuite() }
}

/// Kernel speed: actor ping-pong, sleep/wake with 1,000 sleepers, a 100,000-user two-hop fan-out with one
/// virtual sleep per hop, and the same fan-out on a bare priority-queue event loop (same trace hash), with the
/// kernel's overhead as the ratio of the two times; plus request-link round trips and mailbox hand-offs. Each benchmark reports wall time and the driver thread's CPU
/// time (the latter discounts time other processes held the CPU on a shared machine).
struct KernelSuite: BenchmarkSuite {
    let name = "kernel"
    let summary = "ping-pong, sleep/wake, 100k-user two-hop fan-out vs a bare event loop (same trace hash)"

    struct KernelBenchmarkError: Error, CustomStringConvertible {
        let description: String
    }

    func run(_ context: BenchmarkContext) throws {
        if context.wants("pingpong") { try pingPong(context) }
        if context.wants("sleep-wake") { try sleepWake(context) }
        if context.wants("fanout") { try fanOut(context) }
        if context.wants("request-link") { try requestLink(context, synchronous: true) }
        if context.wants("request-link-async") { try requestLink(context, synchronous: false) }
        if context.wants("mailbox") { try mailbox(context) }
    }

    /// Mailbox hand-off from another module (unspecialised generic code): 100 consumer daemons each drain their
    /// own `Mailbox<Int>`; one producer delivers bursts of 4 messages to every mailbox, then sleeps 1 us, so a
    /// quarter of the receives wait (one wake-up each) and the rest find a buffered message.
    private func mailbox(_ context: BenchmarkContext) throws {
        let consumers = 100
        let rounds = max(1, context.scaled(2_500))
        let burst = 4
        let total = Double(consumers * rounds * burst)
        var steps: UInt64 = 0
        let values = try repeated(context) {
            let simulation = Simulation(seed: 5)
            let mailboxes = (0..<consumers).map { _ in Mailbox<Int>() }
            let received = Box(0)
            for (index, mailbox) in mailboxes.enumerated() {
                simulation.spawn("consumer\(index)", daemon: true) {
                    while let message = try? await mailbox.receive() { received.value &+= message & 1 | 1 }
                }
            }
            simulation.spawn("producer") {
                for round in 0..<rounds {
                    for mailbox in mailboxes {
                        for message in 0..<burst { mailbox.deliver(round &* burst &+ message) }
                    }
                    try? await simulation.clock.sleep(for: .microseconds(1))
                }
            }
            let timing = try timedWithCPU { try simulation.run() }
            steps = timing.value.steps
            guard received.value == Int(total) else {
                throw KernelBenchmarkError(description: "mailboxes received \(received.value) of \(total)")
            }
            return (timing.seconds * 1e9 / total, timing.cpuSeconds * 1e9 / total)
        }
        let extra: [(String, ExtraValue)] = [
            ("consumers", .int(consumers)), ("messages", .int(Int(total))),
            ("steps_per_message", .double(Double(steps) / total)),
        ]
        context.add("mailbox", metric: "time_per_message", unit: "ns", values: values.wall, extra: extra + load)
        context.add("mailbox", metric: "cpu_time_per_message", unit: "ns", values: values.cpu, extra: extra)
    }

    /// Round trips over a `RequestLink` (fixed 1 ms latency, no faults) from 100 concurrent clients: the
    /// per-request cost DirectorySync pays on top of its own work. `request-link` has a synchronous handler, as
    /// DirectorySync's links do (run at the delivery instant, no server task); `request-link-async` an async one
    /// (pooled server worker tasks).
    private func requestLink(_ context: BenchmarkContext, synchronous: Bool) throws {
        let name = synchronous ? "request-link" : "request-link-async"
        let clients = 100
        let callsEach = max(1, context.scaled(1_000))
        let total = Double(clients * callsEach)
        var steps: UInt64 = 0
        let values = try repeated(context) {
            let simulation = Simulation(seed: 4)
            let server = EchoServer(simulation: simulation)
            let configuration = LinkConfiguration(latency: .fixed(.milliseconds(1)), traceMessages: false)
            let link =
                synchronous
                ? RequestLink<Int, Int>(
                    "client->server", simulation: simulation, configuration: configuration, server: server,
                    synchronousHandler: { server, request in server.handle(request) })
                : RequestLink<Int, Int>(
                    "client->server", simulation: simulation, configuration: configuration, server: server,
                    handler: { server, request in server.handle(request) })
            for index in 0..<clients {
                let client = EchoClient(simulation: simulation, link: link)
                simulation.spawn("client\(index)") { await client.run(count: callsEach) }
            }
            let timing = try timedWithCPU { try simulation.run() }
            steps = timing.value.steps
            guard link.counters.completed == Int(total) else {
                throw KernelBenchmarkError(description: "request link completed \(link.counters.completed) of \(total)")
            }
            return (timing.seconds * 1e6 / total, timing.cpuSeconds * 1e6 / total)
        }
        let extra: [(String, ExtraValue)] = [
            ("clients", .int(clients)), ("calls", .int(Int(total))), ("steps_per_call", .double(Double(steps) / total)),
        ]
        context.add(name, metric: "time_per_call", unit: "us", values: values.wall, extra: extra + load)
        context.add(name, metric: "cpu_time_per_call", unit: "us", values: values.cpu, extra: extra)
    }

    /// Runs `sample` once to warm up and then `context.runs` times, collecting wall and CPU values.
    private func repeated(_ context: BenchmarkContext, _ sample: () throws -> (wall: Double, cpu: Double)) rethrows
        -> (wall: [Double], cpu: [Double])
    {
        _ = try sample()
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<context.runs {
            let value = try sample()
            wall.append(value.wall)
            cpu.append(value.cpu)
        }
        return (wall, cpu)
    }

    private var load: [(String, ExtraValue)] {
        loadAverage().map { [("loadavg_1m", .double($0))] } ?? []
    }

    private func pingPong(_ context: BenchmarkContext) throws {
        let calls = context.scaled(2_000_000)
        var steps: UInt64 = 0
        let values = try repeated(context) {
            let simulation = Simulation(seed: 1)
            let ponger = Ponger(simulation: simulation)
            let pinger = Pinger(simulation: simulation, ponger: ponger)
            simulation.spawn("pinger") { _ = await pinger.run(calls) }
            let timing = try timedWithCPU { try simulation.run() }
            steps = timing.value.steps
            return (Double(calls) / timing.seconds, Double(calls) / timing.cpuSeconds)
        }
        let extra: [(String, ExtraValue)] = [
            ("calls", .int(calls)), ("steps", .int(Int(steps))), ("target_min", .int(8_000_000)),
        ]
        context.add("pingpong", metric: "throughput", unit: "calls/s", values: values.wall, extra: extra + load)
        context.add("pingpong", metric: "cpu_throughput", unit: "calls/s", values: values.cpu, extra: extra)
    }

    private func sleepWake(_ context: BenchmarkContext) throws {
        let sleepers = 1_000
        let sleepsEach = max(1, context.scaled(1_000))
        let total = Double(sleepers * sleepsEach)
        var steps: UInt64 = 0
        let values = try repeated(context) {
            let simulation = Simulation(seed: 2)
            for index in 0..<sleepers {
                let sleeper = Sleeper(simulation: simulation)
                simulation.spawn("sleeper\(index)") { await sleeper.run(count: sleepsEach, seed: UInt64(index)) }
            }
            let timing = try timedWithCPU { try simulation.run() }
            steps = timing.value.steps
            return (timing.seconds * 1e9 / total, timing.cpuSeconds * 1e9 / total)
        }
        let extra: [(String, ExtraValue)] = [
            ("sleepers", .int(sleepers)), ("sleeps", .int(Int(total))),
            ("steps_per_sleep", .double(Double(steps) / total)), ("target_max", .int(600)),
        ]
        context.add("sleep-wake", metric: "time_per_sleep", unit: "ns", values: values.wall, extra: extra + load)
        context.add("sleep-wake", metric: "cpu_time_per_sleep", unit: "ns", values: values.cpu, extra: extra)
    }

    private func fanOut(_ context: BenchmarkContext) throws {
        let users = context.scaled(100_000)
        let window = 1_000
        var kernelWall: [Double] = []
        var kernelCPU: [Double] = []
        var bareWall: [Double] = []
        var bareCPU: [Double] = []
        var ratios: [Double] = []
        var cpuRatios: [Double] = []
        var kernelHash = ""
        var bareHash = ""
        var steps: UInt64 = 0
        var virtualSeconds = 0.0
        for repetition in 0...context.runs {
            let kernel = try timedWithCPU { try simulatedFanOut(users: users, window: window) }
            var bare = BareFanOut()
            let bareRun = timedWithCPU { bare.run(users: users, window: window) }
            guard kernel.value.stored == users, bare.stored.count == users else {
                throw KernelBenchmarkError(description: "fan-out stored \(kernel.value.stored) / \(bare.stored.count)")
            }
            kernelHash = kernel.value.result.traceHashHex
            bareHash = bareRun.value.hashHex
            steps = kernel.value.result.steps
            virtualSeconds = Double(kernel.value.result.virtualElapsed.simulationNanoseconds) / 1e9
            if repetition == 0 { continue }  // warm-up
            kernelWall.append(kernel.seconds * 1e6 / Double(users))
            kernelCPU.append(kernel.cpuSeconds * 1e6 / Double(users))
            bareWall.append(bareRun.seconds * 1e6 / Double(users))
            bareCPU.append(bareRun.cpuSeconds * 1e6 / Double(users))
            ratios.append(kernel.seconds / bareRun.seconds)
            cpuRatios.append(kernel.cpuSeconds / bareRun.cpuSeconds)
        }
        guard kernelHash == bareHash else {
            throw KernelBenchmarkError(description: "trace hashes differ: kernel \(kernelHash), bare loop \(bareHash)")
        }
        let shared: [(String, ExtraValue)] = [
            ("users", .int(users)), ("window", .int(window)), ("trace_hash", .text(kernelHash)),
        ]
        let kernelExtra =
            shared + [
                ("steps", .int(Int(steps))), ("virtual_s", .double(virtualSeconds)), ("target_max", .double(2)),
            ]
        context.add("fanout-2hop", metric: "time_per_user", unit: "us", values: kernelWall, extra: kernelExtra + load)
        context.add("fanout-2hop", metric: "cpu_time_per_user", unit: "us", values: kernelCPU, extra: kernelExtra)
        context.add("fanout-2hop-bare-loop", metric: "time_per_user", unit: "us", values: bareWall, extra: shared)
        context.add("fanout-2hop-bare-loop", metric: "cpu_time_per_user", unit: "us", values: bareCPU, extra: shared)
        let same: [(String, ExtraValue)] = [("same_trace_hash", .bool(kernelHash == bareHash))]
        context.add("fanout-2hop", metric: "kernel_over_bare_loop", unit: "ratio", values: ratios, extra: same)
        context.add("fanout-2hop", metric: "cpu_kernel_over_bare_loop", unit: "ratio", values: cpuRatios, extra: same)
    }

    private func simulatedFanOut(users: Int, window: Int) throws -> (stored: Int, result: SimulationResult) {
        let simulation = Simulation(seed: 3)
        let organization = FanOutOrganization(simulation: simulation, capacity: users)
        let broker = FanOutBroker(simulation: simulation, organization: organization)
        let source = FanOutIdentityProvider(simulation: simulation, broker: broker)
        for worker in 0..<min(window, users) {
            simulation.spawn("worker\(worker)") { await source.push(worker: worker, window: window, users: users) }
        }
        let result = try simulation.run()
        let count = Box(0)
        simulation.spawn("count") { count.value = await organization.count() }
        try simulation.run()
        return (count.value, result)
    }
}

/// A mutable cell that leaves a simulated task (single-threaded use only).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
