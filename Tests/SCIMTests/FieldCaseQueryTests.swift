import Testing

@testable import SCIM

/// research/field-cases.md section 2, cases F07 to F19 (F16 concerns the event consumer, not this
/// service), and reserve case R1.
@Suite struct FieldCaseQueryTests {
    static func filter(_ s: inout SCIMService, _ f: String, _ endpoint: String = "/Users") -> SCIMResponse {
        s.handle(SCIMRequest(method: .get, path: endpoint, query: [.init(name: "filter", value: f)])).response
    }

    @Test(arguments: [
        (#"USERNAME EQ "alice@example.com""#, ["u-0001"]),
        (#"userName Eq "alice@example.com""#, ["u-0001"]),
        (#"title eq "Eng" AND active eq false"#, ["u-0002"]),
        (#"title eq "Ops" or title eq "Eng" and active eq false"#, ["u-0002", "u-0003"]),
        (#"(title eq "Ops" or title eq "Eng") and active eq false"#, ["u-0002"]),
        (#"active eq true and (title eq "Ops" or title eq "Eng")"#, ["u-0001", "u-0003"]),
        (#"not (title eq "Eng")"#, ["u-0003"]),
        (#"title eq "eng""#, ["u-0001", "u-0002"]),
    ])
    func f07FilterCaseAndPrecedence(filter: String, expected: [String]) {
        var s = T.seeded()
        let r = Self.filter(&s, filter)
        #expect(r.status == 200)
        #expect(T.ids(r) == expected)
        #expect(T.int(r, "totalResults") == Int64(expected.count))
    }

    @Test func f07UnknownLogicalOperatorIsInvalidFilter() {
        var s = T.seeded()
        T.expectError(Self.filter(&s, #"userName eq "alice@example.com" xor active eq true"#), 400, .invalidFilter)
        T.expectError(Self.filter(&s, "userName eq"), 400, .invalidFilter)
    }

    @Test func f08EntraGroupLookupWithoutMembers() {
        var s = T.seeded()
        let r = s.handle(
            T.request(.get, "/Groups?excludedAttributes=members&filter=displayName+eq+%22Sales+Team+EMEA%22")
        ).response
        #expect(r.status == 200)
        #expect(T.int(r, "totalResults") == 1)
        let g = r.body?["Resources"]?[0]
        #expect(g?["id"] == "g-0001")
        #expect(g?["displayName"] == "Sales Team EMEA")
        #expect(g?["members"] == nil)
        #expect(r.body?["Resources"]?.arrayValue?.first?.objectValue?["members"] == nil)
    }

    @Test func f08EscapesUnicodeAndPlus() {
        var s = T.seeded()
        _ = s.handle(T.request(.post, "/Groups", #"{"displayName":"Team \"Blue\""}"#))
        _ = s.handle(T.request(.post, "/Groups", #"{"displayName":"José's Team"}"#))
        _ = s.handle(T.request(.post, "/Users", #"{"userName":"mm@example.com","name":{"familyName":"Müller"}}"#))
        _ = s.handle(T.request(.post, "/Users", #"{"userName":"a+b@example.com"}"#))
        #expect(T.ids(Self.filter(&s, #"displayName eq "Team \"Blue\"""#, "/Groups")) == ["g-0002"])
        #expect(T.ids(Self.filter(&s, #"displayName eq "José's Team""#, "/Groups")) == ["g-0003"])
        // Judgment: NFC and NFD spellings are the same value (Swift string equality is canonical).
        #expect(T.ids(Self.filter(&s, "displayName eq \"Jose\u{301}'s Team\"", "/Groups")) == ["g-0003"])
        #expect(T.ids(Self.filter(&s, #"name.familyName eq "Müller""#)) == ["u-0004"])
        #expect(T.ids(Self.filter(&s, "name.familyName eq \"Mu\u{308}ller\"")) == ["u-0004"])
        let plus = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22a%2Bb%40example.com%22")).response
        #expect(T.ids(plus) == ["u-0005"])
        let raw = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22a+b%40example.com%22")).response
        #expect(T.int(raw, "totalResults") == 0)
        T.expectError(Self.filter(&s, #"displayName eq "Sales"#, "/Groups"), 400, .invalidFilter)
    }

    @Test func f09UserNameCaseInsensitiveAndUnique() {
        var s = T.seeded()
        #expect(T.ids(Self.filter(&s, #"userName eq "ALICE@example.com""#)) == ["u-0001"])
        let dup = s.handle(
            T.request(
                .post, "/Users",
                #"{"schemas":["\#(T.userURN)"],"userName":"Alice@Example.com","externalId":"ext-A9","active":true}"#))
        T.expectError(dup.response, 409, .uniqueness)
        #expect(dup.response.body?["detail"]?.stringValue?.contains("userName") == true)
        #expect(dup.changes.isEmpty)
        #expect(s.users.count == 3)
        // D: a shared e-mail is not a conflict.
        let e = #"[{"value":"shared@example.com","type":"work"}]"#
        #expect(
            s.handle(T.request(.post, "/Users", #"{"userName":"x1@example.com","emails":\#(e)}"#)).response.status
                == 201)
        #expect(
            s.handle(T.request(.post, "/Users", #"{"userName":"x2@example.com","emails":\#(e)}"#)).response.status
                == 201)
        // E: rename onto an existing userName.
        let before = T.stored(s, .user, "u-0003")
        let rename = s.handle(
            T.patch("/Users/u-0003", #"[{"op":"replace","path":"userName","value":"ALICE@EXAMPLE.COM"}]"#))
        T.expectError(rename.response, 409, .uniqueness)
        #expect(T.stored(s, .user, "u-0003") == before)
    }

    @Test func f09SequentialDuplicatePostsGiveOneUser() {
        var s = T.service()
        let body = #"{"userName":"erin@example.com"}"#
        let a = s.handle(T.request(.post, "/Users", body))
        let b = s.handle(T.request(.post, "/Users", body))
        #expect([a.response.status, b.response.status] == [201, 409])
        #expect(s.users.count == 1)
        #expect(a.changes.map(\.kind) + b.changes.map(\.kind) == [.created])
    }

    @Test(arguments: [
        ("/Users", 3, 1, 3, ["u-0001", "u-0002", "u-0003"], true),
        ("/Users?startIndex=2&count=1", 3, 2, 1, ["u-0002"], true),
        ("/Users?startIndex=9&count=2", 3, 9, 0, [], true),
        ("/Users?count=0", 3, 1, 0, [], false),
        ("/Users?startIndex=0&count=2", 3, 1, 2, ["u-0001", "u-0002"], true),
        ("/Users?count=-5", 3, 1, 0, [], false),
        ("/Users?count=10000", 3, 1, 3, ["u-0001", "u-0002", "u-0003"], true),
        ("/Users?filter=title%20eq%20%22Eng%22&startIndex=2&count=1", 2, 2, 1, ["u-0002"], true),
    ])
    func f10Paging(target: String, total: Int, start: Int, items: Int, ids: [String], hasResources: Bool) {
        var s = T.seeded()
        let r = s.handle(T.request(.get, target)).response
        #expect(r.status == 200)
        #expect(T.int(r, "totalResults") == Int64(total))
        #expect(T.int(r, "startIndex") == Int64(start))
        #expect(T.int(r, "itemsPerPage") == Int64(items))
        #expect(T.ids(r) == ids)
        #expect((r.body?["Resources"] != nil) == hasResources)
    }

    @Test func f10BadStartIndexAndLargePages() {
        var s = T.seeded()
        T.expectError(s.handle(T.request(.get, "/Users?startIndex=abc")).response, 400, .invalidValue)
        var big = T.service(SCIMServiceConfiguration(maxResults: 100))
        for i in 0..<250 { _ = big.handle(T.request(.post, "/Users", #"{"userName":"user\#(i)@example.com"}"#)) }
        var seen: [String] = []
        for (start, expected) in [(1, 100), (101, 100), (201, 50)] {
            let r = big.handle(T.request(.get, "/Users?startIndex=\(start)&count=100")).response
            #expect(T.ids(r).count == expected)
            #expect(T.int(r, "totalResults") == 250)
            seen += T.ids(r)
        }
        #expect(Set(seen).count == 250)
        #expect(T.ids(big.handle(T.request(.get, "/Users?count=10000")).response).count == 100)
    }

    @Test func f11ExternalID() {
        var s = T.seeded()
        let a = Self.filter(&s, #"externalId eq "ext-A1""#)
        #expect(T.ids(a) == ["u-0001"])
        #expect(a.body?["Resources"]?[0]?["externalId"] == "ext-A1")
        #expect(T.int(Self.filter(&s, #"externalId eq "EXT-A1""#), "totalResults") == 0)
        let c = s.handle(T.request(.post, "/Users", #"{"userName":"zed@example.com","externalId":"ext-Z9"}"#))
        #expect(c.response.body?["externalId"] == "ext-Z9")
        #expect(s.handle(T.request(.get, "/Users/u-0004")).response.body?["externalId"] == "ext-Z9")
        _ = s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","path":"externalId","value":"ext-A1-new"}]"#))
        #expect(T.ids(Self.filter(&s, #"externalId eq "ext-A1-new""#)) == ["u-0001"])
        #expect(T.int(Self.filter(&s, #"externalId eq "ext-A1""#), "totalResults") == 0)
        _ = s.handle(T.request(.post, "/Groups", #"{"displayName":"G2","externalId":"grp-ext-1"}"#))
        #expect(T.ids(Self.filter(&s, #"externalId eq "grp-ext-1""#, "/Groups")) == ["g-0002"])
        // Judgment: externalId is not unique; a second user may share it.
        #expect(
            s.handle(T.request(.post, "/Users", #"{"userName":"dup@example.com","externalId":"ext-Z9"}"#)).response
                .status == 201)
        #expect(T.ids(Self.filter(&s, #"externalId eq "ext-Z9""#)) == ["u-0004", "u-0005"])
    }

    @Test func f12DeactivateThenReactivate() {
        var s = T.seeded()
        let d = s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","value":{"active":false}}]"#))
        #expect(d.response.body?["active"] == false)
        let g = s.handle(T.request(.get, "/Users/u-0001")).response
        #expect(g.status == 200)
        #expect(g.body?["active"] == false)
        let f = s.handle(
            T.request(.get, "/Users?filter=userName%20eq%20%22alice%40example.com%22&startIndex=1&count=100"))
        #expect(T.ids(f.response) == ["u-0001"])
        let again = s.handle(T.request(.post, "/Users", #"{"userName":"alice@example.com"}"#))
        T.expectError(again.response, 409, .uniqueness)
        let e = s.handle(T.patch("/Users/u-0001", #"[{"op":"Replace","path":"active","value":"True"}]"#))
        #expect(e.response.status == 200)
        #expect(e.response.body?["id"] == "u-0001")
        #expect(T.stored(s, .user, "u-0001")?["active"] == true)
        #expect(T.members(s, "g-0001").contains("u-0001"))
        #expect(d.changes.first?.changedAttributes == ["active"])
        #expect(e.changes.first?.changedAttributes == ["active"])
    }

    @Test func f14LargeGroups() {
        var s = T.service(SCIMServiceConfiguration(maxBodyBytes: 50_000, maxResults: 10_000))
        var members: [String] = []
        for i in 0..<5_151 {
            _ = s.handle(T.request(.post, "/Users", #"{"userName":"m\#(i)@example.com"}"#))
            if i < 150 { members.append(#"{"value":"u-\#(format4(i + 1))"}"#) }
        }
        _ = s.handle(
            T.request(.post, "/Groups", #"{"displayName":"g-big","members":[\#(members.joined(separator: ","))]}"#))
        #expect(T.members(s, "g-0001").count == 150)
        let add = s.handle(T.patch("/Groups/g-0001", #"[{"op":"add","path":"members","value":[{"value":"u-0151"}]}]"#))
        #expect(add.response.status == 204)
        #expect(s.handle(T.request(.get, "/Groups/g-0001")).response.body?["members"]?.arrayValue?.count == 151)
        let lookup = s.handle(
            T.request(.get, "/Groups?excludedAttributes=members&filter=displayName%20eq%20%22g-big%22"))
        #expect(lookup.response.body?["Resources"]?[0]?["members"] == nil)
        // C: 5,000 members in one PATCH as bytes: over the 50 kB limit, 413 and nothing applied.
        let many = (152...5_151).map { #"{"value":"u-\#(format4($0))"}"# }.joined(separator: ",")
        let text = #"{"schemas":["\#(T.patchURN)"],"Operations":[{"op":"add","path":"members","value":[\#(many)]}]}"#
        let big = s.handle(
            SCIMRequest(
                method: .patch, path: "/Groups/g-0001", headers: ["Content-Type": "application/scim+json"],
                body: .bytes(Array(text.utf8))))
        T.expectError(big.response, 413)
        #expect(big.changes.isEmpty)
        #expect(T.members(s, "g-0001").count == 151)
        // As a value (no byte size), all 5,000 are applied at once.
        let value = s.handle(T.patch("/Groups/g-0001", #"[{"op":"add","path":"members","value":[\#(many)]}]"#))
        #expect(value.response.status == 204)
        #expect(T.members(s, "g-0001").count == 5_151)
        #expect(value.changes.first?.memberIDs.count == 5_000)
    }

    @Test(arguments: [
        ("application/scim+json; charset=utf-8", 201),
        ("application/json", 201),
        ("Application/SCIM+JSON", 201),
        ("text/plain", 415),
    ])
    func f19ContentTypes(contentType: String, status: Int) {
        var s = T.service()
        let body = #"{"schemas":["\#(T.userURN)"],"userName":"ct@example.com","title":"Eng"}"#
        let r = s.handle(
            SCIMRequest(
                method: .post, path: "/Users", headers: ["Content-Type": contentType, "Accept": "application/json"],
                body: .bytes(Array(body.utf8))))
        #expect(r.response.status == status)
        #expect(r.response.headers["Content-Type"] == "application/scim+json")
        #expect(s.users.count == (status == 201 ? 1 : 0))
        if status == 201 { #expect(T.stored(s, .user, "u-0001")?["title"] == "Eng") }
    }

    /// Decision (R1): an unknown extension is ignored; core and enterprise data are stored.
    @Test func r1UnknownExtensionIsIgnored() {
        var s = T.service()
        let custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User"
        let r = s.handle(
            T.request(
                .post, "/Users",
                #"{"schemas":["\#(T.userURN)","\#(T.enterpriseURN)","\#(custom)"],"userName":"ext@example.com","\#(T.enterpriseURN)":{"department":"R&D"},"\#(custom)":{"shoeSize":"42"}}"#
            ))
        #expect(r.response.status == 201)
        let u = T.stored(s, .user, "u-0001")!
        #expect(u[T.enterpriseURN]?["department"] == "R&D")
        #expect(u[custom] == nil)
        #expect(u["schemas"] == [.string(T.userURN), .string(T.enterpriseURN)])
        let p = s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","path":"\#(custom):shoeSize","value":"43"}]"#))
        #expect(p.response.status == 200)
        #expect(p.changes.isEmpty)
        let schemas = s.handle(T.request(.get, "/Schemas")).response
        #expect(schemas.body?["totalResults"] == 3)
    }
}

/// `n` zero-padded to four digits, as the sequential id source writes it.
func format4(_ n: Int) -> String {
    let d = String(n)
    return d.count >= 4 ? d : String(repeating: "0", count: 4 - d.count) + d
}

/// field-cases.md F06 D and F14 D.
@Suite struct FieldCaseQueryTests2 {
    /// Deviation (documented on SCIMServiceConfiguration.strictFilters): Entra's matching filter
    /// `emails[type eq "work"].value eq "..."` is accepted by default; strict mode gives 400.
    @Test func f06ValuePathComparisonInGetFilter() {
        var s = T.seeded()
        let entra = #"emails[type eq "work"].value eq "alice@example.com""#
        let valid = #"emails[type eq "work" and value eq "alice@example.com"]"#
        #expect(T.ids(FieldCaseQueryTests.filter(&s, entra)) == ["u-0001"])
        #expect(T.ids(FieldCaseQueryTests.filter(&s, valid)) == ["u-0001"])
        var strict = T.seeded(SCIMServiceConfiguration(strictFilters: true))
        T.expectError(FieldCaseQueryTests.filter(&strict, entra), 400, .invalidFilter)
        #expect(T.ids(FieldCaseQueryTests.filter(&strict, valid)) == ["u-0001"])
    }

    @Test func f14PutOfAHugeGroupIsAllOrNothing() {
        var s = T.seeded(SCIMServiceConfiguration(maxBodyBytes: 100_000))
        let before = T.stored(s, .group, "g-0001")
        let members = (1...10_000).map { #"{"value":"u-\#(format4($0))"}"# }.joined(separator: ",")
        let text = #"{"displayName":"Sales Team EMEA","members":[\#(members)]}"#
        let tooBig = s.handle(SCIMRequest(method: .put, path: "/Groups/g-0001", body: .bytes(Array(text.utf8))))
        T.expectError(tooBig.response, 413)
        // As a value, 9,997 of the ids do not exist: 400 and not one member applied.
        let unknown = s.handle(SCIMRequest(method: .put, path: "/Groups/g-0001", body: .value(T.json(text))))
        T.expectError(unknown.response, 400, .invalidValue)
        #expect(unknown.changes.isEmpty)
        #expect(T.stored(s, .group, "g-0001") == before)
    }
}
