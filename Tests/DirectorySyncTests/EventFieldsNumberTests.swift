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
