import SCIM

/// A directory user's state. WorkOS folded `suspended` into `inactive` on 11 Dec 2023, so only these two
/// are emitted (https://workos.com/changelog/directory-sync-user-state-consolidation).
public enum DirectoryUserState: String, Sendable, Hashable {
    /// SCIM `active: true` (or absent).
    case active
    /// SCIM `active: false` (deactivated or suspended in the IdP).
    case inactive
}

/// One email of a directory user (`emails[]`: `{primary, type, value}`; deprecated in newer SDKs,
/// https://docs.rs/crate/workos/1.0.0/source/src/models/directory_user.rs).
public struct DirectoryEmail: Sendable, Hashable {
    /// The address.
    public var value: String
    /// `work`, `home`, ... or `nil`.
    public var type: String?
    /// Whether the IdP marked it primary.
    public var primary: Bool
}

/// A reference to a group in a user's `groups` list (deprecated by WorkOS from 1 May 2026, still
/// emitted here: https://workos.com/docs/reference/directory-sync/directory-user.md).
public struct DirectoryGroupReference: Sendable, Hashable {
    /// The directory group id.
    public var id: String
    /// The group name.
    public var name: String
}

/// A directory user as the broker emits it in `dsync.user.*` events
/// (https://workos.com/docs/reference/directory-sync/directory-user;
/// required fields: https://github.com/workos/emulate/blob/main/src/workos/generated/events.ts).
public struct DirectoryUser: Sendable, Hashable {
    /// `directory_user_` followed by 26 digits from a counter. A person re-created in the directory
    /// gets a new id (WorkOS: the id changes when the person is re-created).
    public var id: String
    /// The provider's id: the SCIM `externalId`, or the SCIM `id` when the IdP sent none [infer].
    public var idpID: String
    /// The directory.
    public var directoryID: String
    /// The owning organization.
    public var organizationID: String
    /// The primary email: the `primary` entry of SCIM `emails`, else the first, else `userName` when it
    /// contains `@` [infer]; `nil` when none.
    public var email: String?
    /// All emails.
    public var emails: [DirectoryEmail]
    /// SCIM `userName`.
    public var username: String?
    /// SCIM `name.givenName`.
    public var firstName: String?
    /// SCIM `name.familyName`.
    public var lastName: String?
    /// `active` / `inactive` from SCIM `active` (absent counts as active [infer]).
    public var state: DirectoryUserState
    /// Mapped attributes: `department` (enterprise extension), `job_title` (`title`),
    /// `employee_number` (enterprise extension), when present.
    public var customAttributes: JSONObject
    /// The SCIM resource as the service holds it.
    public var rawAttributes: JSONValue
    /// Groups the user belongs to, in the order they were joined.
    public var groups: [DirectoryGroupReference]
    /// Virtual time the directory user was created.
    public var createdAt: Duration
    /// Virtual time of the last change; strictly increasing per directory user (a change in the same
    /// millisecond as the previous one is stamped 1 ms later [infer]), so a consumer comparing
    /// `updated_at` has a total order per user.
    public var updatedAt: Duration
}

/// A directory group (https://github.com/workos/workos-node/blob/main/src/directory-sync/interfaces/directory-group.interface.ts).
public struct DirectoryGroup: Sendable, Hashable {
    /// `directory_group_` followed by 26 digits from a counter.
    public var id: String
    /// SCIM `externalId`, or the SCIM `id` when absent [infer].
    public var idpID: String
    /// The directory.
    public var directoryID: String
    /// The owning organization.
    public var organizationID: String
    /// SCIM `displayName`.
    public var name: String
    /// The SCIM resource without `members` (kept out so a large group's events stay small [infer]).
    public var rawAttributes: JSONValue
    /// Virtual time the group was created.
    public var createdAt: Duration
    /// Virtual time of the last change (name or membership); strictly increasing per group [infer].
    public var updatedAt: Duration
}

