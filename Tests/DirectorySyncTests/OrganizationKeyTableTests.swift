import SCIM
import Testing

@testable import DirectorySync

/// The consumer's integer-keyed stores (directory users, processed event ids) against the ids they replace.
@Suite struct OrganizationKeyTableTests {
    @Test func canonicalNumbersParseOnlyTheBrokersForm() {
        #expect(DirectoryUserTable.canonicalNumber(BrokerID.digits("directory_user_", 42)) == 42)
        #expect(DirectoryUserTable.canonicalNumber(BrokerID.digits("directory_user_", 0)) == 0)
        #expect(EventIDSet.canonicalNumber(BrokerID.digits("event_", 7)) == 7)
        #expect(DirectoryUserTable.canonicalNumber("directory_user_42") == nil)  // not 26 digits
        #expect(DirectoryUserTable.canonicalNumber(BrokerID.digits("directory_grp__", 42)) == nil)
        #expect(DirectoryUserTable.canonicalNumber("directory_user_0000000000000000000000004x") == nil)
        #expect(DirectoryUserTable.canonicalNumber(BrokerID.digits("directory_user_", 1 << 40)) == nil)  // too big
        #expect(EventIDSet.canonicalNumber(BrokerID.digits("directory_user_", 7)) == nil)
        let bridged = String(BrokerID.digits("event_", 9).utf8.map { Character(UnicodeScalar($0)) })
        #expect(EventIDSet.canonicalNumber(bridged) == 9)
    }

    @Test func eventIDSetDedupsCanonicalAndOtherIdsSeparately() {
        var set = EventIDSet()
        let canonical = BrokerID.digits("event_", 3)
        let big = BrokerID.digits("event_", 1 << 40)
        let late = BrokerID.digits("event_", 200)
        var results: [Bool] = []
        results.append(set.insert(canonical, number: EventIDSet.canonicalNumber(canonical)))
        results.append(set.insert(canonical, number: EventIDSet.canonicalNumber(canonical)))
        results.append(set.insert("event_3", number: nil))
        results.append(set.insert("event_3", number: nil))
        results.append(set.insert(big, number: EventIDSet.canonicalNumber(big)))
        results.append(set.insert(big, number: nil))
        results.append(set.insert(late, number: 200))  // grows past the first words
        results.append(set.insert(late, number: 200))
        #expect(results == [true, false, true, false, true, false, true, false])
    }

    @Test func directoryUserTableKeepsVersionsLinksAndTheLinkedCount() {
        var table = DirectoryUserTable()
        let a = DirectoryUserTable.key(BrokerID.digits("directory_user_", 5))
        let b = DirectoryUserTable.key("user_custom")
        #expect(table.slot(a) == nil && table[b].hasVersion == false)
        table.update(a) {
            $0.slot = 3
            $0.version = 10
            $0.hasVersion = true
        }
        table.update(b) { $0.slot = 4 }
        #expect(table.slot(a) == 3 && table[a].version == 10 && table.slot(b) == 4)
        #expect(table.slot(DirectoryUserTable.key(BrokerID.digits("directory_user_", 4))) == nil)
        #expect(table.linkedCount == 2)
        table.update(a) { $0.slot = -1 }
        #expect(table.linkedCount == 1 && table[a].hasVersion)
    }

    @Test func emailKeysCompareByTextAndHashTheSameTextTheSame() {
        let a = EmailKey(email: "Ada.Lovelace@Example.com")
        let b = EmailKey(key: "ada.lovelace@example.com")
        #expect(a == b && a.fingerprint == b.fingerprint && a.hashValue == b.hashValue)
        #expect(a.text == "ada.lovelace@example.com")
        // Every length around the word size, and a text that differs only past the first word.
        var seen: Set<UInt64> = []
        for n in 0...17 { seen.insert(EmailKey(key: String(repeating: "a", count: n)).fingerprint) }
        #expect(seen.count == 18)
        #expect(EmailKey(key: "abcdefgh1") != EmailKey(key: "abcdefgh2"))
        let bridged = String("ada.lovelace@example.com".utf8.map { Character(UnicodeScalar($0)) })
        #expect(EmailKey(key: bridged).fingerprint == b.fingerprint)
        var index: [EmailKey: Int] = [a: 1]
        index[EmailKey(email: "ADA.LOVELACE@EXAMPLE.COM")] = 2
        #expect(index.count == 1 && index[b] == 2)
    }

