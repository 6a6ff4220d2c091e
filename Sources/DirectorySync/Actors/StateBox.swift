/// A reference to one party's synchronous state machine, shared by the party's actor (which mutates it while
/// handling messages) and the world (which reads it between runs and for reports).
///
/// Sound only because every access happens on the simulation's driver thread: inside the simulation through
/// the actor (one job at a time), outside it only while the simulation is not running. For the same reason
/// `state` is `@exclusivity(unchecked)`: reading or mutating through the box costs no dynamic exclusivity check
/// and no copy.
public final class StateBox<State>: @unchecked Sendable {
    /// The state machine.
    @exclusivity(unchecked) public var state: State

    /// A box holding `state`.
    public init(_ state: State) { self.state = state }
}
