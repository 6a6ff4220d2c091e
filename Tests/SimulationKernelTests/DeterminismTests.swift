import Foundation
import Testing

@testable import SimulationKernel

/// Launches the KernelProbe executable (built next to the test bundle) and returns its output line.
func runKernelProbe(arguments: [String], deterministicHashing: Bool) throws -> String {
    let probe = try #require(kernelProbeURL(), "KernelProbe binary not found next to the test bundle; run swift build")
    let process = Process()
    process.executableURL = probe
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    if deterministicHashing {
        environment["SWIFT_DETERMINISTIC_HASHING"] = "1"
    } else {
        environment.removeValue(forKey: "SWIFT_DETERMINISTIC_HASHING")
    }
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// The build products directory holds both the test bundle and the KernelProbe executable.
func kernelProbeURL() -> URL? {
    var candidates: [URL] = []
    if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    let selfExe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    candidates.append(selfExe.deletingLastPathComponent())
    for directory in candidates {
        var current = directory
        for _ in 0..<4 {
            let probe = current.appendingPathComponent("KernelProbe")
            if FileManager.default.isExecutableFile(atPath: probe.path) { return probe }
            current = current.deletingLastPathComponent()
        }
    }
    return nil
}

/// The `key=value` field of a probe output line.
func field(_ key: String, in line: String) -> String? {
    line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
}

@Suite struct DeterminismTests {
    @Test func sameSeedSameTraceHashInTwoProcessesWithAndWithoutDeterministicHashing() throws {
        let plain = try runKernelProbe(arguments: ["7"], deterministicHashing: false)
        let deterministic = try runKernelProbe(arguments: ["7"], deterministicHashing: true)
        let hash = try #require(field("trace", in: plain))
        #expect(hash.count == 16)
        #expect(field("trace", in: deterministic) == hash)
        #expect(field("steps", in: deterministic) == field("steps", in: plain))
        #expect(field("escapes", in: plain) == "0")
        #expect(field("ending", in: plain) == "quiescent")
    }

    @Test func differentSeedsGiveDifferentHashesOnARacyWorkload() throws {
        let first = try runKernelProbe(arguments: ["7"], deterministicHashing: false)
        let second = try runKernelProbe(arguments: ["8"], deterministicHashing: false)
        #expect(field("trace", in: first) != nil)
        #expect(field("trace", in: first) != field("trace", in: second))
    }

    @Test func inProcessRacyWorkloadDiffersBySeedAndRepeatsPerSeed() throws {
        func run(_ seed: UInt64) throws -> UInt64 {
            let simulation = Simulation(seed: seed, options: .init(policy: .random))
            let recorder = Recorder(simulation: simulation)
            for index in 0..<6 {
                simulation.spawn("racer\(index)") {
                    for round in 0..<5 {
                        await recorder.append("r\(index).\(round)")
                        await Task.yield()
                    }
                }
            }
            return try simulation.run().traceHash
        }
        let hashes = try (UInt64(1)...5).map(run)
        #expect(Set(hashes).count == 5)
        #expect(try run(3) == hashes[2])
    }
}
