import DirectorySync
import Foundation

extension SuiteSlots {
    static var reference: (any BenchmarkSuite)? { ReferenceSuite() }
}

/// The side-by-side figure against the SimPy reference model (`research/simpy_pipeline.py`): the same Okta
/// initial sync (10 IdP workers, 40 ms one-way IdP link, 4 webhook deliveries in flight, 30 ms one-way
/// organization link, no faults) for 10,000 and 100,000 people, run by the model on this machine (`python3`
/// with `simpy`) and by SCIMSim. Both must converge at 16 ms per person plus 110 ms of virtual time; the suite
/// prints both wall times and the ratio model / SCIMSim, and checks that SCIMSim's member-apply hash
/// (`RunReport.memberApplyHash`) equals the model's trace hash. Without python3 or simpy it says so and still prints
/// the Swift figures.
struct ReferenceSuite: BenchmarkSuite {
    let name = "reference"
    let summary = "Okta initial sync configured like the SimPy model, 10k and 100k people; wall time vs SimPy"

    struct ReferenceError: Error, CustomStringConvertible {
        let description: String
    }

    /// Where the model lives: `$SCIMSIM_SIMPY_MODEL`, else `../shared/research/simpy_pipeline.py` from the
    /// package directory (the layout of the project machine).
    static var modelPath: String {
        if let path = ProcessInfo.processInfo.environment["SCIMSIM_SIMPY_MODEL"] { return path }
        for candidate in ["../shared/research/simpy_pipeline.py", "../../shared/research/simpy_pipeline.py"]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return "/work/shared/research/simpy_pipeline.py"
    }

    func run(_ context: BenchmarkContext) throws {
        for size in [10_000, 100_000] {
            let people = context.scaled(size)
            guard context.wants(label(people)) else { continue }
            try compare(context, people: people)
        }
    }

    private func label(_ people: Int) -> String {
        people % 1000 == 0 ? "okta-reference-\(people / 1000)k" : "okta-reference-\(people)"
    }

    private func compare(_ context: BenchmarkContext, people: Int) throws {
        let name = label(people)
        let expected = SyncWorkload.referenceConvergence(people: people)
        // SCIMSim: world.run only (the world is built untimed, as the model's setup is).
        var wall: [Double] = []
        var cpu: [Double] = []
        var report: RunReport?
        for repetition in 0...context.runs {
            let configuration = SyncWorkload.reference(people: people)
            let prepared = try PreparedRun(configuration)
            let timing = try timedWithCPU { try prepared.run() }
            let current = timing.value
            guard current.converged, SyncWorkload.syncedPeople(current) == people else {
                throw ReferenceError(description: "\(name): \(current.ending), members \(current.organizationMembers)")
            }
            report = current
            if repetition == 0 { continue }
            wall.append(timing.seconds)
            cpu.append(timing.cpuSeconds)
        }
        guard let report else { return }
        let virtualMs = Double((report.convergenceTime ?? .zero).simulationNanoseconds) / 1e6
        let expectedMs = Double(expected.simulationNanoseconds) / 1e6
        let applyHash = StableHashHex.of(report.memberApplyHash)
        let swiftExtra: [(String, ExtraValue)] = [
            ("people", .int(people)), ("virtual_ms", .double(virtualMs)), ("model_virtual_ms", .double(expectedMs)),
            ("same_virtual_time", .bool(virtualMs == expectedMs)), ("steps", .int(Int(report.steps))),
            ("trace_hash", .text(report.traceHashHex)), ("member_apply_hash", .text(applyHash)),
        ]
        let swiftWall = context.add(name + "-scimsim", metric: "wall_s", unit: "s", values: wall, extra: swiftExtra)
        let swiftCPU = context.add(name + "-scimsim", metric: "cpu_s", unit: "s", values: cpu, extra: [])
        // The model, one process per repetition (fewer repetitions at 100,000 people: it takes seconds each).
        let reps = people > 20_000 ? 1 : max(1, min(context.runs, 3))
        let modelOutcome = runModel(people: people, reps: reps)
        switch modelOutcome {
        case .failure(let error):
            context.add(
                name + "-simpy", metric: "unavailable", unit: "-", values: [.nan],
                extra: [("reason", .text(error.description))])
            print("reference: SimPy model not run (\(error.description)); Swift figures only")
        case .success(let runs):
            let modelWall = runs.map(\.wall)
            let modelCPU = runs.map(\.cpu)
            let modelVirtual = runs.first?.virtualMs ?? .nan
            let extra: [(String, ExtraValue)] = [
                ("people", .int(people)), ("virtual_ms", .double(modelVirtual)),
                ("events_processed", .int(runs.first?.events ?? 0)), ("hash", .text(runs.first?.hash ?? "")),
            ]
            let pythonWall = context.add(name + "-simpy", metric: "wall_s", unit: "s", values: modelWall, extra: extra)
            let pythonCPU = context.add(name + "-simpy", metric: "cpu_s", unit: "s", values: modelCPU, extra: [])
            let modelHash = runs.first?.hash ?? ""
            let same: [(String, ExtraValue)] = [
                ("same_virtual_time", .bool(modelVirtual == virtualMs)), ("same_hash", .bool(modelHash == applyHash)),
                ("target_min", .int(10)),
            ]
            context.add(
                name, metric: "simpy_over_scimsim", unit: "ratio", values: [pythonWall / swiftWall], extra: same)
            context.add(
                name, metric: "cpu_simpy_over_scimsim", unit: "ratio", values: [pythonCPU / swiftCPU], extra: [])
        }
        if case .success(let runs) = modelOutcome, let modelHash = runs.first?.hash, modelHash != applyHash {
            throw ReferenceError(description: "\(name): member-apply hash \(applyHash), the model's \(modelHash)")
        }
        guard virtualMs == expectedMs else {
            throw ReferenceError(
                description: "\(name): SCIMSim converged at \(virtualMs) ms, the model at \(expectedMs) ms")
        }
    }

    struct ModelRun {
        var wall: Double
        var cpu: Double
        var virtualMs: Double
        var events: Int
        var hash: String
    }

    /// Runs `python3 simpy_pipeline.py --n people --reps reps --json` and parses its JSON lines.
    private func runModel(people: Int, reps: Int) -> Result<[ModelRun], ReferenceError> {
        let path = Self.modelPath
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(ReferenceError(description: "model not found at \(path) (set SCIMSIM_SIMPY_MODEL)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path, "--n", String(people), "--reps", String(reps), "--json"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(ReferenceError(description: "python3 could not be started: \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errorData, as: UTF8.self)
            let reason =
                text.contains("No module named 'simpy'")
                ? "simpy is not installed (pip install simpy)"
                : "python3 exited with \(process.terminationStatus): \(text.suffix(300))"
            return .failure(ReferenceError(description: reason))
        }
        var runs: [ModelRun] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let wall = object["wall_s"] as? Double, let cpu = object["cpu_s"] as? Double
            else { continue }
            runs.append(
                ModelRun(
                    wall: wall, cpu: cpu, virtualMs: (object["virtual_ms"] as? NSNumber)?.doubleValue ?? .nan,
                    events: object["events_processed"] as? Int ?? 0, hash: object["hash"] as? String ?? ""))
        }
        guard !runs.isEmpty else { return .failure(ReferenceError(description: "the model printed no JSON line")) }
        return .success(runs)
    }
}

/// 16 lower-case hex digits of a 64-bit value (the SimPy model prints its hash this way).
enum StableHashHex {
    static func of(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