/// Reading SCIM resource JSON (RFC 7643 sections 4.1, 4.2, 4.3; attribute names case-insensitive).
enum SCIMResourceReader {
    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let s)? = value { return s }
        return nil
    }

    static func attribute(_ resource: JSONValue, _ name: String) -> JSONValue? {
        guard case .object(let o) = resource else { return nil }
        return member(o, name)
    }

    /// Exact key first (the SCIM service writes canonical names), then ignoring case (RFC 7643 section 2.1).
    static func member(_ object: JSONObject?, _ name: String) -> JSONValue? {
        guard let object else { return nil }
        if let exact = object[name] { return exact }
        for m in object.members where asciiEqualIgnoringCase(m.key, name) { return m.value }
        return nil
    }

    /// ASCII case-insensitive equality without allocating (attribute names are ASCII).
    static func asciiEqualIgnoringCase(_ a: String, _ b: String) -> Bool {
        var i = a.utf8.makeIterator()
        var j = b.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                let lower = x | 0x20
                guard lower == y | 0x20, lower >= 97, lower <= 122 else { return false }
            default: return false
            }
        }
    }

    /// SCIM `active`, accepting Entra's string booleans; absent or unreadable counts as active [infer].
    static func active(_ resource: JSONValue) -> Bool { active(value: attribute(resource, "active")) }

    /// ``active(_:)`` given the attribute's value (`nil` when absent).
    static func active(value: JSONValue?) -> Bool {
        switch value {
        case .bool(let b)?: return b
        case .string(let s)?: return s.lowercased() != "false"
        default: return true
        }
    }

    static func emails(_ resource: JSONValue) -> [DirectoryEmail] {
        emails(list: attribute(resource, "emails")?.arrayValue)
    }

    /// ``emails(_:)`` given the `emails` array (`nil` when absent or not an array).
    static func emails(list: [JSONValue]?) -> [DirectoryEmail] {
        guard let list, !list.isEmpty else { return [] }
        var out: [DirectoryEmail] = []
        out.reserveCapacity(list.count)
        for k in list.indices {
            guard case .object(let object) = list[k] else { continue }
            // One pass over the entry's members, read in place, instead of three lookups.
            let email = object.members.withUnsafeBufferPointer { m -> DirectoryEmail? in
                let entry = MappedUserFields.EmailMembers(m)
                guard entry.value >= 0, case .string(let value) = m[entry.value].value else { return nil }
                let primary: Bool
                switch entry.primary >= 0 ? m[entry.primary].value : JSONValue?.none {
                case .bool(let b)?: primary = b
                case .string(let s)?: primary = s.lowercased() == "true"
                default: primary = false
                }
                return DirectoryEmail(
                    value: value, type: entry.type >= 0 ? string(m[entry.type].value) : nil, primary: primary)
            }
            if let email { out.append(email) }
        }
        return out
    }

    static func customAttributes(_ resource: JSONValue) -> JSONObject {
        var custom = JSONObject()
        let enterprise = attribute(resource, enterpriseURN)?.objectValue
        if let d = string(member(enterprise, "department")) { custom["department"] = .string(d) }
        if let t = string(attribute(resource, "title")) { custom["job_title"] = .string(t) }
        if let n = string(member(enterprise, "employeeNumber")) {
            custom["employee_number"] = .string(n)
        }
        return custom
    }

    /// The member ids (`members[].value`) of a SCIM group, in order.
    static func memberIDs(_ resource: JSONValue) -> [String] {
        guard let list = attribute(resource, "members")?.arrayValue else { return [] }
        return list.compactMap { string(member($0.objectValue, "value")) }
    }

    /// The group resource without its `members` attribute.
    static func withoutMembers(_ resource: JSONValue) -> JSONValue {
        guard var o = resource.objectValue, let i = o.index(caseInsensitive: "members") else { return resource }
        o.remove(at: i)
        return .object(o)
    }
}
