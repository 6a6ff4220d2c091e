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
    /// 0 to 9999. Pure integer arithmetic (civil-from-days), no Foundation and no locale; O(1).
    public var rfc3339: String {
        let ms = millisecondsSinceEpoch
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 {
            rem += 86_400_000
            days -= 1
        }
        let (y, m, d) = SCIMDateTime.civilFromDays(days)
        let h = rem / 3_600_000
        let mi = rem / 60_000 % 60
        let s = rem / 1000 % 60
        let frac = rem % 1000
        // Written straight into the new string's storage: no intermediate array.
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ v: Int64, _ at: Int, _ width: Int) {
                var v = v
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    out[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                    v /= 10
                }
            }
            put(y, 0, 4)
            out[4] = 0x2D  // -
            put(m, 5, 2)
            out[7] = 0x2D  // -
            put(d, 8, 2)
            out[10] = 0x54  // T
            put(h, 11, 2)
            out[13] = 0x3A  // :
            put(mi, 14, 2)
            out[16] = 0x3A  // :
            put(s, 17, 2)
            out[19] = 0x2E  // .
            put(frac, 20, 3)
            out[23] = 0x5A  // Z
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
