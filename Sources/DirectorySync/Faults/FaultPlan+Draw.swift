import SimulationKernel

extension FaultPlan {
    /// The default heal time: faults stop 120 virtual seconds after the start. An assumption chosen so that
    /// small runs (1,000 people) see faults for their whole initial sync while large runs still converge
    /// quickly after it; scenarios may pass another value.
    public static let defaultHeal: Duration = .seconds(120)

    /// Draws the plan for `selection` from `random` (the run's `faults` stream).
    ///
    /// - `.none`: no faults (``FaultPlan/none``), and `random` is not used.
    /// - `.swarm`: each kind in ``FaultKind/allCases`` order is switched on with probability 1/2 (swarm
    ///   testing, Groce et al. 2012).
    /// - `.only(kinds)`: exactly those kinds are on.
    ///
    /// Strengths do not depend on which kinds are on: one draw from `random` seeds them, and each kind draws
    /// its own from a stream labelled with its name (`faults.loss`, ...). So for one seed, `--faults` with the
    /// kinds a swarm run printed reproduces that run's plan exactly, and dropping a kind leaves the others'
    /// strengths unchanged: that is what makes shrinking a failing swarm seed by removing kinds work.
    /// The draw order is fixed, so one seed always gives the same plan. Ranges (assumptions, chosen to be
    /// harsh but survivable by the default retry policies): loss, duplication and 5xx 10 to 500 bp;
    /// reorder 50 to 2,000 bp with up to 1 to 200 ms jitter; a latency tail capped at 200 ms to 5 s; rate limits 5 to 50 requests per second; an outage or a partition starts in the first half of
    /// the faulty period and lasts 1 s to 60 s (never past ``heal``); 1 to 10 forgeries of each kind.
    /// - Complexity: O(1).
    public static func draw(
        _ selection: FaultSelection, heal: Duration = defaultHeal, using random: inout some RandomNumberGenerator
    ) -> FaultPlan {
        if case .none = selection { return .none }
        let strengthSeed = random.next()
        let kinds: [FaultKind]
        switch selection {
        case .none: kinds = []
        case .swarm: kinds = FaultKind.allCases.filter { _ in random.next() & 1 == 1 }
        case .only(let list): kinds = FaultKind.allCases.filter { list.contains($0) }
        }
        var plan = FaultPlan(heal: heal)
        for kind in kinds {
            var random = SeededRandom(seed: strengthSeed, label: "faults." + kind.rawValue)
            switch kind {
            case .loss: plan.lossBasisPoints = uniform(10...500, &random)
            case .duplication: plan.duplicationBasisPoints = uniform(10...500, &random)
            case .reorder:
                plan.reorderBasisPoints = uniform(50...2000, &random)
                plan.reorderJitter = .milliseconds(uniform(1...200, &random))
            case .latency: plan.latencyTailCap = .milliseconds(uniform(200...5000, &random))
            case .outage: plan.webhookOutage = window(heal: heal, &random)
            case .rateLimit: plan.rateLimitPerSecond = uniform(5...50, &random)
            case .serverErrors: plan.serverErrorBasisPoints = uniform(10...500, &random)
            case .partition: plan.partition = window(heal: heal, &random)
            case .forgery: plan.forgeries = uniform(1...10, &random)
            }
        }
        return plan
    }

    /// A window starting in the first half of `0..<heal`, lasting 1 s to 60 s, clipped to `heal`.
    private static func window(heal: Duration, _ random: inout some RandomNumberGenerator) -> Range<Duration> {
        let healMs = max(2, milliseconds(heal))
        let start = Int64(uniform(0...Int(healMs / 2), &random))
        let length = Int64(uniform(1000...60_000, &random))
        let lower = Duration.milliseconds(start)
        let upper = Duration.milliseconds(min(healMs, start + length))
        return lower..<upper
    }

    /// A uniform integer in `range` from one 64-bit draw (modulo bias below 2^-40 for these ranges).
    private static func uniform(_ range: ClosedRange<Int>, _ random: inout some RandomNumberGenerator) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(random.next() % span)
    }
}
