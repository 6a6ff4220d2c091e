import Testing

@testable import SCIM

/// The allocation-light shortcuts of the write path give the same answers as the general rules they skip.
@Suite struct InputFastPathTests {
    /// Ids written byte by byte equal the padded-string formulas they replace.
    @Test func idsMatchThePaddedFormulas() {
        for start in [0, 1, 9, 10, 99, 999, 1000, 9999, 10_000, 123_456, 1 << 40] {
            var ids = SCIMSequentialIDSource(nextUser: start, nextGroup: start + 1)
            for (type, n) in [(SCIMResourceType.user, start), (.group, start + 1)] {
                let digits = String(n)
                let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
                #expect(ids.nextID(for: type) == (type == .user ? "u-" : "g-") + padded)
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
