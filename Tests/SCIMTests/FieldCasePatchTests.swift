import Testing

@testable import SCIM

/// research/field-cases.md section 2, PATCH cases F01 to F06, and reserve cases R3, R4.
@Suite struct FieldCasePatchTests {
    @Test func f01CapitalisedOpsAreAccepted() {
        var s = T.seeded()
        let before = T.stored(s, .user, "u-0001")?["meta"]?["lastModified"]
        let r = s.handle(T.patch("/Users/u-0001", #"[{"op":"Replace","path":"displayName","value":"Alice N."}]"#))
        #expect(r.response.status == 200)
        #expect(r.response.body?["displayName"] == "Alice N.")
        #expect(T.stored(s, .user, "u-0001")?["displayName"] == "Alice N.")
        #expect(T.stored(s, .user, "u-0001")?["meta"]?["lastModified"] != before)
        #expect(r.changes.map(\.kind) == [.patched])
        #expect(r.changes.first?.changedAttributes == ["displayname"])
        #expect(
            s.handle(T.patch("/Users/u-0001", #"[{"op":"ADD","path":"nickName","value":"Al"}]"#)).response.status == 200
        )
        #expect(T.stored(s, .user, "u-0001")?["nickName"] == "Al")
        #expect(s.handle(T.patch("/Users/u-0001", #"[{"op":"remove","path":"nickName"}]"#)).response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?["nickName"] == nil)
        let g = s.handle(T.patch("/Groups/g-0001", #"[{"op":"Remove","path":"members[value eq \"u-0003\"]"}]"#))
        #expect(g.response.status == 204)
        #expect(T.members(s, "g-0001") == ["u-0001", "u-0002"])
    }

    @Test func f01UnknownOpIsRejectedAndChangesNothing() {
        var s = T.seeded()
        let before = T.stored(s, .user, "u-0001")
        let r = s.handle(T.patch("/Users/u-0001", #"[{"op":"merge","path":"displayName","value":"X"}]"#))
        T.expectError(r.response, 400, .invalidSyntax)
        #expect(r.changes.isEmpty)
        #expect(T.stored(s, .user, "u-0001") == before)
    }

    @Test func f02PathlessReplaceChangesOnlyActive() {
        var s = T.seeded()
        let before = T.stored(s, .user, "u-0001")!
        let r = s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","value":{"active":false}}]"#))
        #expect(r.response.status == 200)
        let after = T.stored(s, .user, "u-0001")!
        #expect(after["active"] == false)
        for key in ["userName", "emails", "name", "externalId", "title"] { #expect(after[key] == before[key]) }
        #expect(r.changes.count == 1)
        #expect(r.changes.first?.kind == .patched)
        #expect(r.changes.first?.changedAttributes == ["active"])
    }

    /// Judgment (F02 B): dotted and URN-qualified keys of a pathless value are attribute paths.
    @Test func f02EntraDottedAndURNKeys() {
        var s = T.seeded()
        _ = s.handle(T.patch("/Users/u-0001", #"[{"op":"add","path":"name.formatted","value":"Alice Ng"}]"#))
        let r = s.handle(
            T.patch(
                "/Users/u-0001",
                #"[{"op":"Replace","value":{"displayName":"Alice Ng","name.givenName":"Alicia","name.familyName":"Ng","\#(T.enterpriseURN):employeeNumber":"E-1001"}}]"#
            ))
        #expect(r.response.status == 200)
        let u = T.stored(s, .user, "u-0001")!
        #expect(u["name"]?["givenName"] == "Alicia")
        #expect(u["name"]?["familyName"] == "Ng")
        #expect(u["name"]?["formatted"] == "Alice Ng")
        #expect(u[T.enterpriseURN]?["employeeNumber"] == "E-1001")
        #expect(u["name.givenName"] == nil)
        #expect(u["schemas"]?.arrayValue?.contains(.string(T.enterpriseURN)) == true)
        #expect(
            r.changes.first?.changedAttributes == [
                "displayname", "name", "\(T.enterpriseURN.lowercased()):employeenumber",
            ])
    }

    /// Judgment (F03): "true"/"false" strings in any case are booleans; other strings are 400.
    @Test func f03StringBooleans() {
        for (text, expected) in [("False", false), ("false", false), ("True", true), ("TRUE", true)] {
            var s = T.seeded()
            let r = s.handle(T.patch("/Users/u-0001", #"[{"op":"Replace","path":"active","value":"\#(text)"}]"#))
            #expect(r.response.status == 200)
            #expect(r.response.body?["active"] == .bool(expected))
            #expect(T.stored(s, .user, "u-0001")?["active"] == .bool(expected))
        }
        var s = T.seeded()
        #expect(
            s.handle(T.patch("/Users/u-0001", #"[{"op":"Replace","path":"active","value":false}]"#)).response.status
                == 200)
        #expect(T.stored(s, .user, "u-0001")?["active"] == false)
        let before = T.stored(s, .user, "u-0001")
        let bad = s.handle(T.patch("/Users/u-0001", #"[{"op":"Replace","path":"active","value":"maybe"}]"#))
        T.expectError(bad.response, 400, .invalidValue)
        #expect(T.stored(s, .user, "u-0001") == before)
        let post = s.handle(
            T.request(.post, "/Users", #"{"schemas":["\#(T.userURN)"],"userName":"dan@example.com","active":"True"}"#))
        #expect(post.response.status == 201)
        #expect(post.response.body?["active"] == true)
    }

    @Test func f03StrictModeRefusesStringBooleans() {
        var s = T.seeded(SCIMServiceConfiguration(acceptStringBooleans: false))
        let r = s.handle(T.patch("/Users/u-0001", #"[{"op":"Replace","path":"active","value":"False"}]"#))
        T.expectError(r.response, 400, .invalidValue)
        #expect(T.stored(s, .user, "u-0001")?["active"] == true)
    }

    @Test(arguments: [
        #"[{"op":"remove","path":"members[value eq \"u-0002\"]"}]"#,
        #"[{"op":"Remove","path":"members","value":[{"value":"u-0002"}]}]"#,
    ])
    func f04RemoveOneMember(operations: String) {
        var s = T.seeded()
        let r = s.handle(T.patch("/Groups/g-0001", operations))
        #expect(r.response.status == 204)
        #expect(T.members(s, "g-0001") == ["u-0001", "u-0003"])
        #expect(s.users.count == 3)
        #expect(r.changes.count == 1)
        #expect(r.changes.first?.kind == .membersRemoved)
        #expect(r.changes.first?.memberIDs == ["u-0002"])
    }

    /// Judgment (F04): removing an absent member again succeeds with no change and no record.
    @Test func f04RemoveAbsentMemberIsIdempotent() {
        var s = T.seeded()
        _ = s.handle(T.patch("/Groups/g-0001", #"[{"op":"remove","path":"members[value eq \"u-0002\"]"}]"#))
        let version = s.resource(.group, id: "g-0001")?.version
        let again = s.handle(T.patch("/Groups/g-0001", #"[{"op":"remove","path":"members[value eq \"u-0002\"]"}]"#))
        #expect(again.response.status == 204)
        #expect(again.changes.isEmpty)
        #expect(s.resource(.group, id: "g-0001")?.version == version)
        let all = s.handle(T.patch("/Groups/g-0001", #"[{"op":"remove","path":"members"}]"#))
        #expect(all.response.status == 204)
        #expect(T.members(s, "g-0001").isEmpty)
        #expect(all.changes.first?.memberIDs == ["u-0001", "u-0003"])
    }

    @Test func f05AddMembersWithoutDuplicates() {
        var s = T.seeded()
        _ = s.handle(T.request(.post, "/Users", #"{"userName":"dan@example.com"}"#))
        let r = s.handle(
            T.patch(
                "/Groups/g-0001",
                #"[{"op":"add","path":"members","value":[{"value":"u-0001"},{"value":"u-0004","display":"dan@example.com"}]}]"#
            ))
        #expect(r.response.status == 204)
        #expect(T.members(s, "g-0001") == ["u-0001", "u-0002", "u-0003", "u-0004"])
        #expect(r.changes.map(\.kind) == [.membersAdded])
        #expect(r.changes.first?.memberIDs == ["u-0004"])
        // No-path add with value {"members": [...]} behaves the same.
        _ = s.handle(T.request(.post, "/Users", #"{"userName":"erin@example.com"}"#))
        let p = s.handle(
            T.patch("/Groups/g-0001", #"[{"op":"add","value":{"members":[{"value":"u-0004"},{"value":"u-0005"}]}}]"#))
        #expect(T.members(s, "g-0001") == ["u-0001", "u-0002", "u-0003", "u-0004", "u-0005"])
        #expect(p.changes.first?.memberIDs == ["u-0005"])
    }

    @Test func f06AddWorkEmailWhenAbsent() {
        var s = T.seeded()
        let r = s.handle(
            T.patch(
                "/Users/u-0003",
                #"[{"op":"Add","path":"emails[type eq \"work\"].value","value":"carol.new@example.com"}]"#))
        #expect(r.response.status == 200)
        #expect(T.stored(s, .user, "u-0003")?["emails"] == [["type": "work", "value": "carol.new@example.com"]])
    }

    @Test func f06ReplaceExistingWorkEmailKeepsOtherSubAttributes() {
        var s = T.seeded()
        let r = s.handle(
            T.patch(
                "/Users/u-0001",
                #"[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"alice.ng@example.com"}]"#))
        #expect(r.response.status == 200)
        #expect(
            T.stored(s, .user, "u-0001")?["emails"] == [
                ["value": "alice.ng@example.com", "type": "work", "primary": true]
            ])
    }

    /// Judgment (F06 C): upsert by default; with the tolerance off, strict RFC 400 noTarget.
    @Test func f06ReplaceWithNoMatch() {
        let home = #"{"userName":"dora@example.com","emails":[{"type":"home","value":"dora@home.example"}]}"#
        let op = #"[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"dora@example.com"}]"#
        var lenient = T.service()
        _ = lenient.handle(T.request(.post, "/Users", home))
        #expect(lenient.handle(T.patch("/Users/u-0001", op)).response.status == 200)
        #expect(
            T.stored(lenient, .user, "u-0001")?["emails"] == [
                ["type": "home", "value": "dora@home.example"], ["type": "work", "value": "dora@example.com"],
            ])
        var strict = T.service(SCIMServiceConfiguration(upsertOnValuePathNoMatch: false))
        _ = strict.handle(T.request(.post, "/Users", home))
        let before = T.stored(strict, .user, "u-0001")
        let r = strict.handle(T.patch("/Users/u-0001", op))
        T.expectError(r.response, 400, .noTarget)
        #expect(T.stored(strict, .user, "u-0001") == before)
    }

    @Test func r3PathlessReplaceOnGroupKeepsMembers() {
        var s = T.seeded()
        let r = s.handle(T.patch("/Groups/g-0001", #"[{"op":"Replace","value":{"displayName":"Sales EMEA"}}]"#))
        #expect(r.response.status == 204)
        #expect(T.stored(s, .group, "g-0001")?["displayName"] == "Sales EMEA")
        #expect(T.members(s, "g-0001") == ["u-0001", "u-0002", "u-0003"])
        #expect(r.changes.map(\.kind) == [.patched])
        #expect(r.changes.first?.changedAttributes == ["displayname"])
    }

    @Test func r4ReplaceMembersWithEmptyList() {
        var s = T.seeded()
        let r = s.handle(T.patch("/Groups/g-0001", #"[{"op":"replace","path":"members","value":[]}]"#))
        #expect(r.response.status == 204)
        #expect(T.members(s, "g-0001").isEmpty)
        #expect(T.stored(s, .group, "g-0001")?["members"] == [])
        #expect(r.changes.map(\.kind) == [.membersRemoved])
        #expect(r.changes.first?.memberIDs == ["u-0001", "u-0002", "u-0003"])
    }
}
