import DirectorySync
import Testing

@testable import scimsim

/// The hand-written flag parser of `run` and `sweep`: every error names the flag at fault.
struct FlagParserTests {
    @Test func defaultsMatchTheDocumentedRun() throws {
        let options = try RunOptions.parse([])
        #expect(options.seed == 1)
        #expect(options.model.users == nil)
        #expect(options.model.identityProvider == .okta)
        #expect(options.model.scenario == .initialSync)
        #expect(options.model.faults == .swarm)
        #expect(!options.json)
        let configuration = options.model.configuration(seed: options.seed, people: .generated(count: 10_000))
        #expect(configuration == RunConfiguration(seed: 1))
    }

    @Test func everyFlagIsRead() throws {
        let options = try RunOptions.parse([
            "--seed", "42", "--users", "200", "--idp", "entra", "--scenario", "reset-during-sync",
            "--faults", "reorder,loss", "--policy", "random", "--until", "2h", "--trace", "t.jsonl", "--json",
            "--wire", "bytes", "--idp-concurrency", "8", "--idp-latency", "40ms", "--org-latency=15ms",
            "--webhook-window", "16", "--webhook-retry-base", "30s", "--webhook-max-attempts", "6",
            "--rate-limit", "100",
        ])
        #expect(options.seed == 42)
        #expect(options.json)
        #expect(options.tracePath == "t.jsonl")
        let configuration = options.model.configuration(seed: 42, people: .generated(count: 200))
        #expect(configuration.identityProvider == .entra)
        #expect(configuration.scenario == .resetDuringSync)
        #expect(configuration.faults == .only([.loss, .reorder]))
        #expect(configuration.policy == .random)
        #expect(configuration.until == .seconds(7_200))
        #expect(configuration.wire == .bytes)
        #expect(configuration.idpConcurrency == 8)
        #expect(configuration.idpLinkLatency == .milliseconds(40))
        #expect(configuration.organizationLinkLatency == .milliseconds(15))
        #expect(configuration.webhookWindow == 16)
        #expect(configuration.webhookRetryBase == .seconds(30))
        #expect(configuration.webhookMaxAttempts == 6)
        #expect(configuration.rateLimitPerSecond == 100)
    }

    @Test func reproduceArgumentsParseBackToTheSameOptions() throws {
        let original = try RunOptions.parse([
            "--seed", "0x10", "--directory", "My Users.csv", "--idp", "entra", "--faults", "none", "--until", "90m",
            "--idp-latency", "1500ms", "--rate-limit", "10_000",
        ])
        let arguments = original.model.arguments
        #expect(arguments.contains("--directory") && arguments.contains("My Users.csv"))
        #expect(arguments.contains("90m"))
        #expect(arguments.contains("1500ms"))
        var reparsed = try RunOptions.parse(["--seed", "16"] + arguments)
        reparsed.seed = original.seed
        #expect(reparsed == original)
        let command = original.reproduceCommand
        #expect(command.hasPrefix("swift run -c release scimsim run --seed 16 --directory 'My Users.csv' --idp entra"))
    }

    @Test(arguments: [
        (["--usres", "5"], "--usres"),
        (["--users"], "--users"),
        (["--users", "--json"], "--users"),
        (["--users", "abc"], "--users"),
        (["--users", "-3"], "--users"),
        (["--users", "99999999999"], "--users"),
        (["--seed", "x1"], "--seed"),
        (["--seed", "18446744073709551616"], "--seed"),
        (["--users", "5", "--directory", "a.csv"], "--directory"),
        (["--directory", "a.csv", "--users", "5"], "--users"),
        (["--scenario", "nope"], "--scenario"),
        (["--idp", "google"], "--idp"),
        (["--faults", "loss,bogus"], "--faults"),
        (["--faults", "loss,"], "--faults"),
        (["--policy", "lifo"], "--policy"),
        (["--wire", "xml"], "--wire"),
        (["--until", "5"], "--until"),
        (["--until", "0s"], "--until"),
        (["--idp-latency", "fast"], "--idp-latency"),
        (["--org-latency", "1y"], "--org-latency"),
        (["--idp-latency", "106752d"], "--idp-latency"),
        (["--org-latency", "365d1ms"], "--org-latency"),
        (["--idp-concurrency", "0"], "--idp-concurrency"),
        (["--webhook-window", "1.5"], "--webhook-window"),
        (["--webhook-retry-base", "0ms"], "--webhook-retry-base"),
        (["--webhook-max-attempts", "none"], "--webhook-max-attempts"),
        (["--rate-limit", ""], "--rate-limit"),
        (["--json=yes"], "--json"),
        (["--seed", "1", "--seed", "2"], "--seed"),
        (["--trace"], "--trace"),
    ])
    func runErrorsNameTheFlag(arguments: [String], flag: String) {
        do {
            _ = try RunOptions.parse(arguments)
            Issue.record("expected a usage error for \(arguments)")
        } catch {
            #expect(error.flag == flag)
            #expect(error.message.hasPrefix(flag + ":"))
        }
    }

