// KernelProbe: runs one fixed, racy simulation workload and prints its result on one line, so that tests can
// compare trace hashes across operating-system processes (with and without SWIFT_DETERMINISTIC_HASHING).
//
// Usage: KernelProbe [seed] [fifo|random]
// Output: seed=<n> policy=<p> trace=<16 hex> steps=<n> records=<n> virtual_ns=<n> ending=<text> escapes=<n>
import SimulationKernel

/// A server that keeps a per-user tally in a Dictionary (iterated only in sorted key order).
actor Directory: SimulatedActor {
    nonisolated let simulation: Simulation
    private var tallies: [Int: Int] = [:]
    private let party = TraceParty("directory")

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func upsert(_ user: Int) async -> Int {
        tallies[user, default: 0] += 1
        simulation.record(party: party, kind: "upsert", .int("user", user), .int("tally", tallies[user] ?? 0))
        try? await simulation.clock.sleep(for: .microseconds(50 + user % 7 * 10))
        return tallies.count
    }

    func notify(_ event: Int) {
        simulation.record(party: party, kind: "event", .int("event", event))
    }

    func digest() -> Int {
        var total = 0
        for key in tallies.keys.sorted() { total = total &* 31 &+ key &* (tallies[key] ?? 0) }
        return total
    }
}

let arguments = CommandLine.arguments
let seed = arguments.count > 1 ? UInt64(arguments[1]) ?? 1 : 1
let policy: SchedulingPolicy = arguments.count > 2 && arguments[2] == "fifo" ? .fifo : .random
let simulation = Simulation(seed: seed, options: SimulationOptions(policy: policy))
let directory = Directory(simulation: simulation)
let faulty = LinkConfiguration(
    latency: .logNormal(median: .milliseconds(2), sigma: 0.6, cap: .milliseconds(50)),
    lossPartsPerMillion: 20_000, duplicationPartsPerMillion: 20_000, reorderPartsPerMillion: 50_000,
    partitions: [PartitionWindow(start: .milliseconds(40), end: .milliseconds(60))],
    requestTimeout: .milliseconds(200))
let requests = RequestLink<Int, Int>(
    "client->directory", simulation: simulation, configuration: faulty, server: directory
) { directory, user in
    await directory.upsert(user)
}
let events = Link<Int>("events", simulation: simulation, configuration: faulty)
let client = TraceParty("client")

simulation.spawn("event-consumer", daemon: true) {
    while let event = try? await events.receive() {
        await directory.notify(event)
    }
}
for worker in 0..<8 {
    simulation.spawn("worker\(worker)") {
        var random = simulation.randomStream("worker\(worker)")
        for step in 0..<40 {
            let user = random.uniform(in: 0..<64)
            do {
                let size = try await requests.call(user)
                simulation.record(party: client, kind: "ok", .int("worker", worker), .int("size", size))
            } catch {
                simulation.record(party: client, kind: "timeout", .int("worker", worker), .int("step", step))
            }
            events.send(worker * 1000 + step)
            try? await simulation.clock.sleep(for: .microseconds(random.uniform(in: 0..<3_000)))
        }
    }
}
do {
    let result = try simulation.run()
    print(
        "seed=\(seed) policy=\(policy) trace=\(result.traceHashHex) steps=\(result.steps) "
            + "records=\(result.traceRecords) virtual_ns=\(result.virtualElapsed.simulationNanoseconds) "
            + "ending=\(result.ending) escapes=\(result.foreignEnqueues)")
} catch {
    print("error: \(error)")
}
