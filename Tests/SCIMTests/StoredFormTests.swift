import Testing

@testable import SCIM

/// The key tables and slot indexes behind the create path (``SCIMStringBits``, ``SCIMInputPlan``,
/// ``SCIMSlotIndex``) answer as the string comparisons and dictionaries they replace.
@Suite struct StoredFormTests {
    func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONObject { JSONObject(pairs.map { ($0.key, $0.value) }) }

    /// In-line names are found by their bits, an in-line stranger is certainly absent, and a long name is left to
    /// string comparison, which the name table then does.
    @Test func nameBitsFindExactSpellingsOnly() {
        let names = ["userName", "name", "x509Certificates", "emails"]
        let table = SCIMNameTable(names: names)
        for (k, name) in names.enumerated() { #expect(table.exactIndex(of: name) == k, "\(name)") }
        // Built at run time (not a literal) and in another letter case.
        let built = String(decoding: Array("user".utf8) + Array("Name".utf8), as: UTF8.self)
        #expect(table.exactIndex(of: built) == 0)
        #expect(table.exactIndex(of: "USERNAME") == nil)
        #expect(table.index(of: "USERNAME") == 0)
        #expect(table.exactIndex(of: "nickName") == nil)
        #expect(table.exactIndex(of: "X509CERTIFICATES") == nil)
        #expect(table.index(of: "X509CERTIFICATES") == 2)
        let bits = SCIMStringBits.Table(names)
        if case .found(let k) = bits.lookup("emails") { #expect(k == 3) } else { Issue.record("emails not found") }
        if case .found = bits.lookup("x509Certificates") { Issue.record("a long name has no in-line bits") }
        if SCIMStringBits.layoutHolds, case .found = bits.lookup("nickName") { Issue.record("nickName found") }
    }

    /// A body in stored form is kept member for member (minus `schemas`, `password`, `groups`), with room for the
    /// identity members, the enterprise extension flagged and the userName's position reported.
    @Test func canonicalBodyIsKeptInPlace() throws {
        let enterprise = SCIMSchema.enterpriseUserURN
        let body = obj([
            "schemas": [.string(SCIMSchema.userURN), .string(enterprise)], "userName": "ada@example.com",
            "name": ["givenName": "Ada", "familyName": "Lovelace"],
            "emails": [["primary": true, "value": "ada@example.com", "type": "work"]], "displayName": "Ada Lovelace",
            "externalId": "00u1", enterprise: ["department": "R&D"], "groups": [],
            "password": "secret", "active": true,
        ])
        let input = SCIMResourceInput(type: .user, acceptStringBooleans: false)
        let form = try input.storedForm(of: body, identityRoom: true)
        let kept = body.members.filter { !["schemas", "groups", "password"].contains($0.key) }
        #expect(form.object.count == kept.count + 2)
        #expect(form.object[0].key == "schemas" && form.object[0].value == .null)
        #expect(form.object[1].key == "id" && form.object[1].value == .null)
        for (k, m) in kept.enumerated() {
            #expect(form.object[k + 2].key == m.key && form.object[k + 2].value == m.value, "\(m.key)")
        }
        #expect(form.extensions == 1)
        #expect(form.namePosition.map { form.object[$0].key } == "userName")
        #expect(try input.attributes(of: body) == JSONObject(kept.map { ($0.key, $0.value) }))
    }

    /// Keys in other letter cases, repeats and values needing conversion take the general rules, in any order
    /// with keys in the schema's spelling.
    @Test func otherSpellingsFollowTheGeneralRules() throws {
        let enterprise = SCIMSchema.enterpriseUserURN
        let input = SCIMResourceInput(type: .user, acceptStringBooleans: true)
        let body = obj([
            "USERNAME": "first", "userName": "second", "active": "True",
            enterprise: [
                "department": "R&D"
            ], enterprise.uppercased(): ["DEPARTMENT": "Ops", "unknown": 1], "Title": "Dr",
        ])
        let form = try input.storedForm(of: body, identityRoom: false)
        #expect(
            form.object
                == obj([
                    "userName": "second", "active": true, enterprise: ["department": "Ops"],
                    "title": "Dr",
                ]))
        #expect(form.extensions == 1)
        #expect(form.namePosition == nil)
        let none = try input.storedForm(of: obj(["userName": "x"]), identityRoom: false)
        #expect(none.extensions == 0 && none.namePosition == 0)
        #expect(throws: SCIMError.self) { try input.storedForm(of: obj(["active": "maybe"]), identityRoom: true) }
    }

    /// The one-pass form gives what the general rules give (members, extension bits, name position, errors) for
    /// bodies it takes and declines, for Users and Groups, with and without identity room.
    @Test func onePassFormMatchesTheGeneralRules() throws {
        // Names are written as their bits on this platform; the keys so written are the names in every respect.
        #expect(SCIMResourceInput.memberValueOffset == MemoryLayout<String>.stride)
        let kept = try SCIMResourceInput(type: .user, acceptStringBooleans: false)
            .storedForm(of: obj(["userName": "ada", "displayName": "Ada", "active": true]), identityRoom: true)
        #expect(kept.object.keys == ["schemas", "id", "userName", "displayName", "active"])
        #expect(
            kept.object.keys.map(\.hashValue)
                == ["schemas", "id", "userName", "displayName", "active"].map(\.hashValue))
        #expect(kept.object["displayName"] == "Ada" && kept.object.index(caseInsensitive: "USERNAME") == 2)
        let enterprise = SCIMSchema.enterpriseUserURN
        let email: JSONValue = ["primary": true, "value": "ada@example.com", "type": "work"]
        let users: [(JSONObject, taken: Bool)] = [
            (
                obj(["schemas": [.string(SCIMSchema.userURN)], "userName": "ada", "emails": [email], "groups": []]),
                true
            ),
            (obj(["userName": "ada", enterprise: ["department": "R&D"], "active": false, "password": "x"]), true),
            (obj(["name": ["givenName": "Ada"], "userName": "ada", "meta": ["resourceType": "User"]]), true),
            (obj(["id": "u-9", "externalId": "e", "locale": "en-US", "title": "Dr", "nickName": "A"]), true),
            (obj([:]), true),
            (obj(["userName": "ada", "USERNAME": "again"]), false),
            (obj(["userName": "ada", "active": "True"]), false),
            (obj(["userName": "ada", "emails": email]), false),
            (obj(["userName": "ada", "emails": []]), false),
            (obj(["userName": "ada", "name": ["givenname": "Ada"]]), false),
            (obj(["userName": "ada", enterprise: ["department": "R&D", "unknown": 1]]), false),
            (obj(["userName": "ada", enterprise: [:]]), false),
            (obj(["userName": "ada", "unknownAttribute": 1, "active": true]), false),
            (obj(["userName": 7]), false),
            (obj(["active": true, "schemas": "not an array", "userName": "USERNAME"]), true),
            (obj(["active": true, "schemas": [.string(SCIMSchema.userURN)], "Schemas": 1]), false),
            (obj(["userName": "ada", "active": "maybe"]), false),
        ]
        let groups: [(JSONObject, taken: Bool)] = [
            (obj(["displayName": "G", "members": [["value": "u-1"]], "externalId": "g"]), true),
            (obj(["displayName": "G", "members": [["value": "u-1", "unknown": 2]]]), false),
        ]
        for (type, bodies) in [(SCIMResourceType.user, users), (.group, groups)] {
            for booleans in [false, true] {
                let input = SCIMResourceInput(type: type, acceptStringBooleans: booleans)
                for (body, taken) in bodies {
                    for room in [false, true] {
                        let general = Result { () throws(SCIMError) in
                            try input.storedFormByRules(of: body, identityRoom: room)
                        }
                        let onePass = Result { () throws(SCIMError) in
                            try withUnsafeTemporaryAllocation(
                                of: SCIMResourceInput.Member.self, capacity: body.count + 2
                            ) { (b: UnsafeMutableBufferPointer<SCIMResourceInput.Member>) throws(SCIMError) in
                                try input.storedFormAsSent(of: body, identityRoom: room, buffer: b)
                            }
                        }
                        let either = Result { () throws(SCIMError) in try input.storedForm(of: body, identityRoom: room)
                        }
                        switch (general, onePass, either) {
                        case (.success(let g), .success(let o?), .success(let e)):
                            #expect(taken, "\(body)")
                            #expect(o.object == g.object && o.extensions == g.extensions, "\(body)")
                            #expect(o.namePosition == g.namePosition, "\(body)")
                            #expect(e.object == g.object && e.namePosition == g.namePosition, "\(body)")
                        case (.success(let g), .success(nil), .success(let e)):
                            #expect(!taken, "\(body)")
                            #expect(e.object == g.object && e.extensions == g.extensions, "\(body)")
                            #expect(e.namePosition == g.namePosition, "\(body)")
                        case (.failure(let g), .failure(let o), .failure(let e)):
                            #expect(o == g && e == g, "\(body)")
                        case (.failure(let g), .success(nil), .failure(let e)):
                            #expect(!taken && e == g, "\(body)")
                        default:
                            Issue.record("the forms disagree on \(body): \(general) \(onePass)")
                        }
                    }
                }
            }
        }
    }