    @Test func unknownFlagSuggestsTheNearestOne() {
        #expect(throws: UsageError(flag: "--usres", "unknown flag (did you mean --users?)")) {
            try RunOptions.parse(["--usres", "5"])
        }
        #expect(throws: UsageError(flag: "--colour", "unknown flag (see --help)")) {
            try RunOptions.parse(["--colour"])
        }
    }

    @Test func strayArgumentIsNamed() {
        do {
            _ = try RunOptions.parse(["200"])
            Issue.record("expected a usage error")
        } catch {
            #expect(error.flag == nil)
            #expect(error.message.contains("'200'"))
        }
    }

    @Test func valueErrorsShowTheValue() {
        #expect(throws: UsageError(flag: "--users", "expected a whole number from 0 to 10000000, got 'lots'")) {
            try RunOptions.parse(["--users", "lots"])
        }
    }

    @Test func helpIsDetectedAnywhere() {
        #expect(ArgumentReader.wantsHelp(["--users", "5", "--help"]))
        #expect(ArgumentReader.wantsHelp(["-h"]))
        #expect(!ArgumentReader.wantsHelp(["--users", "5"]))
    }

    @Test func faultListIsNormalisedAndRoundTrips() throws {
        let selection = try ValueParsing.faults("partition,loss,loss", flag: "--faults")
        #expect(selection == .only([.loss, .partition]))
        #expect(ValueParsing.text(of: selection) == "loss,partition")
        #expect(try ValueParsing.faults("none", flag: "--faults") == FaultSelection.none)
        #expect(try ValueParsing.faults("swarm", flag: "--faults") == .swarm)
        for kind in FaultKind.allCases {
            #expect(try ValueParsing.faults(kind.rawValue, flag: "--faults") == .only([kind]))
        }
        // `none` and `swarm` inside a list get their own message, not "unknown fault kind".
        for list in ["none,loss", "loss,swarm"] {
            let error = #expect(throws: UsageError.self) { try ValueParsing.faults(list, flag: "--faults") }
            #expect(error?.message.contains("stands alone") == true, "\(list)")
        }
    }

    /// An organization link slower than the webhook signature tolerance can never converge: the CLI warns.
    @Test func organizationLatencyAtTheSignatureToleranceWarns() throws {
        #expect(try RunOptions.parse(["--org-latency", "179s"]).model.warnings.isEmpty)
        let warnings = try RunOptions.parse(["--org-latency", "3m"]).model.warnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("--org-latency 3m") == true)
        #expect(try RunOptions.parse([]).model.warnings.isEmpty)
    }

    @Test func seedsAcceptDecimalSeparatorsAndHex() throws {
        #expect(try ValueParsing.seed("10_000", flag: "--seed") == 10_000)
        #expect(try ValueParsing.seed("0xff", flag: "--seed") == 255)
        #expect(try ValueParsing.seed("18446744073709551615", flag: "--seed") == UInt64.max)
        #expect(throws: UsageError.self) { try ValueParsing.seed("1__0", flag: "--seed") }
        #expect(throws: UsageError.self) { try ValueParsing.seed("_1", flag: "--seed") }
        #expect(throws: UsageError.self) { try ValueParsing.seed("0x", flag: "--seed") }
    }

    @Test func shellQuotingIsSafe() {
        #expect(ReproduceCommand.shellQuoted("Examples/okta-users.csv") == "Examples/okta-users.csv")
        #expect(ReproduceCommand.shellQuoted("a b") == "'a b'")
        #expect(ReproduceCommand.shellQuoted("it's") == "'it'\\''s'")
        #expect(ReproduceCommand.shellQuoted("") == "''")
        #expect(ReproduceCommand.shellQuoted("$HOME") == "'$HOME'")
    }
}
