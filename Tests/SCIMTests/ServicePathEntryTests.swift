import Testing

@testable import SCIM

/// ``SCIMService/handle(_:path:)`` (the broker's entry, which passes the relative path beside the request)
/// answers exactly as ``SCIMService/handle(_:)`` of the request with that path in place.
@Suite struct ServicePathEntryTests {
    @Test(
        arguments: [
            (HTTPMethod.get, "/Users/u-0001", String?.none),
            (.get, "/Users", nil),
            (.post, "/Users", #"{"userName":"zed@example.com"}"#),
            (.post, "/Users", #"{"userName":"alice@example.com"}"#),
            (.post, "/Users", nil),
            (.patch, "/Users/u-0003", #"{"Operations":[{"op":"replace","value":{"active":false}}]}"#),
            (.delete, "/Groups/g-0001", nil),
            (.get, "/Nowhere", nil),
            (.put, "/Users", nil),
        ])
    func pathEntryEqualsTheRequestWithThatPath(method: HTTPMethod, path: String, body: String?) {
        var direct = T.seeded()
        var viaPath = T.seeded()
        let request = T.request(method, path, body)
        var longer = request
        longer.path = "/scim/v2.0/directory_elsewhere" + path
        let expected = direct.handle(request)
        let result = viaPath.handle(longer, path: path)
        #expect(result == expected)
        #expect(result.changes == expected.changes)
        #expect(viaPath.users.count == direct.users.count)
    }

    @Test func errorsNameThePathGiven() {
        var s = T.seeded()
        var request = T.request(.get, "/Nowhere")
        request.path = "/scim/v2.0/directory_x/Nowhere"
        let r = s.handle(request, path: "/Nowhere")
        #expect(r.response.status == 404)
        #expect(r.response.body?["detail"]?.stringValue?.contains("\"/Nowhere\"") == true)
    }
}
