/// Virtual-time conversions for broker and organization: milliseconds since the run's start, and the
/// ISO 8601 text WorkOS uses for `created_at` / `updated_at` (https://workos.com/docs/reference/events.md).
///
/// Virtual time is a `Duration` offset from the run's start (virtual instant zero). It is rendered as
/// a calendar instant by adding ``epochUnixMilliseconds``, a fixed simulation epoch
/// (2026-01-01T00:00:00.000Z, an assumption: any fixed epoch works, and a fixed one keeps traces
/// reproducible). No wall clock is read. Both render and parse are fixed-width (24 bytes,
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`) and allocation-light: no `DateFormatter`, no regex.
public enum EventTimestamp {
    /// The Unix time, in milliseconds, of virtual instant zero: 2026-01-01T00:00:00.000Z.
    public static let epochUnixMilliseconds: Int64 = daysFromCivil(year: 2026, month: 1, day: 1) * 86_400_000

    /// Whole milliseconds of a virtual-time offset, truncated toward zero.
    public static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The ISO 8601 UTC text (millisecond precision) of a virtual-time offset, e.g.
    /// `2026-01-01T00:00:01.250Z` for 1.25 s. Offsets before the epoch's year 0 are not supported.
    public static func iso8601(_ duration: Duration) -> String {
        iso8601(unixMilliseconds: epochUnixMilliseconds + milliseconds(duration))
    }

    /// The ISO 8601 UTC text of a Unix time in milliseconds.
    public static func iso8601(unixMilliseconds: Int64) -> String {
        let ms = unixMilliseconds
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        var bytes = [UInt8](repeating: 0, count: 24)
        put(&bytes, 0, y, 4)
        bytes[4] = UInt8(ascii: "-")
        put(&bytes, 5, m, 2)
        bytes[7] = UInt8(ascii: "-")
        put(&bytes, 8, d, 2)
        bytes[10] = UInt8(ascii: "T")
        put(&bytes, 11, msOfDay / 3_600_000, 2)
        bytes[13] = UInt8(ascii: ":")
        put(&bytes, 14, (msOfDay / 60_000) % 60, 2)
        bytes[16] = UInt8(ascii: ":")
        put(&bytes, 17, (msOfDay / 1000) % 60, 2)
        bytes[19] = UInt8(ascii: ".")
        put(&bytes, 20, msOfDay % 1000, 3)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
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
        return daysFromCivil(year: y, month: mo, day: d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + f
    }

    /// Parses the broker's ISO 8601 text back to a virtual-time offset in milliseconds since the run's start.
    public static func parseVirtualMilliseconds(_ text: String) -> Int64? {
        parseUnixMilliseconds(text).map { $0 - epochUnixMilliseconds }
    }

    private static let separators: [(Int, UInt8)] = [
        (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: ":")),
        (16, UInt8(ascii: ":")), (19, UInt8(ascii: ".")), (23, UInt8(ascii: "Z")),
    ]

    private static func put(_ bytes: inout [UInt8], _ at: Int, _ value: Int64, _ width: Int) {
        var v = value
        var i = at + width - 1
        while i >= at {
            bytes[i] = UInt8(48 + v % 10)
            v /= 10
            i -= 1
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms").
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (same source).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
