/// A latency distribution in virtual time, drawn from a link's seeded random stream.
public enum LatencyModel: Sendable, Equatable {
    /// Always the same latency.
    case fixed(Duration)
    /// Uniform between the two bounds (inclusive, nanosecond resolution).
    case uniform(Duration, Duration)
    /// `minimum` plus an exponential tail with the given mean (turmoil's default model shape).
    case exponential(minimum: Duration, mean: Duration)
    /// Log-normal around `median` with shape `sigma`, capped at `cap`.
    case logNormal(median: Duration, sigma: Double, cap: Duration)
    /// Pareto type I with minimum `scale` and tail index `shape`, capped at `cap` (heavy tail).
    case pareto(scale: Duration, shape: Double, cap: Duration)

    /// Draws one latency (never negative). `.fixed` draws nothing from the stream.
    public func draw(using random: inout SeededRandom) -> Duration {
        switch self {
        case .fixed(let value): return max(value, .zero)
        case .uniform(let lower, let upper): return random.uniform(from: lower, to: upper)
        case .exponential(let minimum, let mean): return minimum + random.exponential(mean: mean)
        case .logNormal(let median, let sigma, let cap): return min(random.logNormal(median: median, sigma: sigma), cap)
        case .pareto(let scale, let shape, let cap): return random.pareto(scale: scale, shape: shape, cap: cap)
        }
    }
}

/// A window of virtual time, `[start, end)` as offsets from the run's start, during which a link is cut.
public struct PartitionWindow: Sendable, Equatable {
    /// Offset at which the partition begins (inclusive).
    public var start: Duration
    /// Offset at which it heals (exclusive).
    public var end: Duration

    /// A partition from `start` until `end`.
    public init(start: Duration, end: Duration) {
        self.start = start
        self.end = end
    }

    @inline(__always)
    func contains(_ nanoseconds: Int64) -> Bool {
        nanoseconds >= start.simulationNanoseconds && nanoseconds < end.simulationNanoseconds
    }
}

/// The behaviour of a simulated link. Rates are integers in parts per million (1,000,000 = always), so every
/// decision is an exact integer draw from the link's own random stream (`"link:<name>"`).
public struct LinkConfiguration: Sendable, Equatable {
    /// One-way latency per message.
    public var latency: LatencyModel
    /// Probability that a message is lost, in parts per million.
    public var lossPartsPerMillion: Int
    /// Probability that a message is delivered twice, in parts per million (each copy draws its own latency).
    public var duplicationPartsPerMillion: Int
    /// Probability that a message may overtake earlier ones, in parts per million. Without it a link delivers
    /// in send order (like TCP); a reordered message gets an extra uniform delay in `[0, reorderWindow]` and is
    /// exempt from the in-order rule.
    public var reorderPartsPerMillion: Int
    /// The extra delay range for reordered messages.
    public var reorderWindow: Duration
    /// Scheduled partitions: a message sent, or due for delivery, inside a window is dropped.
    public var partitions: [PartitionWindow]
    /// How long `RequestLink.call` waits for a response before throwing `LinkError.timeout` (nil = forever).
    public var requestTimeout: Duration?
    /// Record every send and delivery in the trace (faults are always recorded).
    public var traceMessages: Bool

    /// A configuration; defaults: 1 ms fixed latency, no faults, 30 s request timeout, messages traced.
    public init(
        latency: LatencyModel = .fixed(.milliseconds(1)), lossPartsPerMillion: Int = 0,
        duplicationPartsPerMillion: Int = 0, reorderPartsPerMillion: Int = 0,
        reorderWindow: Duration = .milliseconds(10), partitions: [PartitionWindow] = [],
        requestTimeout: Duration? = .seconds(30), traceMessages: Bool = true
    ) {
        self.latency = latency
        self.lossPartsPerMillion = lossPartsPerMillion
        self.duplicationPartsPerMillion = duplicationPartsPerMillion
        self.reorderPartsPerMillion = reorderPartsPerMillion
        self.reorderWindow = reorderWindow
        self.partitions = partitions
        self.requestTimeout = requestTimeout
        self.traceMessages = traceMessages
    }

    /// True when a partition window covers the virtual instant (nanoseconds since start).
    @inline(__always)
    public func isPartitioned(atNanoseconds time: Int64) -> Bool {
        for window in partitions where window.contains(time) { return true }
        return false
    }
}

/// What a link did, counted per message copy. Every message sent is accounted for:
/// `sent + duplicated == delivered + lost + partitionDropped + inFlight`.
public struct LinkCounters: Sendable, Equatable {
    /// Messages handed to the link.
    public var sent = 0
    /// Copies handed to the receiver.
    public var delivered = 0
    /// Messages lost by the loss fault.
    public var lost = 0
    /// Extra copies made by the duplication fault.
    public var duplicated = 0
    /// Copies given a reordering delay.
    public var reordered = 0
    /// Copies dropped because a partition window covered their send or delivery time.
    public var partitionDropped = 0
    /// Request links: calls started.
    public var calls = 0
    /// Request links: calls that returned a response.
    public var completed = 0
    /// Request links: calls that threw `LinkError.timeout`.
    public var timeouts = 0
    /// Request links: calls that threw `LinkError.cancelled`.
    public var cancelled = 0
    /// Request links: responses that arrived after their call had ended (late or duplicate).
    public var lateResponses = 0
    /// Request links: requests the server handled (duplicates included).
    public var handled = 0

    /// All zero.
    public init() {}
}

/// Why a `RequestLink.call` failed.
public enum LinkError: Error, Sendable, Equatable {
    /// No response arrived within `LinkConfiguration.requestTimeout` of virtual time. The request may or may not
    /// have been handled.
    case timeout
    /// The calling task was cancelled while waiting.
    case cancelled
}
