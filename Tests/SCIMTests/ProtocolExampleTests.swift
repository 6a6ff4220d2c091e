import Testing

@testable import SCIM

/// research/scim-protocol.md section 6: the fifteen example requests (Okta and Entra).
@Suite struct ProtocolExampleTests {
    static let auth: [(String, String)] = [
        ("Authorization", "Bearer tok_test_123"), ("Content-Type", "application/scim+json; charset=utf-8"),
    ]
    static let config = SCIMServiceConfiguration(
        bearerToken: "tok_test_123", baseLocation: "https://broker.example.test/scim/v2/d_0001")
    static let ada =
        #"{"schemas":["\#(T.userURN)"],"userName":"ada.lovelace@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada.lovelace@example.com","type":"work"}],"displayName":"Ada Lovelace","locale":"en-US","externalId":"00uAda0001","groups":[],"password":"pl4ceh0lder","active":true}"#

    static func req(_ method: HTTPMethod, _ target: String, _ body: String? = nil) -> SCIMRequest {
        T.request(method, target, body, headers: auth)
    }

    static func patch(_ target: String, _ operations: String) -> SCIMRequest {
        T.patch(target, operations, headers: auth)
    }

    /// A service holding Ada as `u-0001`.
    static func withAda() -> SCIMService {
        var s = T.service(Self.config)
        precondition(s.handle(Self.req(.post, "/Users", ada)).response.status == 201)
        return s
    }

