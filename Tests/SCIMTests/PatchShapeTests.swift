import Testing

@testable import SCIM

/// PATCH shapes beyond the field cases: extension paths, element filters, sub-attributes.
@Suite struct PatchShapeTests {
    static let ent = T.enterpriseURN

    @Test func wholeExtensionAndManagerPaths() {
        var s = T.seeded()
        let add = s.handle(
            T.patch("/Users/u-0001", #"[{"op":"add","path":"\#(Self.ent)","value":{"department":"R&D"}}]"#))
        #expect(add.response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?[Self.ent] == ["department": "R&D"])
        let manager = s.handle(
            T.patch("/Users/u-0001", #"[{"op":"replace","path":"\#(Self.ent):manager.value","value":"u-0003"}]"#))
        #expect(manager.response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?[Self.ent] == ["department": "R&D", "manager": ["value": "u-0003"]])
        #expect(manager.changes.first?.changedAttributes == ["\(Self.ent.lowercased()):manager"])
        let remove = s.handle(T.patch("/Users/u-0001", #"[{"op":"remove","path":"\#(Self.ent)"}]"#))
        #expect(remove.response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?[Self.ent] == nil)
        #expect(T.stored(s, .user, "u-0001")?["schemas"] == [.string(T.userURN)])
    }

    @Test func elementFiltersAndSubAttributes() {
        var s = T.seeded()
        _ = s.handle(
            T.patch(
                "/Users/u-0001", #"[{"op":"add","path":"emails","value":[{"value":"al@home.example","type":"home"}]}]"#)
        )
        #expect(T.stored(s, .user, "u-0001")?["emails"]?.arrayValue?.count == 2)
        // Re-adding the same element changes nothing.
        let again = s.handle(
            T.patch(
                "/Users/u-0001", #"[{"op":"add","path":"emails","value":[{"value":"al@home.example","type":"home"}]}]"#)
        )
        #expect(again.changes.isEmpty)
        let rm = s.handle(T.patch("/Users/u-0001", #"[{"op":"remove","path":"emails[type eq \"work\"]"}]"#))
        #expect(rm.response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?["emails"] == [["value": "al@home.example", "type": "home"]])
        let sub = s.handle(T.patch("/Users/u-0001", #"[{"op":"remove","path":"emails[type eq \"home\"].type"}]"#))
        #expect(sub.response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?["emails"] == [["value": "al@home.example"]])
        let whole = s.handle(
            T.patch(
                "/Users/u-0001",
                #"[{"op":"replace","path":"emails[value eq \"al@home.example\"]","value":{"value":"x@y.example","primary":"True"}}]"#
            ))
        #expect(whole.response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?["emails"] == [["value": "x@y.example", "primary": true]])
        T.expectError(
            s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","path":"emails[type pr].display","value":"d"}]"#))
                .response,
            400, .noTarget)
        T.expectError(
            s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","path":"title[value eq \"x\"]","value":"d"}]"#))
                .response,
            400, .invalidPath)
        T.expectError(
            s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","path":"name.nope","value":"d"}]"#)).response, 400,
            .invalidPath)
        T.expectError(
            s.handle(T.patch("/Users/u-0001", #"[{"op":"add","path":"groups","value":[]}]"#)).response, 400, .mutability
        )
    }

    @Test func pathlessValueIgnoresReadOnlyAndUnknownKeys() {
        var s = T.seeded()
        let r = s.handle(
            T.patch(
                "/Users/u-0001",
                #"[{"op":"replace","value":{"groups":[{"value":"g-0001"}],"meta":{"version":"x"},"shoeSize":42,"title":"CTO"}}]"#
            ))
        #expect(r.response.status == 200)
        #expect(r.changes.first?.changedAttributes == ["title"])
        #expect(T.stored(s, .user, "u-0001")?["groups"] == nil)
        #expect(T.stored(s, .user, "u-0001")?["shoeSize"] == nil)
    }
}
