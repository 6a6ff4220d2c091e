/// A token bucket over virtual time, in integer milli-tokens so that refill is exact and deterministic.
///
/// The bucket holds at most `capacity` tokens and refills at `ratePerSecond`. A request takes one
/// token; when none is available the caller answers HTTP 429 with ``retryAfterSeconds(now:)`` in the
/// `Retry-After` header (RFC 6585 section 4; RFC 9110 section 10.2.3) and applies nothing.
/// All operations are O(1).
public struct BrokerTokenBucket: Sendable, Hashable {
    /// Maximum tokens (burst size).
    public let capacity: Int64
    /// Tokens added per virtual second.
    public let ratePerSecond: Int64
    private var milliTokens: Int64
    private var lastRefillMillis: Int64

    /// A full bucket at virtual time `now`. `capacity` and `ratePerSecond` are clamped to 1...10^12.
    public init(capacity: Int64, ratePerSecond: Int64, now: Duration = .zero) {
        self.capacity = min(max(1, capacity), 1_000_000_000_000)  // bounds keep milli-token math in Int64
        self.ratePerSecond = min(max(1, ratePerSecond), 1_000_000_000_000)
        milliTokens = self.capacity * 1000
        lastRefillMillis = EventTimestamp.milliseconds(now)
    }

    /// A full bucket for these limits.
    public init(_ limit: RateLimit, now: Duration = .zero) {
        self.init(capacity: limit.burst, ratePerSecond: limit.ratePerSecond, now: now)
    }

    private mutating func refill(_ now: Duration) {
        let nowMillis = EventTimestamp.milliseconds(now)
        guard nowMillis > lastRefillMillis else { return }
        let full = capacity * 1000
        let elapsed = nowMillis - lastRefillMillis
        // milli-tokens gained = elapsed ms * rate per s; saturate before multiplying to avoid overflow
        if elapsed >= (full - milliTokens) / ratePerSecond + 1 {
            milliTokens = full
        } else {
            milliTokens = min(full, milliTokens + elapsed * ratePerSecond)
        }
        lastRefillMillis = nowMillis
    }

    /// Takes one token if available at `now`; returns whether it did.
    public mutating func take(now: Duration) -> Bool {
        refill(now)
        guard milliTokens >= 1000 else { return false }
        milliTokens -= 1000
        return true
    }

    /// Whole seconds (at least 1) until one token will be available, for `Retry-After`.
    public mutating func retryAfterSeconds(now: Duration) -> Int64 {
        refill(now)
        let missing = max(0, 1000 - milliTokens)
        let millis = (missing + ratePerSecond - 1) / ratePerSecond
        return max(1, (millis + 999) / 1000)
    }

    /// Tokens available now (whole tokens).
    public mutating func available(now: Duration) -> Int64 {
        refill(now)
        return milliTokens / 1000
    }
}

/// A rate limit: sustained requests per virtual second and a burst size.
public struct RateLimit: Sendable, Hashable {
    /// Sustained rate, requests per virtual second.
    public var ratePerSecond: Int64
    /// Bucket capacity (requests that may arrive at once).
    public var burst: Int64

    /// A limit.
    public init(ratePerSecond: Int64, burst: Int64) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }
}
