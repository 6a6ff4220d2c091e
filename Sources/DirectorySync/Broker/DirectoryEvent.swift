import SCIM

/// The `dsync.*` event names the broker emits (https://workos.com/docs/directory-sync/understanding-events.md;
/// payload fields: https://github.com/workos/emulate/blob/main/src/workos/generated/events.ts).
public enum DirectoryEventKind: String, Sendable, Hashable, CaseIterable {
    /// The directory connected (first authenticated SCIM request).
    case activated = "dsync.activated"
    /// The directory was deleted; no per-user events follow.
    case deleted = "dsync.deleted"
    /// A user appeared in the directory.
    case userCreated = "dsync.user.created"
    /// A user in the directory changed (including `state` when "delete inactive users" is off).
    case userUpdated = "dsync.user.updated"
    /// A user left the directory (SCIM DELETE, or deactivation with "delete inactive users" on).
    case userDeleted = "dsync.user.deleted"
    /// A group was created.
    case groupCreated = "dsync.group.created"
    /// A group's name or IdP id changed.
    case groupUpdated = "dsync.group.updated"
    /// A group was deleted (no per-member events).
    case groupDeleted = "dsync.group.deleted"
    /// A user present in the directory joined a group.
    case groupUserAdded = "dsync.group.user_added"
    /// A user present in the directory left a group.
    case groupUserRemoved = "dsync.group.user_removed"
}

/// The `data` of an event: one reference (8 bytes), so an event stays small in the log and copies cheaply.
/// The user case holds the ``DirectoryUser`` itself (whose storage the broker's user table shares); the
/// rarer cases are boxed (`indirect`).
public enum DirectoryEventData: Sendable, Hashable {
    /// `dsync.activated`, `dsync.deleted`: the directory.
    indirect case directory(Directory)
    /// `dsync.user.*`: the directory user after the change (before it, for `deleted`).
    case user(DirectoryUser)
    /// `dsync.group.created/updated/deleted`: the group.
    indirect case group(DirectoryGroup)
    /// `dsync.group.user_added/user_removed`: the user and the group.
    indirect case membership(user: DirectoryUser, group: DirectoryGroup)
}

/// One entry of the broker's event log. Events are totally ordered by ``sequence``; ``id`` is
/// `event_` followed by the sequence as 26 zero-padded digits, so ids also sort in log order.
public struct DirectoryEvent: Sendable, Hashable {
    /// Position in the log, from 1, strictly increasing.
    public var sequence: Int64
    /// `event_` + 26 digits.
    public var id: String
    /// The event name.
    public var kind: DirectoryEventKind
    /// The organization that owns the directory; webhooks and the Events API never show an event to
    /// another organization.
    public var organizationID: String
    /// The directory the event concerns.
    public var directoryID: String
    /// Virtual time the event was recorded.
    public var createdAt: Duration
    /// The payload.
    public var data: DirectoryEventData

    /// The envelope `{object: "event", id, event, data, created_at}` (https://workos.com/docs/reference/events.md).
    /// Builds a fresh JSON value: O(size of the payload), so call it once per delivery.
    public var body: JSONValue {
        var o = JSONObject()
        o.append(key: "object", value: "event")
        o.append(key: "id", value: .string(id))
        o.append(key: "event", value: .string(kind.rawValue))
        o.append(key: "data", value: data.json)
        o.append(key: "created_at", value: .string(EventTimestamp.iso8601(createdAt)))
        return .object(o)
    }
}

extension DirectoryEventData {
    /// The JSON rendering of the payload with WorkOS field names.
    public var json: JSONValue {
        switch self {
        case .directory(let d): d.json
        case .user(let u): u.json
        case .group(let g): g.json
        case .membership(let u, let g):
            ["directory_id": .string(u.directoryID), "user": u.json, "group": g.json]
        }
    }
}

extension Directory {
    /// `{object: "directory", id, organization_id, type, state, name, external_key, domains, created_at, updated_at}`;
    /// `state` uses the webhook spelling (``DirectoryState/webhookValue``).
    public var json: JSONValue {
        var o = JSONObject()
        o.append(key: "object", value: "directory")
        o.append(key: "id", value: .string(id))
        o.append(key: "organization_id", value: .string(organizationID))
        o.append(key: "type", value: .string(type))
        o.append(key: "state", value: .string(state.webhookValue))
        o.append(key: "name", value: .string(name))
        o.append(key: "external_key", value: .string(id))
        o.append(key: "domains", value: .array([]))
        o.append(key: "created_at", value: .string(EventTimestamp.iso8601(createdAt)))
        o.append(key: "updated_at", value: .string(EventTimestamp.iso8601(updatedAt)))
        return .object(o)
    }
}

extension DirectoryUser {
    /// The WorkOS directory-user object (`object: "directory_user"`, snake_case fields).
    public var json: JSONValue {
        func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        var o = JSONObject()
        o.append(key: "object", value: "directory_user")
        o.append(key: "id", value: .string(id))
        o.append(key: "directory_id", value: .string(directoryID))
        o.append(key: "organization_id", value: .string(organizationID))
        o.append(key: "idp_id", value: .string(idpID))
        o.append(key: "email", value: optional(email))
        o.append(
            key: "emails",
            value: .array(
                emails.map {
                    ["primary": .bool($0.primary), "type": optional($0.type), "value": .string($0.value)]
                }))
        o.append(key: "username", value: optional(username))
        o.append(key: "first_name", value: optional(firstName))
        o.append(key: "last_name", value: optional(lastName))
        o.append(key: "state", value: .string(state.rawValue))
        o.append(key: "custom_attributes", value: .object(customAttributes))
        o.append(key: "raw_attributes", value: rawAttributes)
        o.append(
            key: "groups",
            value: .array(groups.map { ["object": "directory_group", "id": .string($0.id), "name": .string($0.name)] }))
        o.append(key: "created_at", value: .string(EventTimestamp.iso8601(createdAt)))
        o.append(key: "updated_at", value: .string(EventTimestamp.iso8601(updatedAt)))
        return .object(o)
    }
}

extension DirectoryGroup {
    /// The WorkOS directory-group object (`object: "directory_group"`).
    public var json: JSONValue {
        var o = JSONObject()
        o.append(key: "object", value: "directory_group")
        o.append(key: "id", value: .string(id))
        o.append(key: "idp_id", value: .string(idpID))
        o.append(key: "directory_id", value: .string(directoryID))
        o.append(key: "organization_id", value: .string(organizationID))
        o.append(key: "name", value: .string(name))
        o.append(key: "raw_attributes", value: rawAttributes)
        o.append(key: "created_at", value: .string(EventTimestamp.iso8601(createdAt)))
        o.append(key: "updated_at", value: .string(EventTimestamp.iso8601(updatedAt)))
        return .object(o)
    }
}

/// Opaque, counter-based identifiers: a prefix and the counter as 26 zero-padded digits, so ids of one
/// kind sort in creation order (WorkOS ids are a prefix and a 26-character ULID).
enum BrokerID {
    static func make(_ prefix: String, _ n: Int64) -> String {
        var bytes = Array(prefix.utf8)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 26))
        var v = n.magnitude
        var i = bytes.count - 1
        while v > 0 && i >= start {
            bytes[i] = UInt8(48 + v % 10)
            v /= 10
            i -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The counter of an id made by ``make(_:_:)`` with this prefix, or `nil`.
    static func number(_ id: String, prefix: String) -> Int64? {
        guard id.hasPrefix(prefix) else { return nil }
        let rest = id.dropFirst(prefix.count)
        guard !rest.isEmpty, rest.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(rest)
    }
}
