import SimulationKernel

extension SuiteSlots {
    static var kernel: (any BenchmarkSuite)? { KernelSuite() }
}

/// Kernel speed: actor ping-pong, sleep/wake with 1,000 sleepers, a 100,000-user two-hop fan-out with one
/// virtual sleep per hop, and the same fan-out on a bare priority-queue event loop (same trace hash), with the
/// kernel's overhead as the ratio of the two wall times.
struct KernelSuite: BenchmarkSuite {
    let name = "kernel"
    let summary = "ping-pong, sleep/wake, 100k-user two-hop fan-out vs a bare event loop (same trace hash)"

    struct KernelBenchmarkError: Error, CustomStringConvertible {
        let description: String
    }

    func run(_ context: BenchmarkContext) throws {
        try pingPong(context)
        try sleepWake(context)
        try fanOut(context)
    }

    private func pingPong(_ context: BenchmarkContext) throws {
        let calls = context.scaled(2_000_000)
        var steps: UInt64 = 0
        let median = try context.measure("pingpong", metric: "throughput", unit: "calls/s") {
            let simulation = Simulation(seed: 1)
            let ponger = Ponger(simulation: simulation)
            let pinger = Pinger(simulation: simulation, ponger: ponger)
            simulation.spawn("pinger") { _ = await pinger.run(calls) }
            let (seconds, result) = try timed { try simulation.run() }
            steps = result.steps
            return Double(calls) / seconds
        }
        context.add(
            "pingpong", metric: "time_per_call", unit: "ns", values: [1e9 / median],
            extra: [("calls", .int(calls)), ("steps", .int(Int(steps))), ("target_min_calls_per_s", .int(8_000_000))])
    }

    private func sleepWake(_ context: BenchmarkContext) throws {
        let sleepers = 1_000
        let sleepsEach = max(1, context.scaled(1_000))
        var steps: UInt64 = 0
        try context.measure(
            "sleep-wake", metric: "time_per_sleep", unit: "ns",
            extra: [
                ("sleepers", .int(sleepers)), ("sleeps", .int(sleepers * sleepsEach)), ("target_max_ns", .int(600)),
            ]
        ) {
            let simulation = Simulation(seed: 2)
            for index in 0..<sleepers {
                let sleeper = Sleeper(simulation: simulation)
                simulation.spawn("sleeper\(index)") { await sleeper.run(count: sleepsEach, seed: UInt64(index)) }
            }
            let (seconds, result) = try timed { try simulation.run() }
            steps = result.steps
            return seconds * 1e9 / Double(sleepers * sleepsEach)
        }
        context.add(
            "sleep-wake", metric: "steps_per_sleep", unit: "jobs",
            values: [Double(steps) / Double(sleepers * sleepsEach)])
    }

    private func fanOut(_ context: BenchmarkContext) throws {
        let users = context.scaled(100_000)
        let window = 1_000
        var kernelTimes: [Double] = []
        var bareTimes: [Double] = []
        var ratios: [Double] = []
        var kernelHash = ""
        var bareHash = ""
        var steps: UInt64 = 0
        var virtualSeconds = 0.0
        for repetition in 0...context.runs {
            let kernel = try timed { try simulatedFanOut(users: users, window: window) }
            var bare = BareFanOut()
            let bareRun = timed { bare.run(users: users, window: window) }
            guard kernel.value.stored == users, bare.stored.count == users else {
                throw KernelBenchmarkError(description: "fan-out stored \(kernel.value.stored) / \(bare.stored.count)")
            }
            kernelHash = kernel.value.result.traceHashHex
            bareHash = bareRun.value.hashHex
            steps = kernel.value.result.steps
            virtualSeconds = Double(kernel.value.result.virtualElapsed.simulationNanoseconds) / 1e9
            if repetition == 0 { continue }  // warm-up
            kernelTimes.append(kernel.seconds * 1e6 / Double(users))
            bareTimes.append(bareRun.seconds * 1e6 / Double(users))
            ratios.append(kernel.seconds / bareRun.seconds)
        }
        guard kernelHash == bareHash else {
            throw KernelBenchmarkError(description: "trace hashes differ: kernel \(kernelHash), bare loop \(bareHash)")
        }
        let shared: [(String, ExtraValue)] = [
            ("users", .int(users)), ("window", .int(window)), ("trace_hash", .text(kernelHash)),
        ]
        context.add(
            "fanout-2hop", metric: "time_per_user", unit: "us", values: kernelTimes,
            extra: shared + [
                ("steps", .int(Int(steps))), ("virtual_s", .double(virtualSeconds)), ("target_max_us", .double(2)),
            ])
        context.add("fanout-2hop-bare-loop", metric: "time_per_user", unit: "us", values: bareTimes, extra: shared)
        context.add(
            "fanout-2hop", metric: "kernel_over_bare_loop", unit: "ratio", values: ratios,
            extra: [("same_trace_hash", .bool(kernelHash == bareHash))])
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
