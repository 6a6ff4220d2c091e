import SCIM

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
        // The usual single entry becomes an array of exactly one element (one allocation, no growth path).
        if list.count == 1 { return email(list[0]).map { [$0] } ?? [] }
        var out: [DirectoryEmail] = []
        out.reserveCapacity(list.count)
        for k in list.indices {
            if let email = email(list[k]) { out.append(email) }
        }
        return out
    }

    /// One `emails` entry (`nil` when it is not an object with a string `value`): one pass over the entry's
    /// members, read in place, instead of three lookups.
    @inline(__always)
    static func email(_ entry: JSONValue) -> DirectoryEmail? {
        var memo = MemberLayoutMemo<MappedUserFields.EmailMembers>()
        return email(entry, memo: &memo)
    }

    /// ``email(_:)`` with the entry's member positions taken from `memo` when it is laid out as remembered.
    @inline(__always)
    static func email(_ entry: JSONValue, memo: inout MemberLayoutMemo<MappedUserFields.EmailMembers>)
        -> DirectoryEmail?
    {
        guard case .object(let object) = entry else { return nil }
        return object.members.withUnsafeBufferPointer { m -> DirectoryEmail? in
            let entry = memo.result(m) { MappedUserFields.EmailMembers($0) }
            guard entry.value >= 0, case .string(let value) = m[entry.value].value else { return nil }
            let primary = primaryFlag(entry.primary >= 0 ? m[entry.primary].value : nil)
            return DirectoryEmail(
                value: value, type: entry.type >= 0 ? string(m[entry.type].value) : nil, primary: primary)
        }
    }

    /// An `emails` entry's `primary`: `true`, or Entra's string `"True"` in any case; anything else is `false`.
    @inline(__always)
    static func primaryFlag(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let b)?: b
        case .string(let s)?: s.lowercased() == "true"
        default: false
        }
    }

    /// The mapped primary email of an `emails` list, without building the list: the `value` of the first entry
    /// marked primary, else of the first entry, as ``emails(list:memo:)`` reads the entries (so it equals
    /// `(emails.first { $0.primary } ?? emails.first)?.value` of that list); `nil` when no entry has a string
    /// `value`. Entry layouts come from `memo`. O(entries).
    static func primaryEmail(list: [JSONValue], memo: inout MemberLayoutMemo<MappedUserFields.EmailMembers>)
        -> String?
    {
        var first: String?
        for k in list.indices {
            guard case .object(let object) = list[k] else { continue }
            let read = object.members.withUnsafeBufferPointer { m -> (value: String, primary: Bool)? in
                let entry = memo.result(m) { MappedUserFields.EmailMembers($0) }
                guard entry.value >= 0, case .string(let value) = m[entry.value].value else { return nil }
                return (value, primaryFlag(entry.primary >= 0 ? m[entry.primary].value : nil))
            }
            guard let read else { continue }
            if read.primary { return read.value }
            if first == nil { first = read.value }
        }
        return first
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
