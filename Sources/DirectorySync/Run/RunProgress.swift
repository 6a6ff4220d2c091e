/// Progress of a running world, reported every so many steps.
public struct RunProgress: Sendable, Hashable {
    /// Virtual time since the start.
    public var virtualTime: Duration
    /// Members linked by sync in the run's organization (people converged so far).
    public var peopleConverged: Int
    /// People the IdP wants in the organization (assigned and active).
    public var peopleWanted: Int
    /// Kernel steps so far.
    public var steps: UInt64
}
