import Foundation
import Testing

/// The built `scimsim run --trace`: streaming to standard output, and Ctrl-C ending the file on a whole line.
@Suite(.serialized) struct TraceEndToEndTests {
    @Test func traceDashStreamsJSONLinesOnStandardOutputAndTheTableOnStandardError() throws {
        let dash = CLIProcess.packageRoot.appendingPathComponent("-")
        let existed = FileManager.default.fileExists(atPath: dash.path)
        let result = try CLIProcess.run(["run", "--users", "20", "--faults", "none", "--trace", "-"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.lines.count > 20)
        for line in result.lines {
            let record = try CLIProcess.object(line)
            #expect(record["step"] is Int && record["kind"] is String, "\(line)")
        }
        #expect(result.standardOutput.hasSuffix("\n"))
        #expect(result.standardError.contains("trace hash"))
        if !existed { #expect(!FileManager.default.fileExists(atPath: dash.path), "a file named '-' was written") }
        // The table on standard error reports the run's usual trace hash.
        let json = try CLIProcess.run(["run", "--users", "20", "--faults", "none", "--json"])
        let hash = try #require(try CLIProcess.object(json.standardOutput)["traceHash"] as? String)
        #expect(result.standardError.contains(hash))
    }

    @Test func traceDashWithJSONExitsTwoNamingBothFlags() throws {
        let result = try CLIProcess.run(["run", "--users", "20", "--json", "--trace", "-"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--json: cannot be combined with --trace -"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func interruptEndsTheTraceOnACompleteLineAndExits130() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("scimsim-sigint-\(ProcessInfo.processInfo.processIdentifier).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let launched = try CLIProcess.launch(["run", "--users", "200000", "--faults", "none", "--trace", file.path])
        // Interrupt once the trace is well under way (the whole run takes far longer).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, launched.process.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            if size > 100_000 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(launched.process.isRunning, "the run ended before it could be interrupted")
        launched.process.interrupt()
        let result = try launched.finish()
        #expect(launched.process.terminationReason == .exit)
        #expect(result.status == 130)
        #expect(result.standardError.contains("scimsim run: interrupted; the trace in \(file.path) ends at"))
        let data = try Data(contentsOf: file)
        #expect(data.count > 100_000)
        #expect(data.last == UInt8(ascii: "\n"))
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        for line in lines { _ = try CLIProcess.object(String(line)) }
    }
}
