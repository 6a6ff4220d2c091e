import Testing

@testable import SCIM

/// The service's shortcuts for the common IdP traffic answer exactly as the general rules they skip: integer query
/// values read from a string's bits, the `userName eq "..."` spelling, `meta.location` built from prefix bytes, and
/// the content-type check skipped for a reused header storage.
@Suite struct ServiceFastPathTests {
    /// `plainInteger` agrees with `Int(_:)` on short and long values, signs, empty text and non-digits.
    @Test(arguments: [
        "1", "100", "0", "-5", "+7", "+", "-", "", "12345678", "123456789", "00000001", "1a", " 1", "1 ", "٣",
        "99999999", "-9999999", "123456789012345678", "1234567890123456789", "+12345678", "x", "10000000000",
    ])
    func plainIntegerMatchesInt(text: String) {
        #expect(SCIMService.plainInteger(text) == Int(text), "\(text)")
        // The same text held out of line (a large native string) takes the byte path: the same answer.
        var padded = text + String(repeating: "_", count: 20)
        padded.removeLast(20)
        #expect(SCIMService.plainInteger(padded) == Int(text), "\(text) (out of line)")
    }

    /// Filters in and near the `userName eq "..."` spelling parse as the general scan parses them.
    @Test(
        arguments: [
            (#"userName eq "ada@example.com""#, "ada@example.com"),
            (#"userName eq """#, ""),
            (#"userName eq "a""#, "a"),
            (#"userName eq "ada" "#, "ada"),
            (#"username eq "ada""#, "ada"),
            (#"userName EQ "ada""#, "ada"),
            (#"userName  eq "ada""#, "ada"),
            (#"userName eq "a\"b""#, nil),
            (#"userName eq "a"b""#, nil),
            (#"userName eq "ada"#, nil),
            (#"userNamex eq "ada""#, nil),
            (#"userName ne "ada""#, nil),
            (#" userName eq "ada""#, "ada"),
        ] as [(String, String?)])
    func userNameEqualityMatchesGeneralScan(text: String, literal: String?) {
        let got = SCIMService.simpleEquality(text)
        #expect(got.map { String($0.value) } == literal, "\(text)")
        if literal != nil { #expect(got?.attribute == .userName) }
    }

    /// Okta's `filter`, `startIndex`, `count` query (read without name comparisons) answers as the same parameters
    /// in another order (read by the general parameter loop), for hits, misses, paging and malformed numbers.
    @Test(arguments: [
        ("alice@example.com", "1", "100"), ("nobody@example.com", "1", "100"), ("alice@example.com", "2", "100"),
        ("alice@example.com", "1", "0"), ("nobody@example.com", "3", "-1"), ("alice@example.com", "x", "100"),
        ("alice@example.com", "1", "ten"), ("ALICE@example.com", "+1", "007"),
    ])
    func oktaQueryOrderAnswersAsAnyOrder(userName: String, startIndex: String, count: String) {
        var s = T.seeded()
        let filter = SCIMRequest.QueryItem(name: "filter", value: "userName eq \"\(userName)\"")
        let start = SCIMRequest.QueryItem(name: "startIndex", value: startIndex)
        let size = SCIMRequest.QueryItem(name: "count", value: count)
        let okta = s.handle(SCIMRequest(method: .get, path: "/Users", query: [filter, start, size]))
        let other = s.handle(SCIMRequest(method: .get, path: "/Users", query: [size, filter, start]))
        #expect(okta == other)
        #expect(okta.response.status == (Int(startIndex) == nil || Int(count) == nil ? 400 : 200))
    }

    /// `/Users`, answered before any route is built, answers as `/users` (the general route) for every method:
    /// the same status and body (and so the same stored resource for a create).
    @Test(arguments: [HTTPMethod.get, .post, .put, .patch, .delete])
    func usersPathAnswersAsTheGeneralRoute(method: HTTPMethod) {
        var fast = T.seeded()
        var general = T.seeded()
        let body = method == .get || method == .delete ? nil : #"{"userName":"route@example.com"}"#
        let a = fast.handle(T.request(method, "/Users?filter=userName%20eq%20%22alice@example.com%22", body))
        let b = general.handle(T.request(method, "/users?filter=userName%20eq%20%22alice@example.com%22", body))
        #expect(a.response.status == b.response.status)
        #expect(a.changes == b.changes)
        if a.response.status < 400 { #expect(a.response == b.response) }
        #expect(fast.users.count == general.users.count)
    }

    /// `meta.location` and the `Location` header of a create are the base location, the endpoint and the id, for
    /// short and long ids and both resource types.
    @Test func locationJoinsBaseEndpointAndID() {
        var configuration = SCIMServiceConfiguration()
        configuration.baseLocation = "https://example.test/scim/v2.0/directory_01"
        let s = SCIMService(configuration: configuration, ids: SCIMSeededIDSource(seed: 3), clock: SCIMSteppingClock())
        #expect(s.location(.user, id: "u-0001") == "https://example.test/scim/v2.0/directory_01/Users/u-0001")
        let long = String(repeating: "x", count: 40)
        #expect(s.location(.group, id: long) == "https://example.test/scim/v2.0/directory_01/Groups/" + long)
        var service = s
        let r = service.handle(T.request(.post, "/Users", #"{"userName":"loc@example.com"}"#))
        let id = r.response.body?["id"]?.stringValue ?? "?"
        let expected = "https://example.test/scim/v2.0/directory_01/Users/" + id
        #expect(r.response.headers["Location"] == expected)
        #expect(r.response.body?["meta"]?["location"]?.stringValue == expected)
    }

    /// A request reusing an accepted request's header storage is accepted; other headers are checked afresh, so a
    /// wrong content type after accepted requests is still 415 and changes nothing.
    @Test func contentTypeIsCheckedUnlessTheHeadersAreTheSameStorage() {
        var s = T.service()
        let good: HTTPHeaders = ["Content-Type": "application/scim+json"]
        func post(_ userName: String, _ headers: HTTPHeaders) -> Int {
            s.handle(
                SCIMRequest(
                    method: .post, path: "/Users", headers: headers,
                    body: .value(["userName": .string(userName)]))
            ).response.status
        }
        #expect(post("a@example.com", good) == 201)
        #expect(post("b@example.com", good) == 201)
        #expect(post("c@example.com", ["Content-Type": "text/plain"]) == 415)
        var edited = good
        edited["Content-Type"] = "text/plain"
        #expect(post("d@example.com", edited) == 415)
        #expect(post("e@example.com", good) == 201)
        #expect(s.users.count == 3)
    }
}
