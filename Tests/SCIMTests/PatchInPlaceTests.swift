import Testing

@testable import SCIM

/// User PATCHes of simple attributes by path are applied in place; each must give exactly what the general rules
/// give for the same change sent without a path (`{"op":"replace","value":{...}}`), which takes the general path.
@Suite struct PatchInPlaceTests {
    /// Runs `withPath` on one seeded service and `withoutPath` on another; everything observable must match.
    func expectSameOutcome(_ withPath: String, _ withoutPath: String, user: String = "u-0001") throws {
        var fast = T.seeded()
        var general = T.seeded()
        let a = fast.handle(T.patch("/Users/" + user, withPath))
        let b = general.handle(T.patch("/Users/" + user, withoutPath))
        #expect(a == b)
        #expect(fast.resource(.user, id: user) == general.resource(.user, id: user))
        // The clock was used the same number of times: the next write gets the same timestamps.
        let next = #"[{"op":"replace","value":{"title":"Next"}}]"#
        #expect(fast.handle(T.patch("/Users/u-0003", next)) == general.handle(T.patch("/Users/u-0003", next)))
    }

    @Test func replaceActive() throws {
        let op: JSONValue = ["op": "replace", "path": "active", "value": false]
        let plan = T.seeded().simplePatch([op.objectValue ?? JSONObject()])
        #expect(plan?.count == 1)
        try expectSameOutcome(
            #"[{"op":"replace","path":"active","value":false}]"#, #"[{"op":"replace","value":{"active":false}}]"#)
    }

    @Test func unchangedValueChangesNothing() throws {
        try expectSameOutcome(
            #"[{"op":"Replace","path":"active","value":true}]"#, #"[{"op":"replace","value":{"active":true}}]"#)
        var s = T.seeded()
        let r = s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","path":"active","value":true}]"#))
        #expect(r.response.status == 200)
        #expect(r.changes.isEmpty)
        #expect(s.resource(.user, id: "u-0001")?.version == 1)
    }

    @Test func newAttributeAndSeveralOperations() throws {
        try expectSameOutcome(
            #"[{"op":"add","path":"nickName","value":"Al"},{"op":"replace","path":"title","value":"Lead"}]"#,
            #"[{"op":"add","value":{"nickName":"Al"}},{"op":"replace","value":{"title":"Lead"}}]"#)
        try expectSameOutcome(
            #"[{"op":"replace","path":"active","value":false},{"op":"replace","path":"active","value":true}]"#,
            #"[{"op":"replace","value":{"active":false}},{"op":"replace","value":{"active":true}}]"#)
        try expectSameOutcome(
            #"[{"op":"replace","path":"ACTIVE","value":"True"}]"#, #"[{"op":"replace","value":{"active":"True"}}]"#,
            user: "u-0002")
    }

    /// A bad operation after a good one fails the whole request and changes nothing (RFC 7644 section 3.5.2).
    @Test func failingOperationLeavesTheUserUnchanged() throws {
        var s = T.seeded()
        let before = s.resource(.user, id: "u-0001")
        let bad = #"[{"op":"replace","path":"active","value":false},{"op":"replace","path":"active","value":"maybe"}]"#
        let maybe: JSONValue = ["op": "replace", "path": "active", "value": "maybe"]
        #expect(s.simplePatch([maybe.objectValue ?? JSONObject()]) == nil)
        let r = s.handle(T.patch("/Users/u-0001", bad))
        #expect(r.response.status == 400)
        #expect(r.changes.isEmpty)
        #expect(s.resource(.user, id: "u-0001") == before)
    }

    /// Shapes the in-place path leaves to the general rules.
    @Test func otherShapesAreNotSimple() {
        let s = T.seeded()
        let shapes: [JSONValue] = [
            ["op": "remove", "path": "title"], ["op": "replace", "path": "name.givenName", "value": "A"],
            ["op": "replace", "path": "userName", "value": "x@example.com"],
            ["op": "replace", "path": "externalId", "value": "x"], ["op": "replace", "path": "title", "value": nil],
            ["op": "replace", "path": "emails", "value": []], ["op": "replace", "value": ["active": false]],
            ["op": "replace", "path": "emails[type eq \"work\"].value", "value": "x@example.com"],
        ]
        for shape in shapes { #expect(s.simplePatch([shape.objectValue ?? JSONObject()]) == nil, "\(shape)") }
    }
}
