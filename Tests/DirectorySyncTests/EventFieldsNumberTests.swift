import SCIM
import Testing

@testable import DirectorySync

/// ``EventFields/number(_:prefix:limit:)`` (the word-wise id parser behind ``EventFields``) agrees with
/// ``DirectoryUserTable/number(_:prefix:limit:)`` on canonical, malformed and out-of-range ids.
@Suite struct EventFieldsNumberTests {
    /// `prefix` + `value` zero-padded to 26 digits (more digits when the value needs them).
    private static func id(_ prefix: String, _ value: Int) -> String {
        let digits = String(value)
        return prefix + String(repeating: "0", count: max(0, 26 - digits.count)) + digits
    }

    /// Ids around every digit position and limit edge.
    private static func samples(prefix: String, limit: Int) -> [String] {
        var ids: [String] = []
        for value in [0, 1, 9, 42, 999_999, limit - 1, limit, limit + 1, 999_999_999, 1_000_000_000, 1 << 40] {
            ids.append(id(prefix, value))
        }
        let base = Array(id(prefix, 12345).utf8)
        for position in 0..<base.count {
            for replacement: UInt8 in [0x2f, 0x3a, 0x31, 0x78] {  // "/", ":", "1", "x"
                var bytes = base
                bytes[position] = replacement
                ids.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        ids += [prefix, prefix + "42", prefix + String(repeating: "0", count: 27), ""]
        ids.append(String(id(prefix, 7).utf8.map { Character(UnicodeScalar($0)) }))
        return ids
    }

    @Test func directoryUserIdsParseLikeTheTable() {
        let limit = DirectoryUserTable.numberLimit
        for id in Self.samples(prefix: "directory_user_", limit: limit) {
            #expect(
                EventFields.number(id, prefix: "directory_user_", limit: limit)
                    == DirectoryUserTable.number(id, prefix: "directory_user_", limit: limit), "\(id)")
        }
        #expect(EventFields.number(Self.id("directory_user_", 77), prefix: "directory_user_", limit: limit) == 77)
        #expect(EventFields.number(Self.id("event_", 77), prefix: "directory_user_", limit: limit) == nil)
    }

    @Test func eventIdsParseLikeTheTable() {
        let limit = EventIDSet.numberLimit
        for id in Self.samples(prefix: "event_", limit: limit) {
            #expect(
                EventFields.number(id, prefix: "event_", limit: limit)
                    == DirectoryUserTable.number(id, prefix: "event_", limit: limit), "\(id)")
        }
        #expect(EventFields.number(Self.id("event_", limit - 1), prefix: "event_", limit: limit) == limit - 1)
        #expect(EventFields.number(Self.id("event_", limit), prefix: "event_", limit: limit) == nil)
    }

    @Test func aLimitAboveNineDigitsFallsBackToTheTable() {
        let big = 1 << 40
        #expect(EventFields.number(Self.id("event_", big - 1), prefix: "event_", limit: big) == big - 1)
        #expect(EventFields.number(Self.id("event_", big), prefix: "event_", limit: big) == nil)
    }
}

/// ``EventTimestamp/milliseconds(_:)`` (a 64-bit fast path for offsets below 2^78 attoseconds) equals the 128-bit
/// truncating division it replaces, at the path's edges, for negative offsets and for a spread of values.
@Suite struct EventTimestampMillisecondsTests {
    private static func reference(_ d: Duration) -> Int64 {
        Int64(truncatingIfNeeded: d.attoseconds / 1_000_000_000_000_000)
    }

    @Test func fastPathMatchesThe128BitDivision() {
        let edge = (1 as Int128) << 78
        var samples: [Int128] = [
            0, 1, 999_999_999_999_999, 1_000_000_000_000_000, edge - 1, edge, edge + 1, -1,
            -1_000_000_000_000_001, -edge, edge * 1000,
        ]
        var x: UInt64 = 0x9e37_79b9_7f4a_7c15
        for _ in 0..<2000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Int128(x >> UInt64(x % 40)) * 1_000_003)
            samples.append(-Int128(x >> 20))
        }
        for a in samples {
            let d = Duration(attoseconds: a)
            #expect(EventTimestamp.milliseconds(d) == Self.reference(d), "attoseconds \(a)")
        }
        #expect(EventTimestamp.milliseconds(.seconds(16)) == 16_000)
        #expect(EventTimestamp.milliseconds(.milliseconds(-1500)) == -1500)
        #expect(EventTimestamp.milliseconds(.nanoseconds(1_999_999)) == 1)
    }
}
