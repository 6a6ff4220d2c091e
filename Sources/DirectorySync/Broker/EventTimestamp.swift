import SCIM

/// Virtual-time conversions for broker and organization: milliseconds since the run's start, and the
/// ISO 8601 text WorkOS uses for `created_at` / `updated_at` (https://workos.com/docs/reference/events.md).
///
/// Virtual time is a `Duration` offset from the run's start (virtual instant zero). It is rendered as
/// a calendar instant by adding ``epochUnixMilliseconds``, a fixed simulation epoch
/// (2026-01-01T00:00:00.000Z, an assumption: any fixed epoch works, and a fixed one keeps traces
/// reproducible). No wall clock is read. Both render and parse are fixed-width (24 bytes,
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`) and allocation-light: no `DateFormatter`, no regex.
public enum EventTimestamp {
    /// The Unix time, in milliseconds, of virtual instant zero: 2026-01-01T00:00:00.000Z (20,454 days after
    /// 1970-01-01, i.e. `SCIMDateTime.daysFromCivil(year: 2026, month: 1, day: 1) * 86_400_000`, which a test
    /// checks). A constant, so a read folds into the caller (a stored `static let` costs a `swift_once` check
    /// per read).
    @inline(__always)
    public static var epochUnixMilliseconds: Int64 { 1_767_225_600_000 }

    /// Whole milliseconds of a virtual-time offset, truncated toward zero.
    @inline(__always)
    public static func milliseconds(_ duration: Duration) -> Int64 {
        // Equal to `seconds * 1000 + attoseconds / 10^15` of `components` (whose parts share the sign). For an
        // offset in [0, 2^78) attoseconds (about 83 hours) it is `(a >> 15) / 5^15` (10^15 = 2^15 * 5^15, and
        // flooring twice floors once): one 64-bit division by a constant, which compiles to a multiplication,
        // instead of a call to the 128-bit division routine; any other offset takes the 128-bit division.
        let a = duration.attoseconds
        if a >= 0 && a < (1 as Int128) << 78 {
            return Int64(truncatingIfNeeded: UInt64(truncatingIfNeeded: a >> 15) / 30_517_578_125)
        }
        return Int64(truncatingIfNeeded: a / 1_000_000_000_000_000)
    }

    /// The ISO 8601 UTC text (millisecond precision) of a virtual-time offset, e.g.
    /// `2026-01-01T00:00:01.250Z` for 1.25 s. Offsets before the epoch's year 0 are not supported.
    public static func iso8601(_ duration: Duration) -> String {
        iso8601(unixMilliseconds: epochUnixMilliseconds + milliseconds(duration))
    }

    /// The ISO 8601 UTC text of a Unix time in milliseconds (the same RFC 3339 form SCIM's `meta` uses).
    public static func iso8601(unixMilliseconds: Int64) -> String {
        SCIMInstant(millisecondsSinceEpoch: unixMilliseconds).rfc3339
    }

    /// Parses the 24-byte form `YYYY-MM-DDTHH:MM:SS.mmmZ` back to Unix milliseconds; `nil` for any
    /// other shape (this is the only shape the broker writes).
    public static func parseUnixMilliseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard utf8.count == 24 else { return nil }
        for (i, c) in separators where utf8[i] != c { return nil }
        func number(_ start: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in start..<(start + count) {
                let b = utf8[i]
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int64(b - 48)
            }
            return v
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2),
            let mi = number(14, 2), let s = number(17, 2), let f = number(20, 3),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60
        else { return nil }
        return SCIMDateTime.daysFromCivil(year: y, month: mo, day: d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + f
    }

    /// Parses the broker's ISO 8601 text back to a virtual-time offset in milliseconds since the run's start.
    public static func parseVirtualMilliseconds(_ text: String) -> Int64? {
        parseUnixMilliseconds(text).map { $0 - epochUnixMilliseconds }
    }

    private static let separators: [(Int, UInt8)] = [
        (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: ":")),
        (16, UInt8(ascii: ":")), (19, UInt8(ascii: ".")), (23, UInt8(ascii: "Z")),
    ]
}