    @Test func ex01ExistenceCheckWithoutMatch() {
        var s = T.service(Self.config)
        let r = s.handle(
            Self.req(.get, "/Users?filter=userName%20eq%20%22ada.lovelace%40example.com%22&startIndex=1&count=100"))
        #expect(r.response.status == 200)
        #expect(
            r.response.body == [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "startIndex": 1,
                "itemsPerPage": 0, "Resources": [],
            ])
    }

    @Test func ex02OktaCreateUser() {
        var s = T.service(Self.config)
        let r = s.handle(Self.req(.post, "/Users", Self.ada))
        let b = r.response.body
        #expect(r.response.status == 201)
        #expect(r.response.headers["Location"] == "https://broker.example.test/scim/v2/d_0001/Users/u-0001")
        #expect(r.response.headers["ETag"] == #"W/"1""#)
        #expect(r.response.headers["Content-Type"] == "application/scim+json")
        #expect(b?["id"] == "u-0001")
        #expect(b?["userName"] == "ada.lovelace@example.com")
        #expect(b?["name"] == ["givenName": "Ada", "familyName": "Lovelace"])
        #expect(b?["emails"] == [["primary": true, "value": "ada.lovelace@example.com", "type": "work"]])
        #expect(b?["externalId"] == "00uAda0001")
        #expect(b?["active"] == true)
        #expect(b?["password"] == nil)
        #expect(b?["groups"] == nil)
        #expect(b?["meta"]?["resourceType"] == "User")
        #expect(b?["meta"]?["location"]?.stringValue == r.response.headers["Location"])
        #expect(b?["meta"]?["version"] == #"W/"1""#)
        #expect(b?["meta"]?["created"] == "2026-01-01T00:00:00.000Z")
        #expect(b?["meta"]?["lastModified"] == "2026-01-01T00:00:00.000Z")
        #expect(r.changes.map(\.kind) == [.created])
        #expect(T.stored(s, .user, "u-0001")?["password"] == nil)
    }

    @Test func ex03DuplicateDifferingInCase() {
        var s = Self.withAda()
        let r = s.handle(
            Self.req(
                .post, "/Users",
                #"{"schemas":["\#(T.userURN)"],"userName":"Ada.Lovelace@EXAMPLE.com","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada.lovelace@example.com","type":"work","primary":true}],"active":true}"#
            ))
        T.expectError(r.response, 409, .uniqueness)
        #expect(s.users.count == 1)
    }

    @Test func ex04CaseInsensitiveFilterWithPlusSpaces() {
        var s = Self.withAda()
        let r = s.handle(Self.req(.get, "/Users?filter=userName+eq+%22ADA.LOVELACE%40EXAMPLE.COM%22")).response
        #expect(r.status == 200)
        #expect(T.int(r, "totalResults") == 1)
        #expect(T.ids(r) == ["u-0001"])
        #expect(T.int(r, "startIndex") == 1)
        #expect(T.int(r, "itemsPerPage") == 1)
    }

    /// Decision: PUT is a full replace, so the omitted externalId is cleared.
    @Test func ex05OktaPutReplacesProfile() {
        var s = Self.withAda()
        let r = s.handle(
            Self.req(
                .put, "/Users/u-0001",
                #"{"schemas":["\#(T.userURN)"],"id":"u-0001","userName":"ada.lovelace@example.com","name":{"givenName":"Ada","middleName":"Augusta","familyName":"King"},"emails":[{"primary":true,"value":"ada.lovelace@example.com","type":"work","display":"ada.lovelace@example.com"}],"displayName":"Ada King","active":true,"groups":[],"meta":{"resourceType":"User"}}"#
            ))
        let b = r.response.body
        #expect(r.response.status == 200)
        #expect(b?["name"]?["familyName"] == "King")
        #expect(b?["name"]?["middleName"] == "Augusta")
        #expect(b?["displayName"] == "Ada King")
        #expect(b?["active"] == true)
        #expect(b?["externalId"] == nil)
        #expect(b?["groups"] == nil)
        #expect(b?["meta"]?["version"] == #"W/"2""#)
        #expect(b?["meta"]?["lastModified"] == "2026-01-01T00:00:01.000Z")
        #expect(b?["meta"]?["created"] == "2026-01-01T00:00:00.000Z")
        #expect(r.response.headers["ETag"] == #"W/"2""#)
        #expect(r.changes.map(\.kind) == [.replaced])
        #expect(r.changes.first?.changedAttributes == ["displayname", "emails", "externalid", "locale", "name"])
        #expect(T.stored(s, .user, "u-0001")?["locale"] == nil)
    }

    @Test func ex06And07OktaDeactivateAndReactivate() {
        var s = Self.withAda()
        let off = s.handle(Self.patch("/Users/u-0001", #"[{"op":"replace","value":{"active":false}}]"#))
        #expect(off.response.status == 200)
        #expect(off.response.body?["active"] == false)
        let get = s.handle(Self.req(.get, "/Users/u-0001")).response
        #expect(get.status == 200)
        #expect(get.body?["active"] == false)
        let on = s.handle(Self.patch("/Users/u-0001", #"[{"op":"replace","value":{"active":true}}]"#))
        #expect(on.response.status == 200)
        #expect(on.response.body?["active"] == true)
        #expect(T.stored(s, .user, "u-0001")?["active"] == true)
    }

    @Test func ex08OktaImportPageTwo() {
        var s = T.service(Self.config)
        for i in 0..<150 { _ = s.handle(Self.req(.post, "/Users", #"{"userName":"user\#(i)@example.com"}"#)) }
        let p1 = s.handle(Self.req(.get, "/Users?startIndex=1&count=100")).response
        let p2 = s.handle(Self.req(.get, "/Users?startIndex=101&count=100")).response
        #expect(p2.status == 200)
        #expect(p2.body?["totalResults"] == 150)
        #expect(p2.body?["startIndex"] == 101)
        #expect(p2.body?["itemsPerPage"] == 50)
        #expect(T.ids(p1) + T.ids(p2) == (1...150).map { "u-" + format4($0) })
    }

    @Test func ex09OktaGroupPushCreate() {
        var s = T.service(Self.config)
        let r = s.handle(
            Self.req(
                .post, "/Groups", #"{"schemas":["\#(T.groupURN)"],"displayName":"Analytical Engines","members":[]}"#))
        #expect(r.response.status == 201)
        #expect(r.response.headers["Location"] == "https://broker.example.test/scim/v2/d_0001/Groups/g-0001")
        #expect(r.response.body?["id"] == "g-0001")
        #expect(r.response.body?["displayName"] == "Analytical Engines")
        #expect(r.response.body?["members"] == [])
        #expect(r.response.body?["meta"]?["resourceType"] == "Group")
        #expect(r.changes.map(\.kind) == [.created])
    }

    /// Judgment: removing a member that is absent is a no-op; the rest of the PATCH still applies.
    @Test func ex10OktaMembershipRemoveAndAdd() {
        var s = Self.withAda()
        _ = s.handle(Self.req(.post, "/Users", #"{"userName":"grace.hopper@example.com"}"#))
        _ = s.handle(
            Self.req(.post, "/Groups", #"{"displayName":"Analytical Engines","members":[{"value":"u-0002"}]}"#))
        let ops =
            #"[{"op":"remove","path":"members[value eq \"u-0002\"]"},{"op":"add","path":"members","value":[{"value":"u-0001","display":"ada.lovelace@example.com"}]}]"#
        let r = s.handle(Self.patch("/Groups/g-0001", ops))
        #expect(r.response.status == 204)
        #expect(T.members(s, "g-0001") == ["u-0001"])
        #expect(r.changes.map(\.kind) == [.membersRemoved, .membersAdded])
        #expect(r.changes.map(\.memberIDs) == [["u-0002"], ["u-0001"]])
        let again = s.handle(Self.patch("/Groups/g-0001", ops.replacing("u-0001", with: "u-0002")))
        #expect(again.response.status == 204)
    }

    @Test func ex11OktaGroupRenameCarryingID() {
        var s = T.service(Self.config)
        _ = s.handle(Self.req(.post, "/Groups", #"{"displayName":"Analytical Engines"}"#))
        let r = s.handle(
            Self.patch(
                "/Groups/g-0001", #"[{"op":"replace","value":{"id":"g-0001","displayName":"Difference Engines"}}]"#))
        #expect(r.response.status == 204)
        #expect(T.stored(s, .group, "g-0001")?["displayName"] == "Difference Engines")
        let bad = s.handle(
            Self.patch("/Groups/g-0001", #"[{"op":"replace","value":{"id":"g-9999","displayName":"Other"}}]"#))
        T.expectError(bad.response, 400, .mutability)
        #expect(T.stored(s, .group, "g-0001")?["displayName"] == "Difference Engines")
    }

    @Test func ex12EntraDisableWithStringBoolean() {
        var s = Self.withAda()
        let r = s.handle(Self.patch("/Users/u-0001", #"[{"op":"Replace","path":"active","value":"False"}]"#))
        #expect(r.response.status == 200)
        #expect(r.response.body?["active"] == false)
        let f = s.handle(Self.req(.get, "/Users?filter=userName%20eq%20%22ada.lovelace%40example.com%22")).response
        #expect(f.body?["Resources"]?[0]?["active"] == false)
    }

    static let entraOps =
        #"[{"op":"Replace","path":"displayName","value":"Ada King"},{"op":"Replace","path":"emails[type eq \"work\"].value","value":"ada.king@example.com"},{"op":"Replace","path":"name.familyName","value":"King"},{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"1815"}]"#

    static func expectEntraState(_ s: SCIMService, sourceLocation: SourceLocation = #_sourceLocation) {
        let u = T.stored(s, .user, "u-0001")
        let work = u?["emails"]?.arrayValue?.filter { $0["type"] == "work" }
        #expect(work?.count == 1, sourceLocation: sourceLocation)
        #expect(work?.first?["value"] == "ada.king@example.com", sourceLocation: sourceLocation)
        #expect(u?["name"]?["familyName"] == "King", sourceLocation: sourceLocation)
        #expect(u?["displayName"] == "Ada King", sourceLocation: sourceLocation)
        #expect(u?[T.enterpriseURN]?["employeeNumber"] == "1815", sourceLocation: sourceLocation)
        #expect(u?["schemas"] == [.string(T.userURN), .string(T.enterpriseURN)], sourceLocation: sourceLocation)
        #expect(u?["name.givenName"] == nil, sourceLocation: sourceLocation)
    }

    @Test func ex13EntraMultiAttributeUpdate() {
        var s = Self.withAda()
        let r = s.handle(Self.patch("/Users/u-0001", Self.entraOps))
        #expect(r.response.status == 200)
        Self.expectEntraState(s)
        var add = Self.withAda()
        #expect(
            add.handle(Self.patch("/Users/u-0001", Self.entraOps.replacing("Replace", with: "Add"))).response.status
                == 200)
        Self.expectEntraState(add)
        #expect(T.stored(add, .user, "u-0001") == T.stored(s, .user, "u-0001"))
        var noWork = T.service(Self.config)
        _ = noWork.handle(
            Self.req(.post, "/Users", #"{"userName":"ada.lovelace@example.com","name":{"givenName":"Ada"}}"#))
        #expect(noWork.handle(Self.patch("/Users/u-0001", Self.entraOps)).response.status == 200)
        Self.expectEntraState(noWork)
    }

    @Test func ex14EntraFlagPathlessDottedAndURNKeys() {
        var s = Self.withAda()
        let ops =
            #"[{"op":"replace","path":"emails[type eq \"work\"].value","value":"ada.king@example.com"},{"op":"replace","value":{"displayName":"Ada King","name.givenName":"Ada","name.familyName":"King","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"1815"}}]"#
        let r = s.handle(Self.patch("/Users/u-0001?aadOptscim062020", ops))
        #expect(r.response.status == 200)
        Self.expectEntraState(s)
        var t = Self.withAda()
        _ = t.handle(Self.patch("/Users/u-0001", Self.entraOps))
        #expect(T.stored(s, .user, "u-0001")?["name"] == T.stored(t, .user, "u-0001")?["name"])
        #expect(T.stored(s, .user, "u-0001")?["emails"] == T.stored(t, .user, "u-0001")?["emails"])
    }

    @Test(arguments: [
        #"[{"op":"Remove","path":"members","value":[{"value":"u-0001"}]}]"#,
        #"[{"op":"remove","path":"members[value eq \"u-0001\"]"}]"#,
    ])
    func ex15EntraRemoveMemberByValueList(operations: String) {
        var s = Self.withAda()
        _ = s.handle(Self.req(.post, "/Users", #"{"userName":"grace.hopper@example.com"}"#))
        _ = s.handle(
            Self.req(
                .post, "/Groups",
                #"{"displayName":"Difference Engines","members":[{"value":"u-0001"},{"value":"u-0002"}]}"#))
        let r = s.handle(Self.patch("/Groups/g-0001", operations))
        #expect(r.response.status == 204)
        #expect(r.response.body == nil)
        #expect(T.members(s, "g-0001") == ["u-0002"])
        let lookup = s.handle(
            Self.req(.get, "/Groups?excludedAttributes=members&filter=displayName+eq+%22Difference+Engines%22")
        ).response
        #expect(lookup.status == 200)
        #expect(T.int(lookup, "totalResults") == 1)
        #expect(lookup.body?["Resources"]?[0]?["id"] == "g-0001")
        #expect(lookup.body?["Resources"]?[0]?["displayName"] == "Difference Engines")
        #expect(lookup.body?["Resources"]?[0]?["members"] == nil)
    }
}
