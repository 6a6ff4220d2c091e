import Foundation
import Testing

/// The built `scimsim` binary on bad usage, help and unusable directory files: nothing runs, exit 2.
@Suite(.serialized) struct UsageEndToEndTests {
    @Test func badFlagExitsTwoNamingTheFlag() throws {
        let result = try CLIProcess.run(["run", "--users", "many"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--users: expected a whole number"))
        #expect(result.standardOutput.isEmpty)
        let unknown = try CLIProcess.run(["sweep", "--count", "2", "--polcy", "fifo"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("--polcy: unknown flag (did you mean --policy?)"))
        let both = try CLIProcess.run(["run", "--users", "5", "--directory", "x.csv"])
        #expect(both.status == 2)
        #expect(both.standardError.contains("--directory: --users and --directory cannot be combined"))
    }

    @Test func helpOnEveryCommandExitsZero() throws {
        for arguments in [["--help"], ["help"], ["run", "--help"], ["sweep", "-h"], ["help", "sweep"]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.standardOutput.contains("Usage: scimsim"), "\(arguments)")
        }
        let run = try CLIProcess.run(["run", "--help"])
        for flag in RunFlags.all { #expect(run.standardOutput.contains(flag), "run --help lacks \(flag)") }
        let sweep = try CLIProcess.run(["sweep", "--help"])
        for flag in ["--seeds", "--count", "--from", "--jobs", "--shard"] {
            #expect(sweep.standardOutput.contains(flag), "sweep --help lacks \(flag)")
        }
    }

    @Test func unknownCommandAndNoCommandExitTwo() throws {
        let unknown = try CLIProcess.run(["swep"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("unknown command 'swep' (did you mean sweep?)"))
        #expect(try CLIProcess.run([]).status == 2)
    }

    @Test func malformedCSVIsReportedWithItsLineAndNothingRuns() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("scimsim-malformed-\(ProcessInfo.processInfo.processIdentifier).csv")
        let csv = """
            User Id,Status,Username,First name,Last name,Primary email
            00u1,ACTIVE,ada@example.com,Ada,Lovelace,ada@example.com
            00u2,ACTIVE,"grace"@example.com,Grace,Hopper,grace@example.com
            00u3,ACTIVE,alan@example.com,Alan,Turing,alan@example.com

            """
        try Data(csv.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLIProcess.run(["run", "--directory", file.path, "--json"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(file.path):3:20:"))
        #expect(result.standardOutput.isEmpty)
        let sweep = try CLIProcess.run(["sweep", "--count", "2", "--directory", file.path])
        #expect(sweep.status == 2)
        #expect(sweep.standardError.contains("\(file.path):3:"))
        #expect(sweep.standardOutput.isEmpty)
    }

    @Test func shippedMalformedExampleNamesItsLine() throws {
        let result = try CLIProcess.run(["run", "--directory", "Examples/malformed/okta-bad-quote.csv", "--json"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Examples/malformed/okta-bad-quote.csv:5:"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func missingDirectoryFileExitsTwo() throws {
        let result = try CLIProcess.run(["run", "--directory", "Examples/no-such-file.csv"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Examples/no-such-file.csv"))
    }
}

/// The flags `run --help` must document.
enum RunFlags {
    static let all = [
        "--seed", "--users", "--directory", "--idp", "--scenario", "--faults", "--policy", "--until", "--trace",
        "--json", "--wire", "--idp-concurrency", "--idp-latency", "--org-latency", "--webhook-window",
        "--webhook-retry-base", "--webhook-max-attempts", "--rate-limit",
    ]
}
