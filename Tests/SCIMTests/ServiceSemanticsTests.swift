import Testing

@testable import SCIM

/// HTTP-level rules and the negative-path checks of research/scim-protocol.md section 5.
@Suite struct ServiceSemanticsTests {
    static let body = #"{"userName":"ann@example.com"}"#

    @Test func bearerTokenIsCheckedBeforeAnythingElse() {
        var s = T.service(SCIMServiceConfiguration(bearerToken: "secret"))
        for headers: [(String, String)] in [
            [], [("Authorization", "Bearer wrong")], [("Authorization", "Basic c2VjcmV0")],
        ] {
            let r = s.handle(T.request(.post, "/Users", Self.body, headers: headers))
            T.expectError(r.response, 401)
            #expect(r.changes.isEmpty)
        }
        #expect(s.users.count == 0)
        let ok = s.handle(T.request(.post, "/Users", Self.body, headers: [("authorization", "bearer secret")]))
        #expect(ok.response.status == 201)
        T.expectError(s.handle(T.request(.get, "/Users/u-0001")).response, 401)
    }

    /// An empty object for a complex attribute means unassigned (RFC 7643 section 2.5): POST, PUT and PATCH
    /// store no `name`, and no response shows `"name": null`.
    @Test func emptyComplexValueIsUnassigned() {
        var s = T.service()
        let created = s.handle(T.request(.post, "/Users", #"{"userName":"ann@example.com","name":{}}"#))
        #expect(created.response.status == 201)
        #expect(created.response.body?["name"] == nil)
        #expect(T.stored(s, .user, "u-0001")?["name"] == nil)
        let named = #"{"userName":"ann@example.com","name":{"givenName":"Ann"}}"#
        #expect(s.handle(T.request(.put, "/Users/u-0001", named)).response.status == 200)
        #expect(T.stored(s, .user, "u-0001")?["name"] == ["givenName": "Ann"])
        let put = s.handle(T.request(.put, "/Users/u-0001", #"{"userName":"ann@example.com","name":{}}"#))
        #expect(put.response.status == 200)
        #expect(put.response.body?["name"] == nil)
        #expect(T.stored(s, .user, "u-0001")?["name"] == nil)
        let patch = s.handle(T.patch("/Users/u-0001", #"[{"op":"replace","value":{"name":{}}}]"#))
        #expect(patch.response.status == 200)
        #expect(patch.response.body?["name"] == nil)
        #expect(T.stored(s, .user, "u-0001")?["name"] == nil)
    }

    @Test func oversizedBodyIs413WithNothingApplied() {
        var s = T.service(SCIMServiceConfiguration(maxBodyBytes: 64))
        let big = #"{"userName":"ann@example.com","displayName":"\#(String(repeating: "x", count: 100))"}"#
        let r = s.handle(SCIMRequest(method: .post, path: "/Users", body: .bytes(Array(big.utf8))))
        T.expectError(r.response, 413)
        #expect(s.users.count == 0)
        let small = s.handle(SCIMRequest(method: .post, path: "/Users", body: .bytes(Array(Self.body.utf8))))
        #expect(small.response.status == 201)
    }

    @Test func malformedBodiesAre400InvalidSyntax() {
        var s = T.seeded()
        for text in ["{", "[1,2]", "\"x\"", ""] {
            let r = s.handle(SCIMRequest(method: .post, path: "/Users", body: .bytes(Array(text.utf8))))
            T.expectError(r.response, 400, .invalidSyntax)
        }
        T.expectError(s.handle(SCIMRequest(method: .post, path: "/Users")).response, 400, .invalidSyntax)
        T.expectError(
            s.handle(T.request(.post, "/Users", #"{"schemas":"x","userName":"a"}"#)).response, 400, .invalidSyntax)
        T.expectError(
            s.handle(T.request(.post, "/Users", #"{"displayName":"no userName"}"#)).response, 400, .invalidValue)
        T.expectError(
            s.handle(T.request(.post, "/Users", #"{"userName":"n@example.com","name":"x"}"#)).response, 400,
            .invalidValue)
        T.expectError(s.handle(T.request(.patch, "/Users/u-0001", #"{"Operations":[]}"#)).response, 400, .invalidSyntax)
        T.expectError(
            s.handle(T.request(.patch, "/Users/u-0001", #"{"schemas":["x"],"Operations":[{"op":"add"}]}"#)).response,
            400, .invalidSyntax)
        #expect(s.users.count == 3)
    }

    @Test func negativePathChecksOfSection5() {
        var s = T.seeded(SCIMServiceConfiguration(bearerToken: "tok"))
        let auth = [("Authorization", "Bearer tok")]
        let noPath = s.handle(T.patch("/Users/u-0001", #"[{"op":"remove"}]"#, headers: auth))
        T.expectError(noPath.response, 400, .noTarget)
        T.expectError(
            s.handle(T.request(.get, "/Users?filter=userName%20eq", headers: auth)).response, 400, .invalidFilter)
        let missing = s.handle(T.request(.get, "/Users/does-not-exist", headers: auth)).response
        T.expectError(missing, 404)
        #expect(missing.body?["detail"]?.stringValue?.isEmpty == false)
        T.expectError(s.handle(T.request(.get, "/Users", headers: [("Authorization", "Bearer nope")])).response, 401)
        let put = s.handle(
            T.request(.put, "/Users/u-0001", #"{"id":"u-0002","userName":"alice@example.com"}"#, headers: auth))
        T.expectError(put.response, 400, .mutability)
        let stale = s.handle(
            T.patch(
                "/Users/u-0001", #"[{"op":"replace","path":"title","value":"X"}]"#,
                headers: auth + [("If-Match", #"W/"stale""#)]))
        T.expectError(stale.response, 412)
        #expect(T.stored(s, .user, "u-0001")?["title"] == "Eng")
        T.expectError(s.handle(T.request(.get, "/Schemas?filter=id%20eq%20%22x%22", headers: auth)).response, 403)
    }

    @Test func entityTags() {
        var s = T.seeded()
        let get = s.handle(T.request(.get, "/Users/u-0001")).response
        let etag = get.headers["ETag"] ?? ""
        #expect(etag == #"W/"1""#)
        let notModified = s.handle(T.request(.get, "/Users/u-0001", headers: [("If-None-Match", etag)])).response
        #expect(notModified.status == 304)
        #expect(notModified.body == Optional<JSONValue>.none)
        #expect(
            s.handle(T.request(.get, "/Users/u-0001", headers: [("If-None-Match", #"W/"9""#)])).response.status == 200)
        let ok = s.handle(
            T.patch(
                "/Users/u-0001", #"[{"op":"replace","path":"title","value":"Lead"}]"#, headers: [("If-Match", etag)]))
        #expect(ok.response.status == 200)
        #expect(ok.response.headers["ETag"] == #"W/"2""#)
        let stale = s.handle(T.request(.delete, "/Users/u-0001", headers: [("If-Match", etag)]))
        T.expectError(stale.response, 412)
        #expect(s.resource(.user, id: "u-0001") != nil)
        #expect(s.handle(T.request(.delete, "/Users/u-0001", headers: [("If-Match", "*")])).response.status == 204)
    }

    @Test func deleteMakesEveryOperationOnTheID404() {
        var s = T.seeded()
        let d = s.handle(T.request(.delete, "/Users/u-0002"))
        #expect(d.response.status == 204)
        #expect(d.changes.map(\.kind) == [.deleted, .membersRemoved])
        #expect(d.changes.last?.id == "g-0001")
        #expect(d.changes.last?.memberIDs == ["u-0002"])
        #expect(T.members(s, "g-0001") == ["u-0001", "u-0003"])
        T.expectError(s.handle(T.request(.get, "/Users/u-0002")).response, 404)
        T.expectError(s.handle(T.request(.put, "/Users/u-0002", #"{"userName":"bob@example.com"}"#)).response, 404)
        T.expectError(
            s.handle(T.patch("/Users/u-0002", #"[{"op":"replace","path":"title","value":"X"}]"#)).response, 404)
        T.expectError(s.handle(T.request(.delete, "/Users/u-0002")).response, 404)
        #expect(T.ids(s.handle(T.request(.get, "/Users")).response) == ["u-0001", "u-0003"])
        let filtered = s.handle(T.request(.get, "/Users?filter=userName%20eq%20%22bob%40example.com%22")).response
        #expect(T.int(filtered, "totalResults") == 0)
        // The userName is free again, and the new user gets a new id.
        let again = s.handle(T.request(.post, "/Users", #"{"userName":"bob@example.com"}"#))
        #expect(again.response.body?["id"] == "u-0004")
        let addDeleted = s.handle(
            T.patch("/Groups/g-0001", #"[{"op":"add","path":"members","value":[{"value":"u-0002"}]}]"#))
        T.expectError(addDeleted.response, 400, .invalidValue)
    }

    @Test func routesAndMethods() {
        var s = T.seeded()
        #expect(s.handle(T.request(.get, "/users/u-0001")).response.status == 200)
        #expect(s.handle(T.request(.get, "/Users/")).response.status == 200)
        T.expectError(s.handle(T.request(.get, "/Nope")).response, 404)
        T.expectError(s.handle(T.request(.get, "/Users/u-0001/extra")).response, 404)
        T.expectError(s.handle(T.request(.delete, "/Users")).response, 405)
        T.expectError(s.handle(T.request(.post, "/Users/u-0001", "{}")).response, 405)
        T.expectError(s.handle(T.request(.post, "/Bulk", "{}")).response, 501)
    }

    @Test func discoveryAdvertisesWhatIsSupported() {
        var s = T.service(SCIMServiceConfiguration(bearerToken: "t", maxResults: 500))
        let auth = [("Authorization", "Bearer t")]
        let spc = s.handle(T.request(.get, "/ServiceProviderConfig", headers: auth)).response.body
        #expect(spc?["patch"]?["supported"] == true)
        #expect(spc?["bulk"]?["supported"] == false)
        #expect(spc?["filter"] == ["supported": true, "maxResults": 500])
        #expect(spc?["sort"]?["supported"] == true)
        #expect(spc?["etag"]?["supported"] == true)
        #expect(spc?["changePassword"]?["supported"] == false)
        #expect(spc?["authenticationSchemes"]?[0]?["type"] == "oauthbearertoken")
        let types = s.handle(T.request(.get, "/ResourceTypes", headers: auth)).response.body
        #expect(T.int(SCIMResponse(status: 200, body: types), "totalResults") == 2)
        #expect(types?["Resources"]?[0]?["schemaExtensions"]?[0]?["schema"] == .string(T.enterpriseURN))
        let user = s.handle(T.request(.get, "/ResourceTypes/User", headers: auth)).response.body
        #expect(user?["endpoint"] == "/Users")
        let schema = s.handle(T.request(.get, "/Schemas/\(T.groupURN)", headers: auth)).response.body
        #expect(schema?["id"] == .string(T.groupURN))
        T.expectError(s.handle(T.request(.get, "/Schemas/urn:x", headers: auth)).response, 404)
    }

    @Test func sortingAndProjection() {
        var s = T.seeded()
        let asc = s.handle(T.request(.get, "/Users?sortBy=userName&sortOrder=descending")).response
        #expect(T.ids(asc) == ["u-0003", "u-0002", "u-0001"])
        let byTitle = s.handle(T.request(.get, "/Users?sortBy=title")).response
        #expect(T.ids(byTitle) == ["u-0001", "u-0002", "u-0003"])
        _ = s.handle(T.request(.post, "/Users", #"{"userName":"aaron@example.com"}"#))
        #expect(
            T.ids(s.handle(T.request(.get, "/Users?sortBy=title&sortOrder=descending")).response) == [
                "u-0003", "u-0001", "u-0002", "u-0004",
            ])
        #expect(T.ids(s.handle(T.request(.get, "/Users?sortBy=emails")).response).first == "u-0001")
        T.expectError(s.handle(T.request(.get, "/Users?sortBy=nope")).response, 400, .invalidValue)
        T.expectError(s.handle(T.request(.get, "/Users?sortOrder=sideways")).response, 400, .invalidValue)
        let only = s.handle(T.request(.get, "/Users/u-0001?attributes=userName,name.givenName")).response.body
        #expect(only?.objectValue?.keys == ["schemas", "id", "userName", "name"])
        #expect(only?["name"] == ["givenName": "Alice"])
        let without = s.handle(T.request(.get, "/Users/u-0001?excludedAttributes=emails,meta,id")).response.body
        #expect(without?["emails"] == nil)
        #expect(without?["meta"] == nil)
        #expect(without?["id"] == "u-0001")
        let emailsValue = s.handle(T.request(.get, "/Users/u-0001?attributes=emails.value")).response.body
        #expect(emailsValue?["emails"] == [["value": "alice@example.com"]])
    }

    @Test func searchEndpoints() {
        var s = T.seeded()
        let r = s.handle(
            T.request(
                .post, "/Users/.search",
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"title eq \"Eng\"","attributes":["userName"],"count":1}"#
            )
        ).response
        #expect(T.int(r, "totalResults") == 2)
        #expect(
            r.body?["Resources"] == [
                ["schemas": [.string(T.userURN)], "id": "u-0001", "userName": "alice@example.com"]
            ])
        let root = s.handle(T.request(.post, "/.search", #"{"startIndex":3}"#)).response
        #expect(T.int(root, "totalResults") == 4)
        #expect(T.ids(root) == ["u-0003", "g-0001"])
    }

    @Test func putOnGroupReportsMembershipDiff() {
        var s = T.seeded()
        _ = s.handle(T.request(.post, "/Users", #"{"userName":"dan@example.com"}"#))
        let r = s.handle(
            T.request(
                .put, "/Groups/g-0001", #"{"displayName":"Sales","members":[{"value":"u-0003"},{"value":"u-0004"}]}"#))
        #expect(r.response.status == 200)
        #expect(r.changes.map(\.kind) == [.replaced, .membersRemoved, .membersAdded])
        #expect(r.changes.map(\.memberIDs) == [[], ["u-0001", "u-0002"], ["u-0004"]])
        #expect(r.changes.first?.changedAttributes == ["displayname"])
        let same = s.handle(
            T.request(
                .put, "/Groups/g-0001", #"{"displayName":"Sales","members":[{"value":"u-0003"},{"value":"u-0004"}]}"#))
        #expect(same.changes.isEmpty)
        #expect(same.response.body?["meta"]?["version"] == #"W/"2""#)
    }

    @Test func deletingAGroupReleasesItsMembers() {
        var s = T.seeded()
        let d = s.handle(T.request(.delete, "/Groups/g-0001"))
        #expect(d.changes.map(\.kind) == [.deleted])
        #expect(s.memberships.isEmpty)
        #expect(s.handle(T.request(.delete, "/Users/u-0001")).changes.map(\.kind) == [.deleted])
    }

    @Test func clockAndIDSourcesAreDeterministic() {
        #expect(SCIMInstant(millisecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(SCIMInstant(millisecondsSinceEpoch: 951_782_400_123).rfc3339 == "2000-02-29T00:00:00.123Z")
        #expect(SCIMInstant(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        var a = SCIMSeededIDSource(seed: 42)
        var b = SCIMSeededIDSource(seed: 42)
        let x = (0..<5).map { _ in a.nextID(for: .user) }
        #expect(x == (0..<5).map { _ in b.nextID(for: .user) })
        #expect(Set(x).count == 5)
        #expect(x.allSatisfy { $0.hasPrefix("u_") && $0.count == 18 })
        var s = SCIMService(
            configuration: SCIMServiceConfiguration(), ids: SCIMSeededIDSource(seed: 7), clock: SCIMSteppingClock())
        let created = s.handle(T.request(.post, "/Groups", #"{"displayName":"G"}"#)).response.body?["id"]?.stringValue
        #expect(created?.hasPrefix("g_") == true)
    }

    @Test func reservedCapacityChangesNothingVisible() {
        var a = T.service()
        var b = T.service()
        b.reserveCapacity(users: 1000, groups: 10)
        for i in 0..<20 {
            let body = #"{"userName":"r\#(i)@example.com","externalId":"x"}"#
            #expect(a.handle(T.request(.post, "/Users", body)) == b.handle(T.request(.post, "/Users", body)))
        }
        #expect(a.users.resources == b.users.resources)
        #expect(T.ids(b.handle(T.request(.get, "/Users?filter=externalId%20eq%20%22x%22")).response).count == 20)
    }

    @Test func queryStringDecoding() {
        let items = SCIMQueryString.parse("filter=userName+eq+%22a%2Bb%40x.com%22&count=5&flag&bad=%zz")
        #expect(items.map(\.name) == ["filter", "count", "flag", "bad"])
        #expect(items.map(\.value) == [#"userName eq "a+b@x.com""#, "5", "", "%zz"])
        #expect(SCIMQueryString.splitTarget("/Users?count=1").path == "/Users")
    }
}
