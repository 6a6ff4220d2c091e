import Foundation

/// Deterministic draws for the distributions the simulation models need. Decisions that order events use the
/// integer helpers (`below`, `uniform(in:)`, `chance(partsPerMillion:)`, `chance(_:outOf:)`); the continuous
/// helpers return virtual `Duration`s rounded to whole nanoseconds.
extension SeededRandom {
    /// A uniform integer in `0..<bound` without modulo bias (Lemire, "Fast random integer generation in an
    /// interval", 2019). `bound` must be positive; a bound of 0 or less returns 0.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in the range (empty ranges return the lower bound).
    public mutating func uniform(in range: Range<Int>) -> Int {
        range.isEmpty ? range.lowerBound : range.lowerBound + below(range.count)
    }

    /// A uniform integer in the closed range.
    public mutating func uniform(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Bernoulli trial with an integer ratio: true with probability `numerator / denominator`.
    /// `numerator <= 0` is always false; `numerator >= denominator` is always true (and draws nothing).
    @inline(__always)
    public mutating func chance(_ numerator: Int, outOf denominator: Int) -> Bool {
        if numerator <= 0 { return false }
        if numerator >= denominator { return true }
        return below(denominator) < numerator
    }

    /// Bernoulli trial in parts per million (1,000,000 = always). Draws nothing for 0 and for >= 1,000,000.
    @inline(__always)
    public mutating func chance(partsPerMillion: Int) -> Bool {
        chance(partsPerMillion, outOf: 1_000_000)
    }

    /// A uniform virtual duration in `[lower, upper]`, in whole nanoseconds.
    public mutating func uniform(from lower: Duration, to upper: Duration) -> Duration {
        let low = lower.simulationNanoseconds
        let high = upper.simulationNanoseconds
        if high <= low { return lower }
        let span = UInt64(high - low)
        let offset = span == UInt64.max ? next() : UInt64(below(Int(clamping: span + 1)))
        return .nanoseconds(low + Int64(offset))
    }

    /// An exponentially distributed virtual duration with the given mean (inverse-CDF method).
    public mutating func exponential(mean: Duration) -> Duration {
        let u = 1.0 - unitInterval()  // (0, 1]
        return Duration.simulationNanoseconds(-log(u) * Double(mean.simulationNanoseconds))
    }

    /// A standard normal variate (Box-Muller; consumes two draws).
    public mutating func standardNormal() -> Double {
        let u1 = 1.0 - unitInterval()
        let u2 = unitInterval()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A log-normal virtual duration: `median * exp(sigma * N(0,1))`. `sigma` is the shape (0.5 is a typical
    /// network latency spread).
    public mutating func logNormal(median: Duration, sigma: Double) -> Duration {
        let factor = exp(sigma * standardNormal())
        return Duration.simulationNanoseconds(Double(median.simulationNanoseconds) * factor)
    }

    /// A Pareto (type I) virtual duration with minimum `scale` and tail index `shape` (> 0), capped at `cap`.
    public mutating func pareto(scale: Duration, shape: Double, cap: Duration) -> Duration {
        let u = 1.0 - unitInterval()
        let value = Double(scale.simulationNanoseconds) / pow(u, 1.0 / max(shape, 1e-9))
        return min(Duration.simulationNanoseconds(value), cap)
    }

    /// A uniformly chosen index into a non-empty collection's indices, or nil when empty.
    public mutating func pickIndex(count: Int) -> Int? {
        count > 0 ? below(count) : nil
    }
}

extension Duration {
    /// This duration in whole nanoseconds, saturating at the bounds of `Int64` (about 292 years).
    ///
    /// A non-negative duration below 10^9 * 2^64 attoseconds (about 584 years) is divided with one 128-by-64-bit
    /// division (`dividingFullWidth`) instead of `components`' 128-bit division routine; the result is the same.
    @inline(__always)
    public var simulationNanoseconds: Int64 {
        let total = attoseconds
        let high = Int64(truncatingIfNeeded: total >> 64)
        if high >= 0 && high < 1_000_000_000 {
            let low = UInt64(truncatingIfNeeded: total)
            let quotient = UInt64(1_000_000_000).dividingFullWidth((UInt64(high), low)).quotient
            return quotient > UInt64(Int64.max) ? Int64.max : Int64(quotient)
        }
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        return scaled &+ attoseconds / 1_000_000_000
    }

    /// A duration from a floating-point nanosecond count, rounded to the nearest nanosecond and clamped to
    /// [0, Int64.max].
    @inline(__always)
    public static func simulationNanoseconds(_ value: Double) -> Duration {
        if !(value > 0) { return .zero }
        if value >= 9.2e18 { return .nanoseconds(Int64.max) }
        return .nanoseconds(Int64(value.rounded()))
    }
}