    /// The same history with the broker's ids and with ids of other shapes (as injected deliveries may carry)
    /// gives the same outcomes and members.
    @Test func nonCanonicalIdsBehaveLikeCanonicalOnes() throws {
        var w = HandWiredWorld()
        w.enableSCIM()
        let ada = w.createUser(0, "Ada@acme.example", now: .seconds(1))
        _ = w.createUser(0, "bob@acme.example", given: "Bob", now: .seconds(2))
        _ = w.scim(0, .patch, "/Users/" + ada, body: Fixture.patchActive(false), now: .seconds(3))
        let bodies = w.broker.retainedEvents.map(\.body)
        var renamed: [String: String] = [:]
        let other = bodies.map { rewrite($0, &renamed) }
        #expect(renamed.keys.contains { $0.hasPrefix("directory_user_") })
        var canonicalOrg = w.orgs[0]
        var otherOrg = w.orgs[0]
        for (c, o) in zip(bodies + bodies, other + other) {
            #expect(canonicalOrg.consumeEvent(c) == otherOrg.consumeEvent(o))
        }
        #expect(canonicalOrg.counters == otherOrg.counters)
        #expect(canonicalOrg.counters.duplicates == bodies.count)
        #expect(canonicalOrg.members.map(\.email) == otherOrg.members.map(\.email))
        #expect(canonicalOrg.linkedMemberCount == otherOrg.linkedMemberCount)
        #expect(otherOrg.member(email: "bob@acme.example")?.directoryUserID.map { renamed.values.contains($0) } == true)
    }

    /// Replaces every `event_…` and `directory_user_…` string with a non-canonical id (same id, same
    /// replacement).
    private func rewrite(_ value: JSONValue, _ renamed: inout [String: String]) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("event_") || s.hasPrefix("directory_user_"):
            if let r = renamed[s] { return .string(r) }
            let r = "custom_\(renamed.count)_" + s
            renamed[s] = r
            return .string(r)
        case .array(let a): return .array(a.map { rewrite($0, &renamed) })
        case .object(let o): return .object(JSONObject(o.members.map { ($0.key, rewrite($0.value, &renamed)) }))
        default: return value
        }
    }

    /// The word-at-a-time test behind ``OrganizationState/emailKey(_:)`` equals the byte definition for every byte
    /// value at every position of words and tails (lengths 0 to 17).
    @Test func upperCaseOrNonASCIIWordTestEqualsTheByteTest() {
        for length in 0...17 {
            for position in 0..<max(length, 1) {
                for byte in [UInt8](0...255) where length > 0 || byte == 0 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[position] = byte }
                    let expected = bytes.contains { $0 >= 0x80 || ($0 >= 65 && $0 <= 90) }
                    let actual = bytes.withUnsafeBufferPointer { OrganizationState.hasUpperCaseOrNonASCII($0) }
                    #expect(actual == expected, "length \(length), byte \(byte) at \(position)")
                }
            }
        }
        #expect(OrganizationState.emailKey("Ada.Lovelace@Example.COM") == "ada.lovelace@example.com")
        #expect(OrganizationState.emailKey("zoe@example.com") == "zoe@example.com")
        #expect(OrganizationState.emailKey("ZOE@EXAMPLE.COM") == "zoe@example.com")
    }

    /// The table hash of an ``EmailKey`` is equal for equal keys and spreads keys that differ in one byte over the
    /// low bits a dictionary indexes by (the fingerprint's own low bits would not).
    @Test func emailKeyTableHashSpreadsOverLowBits() {
        let keys = (0..<10_000).map { EmailKey(email: "user\(100_000 + $0)@example.com") }
        #expect(
            EmailKey(email: "Ada@Example.com")._rawHashValue(seed: 7)
                == EmailKey(key: "ada@example.com")._rawHashValue(seed: 7))
        let buckets = Set(keys.map { $0._rawHashValue(seed: 0) & 16_383 })
        #expect(buckets.count > 6_000)
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        #expect(keys.indices.allSatisfy { index[keys[$0]] == $0 })
    }
}
