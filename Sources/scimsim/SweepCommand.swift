import DirectorySync
import Foundation
import SCIM

/// `scimsim sweep`: many seeds in parallel, one JSON line per seed in seed order, then a summary line.
/// Exit status 0 when every seed held every invariant, 1 when any seed failed, 2 on bad usage.
enum SweepCommand {
    /// What one seed produced.
    struct Outcome: Sendable {
        /// The seed's JSON line (without the newline).
        var line: String
        /// Whether the seed violated an invariant or could not run.
        var failed: Bool
        /// The command that reproduces a failed seed.
        var reproduce: String?
        /// Set when the runner refused the configuration itself (e.g. an unavailable scenario): bad usage.
        var usage: UsageError?
    }

    /// Runs the subcommand with `arguments` (after `sweep`) and returns the exit status.
    static func main(arguments: [String]) -> Int32 {
        if ArgumentReader.wantsHelp(arguments) {
            Console.out(HelpText.sweep)
            return ExitStatus.success
        }
        let options: SweepOptions
        let people: PeopleSource
        do throws(UsageError) {
            options = try SweepOptions.parse(arguments)
            people = try DirectoryLoading.people(for: options.model, command: "sweep")
        } catch {
            return Console.usage(error, command: "sweep")
        }
        for warning in options.model.warnings { Console.error("scimsim sweep: warning: \(warning)\n") }
        let seeds = options.selection.seeds
        let model = options.model
        let clock = ContinuousClock()
        let start = clock.now
        var failures: [(seed: UInt64, reproduce: String)] = []
        var usage: UsageError?
        WorkerPool.run(
            count: seeds.count, threads: options.jobs,
            work: { index in runSeed(seeds[index], model: model, people: people) },
            deliver: { index, outcome in
                if let refused = outcome.usage {
                    usage = usage ?? refused
                    return
                }
                Console.out(outcome.line + "\n")
                if outcome.failed { failures.append((seeds[index], outcome.reproduce ?? "")) }
            })
        if let usage { return Console.usage(usage, command: "sweep") }
        let wallSeconds = VirtualDuration.seconds(clock.now - start)
        Console.out(JSONText.encode(summary(options, seedsRun: seeds.count, failures: failures, wallSeconds)) + "\n")
        for failure in failures {
            Console.error("scimsim sweep: seed \(failure.seed) failed; reproduce with:\n  \(failure.reproduce)\n")
        }
        return failures.isEmpty ? ExitStatus.success : ExitStatus.violation
    }

    /// Runs one seed in isolation on the calling thread and formats its line.
    static func runSeed(_ seed: UInt64, model: ModelOptions, people: PeopleSource) -> Outcome {
        let reproduce = ReproduceCommand.text(seed: seed, model: model)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let report = try Simulation.run(model.configuration(seed: seed, people: people), progress: nil)
            let wallSeconds = VirtualDuration.seconds(clock.now - start)
            let failed = !report.violations.isEmpty
            let line = ReportDocument.sweepLine(report, wallSeconds: wallSeconds, reproduce: failed ? reproduce : nil)
            return Outcome(line: JSONText.encode(line), failed: failed, reproduce: failed ? reproduce : nil)
        } catch {
            if let usage = Simulation.usageError(for: error) {
                return Outcome(line: "", failed: true, reproduce: nil, usage: usage)
            }
            let line: JSONValue = .object(
                JSONObject([
                    ("seed", ReportDocument.seedValue(seed)), ("traceHash", .null), ("converged", .bool(false)),
                    ("violations", .array([])), ("wallSeconds", .double(VirtualDuration.seconds(clock.now - start))),
                    ("error", .string("\(error)")), ("reproduce", .string(reproduce)),
                ]))
            return Outcome(line: JSONText.encode(line), failed: true, reproduce: reproduce)
        }
    }

    /// The summary line: `{"summary":{"seeds":…,"failed":…,"failedSeeds":[…],"wallSeconds":…,…}}`.
    static func summary(
        _ options: SweepOptions, seedsRun: Int, failures: [(seed: UInt64, reproduce: String)], _ wallSeconds: Double
    ) -> JSONValue {
        .object(
            JSONObject([
                (
                    "summary",
                    .object(
                        JSONObject([
                            ("seeds", .int(Int64(seedsRun))), ("failed", .int(Int64(failures.count))),
                            ("failedSeeds", .array(failures.map { ReportDocument.seedValue($0.seed) })),
                            ("wallSeconds", .double(wallSeconds)),
                            ("range", .string(options.selection.rangeText)),
                            (
                                "shard",
                                .string("\(options.selection.shard.index)/\(options.selection.shard.count)")
                            ),
                            ("jobs", .int(Int64(options.jobs))),
                        ])),
                )
            ]))
    }
}
