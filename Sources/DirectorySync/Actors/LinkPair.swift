import SimulationKernel

/// The two request links between a pair of parties: one with the run's injected faults, used for calls
/// started before the heal time, and a reliable one (fixed latency, no faults) used from the heal time on.
///
/// A kernel link's configuration is fixed for its lifetime, so faults "stop" by switching links: calls in
/// flight on the faulty link at the heal time finish there (and may still be lost; the caller's timeout
/// recovers them), every later call is reliable. Without faults both names refer to one reliable link.
public struct LinkPair<Request: Sendable, Response: Sendable>: Sendable {
    /// The link with faults, or `nil` when the run injects no link faults.
    public let faulty: RequestLink<Request, Response>?
    /// The reliable link.
    public let reliable: RequestLink<Request, Response>
    /// Virtual time (offset from the start) from which calls use the reliable link.
    public let heal: Duration

    /// A pair; `faulty` is used for calls started before `heal`.
    public init(faulty: RequestLink<Request, Response>?, reliable: RequestLink<Request, Response>, heal: Duration) {
        self.faulty = faulty
        self.reliable = reliable
        self.heal = heal
    }

    /// The link for a call started at virtual time `now` (nanoseconds since the start).
    @inline(__always)
    public func link(atNanoseconds now: Int64) -> RequestLink<Request, Response> {
        if let faulty, now < heal.simulationNanoseconds { return faulty }
        return reliable
    }

    /// Counters of both links added up.
    public var counters: LinkCounters {
        var total = reliable.counters
        if let f = faulty?.counters {
            total.sent += f.sent
            total.delivered += f.delivered
            total.lost += f.lost
            total.duplicated += f.duplicated
            total.reordered += f.reordered
            total.partitionDropped += f.partitionDropped
            total.calls += f.calls
            total.completed += f.completed
            total.timeouts += f.timeouts
            total.cancelled += f.cancelled
            total.lateResponses += f.lateResponses
            total.handled += f.handled
        }
        return total
    }
}
