import DirectorySync
import Foundation

/// `scimsim run`: one simulation, its report, and an exit status (0 held, 1 violated, 2 bad usage).
enum RunCommand {
    /// Runs the subcommand with `arguments` (after `run`) and returns the exit status.
    static func main(arguments: [String]) -> Int32 {
        if ArgumentReader.wantsHelp(arguments) {
            Console.out(HelpText.run)
            return ExitStatus.success
        }
        let options: RunOptions
        let people: PeopleSource
        do throws(UsageError) {
            options = try RunOptions.parse(arguments)
            people = try DirectoryLoading.people(for: options.model, command: "run")
        } catch {
            return Console.usage(error, command: "run")
        }
        for warning in options.model.warnings { Console.error("scimsim run: warning: \(warning)\n") }
        let configuration = options.model.configuration(
            seed: options.seed, people: people, tracePath: options.tracePath)
        let progress = Console.standardErrorIsTerminal ? ProgressLine() : nil
        let clock = ContinuousClock()
        let start = clock.now
        var onProgress: (@Sendable (ProgressSample) -> Void)?
        if let progress { onProgress = { sample in progress.update(sample) } }
        let report: RunReport
        do {
            report = try Simulation.run(configuration, progress: onProgress)
        } catch {
            progress?.finish()
            if let usage = Simulation.usageError(for: error) { return Console.usage(usage, command: "run") }
            Console.error("scimsim run: the run failed: \(error)\nreproduce with:\n  \(options.reproduceCommand)\n")
            return ExitStatus.violation
        }
        let wallSeconds = VirtualDuration.seconds(clock.now - start)
        progress?.finish()

        let metrics = RunMetrics(report: report, wallSeconds: wallSeconds)
        let reproduce = report.violations.isEmpty ? nil : options.reproduceCommand
        if options.json {
            Console.out(JSONText.encode(ReportDocument.json(report, metrics: metrics, reproduce: reproduce)) + "\n")
            if let reproduce { Console.error("scimsim run: invariant violated; reproduce with:\n  \(reproduce)\n") }
        } else {
            Console.out(ReportTable.render(report, metrics: metrics, reproduce: reproduce))
        }
        return report.violations.isEmpty ? ExitStatus.success : ExitStatus.violation
    }
}