    /// Slot indexes: several slots per key, removal by slot, and keys that are not ASCII (kept apart) or only
    /// canonically equivalent to ASCII (the Kelvin sign equals `K`), compared as Swift strings compare.
    @Test func slotIndexMatchesStringEquality() {
        var keys: [String?] = []
        var index = SCIMSlotIndex()
        func add(_ key: String) {
            index.insert(key, slot: keys.count)
            keys.append(key)
        }
        for k in ["a", "b", "a", "Kelvin", "é", "e\u{301}", "x"] + (0..<100).map({ "k\($0)" }) { add(k) }
        func slots(_ key: String) -> [Int] { index.slots(key) { keys[$0] == key }.sorted() }
        #expect(slots("a") == [0, 2])
        #expect(slots("\u{212A}elvin") == [3])
        #expect(slots("é") == [4, 5])
        #expect(slots("k57") == [64])
        #expect(slots("zz").isEmpty)
        #expect(index.unique("a") { keys[$0] == "a" } == (2, nil))
        #expect(index.unique("b") { keys[$0] == "b" } == (1, 1))
        index.remove("a", slot: 0)
        keys[0] = nil
        #expect(slots("a") == [2])
        #expect(index.first("a") { keys[$0] == "a" } == 2)
        index.remove("é", slot: 4)
        keys[4] = nil
        #expect(slots("e\u{301}") == [5])
        for n in 0..<100 { index.remove("k\(n)", slot: 7 + n) }
        #expect(slots("k57").isEmpty && slots("x") == [6])
    }

