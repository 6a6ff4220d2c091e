/// An instant as SCIM `dateTime` values denote it (RFC 7643 section 2.3.5: xsd:dateTime, written as in
/// RFC 3339 section 5.6), parsed without Foundation and without any clock.
///
/// Shape: whole seconds since 1970-01-01T00:00:00Z plus nanoseconds in `0..<1_000_000_000`. Ordering is
/// chronological, so two texts with different offsets for the same instant compare equal (filters compare
/// `dateTime` attributes this way, RFC 7644 section 3.4.2.2).
public struct SCIMDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z (negative before it).
    public var seconds: Int64
    /// Nanoseconds past ``seconds``, in `0..<1_000_000_000`.
    public var nanoseconds: Int32

    /// The instant `seconds` (+ `nanoseconds`) after the Unix epoch.
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`: `T` may also be `t` or a space, `Z` may be `z`,
    /// fractions keep up to 9 digits (more are truncated), a missing offset means UTC (xsd:dateTime allows it;
    /// documented choice), second 60 (a leap second) counts as the next minute's 0. `nil` for anything else,
    /// including out-of-range fields such as February 30. O(length).
    public init?(_ text: String) {
        var p = DigitReader(Array(text.utf8))
        guard let year = p.digits(4), p.expect(0x2D), let month = p.digits(2), p.expect(0x2D),
            let day = p.digits(2), p.expectAny([0x54, 0x74, 0x20]), let hour = p.digits(2), p.expect(0x3A),
            let minute = p.digits(2), p.expect(0x3A), let second = p.digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year), hour <= 23,
            minute <= 59, second <= 60
        else { return nil }
        var nanos: Int64 = 0
        if p.expect(0x2E) {
            var count = 0
            while let d = p.digit() {
                if count < 9 { nanos = nanos * 10 + d }
                count += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if p.expectAny([0x5A, 0x7A]) {
            offset = 0
        } else if let sign = p.peek(), sign == 0x2B || sign == 0x2D {
            _ = p.expectAny([sign])
            guard let oh = p.digits(2), p.expect(0x3A), let om = p.digits(2), oh <= 23, om <= 59 else { return nil }
            offset = (oh * 3600 + om * 60) * (sign == 0x2D ? -1 : 1)
        }
        guard p.atEnd else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        nanoseconds = Int32(nanos)
    }

    /// RFC 3339 text in UTC: `YYYY-MM-DDThh:mm:ssZ`, with a fraction (trailing zeros removed) only when
    /// ``nanoseconds`` is not zero. `SCIMDateTime(d.description) == d` for years 0...9999.
    public var description: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = Self.civilFromDays(days)
        var s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        s += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanoseconds != 0 {
            var fraction = pad(Int64(nanoseconds), 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            s += "." + fraction
        }
        return s + "Z"
    }

    /// Chronological order.
    public static func < (a: SCIMDateTime, b: SCIMDateTime) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    private func pad(_ v: Int64, _ width: Int) -> String {
        let digits = String(v)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`); `month` is 1...12,
    /// `day` 1...31, `year` may be negative. O(1), pure integer arithmetic. The one calendar routine of the
    /// package: ``SCIMInstant/rfc3339`` and the broker's event timestamps use it too.
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of ``daysFromCivil(year:month:day:)``: (year, month 1...12, day 1...31). O(1).
    public static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
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

extension SCIMDateTime {
    /// Writes the RFC 3339 UTC form with millisecond precision (RFC 3339 section 5.6; RFC 7643 section 2.3.5
    /// `dateTime`) of the instant `millisecondsSinceEpoch` ms after 1970-01-01T00:00:00Z, `YYYY-MM-DDTHH:MM:SS.mmmZ`,
    /// as exactly 24 ASCII bytes at `out`, which must have room for 24 bytes. Meant for years 0 to 9999 (a year
    /// outside keeps only its last four digits). Pure integer arithmetic (``civilFromDays(_:)``), no Foundation, no
    /// locale, no allocation; O(1). The one formatter behind ``SCIMInstant/rfc3339`` and the broker's signed-payload
    /// timestamps, so both write the same bytes.
    @inlinable @inline(__always)
    public static func writeRFC3339(millisecondsSinceEpoch ms: Int64, to out: UnsafeMutableRawPointer) {
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 {
            rem += 86_400_000
            days -= 1
        }
        let (y, m, d) = civilFromDays(days)
        @inline(__always)
        func digit(_ v: Int64, _ at: Int) {
            out.storeBytes(of: UInt8(truncatingIfNeeded: 0x30 &+ v), toByteOffset: at, as: UInt8.self)
        }
        @inline(__always)
        func two(_ v: Int64, _ at: Int) {
            let q = v / 10
            digit(q % 10, at)
            digit(v &- q &* 10, at &+ 1)
        }
        @inline(__always)
        func byte(_ c: UInt8, _ at: Int) { out.storeBytes(of: c, toByteOffset: at, as: UInt8.self) }
        two(y / 100, 0)
        two(y % 100, 2)
        byte(UInt8(ascii: "-"), 4)
        two(m, 5)
        byte(UInt8(ascii: "-"), 7)
        two(d, 8)
        byte(UInt8(ascii: "T"), 10)
        two(rem / 3_600_000, 11)
        byte(UInt8(ascii: ":"), 13)
        two(rem / 60_000 % 60, 14)
        byte(UInt8(ascii: ":"), 16)
        two(rem / 1000 % 60, 17)
        byte(UInt8(ascii: "."), 19)
        let millis = rem % 1000
        digit(millis / 100, 20)
        two(millis % 100, 21)
        byte(UInt8(ascii: "Z"), 23)
    }
}

/// A cursor over ASCII digits and separators for ``SCIMDateTime``.
private struct DigitReader {
    let bytes: [UInt8]
    var i = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var atEnd: Bool { i == bytes.count }
    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
    mutating func digit() -> Int64? {
        guard let b = peek(), b >= 0x30, b <= 0x39 else { return nil }
        i += 1
        return Int64(b - 0x30)
    }
    mutating func digits(_ n: Int) -> Int64? {
        var v: Int64 = 0
        for _ in 0..<n {
            guard let d = digit() else { return nil }
            v = v * 10 + d
        }
        return v
    }
    mutating func expect(_ b: UInt8) -> Bool { expectAny([b]) }
    mutating func expectAny(_ set: [UInt8]) -> Bool {
        guard let b = peek(), set.contains(b) else { return false }
        i += 1
        return true
    }
}
