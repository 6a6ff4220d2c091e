import Foundation
import Testing

/// The built `scimsim run` on small runs: exit status, JSON keys, determinism across processes,
/// and directory exports per IdP.
@Suite(.serialized)
struct RunEndToEndTests {
    static let requiredKeys = [
        "seed", "traceHash", "converged", "violations", "virtualSeconds", "wallSeconds", "steps",
        "organizationMembers", "directoryPeople", "faultSettings", "scenario", "identityProvider", "requests",
        "events", "webhooks", "stepsPerWallSecond", "usersSyncedPerWallSecond", "usersSyncedPerVirtualHour",
    ]

    @Test func smallRunPrintsEveryJSONKeyAndExitsZero() throws {
        let result = try CLIProcess.run(["run", "--users", "200", "--faults", "none", "--json"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.lines.count == 1)
        let report = try CLIProcess.object(result.standardOutput)
        for key in Self.requiredKeys { #expect(report[key] != nil, "missing key \(key)") }
        #expect(report["seed"] as? Int == 1)
        #expect(report["converged"] as? Bool == true)
        #expect((report["violations"] as? [Any])?.isEmpty == true)
        #expect(report["directoryPeople"] as? Int == 200)
        #expect((report["organizationMembers"] as? Int ?? 0) >= 200)
        #expect((report["steps"] as? Int ?? 0) > 0)
        #expect(report["faults"] as? String == "none")
        let hash = try #require(report["traceHash"] as? String)
        #expect(hash.count == 16 && hash.allSatisfy(\.isHexDigit))
    }

    @Test func sameSeedGivesTheSameTraceHashAcrossProcesses() throws {
        func hash(_ seed: String) throws -> String {
            let result = try CLIProcess.run(["run", "--seed", seed, "--users", "150", "--json"])
            #expect(result.status == 0, "stderr: \(result.standardError)")
            return try #require(try CLIProcess.object(result.standardOutput)["traceHash"] as? String)
        }
        let first = try hash("7")
        #expect(try hash("7") == first)
        #expect(try hash("8") != first)
    }

    @Test(arguments: [("Examples/okta-users.csv", "okta"), ("Examples/entra-users.csv", "entra")])
    func directoryExportConvergesWithTheSameHashTwice(file: String, idp: String) throws {
        let arguments = ["run", "--seed", "7", "--directory", file, "--idp", idp, "--json"]
        let first = try CLIProcess.run(arguments)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        let report = try CLIProcess.object(first.standardOutput)
        #expect(report["converged"] as? Bool == true)
        #expect(report["identityProvider"] as? String == idp)
        #expect(report["peopleSource"] as? String == file)
        #expect((report["directoryPeople"] as? Int ?? 0) > 5)
        let second = try CLIProcess.object(try CLIProcess.run(arguments).standardOutput)
        #expect(second["traceHash"] as? String == report["traceHash"] as? String)
    }

    @Test func tableIsTheDefaultOutput() throws {
        let result = try CLIProcess.run(["run", "--users", "50", "--idp", "entra", "--faults", "loss,reorder"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        for label in ["seed", "scenario", "people in the directory", "time to convergence", "trace hash"] {
            #expect(result.standardOutput.contains(label), "table lacks \(label)")
        }
        #expect(result.standardOutput.hasPrefix("seed"))
    }

    @Test func unwritableTraceFileIsBadUsageNamingTrace() throws {
        let result = try CLIProcess.run(["run", "--users", "10", "--trace", "/nonexistent-dir/trace.jsonl"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--trace: cannot open trace file /nonexistent-dir/trace.jsonl"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func traceFileIsWritten() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("scimsim-trace-\(ProcessInfo.processInfo.processIdentifier).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLIProcess.run(["run", "--users", "20", "--faults", "none", "--trace", file.path, "--json"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let lines = String(decoding: try Data(contentsOf: file), as: UTF8.self).split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines.prefix(20) { _ = try CLIProcess.object(String(line)) }
    }
}

/// The built `scimsim sweep`: one JSON line per seed in seed order, a summary, shards that concatenate.
@Suite(.serialized)
struct SweepEndToEndTests {
    static let model = ["--users", "20"]

    @Test func fiveSeedsPrintFiveLinesAndASummary() throws {
        let result = try CLIProcess.run(["sweep", "--seeds", "1...5", "--jobs", "2"] + Self.model)
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let lines = result.lines
        #expect(lines.count == 6)
        let seedLines = try lines.prefix(5).map(CLIProcess.object)
        #expect(seedLines.map { $0["seed"] as? Int } == [1, 2, 3, 4, 5])
        for line in seedLines {
            for key in ["seed", "traceHash", "converged", "violations", "wallSeconds"] {
                #expect(line[key] != nil, "missing \(key)")
            }
            #expect(line["reproduce"] == nil)
        }
        let last = try #require(lines.last)
        let summary = try #require(try CLIProcess.object(last)["summary"] as? [String: Any])
        #expect(summary["seeds"] as? Int == 5)
        #expect(summary["failed"] as? Int == 0)
        #expect(summary["wallSeconds"] is Double)
    }

    @Test func sweepMatchesSingleRunsAndShardsConcatenate() throws {
        func hashes(_ arguments: [String]) throws -> [Int: String] {
            let result = try CLIProcess.run(["sweep"] + arguments + Self.model)
            #expect(result.status == 0, "stderr: \(result.standardError)")
            var map: [Int: String] = [:]
            for line in result.lines.dropLast() {
                let object = try CLIProcess.object(line)
                map[try #require(object["seed"] as? Int)] = object["traceHash"] as? String
            }
            return map
        }
        let whole = try hashes(["--seeds", "10..15", "--jobs", "3"])
        #expect(whole.keys.sorted() == Array(10...15))
        let shard0 = try hashes(["--count", "6", "--from", "10", "--shard", "0/2", "--jobs", "1"])
        let shard1 = try hashes(["--count", "6", "--from", "10", "--shard", "1/2"])
        #expect(shard0.keys.sorted() == [10, 12, 14])
        #expect(shard1.keys.sorted() == [11, 13, 15])
        #expect(shard0.merging(shard1) { first, _ in first } == whole)
        let single = try CLIProcess.run(["run", "--seed", "13", "--json"] + Self.model)
        #expect(try CLIProcess.object(single.standardOutput)["traceHash"] as? String == whole[13])
    }
}