    /// The literal of `attr eq "..."` is found by the word-at-a-time scan exactly where a byte loop finds it:
    /// literals of every length up to 24, with a backslash (not read by the fast path) or a quote at any position.
    @Test func equalityLiteralScanMatchesByteLoop() {
        for length in 0...24 {
            for mark in [nil, "\\", "\""] as [String?] {
                for at in mark == nil ? [0] : Array(0...length) {
                    var chars = (0..<length).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) }
                    if let mark, at < length { chars[at] = Character(mark) }
                    let literal = String(chars)
                    let text = "userName eq \"" + literal + "\""
                    let expected: String? = literal.contains("\\") || literal.contains("\"") ? nil : literal
                    let got = SCIMService.simpleEquality(text).map { String($0.value) }
                    #expect(got == expected, "\(text)")
                }
            }
        }
    }

    /// The service's create path: the second create of a userName in another letter case is 409, and ids stay
    /// unique and found.
    @Test func createChecksUserNamesAndIDs() {
        var service = SCIMService(
            configuration: SCIMServiceConfiguration(), ids: SCIMSequentialIDSource(), clock: SCIMSteppingClock())
        func post(_ userName: String) -> SCIMResult {
            var request = SCIMRequest(method: .post, path: "/Users", body: .value(["userName": .string(userName)]))
            if let token = service.configuration.bearerToken { request.headers["Authorization"] = "Bearer " + token }
            return service.handle(request)
        }
        #expect(post("ada@example.com").response.status == 201)
        #expect(post("ADA@example.com").response.status == 409)
        #expect(post("bob@example.com").response.status == 201)
        #expect(service.users.count == 2)
        #expect(service.resource(.user, id: "u-0002")?.object["userName"] == "bob@example.com")
        #expect(service.users.id(forUserName: "Bob@Example.com") == "u-0002")
    }
}
