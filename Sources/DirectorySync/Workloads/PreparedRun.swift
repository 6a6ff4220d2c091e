/// A run whose world is already built, so that a benchmark can time ``run()`` alone (the SimPy model's timing
/// also excludes its setup).
public final class PreparedRun {
    /// The configuration.
    public let configuration: RunConfiguration
    /// The built world (with its scenario installed); read the parties' state after ``run()``.
    public let world: World

    /// Builds the world of `configuration`.
    /// - Throws: ``SimulationRunnerError/unsupportedScenario(_:)``.
    public init(_ configuration: RunConfiguration) throws {
        self.configuration = configuration
        world = try SimulationRunner.makeWorld(configuration)
    }

    /// Runs the world (once) and returns the same report ``SimulationRunner/run(_:progress:)`` would.
    /// - Throws: ``SimulationRunnerError/simulation(_:)`` when work escaped the simulation.
    public func run() throws -> RunReport {
        let outcome: WorldOutcome
        do {
            outcome = try world.run(until: configuration.until)
        } catch {
            throw SimulationRunnerError.simulation(error)
        }
        return SimulationRunner.report(configuration, world: world, outcome: outcome)
    }
}
