import SimulationKernel

// Workloads of the `kernel` suite, written as ordinary simulated actors.

/// Ping-pong callee: counts calls and answers `x + 1`.
actor Ponger: SimulatedActor {
    nonisolated let simulation: Simulation
    private var calls = 0

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func ping(_ value: Int) -> Int {
        calls &+= 1
        return value &+ 1
    }
}

/// Ping-pong caller: awaits `ponger.ping` n times and updates its own state after each call, so the runtime
/// cannot skip the hop back to the caller.
actor Pinger: SimulatedActor {
    nonisolated let simulation: Simulation
    let ponger: Ponger
    private(set) var total = 0

    init(simulation: Simulation, ponger: Ponger) {
        self.simulation = simulation
        self.ponger = ponger
    }

    func run(_ count: Int) async -> Int {
        for index in 0..<count {
            total &+= await ponger.ping(index)
        }
        return total
    }
}

/// A sleeper: sleeps `count` times for pseudo-random virtual durations below 1 ms.
actor Sleeper: SimulatedActor {
    nonisolated let simulation: Simulation
    private(set) var wakes = 0

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func run(count: Int, seed: UInt64) async {
        var random = SplitMix64(state: seed)
        let clock = simulation.clock
        for _ in 0..<count {
            try? await clock.sleep(for: .nanoseconds(Int64(random.next() % 1_000_000)))
            wakes &+= 1
        }
    }
}

/// Fan-out latencies: deterministic per user, shared with the bare event loop so both do the same work.
enum FanOutLatency {
    /// Virtual latency of hop 1 (IdP -> broker), nanoseconds.
    @inline(__always)
    static func first(_ user: Int) -> Int64 { 1_000_000 + Int64(user &* 7919 % 997) * 1_000 }
    /// Virtual latency of hop 2 (broker -> organization), nanoseconds.
    @inline(__always)
    static func second(_ user: Int) -> Int64 { 500_000 + Int64(user &* 104_729 % 991) * 1_000 }
    static let brokerParty = TraceParty("broker")
    static let organizationParty = TraceParty("organization")
}

/// Fan-out hop 2: the organization stores the user after a virtual sleep and records it.
actor FanOutOrganization: SimulatedActor {
    nonisolated let simulation: Simulation
    private(set) var stored: [Int32] = []

    init(simulation: Simulation, capacity: Int) {
        self.simulation = simulation
        stored.reserveCapacity(capacity)
    }

    func store(_ user: Int) async {
        try? await simulation.clock.sleep(for: .nanoseconds(FanOutLatency.second(user)))
        stored.append(Int32(truncatingIfNeeded: user))
        simulation.record(party: FanOutLatency.organizationParty, kind: "store", .int("user", user))
    }

    func count() -> Int { stored.count }
}

/// Fan-out hop 1: the broker forwards after a virtual sleep, recording it.
actor FanOutBroker: SimulatedActor {
    nonisolated let simulation: Simulation
    let organization: FanOutOrganization

    init(simulation: Simulation, organization: FanOutOrganization) {
        self.simulation = simulation
        self.organization = organization
    }

    func forward(_ user: Int) async {
        try? await simulation.clock.sleep(for: .nanoseconds(FanOutLatency.first(user)))
        simulation.record(party: FanOutLatency.brokerParty, kind: "forward", .int("user", user))
        await organization.store(user)
    }
}

/// Fan-out source: worker `w` of `window` pushes users w, w + window, w + 2 window, ... one at a time.
actor FanOutIdentityProvider: SimulatedActor {
    nonisolated let simulation: Simulation
    let broker: FanOutBroker

    init(simulation: Simulation, broker: FanOutBroker) {
        self.simulation = simulation
        self.broker = broker
    }

    func push(worker: Int, window: Int, users: Int) async {
        var user = worker
        while user < users {
            await broker.forward(user)
            user += window
        }
    }
}

/// Request-link server: answers immediately (the link's latency is the only virtual time).
actor EchoServer: SimulatedActor {
    nonisolated let simulation: Simulation
    private(set) var handled = 0

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func handle(_ request: Int) -> Int {
        handled &+= 1
        return request &+ 1
    }
}

/// Request-link client: `count` sequential calls, summing the answers into its own state.
actor EchoClient: SimulatedActor {
    nonisolated let simulation: Simulation
    let link: RequestLink<Int, Int>
    private(set) var total = 0

    init(simulation: Simulation, link: RequestLink<Int, Int>) {
        self.simulation = simulation
        self.link = link
    }

    func run(count: Int) async {
        for request in 0..<count {
            if let answer = try? await link.call(request) { total &+= answer }
        }
    }
}
