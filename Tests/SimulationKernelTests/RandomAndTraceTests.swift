import Foundation
import Testing

@testable import SimulationKernel

@Suite struct RandomTests {
    @Test func streamsAreReproducibleAndIndependentOfEachOther() {
        var a = SeededRandom(seed: 42, label: "network")
        var b = SeededRandom(seed: 42, label: "network")
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        var other = SeededRandom(seed: 42, label: "faults")
        let otherFirst = other.next()
        #expect(otherFirst != first[0])
        // Draws on one stream never shift another: "faults" restarts identically however much "network" drew.
        var faultsAgain = SeededRandom(seed: 42, label: "faults")
        var faultsFresh = SeededRandom(seed: 42, label: "faults")
        let again = faultsAgain.next()
        let fresh = faultsFresh.next()
        #expect(again == fresh)
        var differentSeed = SeededRandom(seed: 43, label: "network")
        let different = differentSeed.next()
        #expect(different != first[0])
    }

    @Test func knownFirstOutputsPinTheAlgorithm() {
        // SplitMix64 reference values for seed 0 (Vigna's splitmix64.c).
        var mixer = SplitMix64(state: 0)
        let one = mixer.next()
        let two = mixer.next()
        #expect(one == 0xE220_A839_7B1D_CDAF)
        #expect(two == 0x6E78_9E6A_A1B9_65F4)
        #expect(StableHash.hex(0xE220_A839_7B1D_CDAF) == "e220a8397b1dcdaf")
        #expect(StableHash.hex(1) == "0000000000000001")
    }

    @Test func integerHelpersStayInRangeAndHitTheirRates() {
        var random = SeededRandom(seed: 7, label: "helpers")
        var hits = 0
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            counts[random.below(6)] += 1
            if random.chance(1, outOf: 4) { hits += 1 }
        }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        #expect(abs(hits - 15_000) < 600)
        let never = random.chance(partsPerMillion: 0)
        let always = random.chance(partsPerMillion: 1_000_000)
        #expect(!never)
        #expect(always)
    }

    @Test func latencyDistributionsHaveTheirMeansAndMedians() {
        var random = SeededRandom(seed: 9, label: "latency")
        let n = 50_000
        var sum: Int64 = 0
        for _ in 0..<n { sum += random.exponential(mean: .milliseconds(2)).simulationNanoseconds }
        let mean = Double(sum) / Double(n)
        #expect(abs(mean - 2_000_000) < 60_000, "exponential mean \(mean) ns")
        var samples = (0..<n).map { _ in random.logNormal(median: .milliseconds(5), sigma: 0.5).simulationNanoseconds }
        samples.sort()
        let median = Double(samples[n / 2])
        #expect(abs(median - 5_000_000) < 150_000, "log-normal median \(median) ns")
        let capped = (0..<n).map { _ in random.pareto(scale: .milliseconds(1), shape: 1.5, cap: .seconds(1)) }
        #expect(capped.allSatisfy { $0 >= .milliseconds(1) && $0 <= .seconds(1) })
    }
}

@Suite struct TraceTests {
    @Test func hashIsOrderSensitiveAndSinkIndependent() throws {
        func run(sink: TraceSink, swap: Bool) throws -> (SimulationResult, Simulation) {
            let simulation = Simulation(seed: 1, options: .init(traceSink: sink))
            simulation.spawn("writer") {
                let a = TraceParty("a")
                let b = TraceParty("b")
                simulation.record(party: swap ? b : a, kind: "step", .int("n", 1))
                simulation.record(party: swap ? a : b, kind: "step", .int("n", 1))
                try? await simulation.clock.sleep(for: .seconds(1))
                simulation.record(party: a, kind: "done", .text("who", "a \"quoted\" name"), .bool("ok", true))
            }
            return (try simulation.run(), simulation)
        }
        let (hashOnly, _) = try run(sink: .hashOnly, swap: false)
        let (memory, simulation) = try run(sink: .memory, swap: false)
        let (swapped, _) = try run(sink: .hashOnly, swap: true)
        #expect(hashOnly.traceHash == memory.traceHash)
        #expect(hashOnly.traceHash != swapped.traceHash)
        #expect(hashOnly.traceHashHex.count == 16)
        #expect(hashOnly.traceHashHex == StableHash.hex(hashOnly.traceHash))
        #expect(simulation.trace.events.map(\.party) == ["a", "b", "a"])
        #expect(simulation.trace.events.last?.virtualNanoseconds == 1_000_000_000)
    }

    @Test func jsonLinesSinkWritesOneObjectPerRecord() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kernel-trace-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let simulation = Simulation(seed: 2, options: .init(traceSink: .jsonLines(path: path)))
        simulation.spawn("writer") {
            simulation.record(party: "idp", kind: "send", .int("user", 7), .text("name", "a\"b"))
            simulation.record(party: "broker", kind: "recv", .duration("latency", .milliseconds(3)))
        }
        _ = try simulation.run()
        simulation.trace.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["party"] as? String == "idp")
        #expect(first?["kind"] as? String == "send")
        #expect(first?["user"] as? Int == 7)
        #expect(first?["name"] as? String == "a\"b")
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(second?["latency"] as? Int == 3_000_000)
    }

    @Test func unwritableTraceFileIsAClearError() {
        let simulation = Simulation(seed: 3, options: .init(traceSink: .jsonLines(path: "/nonexistent-dir/t.jsonl")))
        #expect(throws: SimulationError.self) { try simulation.run() }
        do {
            try simulation.run()
        } catch {
            #expect(error.description.contains("/nonexistent-dir/t.jsonl"))
        }
    }
}
