/// An instant in virtual time: whole milliseconds since 1970-01-01T00:00:00Z (UTC).
///
/// The SCIM service never reads the wall clock; it asks an injected ``SCIMClock`` for the current
/// instant and writes it into `meta.created` / `meta.lastModified` as an RFC 3339 timestamp
/// (RFC 7643 section 3.1: `dateTime`, xsd:dateTime). Comparison is chronological.
public struct SCIMInstant: Sendable, Hashable, Comparable {
    /// Milliseconds since the Unix epoch (UTC); may be negative.
    public var millisecondsSinceEpoch: Int64

    /// An instant `millisecondsSinceEpoch` ms after 1970-01-01T00:00:00Z.
    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// Chronological order.
    public static func < (lhs: SCIMInstant, rhs: SCIMInstant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The RFC 3339 form in UTC with millisecond precision, e.g. `2026-01-01T00:00:00.000Z`, for years
    /// 0 to 9999, written by ``SCIMDateTime/writeRFC3339(millisecondsSinceEpoch:to:)``. Pure integer arithmetic
    /// (civil-from-days), no Foundation and no locale; O(1), one allocation (the string).
    public var rfc3339: String {
        // Written straight into the new string's storage: no intermediate array.
        String(unsafeUninitializedCapacity: 24) { out in
            guard let base = out.baseAddress else { return 0 }
            SCIMDateTime.writeRFC3339(millisecondsSinceEpoch: millisecondsSinceEpoch, to: UnsafeMutableRawPointer(base))
            return 24
        }
    }
}

/// The source of "now" for `meta.created` and `meta.lastModified`.
///
/// Injected so that a simulation run is reproducible from its seed: the broker passes a clock
/// that reads virtual time. `now()` is called once per successful write, never on reads.
public protocol SCIMClock: Sendable {
    /// The current instant. Mutating so that stepping clocks can advance on every call.
    mutating func now() -> SCIMInstant
}

/// A deterministic clock that returns `start`, then `start + step`, `start + 2 * step`, ... (ms).
///
/// For tests and `scimsim replay`; the simulation uses a clock over its virtual time instead.
public struct SCIMSteppingClock: SCIMClock {
    /// The instant the next call returns.
    public var next: SCIMInstant
    /// Milliseconds added after every call; 0 gives a frozen clock.
    public var stepMilliseconds: Int64

    /// A clock starting at `start` (default 2026-01-01T00:00:00.000Z) advancing `stepMilliseconds` per call.
    public init(
        start: SCIMInstant = SCIMInstant(millisecondsSinceEpoch: 1_767_225_600_000), stepMilliseconds: Int64 = 1000
    ) {
        self.next = start
        self.stepMilliseconds = stepMilliseconds
    }

    /// Returns ``next`` and advances it by ``stepMilliseconds``.
    public mutating func now() -> SCIMInstant {
        let t = next
        next.millisecondsSinceEpoch += stepMilliseconds
        return t
    }
}
