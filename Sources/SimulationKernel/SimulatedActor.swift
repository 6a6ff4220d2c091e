/// An actor that lives in a simulation: it runs on the simulation's executor.
///
/// Adopt it and store the simulation; the default `unownedExecutor` returns the simulation's executor, so every
/// call into the actor is scheduled by the simulation (inline when the caller is simulated too). The actor keeps
/// the simulation, and so its executor, alive.
///
/// ```swift
/// actor Broker: SimulatedActor {
///     nonisolated let simulation: Simulation
///     init(simulation: Simulation) { self.simulation = simulation }
/// }
/// ```
public protocol SimulatedActor: Actor {
    /// The simulation whose executor runs this actor.
    nonisolated var simulation: Simulation { get }
}

extension SimulatedActor {
    /// The simulation's executor (SE-0392 custom actor executor).
    @inline(__always)
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        simulation.executor.asUnownedSerialExecutor()
    }
}
