import SCIM

@testable import DirectorySync

/// Builders shared by the broker and organization tests.
enum Fixture {
    static let orgA = "org_A"
    static let orgB = "org_B"

    static func broker(_ configure: (inout DirectorySyncBrokerConfiguration) -> Void = { _ in })
        -> DirectorySyncBrokerState
    {
        var c = DirectorySyncBrokerConfiguration()
        configure(&c)
        return DirectorySyncBrokerState(configuration: c)
    }

    static func user(
        _ userName: String, active: Bool = true, given: String = "Ada", family: String = "Lovelace",
        externalId: String? = nil
    ) -> JSONValue {
        var o = JSONObject()
        o["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User"]
        o["userName"] = .string(userName)
        if let externalId { o["externalId"] = .string(externalId) }
        o["name"] = ["givenName": .string(given), "familyName": .string(family)]
        o["emails"] = [["value": .string(userName), "type": "work", "primary": true]]
        o["active"] = .bool(active)
        o["title"] = "Engineer"
        o["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = ["department": "R&D"]
        return .object(o)
    }

    static func request(
        _ setup: DirectorySetup, _ method: HTTPMethod, _ path: String, body: JSONValue? = nil,
        token: String? = nil
    ) -> SCIMRequest {
        SCIMRequest(
            method: method, path: setup.endpointPath + path,
            headers: ["Authorization": "Bearer " + (token ?? setup.bearerToken)], body: body.map { .value($0) })
    }

    static let patchOpURN: JSONValue = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// A PatchOp with one no-path `replace` of `value` (Okta's shape).
    static func patchReplace(_ value: JSONValue) -> JSONValue {
        ["schemas": [patchOpURN], "Operations": [["op": "replace", "value": value]]]
    }

    /// A Group body.
    static func group(_ name: String, members: [String] = []) -> JSONValue {
        [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": .string(name),
            "members": .array(members.map { ["value": .string($0)] }),
        ]
    }

    static func patchActive(_ active: Bool) -> JSONValue {
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["active": .bool(active)]]],
        ]
    }

    static func patchMembers(_ op: String, _ ids: [String]) -> JSONValue {
        [
            "schemas": [patchOpURN],
            "Operations": [
                ["op": .string(op), "path": "members", "value": .array(ids.map { ["value": .string($0)] })]
            ],
        ]
    }

    /// Creates a user through the broker and returns its SCIM id.
    static func createUser(
        _ broker: inout DirectorySyncBrokerState, _ setup: DirectorySetup, _ userName: String,
        active: Bool = true, at now: Duration
    ) -> String {
        let r = broker.handleSCIM(request(setup, .post, "/Users", body: user(userName, active: active)), now: now)
        return r.body?["id"]?.stringValue ?? ""
    }

    static func kinds(_ events: some Sequence<DirectoryEvent>) -> [DirectoryEventKind] { events.map(\.kind) }
}
