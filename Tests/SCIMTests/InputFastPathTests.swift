import Testing

@testable import SCIM

/// The allocation-light shortcuts of the write path give the same answers as the general rules they skip.
@Suite struct InputFastPathTests {
    /// Ids written byte by byte equal the padded-string formulas they replace.
    @Test func idsMatchThePaddedFormulas() {
        // In-line ids (up to 13 digits) are built from their bits; the 14-digit ids are not.
        #expect(SCIMStringBits.inlineASCIITag != nil)
        let starts = [0, 1, 9, 10, 99, 999, 1000, 9999, 10_000, 99_999, 123_456, 1 << 40, 999_999, 99_999_999]
        for start in starts + [999_999_999_999, 9_999_999_999_998, 9_999_999_999_999, 10_000_000_000_000] {
            var ids = SCIMSequentialIDSource(nextUser: start, nextGroup: start + 1)
            for (type, n) in [(SCIMResourceType.user, start), (.group, start + 1)] {
                let digits = String(n)
                let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
                let expected = (type == .user ? "u-" : "g-") + padded
                let id = ids.nextID(for: type)
                #expect(id == expected)
                // The same string in every respect: bytes, count, hash, ordering, and usable as a dictionary key.
                #expect(Array(id.utf8) == Array(expected.utf8) && id.utf8.count == expected.utf8.count)
                #expect(id.hashValue == expected.hashValue && !(id < expected) && !(expected < id))
                #expect([expected: 1][id] == 1 && id + "/x" == expected + "/x")
            }
        }
        for seed: UInt64 in [0, 1, 42, 0xFFFF_FFFF_FFFF_FFFF, 0x0123_4567_89AB_CDEF] {
            var ids = SCIMSeededIDSource(seed: seed)
            var state = seed
            for type in [SCIMResourceType.user, .group, .user] {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                let hex = String(z, radix: 16)
                let expected = (type == .user ? "u_" : "g_") + String(repeating: "0", count: 16 - hex.count) + hex
                #expect(ids.nextID(for: type) == expected)
            }
        }
    }

    /// Every id of a long sequential run equals the formula (each digit count, each carry).
    @Test func sequentialRunMatchesTheFormula() {
        var ids = SCIMSequentialIDSource(nextUser: 0, nextGroup: 999_000)
        for n in 0..<2_000 {
            let user = String(n)
            #expect(ids.nextID(for: .user) == "u-" + String(repeating: "0", count: max(0, 4 - user.count)) + user)
            #expect(ids.nextID(for: .group) == "g-" + String(999_000 + n))
        }
    }

    /// A source that gives `ids` in order, then `z-<n>`.
    struct ListedIDs: SCIMIDSource {
        var ids: [String]
        var next = 0
        mutating func nextID(for type: SCIMResourceType) -> String {
            next += 1
            return next <= ids.count ? ids[next - 1] : "z-\(next)"
        }
    }

    /// An id that is live in either table or was deleted is skipped, and a skipped id is not recorded in the index
    /// (RFC 7643 section 3.1: unique, never reassigned).
    @Test func takenIDsAreSkippedAndNotRecorded() {
        let source = ListedIDs(ids: ["a", "a", "b", "a", "b", "c", "c", "d"])
        var s = SCIMService(configuration: SCIMServiceConfiguration(), ids: source, clock: SCIMSteppingClock())
        func create(_ path: String, _ body: String) -> String? {
            s.handle(T.request(.post, path, body)).response.body?["id"]?.stringValue
        }
        #expect(create("/Users", #"{"userName":"one"}"#) == "a")
        #expect(create("/Users", #"{"userName":"two"}"#) == "b")  // "a" is a live User
        #expect(create("/Groups", #"{"displayName":"G"}"#) == "c")  // "a" and "b" are live Users
        #expect(s.handle(T.request(.delete, "/Groups/c")).response.status == 204)
        #expect(create("/Users", #"{"userName":"three"}"#) == "d")  // "c" was deleted
        #expect(s.users.slot(id: "a") == 0 && s.users.slot(id: "b") == 1 && s.users.slot(id: "d") == 2)
        #expect(s.users.slot(id: "c") == nil && s.groups.slot(id: "a") == nil && s.groups.slot(id: "c") == nil)
        #expect(s.handle(T.request(.get, "/Users/b")).response.body?["userName"]?.stringValue == "two")
        #expect(s.handle(T.request(.get, "/Users/c")).response.status == 404)
        #expect(s.users.count == 3 && s.groups.count == 0)
    }

