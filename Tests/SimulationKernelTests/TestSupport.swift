import SimulationKernel

/// A simulated actor that appends labels to a log, for order assertions.
actor Recorder: SimulatedActor {
    nonisolated let simulation: Simulation
    private(set) var log: [String] = []
    private(set) var times: [Int64] = []

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func append(_ label: String) {
        log.append(label)
        times.append(simulation.now.nanoseconds)
        simulation.record(party: "recorder", kind: "append", .text("label", label))
    }

    func sleepThenAppend(_ label: String, _ duration: Duration) async throws {
        try await simulation.clock.sleep(for: duration)
        append(label)
    }

    func snapshot() -> [String] { log }
}

/// Reads actor state after a run without a suspension point: the run has ended, so nothing else touches it.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
