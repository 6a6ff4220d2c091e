import Foundation
import Testing

@testable import scimsim

/// The whole-line relay between the simulation's trace stream and the `--trace` destination.
@Suite struct TraceRelayTests {
    /// A fresh path in the temporary directory.
    static func scratchFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "scimsim-relay-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))-\(name)")
    }

    /// Writes `text` to the relay's pipe as the simulation would (an `open` of its `/dev/fd/N` path).
    static func feed(_ relay: TraceRelay, _ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: relay.simulationPath))
        handle.write(Data(text.utf8))
        try handle.close()
    }

    /// The file's text once it equals `expected`, or its text after `seconds` of waiting.
    static func contents(of file: URL, becoming expected: String, seconds: Double = 10) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if text == expected { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return text
    }

    @Test func onlyCompleteLinesReachTheFileBeforeStop() throws {
        let file = Self.scratchFile("stop.jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let relay = try TraceRelay(path: file.path)
        #expect(relay.simulationPath.hasPrefix("/dev/fd/"))
        try Self.feed(relay, "{\"a\":1}\n{\"b\":")
        // The half line must wait for its newline: the file shows the first line only.
        #expect(Self.contents(of: file, becoming: "{\"a\":1}\n") == "{\"a\":1}\n")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try String(contentsOf: file, encoding: .utf8) == "{\"a\":1}\n")
        relay.stop()
        try Self.feed(relay, "2}\n{\"c\":3}\n")
        #expect(relay.finish() == nil)
        #expect(try String(contentsOf: file, encoding: .utf8) == "{\"a\":1}\n")
    }

    @Test func finishDeliversEverythingIncludingBufferedStreams() throws {
        let file = Self.scratchFile("finish.jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let relay = try TraceRelay(path: file.path)
        try Self.feed(relay, "{\"a\":1}\n{\"b\":")
        try Self.feed(relay, "2}\n")
        // A buffered C stream left open, as the simulation's recorder may leave it: finish flushes it.
        let stream = try #require(fopen(relay.simulationPath, "w"))
        let tail = (0..<200).map { "{\"n\":\($0)}\n" }.joined()
        fputs(tail, stream)
        #expect(relay.finish() == nil)
        #expect(try String(contentsOf: file, encoding: .utf8) == "{\"a\":1}\n{\"b\":2}\n" + tail)
        fclose(stream)
    }

    @Test func unopenableFileIsAUsageErrorNamingTrace() {
        #expect(
            throws: UsageError(
                flag: "--trace", "cannot open trace file /nonexistent-dir/t.jsonl: No such file or directory")
        ) {
            _ = try TraceRelay(path: "/nonexistent-dir/t.jsonl")
        }
    }

    @Test func traceToStandardOutputWithJSONIsRejectedNamingBothFlags() throws {
        for arguments in [["--trace", "-", "--json"], ["--json", "--trace=-"]] {
            #expect(throws: UsageError.self) { try RunOptions.parse(arguments) }
            do {
                _ = try RunOptions.parse(arguments)
            } catch {
                #expect(error.flag == "--json")
                #expect(error.message.contains("--trace -"))
            }
        }
        #expect(try RunOptions.parse(["--trace", "-"]).traceToStandardOutput)
        #expect(try RunOptions.parse(["--trace", "t.jsonl", "--json"]).traceToStandardOutput == false)
    }
}