    /// Plain and dotted PATCH paths are read without the filter parser; everything else falls back to it.
    @Test func plainPathsMatchTheParser() throws {
        let plain = ["active", "name.givenName", "emails", "a-b_c9", "userName", "name.familyName", "x", "A.b"]
        for text in plain {
            let fast = try #require(SCIMPatchApplier.plainPath(text), "\(text)")
            #expect(fast == (try PatchPath.parse(text)), "\(text)")
        }
        let other = [
            "", " active", "active ", "name.", ".name", "a..b", "a.b.c", "9a", "a.$ref", "a.9",
            "emails[type eq \"work\"]",
            "emails[type eq \"work\"].value", "urn:ietf:params:scim:schemas:core:2.0:User:userName", "na me", "é",
        ]
        for text in other { #expect(SCIMPatchApplier.plainPath(text) == nil, "\(text)") }
    }

    func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONObject { JSONObject(pairs.map { ($0.key, $0.value) }) }

    static func attribute(_ name: String) throws -> SCIMAttribute {
        try #require(SCIMSchema.user.attributes.first { $0.name == name })
    }

    /// Values already in stored form are recognised, and the general rules keep them unchanged.
    @Test func canonicalComplexValuesAreKeptAsSent() throws {
        let name = try Self.attribute("name")
        let emails = try Self.attribute("emails")
        let input = SCIMResourceInput(schema: .user, acceptStringBooleans: true)
        let fullName = obj(["givenName": "Ada", "familyName": "Lovelace"])
        let email = obj(["value": "ada@example.com", "type": "work", "primary": true])
        #expect(name.isCanonicalComplexValue(fullName))
        #expect(emails.isCanonicalComplexValue(email))
        #expect(try input.coerce(.object(fullName), name, path: "name") == .object(fullName))
        #expect(try input.coerce(.array([.object(email)]), emails, path: "emails") == .array([.object(email)]))
    }

    /// Anything the general rules change is not taken as canonical, and is still changed as before.
    @Test func nonCanonicalComplexValuesTakeTheGeneralRules() throws {
        let name = try Self.attribute("name")
        let emails = try Self.attribute("emails")
        let input = SCIMResourceInput(schema: .user, acceptStringBooleans: true)
        // Another letter case: stored with the schema spelling.
        let upper = obj(["GIVENNAME": "Ada"])
        #expect(!name.isCanonicalComplexValue(upper))
        #expect(try input.coerce(.object(upper), name, path: "name") == ["givenName": "Ada"])
        // Unknown sub-attribute: dropped.
        let unknown = obj(["givenName": "Ada", "nickname": "A"])
        #expect(!name.isCanonicalComplexValue(unknown))
        #expect(try input.coerce(.object(unknown), name, path: "name") == ["givenName": "Ada"])
        // String boolean (Entra): converted.
        let stringBool = obj(["value": "ada@example.com", "primary": "True"])
        #expect(!emails.isCanonicalComplexValue(stringBool))
        #expect(
            try input.coerce(.object(stringBool), emails, path: "emails")
                == .array([["value": "ada@example.com", "primary": true]]))
        // null member: dropped. Empty object: not canonical.
        let withNull = obj(["givenName": "Ada", "familyName": .null])
        #expect(!name.isCanonicalComplexValue(withNull))
        #expect(try input.coerce(.object(withNull), name, path: "name") == ["givenName": "Ada"])
        #expect(!name.isCanonicalComplexValue(JSONObject()))
        // The general rules' answer for `{}` is not the fast path's concern and is not asserted here.
        // Wrong type: still 400 invalidValue.
        let wrong = obj(["givenName": 5])
        #expect(!name.isCanonicalComplexValue(wrong))
        #expect(throws: SCIMError.self) { try input.coerce(.object(wrong), name, path: "name") }
    }
}
