import Testing

@testable import SCIM

/// Builds requests and fixtures for the service tests.
enum T {
    static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let patchURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let errorURN = "urn:ietf:params:scim:api:messages:2.0:Error"

    /// A service with sequential ids (`u-0001`, `g-0001`) and a 1 s stepping clock.
    static func service(_ configuration: SCIMServiceConfiguration = SCIMServiceConfiguration()) -> SCIMService {
        SCIMService(configuration: configuration, ids: SCIMSequentialIDSource(), clock: SCIMSteppingClock())
    }

    /// Parses JSON text written in a test; traps on a typo in the test itself.
    static func json(_ text: String) -> JSONValue {
        do {
            return try JSONCodec.decode(text)
        } catch {
            fatalError("bad JSON in test: \(error.detail)\n\(text)")
        }
    }

    /// A request for `target` (path plus optional query string); `body` is JSON text sent as a value.
    static func request(
        _ method: HTTPMethod, _ target: String, _ body: String? = nil, headers: [(String, String)] = []
    ) -> SCIMRequest {
        let (path, query) = SCIMQueryString.splitTarget(target)
        return SCIMRequest(
            method: method, path: path, query: query, headers: HTTPHeaders(headers),
            body: body.map { .value(json($0)) })
    }

    /// A PatchOp request whose `Operations` array is `operations` (JSON text).
    static func patch(_ target: String, _ operations: String, headers: [(String, String)] = []) -> SCIMRequest {
        request(.patch, target, #"{"schemas":["\#(patchURN)"],"Operations":\#(operations)}"#, headers: headers)
    }

    /// The field-cases.md fixtures: U1 `u-0001` alice, U2 `u-0002` bob (inactive), U3 `u-0003` carol,
    /// and G1 `g-0001` "Sales Team EMEA" with all three as members.
    static func seeded(_ configuration: SCIMServiceConfiguration = SCIMServiceConfiguration()) -> SCIMService {
        var s = service(configuration)
        let auth = configuration.bearerToken.map { [("Authorization", "Bearer " + $0)] } ?? []
        let bodies = [
            #"{"schemas":["\#(userURN)"],"userName":"alice@example.com","externalId":"ext-A1","active":true,"name":{"givenName":"Alice","familyName":"Ng"},"emails":[{"value":"alice@example.com","type":"work","primary":true}],"title":"Eng"}"#,
            #"{"schemas":["\#(userURN)"],"userName":"bob@example.com","externalId":"ext-B2","active":false,"title":"Eng"}"#,
            #"{"schemas":["\#(userURN)"],"userName":"carol@example.com","externalId":"ext-C3","active":true,"title":"Ops"}"#,
        ]
        for b in bodies { precondition(s.handle(request(.post, "/Users", b, headers: auth)).response.status == 201) }
        let g = s.handle(
            request(
                .post, "/Groups",
                #"{"schemas":["\#(groupURN)"],"displayName":"Sales Team EMEA","members":[{"value":"u-0001"},{"value":"u-0002"},{"value":"u-0003"}]}"#,
                headers: auth))
        precondition(g.response.status == 201)
        return s
    }

    /// The stored object of a live user or group.
    static func stored(_ s: SCIMService, _ type: SCIMResourceType, _ id: String) -> JSONObject? {
        s.resource(type, id: id)?.object
    }

    /// The member ids of a stored group.
    static func members(_ s: SCIMService, _ id: String) -> [String] {
        (stored(s, .group, id)?["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
    }

    /// The `id`s of a ListResponse's `Resources`, in order.
    static func ids(_ r: SCIMResponse) -> [String] {
        (r.body?["Resources"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    /// An integer member of the body.
    static func int(_ r: SCIMResponse, _ key: String) -> Int64? { r.body?[key]?.intValue }

    /// Checks that `r` is an RFC 7644 section 3.12 error with this status and scimType.
    static func expectError(
        _ r: SCIMResponse, _ status: Int, _ scimType: SCIMType? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == status, "status", sourceLocation: sourceLocation)
        #expect(r.body?["schemas"] == [.string(errorURN)], sourceLocation: sourceLocation)
        #expect(r.body?["status"] == .string(String(status)), sourceLocation: sourceLocation)
        #expect(r.body?["scimType"]?.stringValue == scimType?.rawValue, sourceLocation: sourceLocation)
        #expect(r.headers["Content-Type"] == "application/scim+json", sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    /// The element at `index` of an array value, or `nil`.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
