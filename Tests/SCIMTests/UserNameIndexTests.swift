import Testing

@testable import SCIM

/// The compact userName index (``SCIMUserNameIndex``) and the indexed `GET /Users?filter=` fast path: same answers
/// as lower-casing into a `[String: Int]` (Swift string equality), across case, Unicode, deletions and renames.
@Suite struct UserNameIndexTests {
    /// Reference: the dictionary the index replaced.
    struct Reference {
        var map: [String: Int] = [:]
        mutating func insert(_ k: String, _ s: Int) { map[k.lowercased()] = s }
        mutating func remove(_ k: String, _ s: Int) { if map[k.lowercased()] == s { map[k.lowercased()] = nil } }
        func slot(_ k: String) -> Int? { map[k.lowercased()] }
    }

    /// `insertIfAbsent` records a new key (ASCII, in line or not, or non-ASCII) and names the holder of an equal one,
    /// ignoring case, changing nothing then.
    @Test func insertIfAbsentNamesTheHolder() {
        var index = SCIMUserNameIndex()
        let keys = ["ada", "grace.hopper@example.com", "Ünïcode@example.com", "KELVIN\u{212A}", "short"]
        for (s, k) in keys.enumerated() { #expect(index.insertIfAbsent(k, slot: s) == nil, "\(k)") }
        for (s, k) in keys.enumerated() {
            #expect(index.insertIfAbsent(k.uppercased(), slot: 99) == s, "\(k)")
            #expect(index.insertIfAbsent(k.lowercased(), slot: 99) == s, "\(k)")
            #expect(index.slot(for: k) == s, "\(k)")
        }
        // A key built at run time in a large buffer (not in line, native) and a substring-backed one.
        let built = String(decoding: Array("ANOTHER.PERSON@EXAMPLE.COM".utf8), as: UTF8.self)
        #expect(index.insertIfAbsent(built, slot: 7) == nil)
        #expect(index.insertIfAbsent(String("xx another.person@example.com".dropFirst(3)), slot: 8) == 7)
        #expect(index.slot(for: "Another.Person@example.com") == 7)
    }

    @Test func asciiKeysIgnoreCaseAtEveryLength() {
        var index = SCIMUserNameIndex()
        // Lengths 1...40 cover whole 8-byte words and every tail length.
        var keys: [String] = []
        for n in 1...40 {
            var bytes: [UInt8] = []
            for i in 0..<n { bytes.append(UInt8(65 + (i * 7 + n) % 26)) }
            keys.append(String(decoding: bytes, as: UTF8.self))
        }
        for (s, k) in keys.enumerated() { index.insert(k, slot: s) }
        for (s, k) in keys.enumerated() {
            #expect(index.slot(for: k) == s)
            #expect(index.slot(for: k.lowercased()) == s)
            var lower = k.lowercased()
            #expect(lower.withUTF8 { index.slot(utf8: $0) } == s)
        }
        #expect(index.slot(for: "zzzz-absent") == nil)
        // Letters only differ from these neighbours by case-insensitive-looking bytes: "@" vs "`", "[" vs "{".
        index.insert("a@b", slot: 100)
        #expect(index.slot(for: "a`b") == nil)
        #expect(index.slot(for: "A@B") == 100)
        index.insert("x[y", slot: 101)
        #expect(index.slot(for: "x{y") == nil)
    }

    @Test func unicodeKeysFollowStringEquality() {
        var index = SCIMUserNameIndex()
        index.insert("ÅSA@example.com", slot: 0)
        #expect(index.slot(for: "åsa@EXAMPLE.com") == 0)
        // Decomposed "A" + combining ring is canonically equal to the precomposed letter.
        #expect(index.slot(for: "a\u{30A}sa@example.com") == 0)
        // The non-ASCII scalars that equal ASCII text under canonical equivalence.
        index.insert("a;b", slot: 1)
        #expect(index.slot(for: "a\u{37E}b") == 1)
        index.insert("c\u{1FEF}d", slot: 2)
        #expect(index.slot(for: "c`d") == 2)
        index.insert("\u{212A}elvin", slot: 3)
        #expect(index.slot(for: "kelvin") == 3)
        #expect(index.slot(for: "KELVIN") == 3)
        index.remove("A;B", slot: 1)
        #expect(index.slot(for: "a\u{37E}b") == nil)
        index.remove("Kelvin", slot: 3)
        #expect(index.slot(for: "\u{212A}ELVIN") == nil)
    }

    @Test func matchesTheDictionaryAcrossInsertsRemovesAndRenames() {
        var rng = SCIMTestRandom(seed: 7)
        var index = SCIMUserNameIndex()
        var reference = Reference()
        var live: [Int: String] = [:]
        let alphabet = Array("abcXYZ.@-_0123é".unicodeScalars)
        func name() -> String {
            var s = String.UnicodeScalarView()
            for _ in 0..<(1 + rng.next(20)) { s.append(alphabet[rng.next(alphabet.count)]) }
            return String(s)
        }
        for step in 0..<4000 {
            let slot = rng.next(300)
            if let old = live[slot] {
                // Delete, or rename to a fresh name.
                index.remove(old, slot: slot)
                reference.remove(old, slot)
                live[slot] = nil
                if rng.next(2) == 0 {
                    let key = name()
                    if reference.slot(key) == nil {
                        index.insert(key, slot: slot)
                        reference.insert(key, slot)
                        live[slot] = key
                    }
                }
            } else {
                let key = name()
                if reference.slot(key) == nil {  // userNames are unique
                    index.insert(key, slot: slot)
                    reference.insert(key, slot)
                    live[slot] = key
                }
            }
            if step % 97 == 0 {
                for k in live.values.sorted() + [name(), name()] {
                    #expect(index.slot(for: k) == reference.slot(k))
                    #expect(index.slot(for: k.uppercased()) == reference.slot(k.uppercased()))
                }
            }
        }
        index.compactArena()
        for k in live.values.sorted() { #expect(index.slot(for: k) == reference.slot(k)) }
    }

    @Test func indexedListAnswersLikeTheGeneralPath() {
        var s = T.seeded()
        let expected = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22BOB%40example.com%22&count=5"))
        let fast = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22BOB%40example.com%22"))
        #expect(fast.response == expected.response)
        #expect(fast.response.body?["totalResults"] == 1)
        #expect(fast.response.body?["Resources"]?.arrayValue?.first?["id"] == "u-0002")
        let none = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22nobody%22"))
        #expect(none.response.body?["totalResults"] == 0)
        #expect(none.response.body?["Resources"] == [])
        #expect(
            none.response == s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22nobody%22&count=9")).response)
        // After a rename and a delete the fast path follows the store.
        #expect(
            s.handle(T.patch("/Users/u-0002", #"[{"op":"replace","path":"userName","value":"Robert@x"}]"#))
                .response.status == 200)
        #expect(
            s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22bob%40example.com%22")).response
                .body?["totalResults"] == 0)
        #expect(
            s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22robert%40X%22")).response
                .body?["totalResults"] == 1)
        #expect(s.handle(T.request(.delete, "/Users/u-0002")).response.status == 204)
        #expect(
            s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22robert%40x%22")).response
                .body?["totalResults"] == 0)
        // Okta's shape (`&startIndex=1&count=100`) and other windows answer like the general path, which a
        // `sortOrder` parameter (no effect without sortBy) forces.
        for filter in ["userName%20eq%20%22ALICE%40example.com%22", "userName%20eq%20%22nobody%22"] {
            for window in [
                "", "&startIndex=1&count=100", "&startIndex=0", "&startIndex=2", "&count=0", "&count=-3",
                "&count=1&startIndex=1", "&startIndex=x",
            ] {
                let fast = s.handle(T.request(.get, "/Users?filter=" + filter + window)).response
                let general = s.handle(T.request(.get, "/Users?filter=" + filter + window + "&sortOrder=ascending"))
                    .response
                #expect(fast == general, "\(filter)\(window)")
            }
        }
        // A page size of 0 leaves out Resources on the fast path too.
        var zero = T.seeded(SCIMServiceConfiguration(maxResults: 0))
        let z = zero.handle(T.request(.get, "/Users?filter=userName%20eq%20%22alice%40example.com%22"))
        #expect(z.response.body?["Resources"] == nil)
        #expect(z.response.body?["totalResults"] == 1)
    }
}

/// A tiny deterministic generator for the tests (SplitMix64).
struct SCIMTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
