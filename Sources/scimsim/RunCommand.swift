import DirectorySync
import Dispatch
import Foundation

/// `scimsim run`: one simulation, its report, and an exit status (0 held, 1 violated, 2 bad usage,
/// 130 interrupted during `--trace`).
enum RunCommand {
    /// Runs the subcommand with `arguments` (after `run`) and returns the exit status.
    static func main(arguments: [String]) -> Int32 {
        if ArgumentReader.wantsHelp(arguments) {
            Console.out(HelpText.run)
            return ExitStatus.success
        }
        let options: RunOptions
        let people: PeopleSource
        let relay: TraceRelay?
        do throws(UsageError) {
            options = try RunOptions.parse(arguments)
            people = try DirectoryLoading.people(for: options.model, command: "run")
            // Opened (and truncated) only once everything else is known to be good.
            relay = try options.tracePath.map { path throws(UsageError) in try TraceRelay(path: path) }
        } catch {
            return Console.usage(error, command: "run")
        }
        for warning in options.model.warnings { Console.error("scimsim run: warning: \(warning)\n") }
        let configuration = options.model.configuration(
            seed: options.seed, people: people, tracePath: relay?.simulationPath)
        let progress = Console.standardErrorIsTerminal ? ProgressLine() : nil
        let interruption = relay.map { relay in
            Interruption.handle {
                progress?.finish()
                relay.stop()
                Console.error("scimsim run: interrupted; \(traceWhere(relay)) ends at its last complete record\n")
            }
        }
        defer { interruption?.cancel() }
        let clock = ContinuousClock()
        let start = clock.now
        var onProgress: (@Sendable (ProgressSample) -> Void)?
        if let progress { onProgress = { sample in progress.update(sample) } }
        let outcome = Result { try Simulation.run(configuration, progress: onProgress) }
        let wallSeconds = VirtualDuration.seconds(clock.now - start)
        let traceFailure = relay?.finish()
        progress?.finish()
        let report: RunReport
        switch outcome {
        case .success(let value): report = value
        case .failure(let error):
            if let usage = Simulation.usageError(for: error) { return Console.usage(usage, command: "run") }
            Console.error("scimsim run: the run failed: \(error)\nreproduce with:\n  \(options.reproduceCommand)\n")
            return ExitStatus.violation
        }

        let metrics = RunMetrics(report: report, wallSeconds: wallSeconds)
        let reproduce = report.violations.isEmpty ? nil : options.reproduceCommand
        if options.json {
            Console.out(JSONText.encode(ReportDocument.json(report, metrics: metrics, reproduce: reproduce)) + "\n")
            if let reproduce { Console.error("scimsim run: invariant violated; reproduce with:\n  \(reproduce)\n") }
        } else {
            // With `--trace -` standard output carries the trace alone; the table goes to standard error.
            let text = ReportTable.render(report, metrics: metrics, reproduce: reproduce)
            if options.traceToStandardOutput { Console.error(text) } else { Console.out(text) }
        }
        if let relay, let traceFailure {
            Console.error("scimsim run: writing \(traceWhere(relay)) failed: \(traceFailure)\n")
            return ExitStatus.violation
        }
        return report.violations.isEmpty ? ExitStatus.success : ExitStatus.violation
    }

    /// "the trace in FILE", or "the trace on standard output" for `--trace -`.
    static func traceWhere(_ relay: TraceRelay) -> String {
        relay.destinationName == "-" ? "the trace on standard output" : "the trace in \(relay.destinationName)"
    }
}
