import DirectorySync

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
    /// - Throws: whatever the runner throws for a configuration it cannot run (e.g. an unwritable trace file).
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
}
