import DirectorySync
import SimulationKernel

/// One progress sample from a running simulation, as the CLI shows it.
struct ProgressSample: Sendable, Equatable {
    /// Virtual time since the run's start.
    var virtualTime: Duration
    /// People whose organization membership already matches the IdP.
    var peopleConverged: Int
    /// People the IdP wants in the organization (assigned and active).
    var peopleWanted: Int
    /// Kernel steps so far.
    var steps: UInt64
}

/// The single place the CLI calls the simulation engine (`SimulationRunner` in DirectorySync).
enum Simulation {
    /// Runs `configuration` to its end on the calling thread and returns the report.
    /// - Parameter progress: called from the calling thread now and then while the run goes on.
    /// - Throws: `SimulationRunnerError` for a configuration it cannot run (see ``usageError(for:)``) or a run
    ///   whose work escaped the simulation.
    static func run(
        _ configuration: RunConfiguration, progress: (@Sendable (ProgressSample) -> Void)?
    ) throws -> RunReport {
        guard let progress else { return try SimulationRunner.run(configuration, progress: nil) }
        return try SimulationRunner.run(configuration) { runProgress in
            progress(
                ProgressSample(
                    virtualTime: runProgress.virtualTime, peopleConverged: runProgress.peopleConverged,
                    peopleWanted: runProgress.peopleWanted, steps: runProgress.steps))
        }
    }

    /// The usage error a runner error amounts to, naming the flag: `--scenario` for a scenario this build
    /// cannot run, `--trace` for a trace file that cannot be opened. `nil` for a failure of the run itself
    /// (e.g. work escaped the simulation), which is reported as a failing run, not as bad usage.
    static func usageError(for error: any Error) -> UsageError? {
        guard let runnerError = error as? SimulationRunnerError else { return nil }
        switch runnerError {
        case .unsupportedScenario: return UsageError(flag: "--scenario", runnerError.description)
        case .simulation(.traceFile): return UsageError(flag: "--trace", runnerError.description)
        case .simulation: return nil
        }
    }
}
