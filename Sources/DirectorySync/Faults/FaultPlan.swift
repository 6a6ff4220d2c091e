/// The faults one run injects, drawn once per seed (swarm testing) and printed with the seed.
///
/// Every fault stops at ``heal`` (virtual time since the run's start): after it, links are reliable
/// with their fixed latency, the webhook endpoint is up, the broker answers without injected errors and
/// with its default rate limit, so liveness (every party converges) can be checked after a bounded
/// virtual time. Rates are probabilities per message, stored as basis points (1/10,000) so that the
/// printed settings are exact integers and never depend on floating-point formatting.
///
/// Fault kinds (``FaultKind``), and where they act:
/// - `loss`: each message on the IdP link and the organization link is dropped with ``lossBasisPoints``;
///   the sender's timeout and retry recover it.
/// - `duplication`: each message is delivered twice with ``duplicationBasisPoints``.
/// - `reorder`: each message gets an extra uniform delay in `0...reorderJitter` with
///   ``reorderBasisPoints``, so it may overtake or be overtaken.
/// - `latency`: one-way latency becomes log-normal around the base latency (sigma 1) capped at the base
///   plus ``latencyTailCap`` (a long tail; messages stay in order unless also reordered).
/// - `outage`: the organization's webhook endpoint answers 503 to every delivery inside ``webhookOutage``.
/// - `ratelimit`: the broker admits ``rateLimitPerSecond`` SCIM requests per second per directory
///   (token bucket, burst = one second's worth); over it, 429 with `Retry-After`.
/// - `errors`: the broker answers 503 to a SCIM request with ``serverErrorBasisPoints`` before applying it.
/// - `partition`: the IdP link drops every message inside ``partition`` (both directions).
/// - `forgery`: ``forgeries`` webhook deliveries with a wrong signature and as many SCIM `POST /Users` with a
///   wrong bearer token reach each organization and its directory at seeded times before ``heal``.
public struct FaultPlan: Sendable, Hashable {
    /// Virtual time (since the start) at which every fault stops.
    public var heal: Duration
    /// Message loss on both links, per 10,000 messages.
    public var lossBasisPoints: Int = 0
    /// Duplicated messages on both links, per 10,000.
    public var duplicationBasisPoints: Int = 0
    /// Reordered (extra-jittered) messages on both links, per 10,000.
    public var reorderBasisPoints: Int = 0
    /// The largest extra delay of a reordered message.
    public var reorderJitter: Duration = .zero
    /// The largest extra one-way latency of the long-tail latency fault (`nil`: fixed latency).
    public var latencyTailCap: Duration?
    /// The window in which the organization's webhook endpoint is down (`nil`: no outage).
    public var webhookOutage: Range<Duration>?
    /// Broker SCIM requests admitted per second per directory while faults last (`nil`: the default).
    public var rateLimitPerSecond: Int?
    /// Broker 503 answers to SCIM requests, per 10,000.
    public var serverErrorBasisPoints: Int = 0
    /// The window in which the IdP link drops everything (`nil`: no partition).
    public var partition: Range<Duration>?
    /// Forged webhook deliveries, and forged SCIM requests, per organization (0: none).
    public var forgeries: Int = 0

    /// A plan with no faults at all; ``heal`` is zero.
    public static let none = FaultPlan(heal: .zero)

    /// A plan that heals at `heal`, with every fault off until set.
    public init(heal: Duration) { self.heal = heal }

    /// Whether any fault is on.
    public var isEmpty: Bool { self == FaultPlan(heal: heal) }

    /// Whether link faults (loss, duplication, reorder, latency spikes, partition) are on.
    public var hasLinkFaults: Bool {
        lossBasisPoints > 0 || duplicationBasisPoints > 0 || reorderBasisPoints > 0 || latencyTailCap != nil
            || partition != nil
    }

    /// Every setting as (name, value) text, in this fixed order: `heal`, `loss`, `duplication`, `reorder`,
    /// `reorder.jitter`, `latency`, `outage`, `ratelimit`, `errors`, `partition`, `forgery`.
    /// Rates print as basis points (`"120bp"` is 1.2 %), durations in whole milliseconds (`"1500ms"`),
    /// windows as `"<start>ms..<end>ms"`, counts as `"<n>x"`, and absent settings as `"off"`.
    public var settings: [KeyValue] {
        [
            KeyValue("heal", Self.ms(heal)),
            KeyValue("loss", Self.bp(lossBasisPoints)),
            KeyValue("duplication", Self.bp(duplicationBasisPoints)),
            KeyValue("reorder", Self.bp(reorderBasisPoints)),
            KeyValue("reorder.jitter", reorderBasisPoints > 0 ? Self.ms(reorderJitter) : "off"),
            KeyValue("latency", latencyTailCap.map { "+" + Self.ms($0) } ?? "off"),
            KeyValue("outage", webhookOutage.map(Self.window) ?? "off"),
            KeyValue("ratelimit", rateLimitPerSecond.map { "\($0)/s" } ?? "off"),
            KeyValue("errors", Self.bp(serverErrorBasisPoints)),
            KeyValue("partition", partition.map(Self.window) ?? "off"),
            KeyValue("forgery", forgeries > 0 ? "\(forgeries)x" : "off"),
        ]
    }

    /// Whether `time` (since the start) lies before ``heal``.
    @inline(__always)
    public func isActive(at time: Duration) -> Bool { time < heal }

    private static func bp(_ value: Int) -> String { value > 0 ? "\(value)bp" : "off" }

    /// Whole milliseconds of a duration, e.g. `"1500ms"`.
    static func ms(_ duration: Duration) -> String { "\(milliseconds(duration))ms" }

    private static func window(_ range: Range<Duration>) -> String {
        "\(ms(range.lowerBound))..\(ms(range.upperBound))"
    }

    /// Whole milliseconds of a duration (truncated toward zero).
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
