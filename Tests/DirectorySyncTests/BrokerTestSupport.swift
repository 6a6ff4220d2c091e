import SCIM

@testable import DirectorySync

/// A tiny SCIM backend for broker tests, honouring the `SCIMChange` contract: POST -> `created` (plus
/// `membersAdded` for a group with members); PATCH of a user with a no-path `replace` -> `patched`;
/// PATCH of a group with `add`/`remove` on `members` -> `membersAdded`/`membersRemoved`; DELETE -> `deleted`.
/// A refused request never reaches it, which tests see in `statistics.scimResponsesByStatus`.
struct FakeSCIMBackend: DirectorySCIMBackend {
    var users: [String: JSONObject] = [:]
    var groups: [String: JSONObject] = [:]
    var groupMembers: [String: [String]] = [:]
    var next = 1

    mutating func handle(_ request: SCIMRequest) -> (response: SCIMResponse, changes: [SCIMChange]) {
        let parts = request.path.split(separator: "/").map(String.init)
        let body: JSONObject? = if case .value(let v)? = request.body { v.objectValue } else { nil }
        switch (request.method, parts.count, parts.first) {
        case (.post, 1, "Users"):
            guard var o = body else { return (SCIMResponse(status: 400), []) }
            let id = "u-\(next)"
            next += 1
            o["id"] = .string(id)
            users[id] = o
            return (
                SCIMResponse(status: 201, body: .object(o)),
                [.init(kind: .created, resourceType: .user, id: id, resource: .object(o))]
            )
        case (.patch, 2, "Users"):
            guard var o = users[parts[1]], let value = body?["Operations"]?.arrayValue?.first?["value"]?.objectValue
            else { return (SCIMResponse(status: 404), []) }
            for (k, v) in value.members { o[k] = v }
            users[parts[1]] = o
            let changed = value.keys.map { $0.lowercased() }.sorted()
            return (
                SCIMResponse(status: 200, body: .object(o)),
                [
                    .init(
                        kind: .patched, resourceType: .user, id: parts[1], resource: .object(o),
                        changedAttributes: changed)
                ]
            )
        case (.delete, 2, "Users"):
            guard let o = users.removeValue(forKey: parts[1]) else { return (SCIMResponse(status: 404), []) }
            return (
                SCIMResponse(status: 204),
                [.init(kind: .deleted, resourceType: .user, id: parts[1], resource: .object(o))]
            )
        case (.post, 1, "Groups"):
            guard var o = body else { return (SCIMResponse(status: 400), []) }
            let id = "g-\(next)"
            next += 1
            o["id"] = .string(id)
            let members = (o["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
            groups[id] = o
            groupMembers[id] = members
            var changes: [SCIMChange] = [.init(kind: .created, resourceType: .group, id: id, resource: .object(o))]
            if !members.isEmpty {
                changes.append(
                    .init(kind: .membersAdded, resourceType: .group, id: id, resource: .object(o), memberIDs: members))
            }
            return (SCIMResponse(status: 201, body: .object(o)), changes)
        case (.patch, 2, "Groups"):
            guard let o = groups[parts[1]], let op = body?["Operations"]?.arrayValue?.first,
                let ids = op["value"]?.arrayValue?.compactMap({ $0["value"]?.stringValue })
            else { return (SCIMResponse(status: 404), []) }
            let add = op["op"]?.stringValue?.lowercased() == "add"
            if add {
                groupMembers[parts[1], default: []] += ids
            } else {
                groupMembers[parts[1], default: []].removeAll { ids.contains($0) }
            }
            return (
                SCIMResponse(status: 204),
                [
                    .init(
                        kind: add ? .membersAdded : .membersRemoved, resourceType: .group, id: parts[1],
                        resource: .object(o), memberIDs: ids)
                ]
            )
        case (.delete, 2, "Groups"):
            guard let o = groups.removeValue(forKey: parts[1]) else { return (SCIMResponse(status: 404), []) }
            return (
                SCIMResponse(status: 204),
                [.init(kind: .deleted, resourceType: .group, id: parts[1], resource: .object(o))]
            )
        default:
            return (SCIMResponse(status: 404), [])
        }
    }
}

/// Builders shared by the broker and organization tests.
enum Fixture {
    static let orgA = "org_A"
    static let orgB = "org_B"

    static func broker(_ configure: (inout DirectorySyncBrokerConfiguration) -> Void = { _ in })
        -> DirectorySyncBrokerState
    {
        var c = DirectorySyncBrokerConfiguration()
        configure(&c)
        return DirectorySyncBrokerState(configuration: c) { _ in FakeSCIMBackend() }
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

    static func patchActive(_ active: Bool) -> JSONValue {
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["active": .bool(active)]]],
        ]
    }

    static func patchMembers(_ op: String, _ ids: [String]) -> JSONValue {
        ["Operations": [["op": .string(op), "path": "members", "value": .array(ids.map { ["value": .string($0)] })]]]
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
