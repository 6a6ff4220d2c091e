import SCIM

/// The fields the broker maps from a SCIM user resource onto a ``DirectoryUser``
/// (https://workos.com/docs/reference/directory-sync/directory-user), read in one pass over the
/// resource's top-level members instead of one lookup per attribute.
///
/// Attribute names follow ``SCIMResourceReader/member(_:_:)``: the first member with the exact canonical
/// name wins, else the first whose name matches ignoring ASCII case (RFC 7643 section 2.1). The values are
/// those of ``SCIMResourceReader``: `email` is the primary entry of `emails`, else the first, else
/// `userName` when it contains `@` [infer]; `state` is `inactive` only for `active: false` (or Entra's
/// `"False"`); absent attributes map to `nil` / empty. O(members + emails).
struct MappedUserFields {
    var email: String?
    var emails: [DirectoryEmail]
    var username: String?
    var firstName: String?
    var lastName: String?
    var state: DirectoryUserState
    var customAttributes: JSONObject
    /// SCIM `externalId`, when present.
    var externalID: String?

    /// Reads the fields of `resource` (a non-object reads as a user without attributes).
    @inline(__always)
    init(_ resource: JSONValue) {
        // The scan keeps member positions, not values: only the values read below are copied out.
        let members = resource.objectValue?.members ?? []
        var found = Found()
        members.withUnsafeBufferPointer { found.scan($0) }
        func value(_ slot: Int) -> JSONValue? { slot >= 0 ? members[slot].value : nil }
        let emails = SCIMResourceReader.emails(list: value(found.emails)?.arrayValue)
        let userName = SCIMResourceReader.string(value(found.userName))
        let name = value(found.name)?.objectValue
        self.emails = emails
        email =
            (emails.first(where: { $0.primary }) ?? emails.first)?.value
            ?? (userName?.contains("@") == true ? userName : nil)
        username = userName
        // `name`'s members in one pass, read in place, instead of two lookups.
        let names = name?.members.withUnsafeBufferPointer { m -> (String?, String?) in
            let found = NameMembers(m)
            return (
                found.givenName >= 0 ? SCIMResourceReader.string(m[found.givenName].value) : nil,
                found.familyName >= 0 ? SCIMResourceReader.string(m[found.familyName].value) : nil
            )
        }
        firstName = names?.0
        lastName = names?.1
        state = SCIMResourceReader.active(value: value(found.active)) ? .active : .inactive
        var custom = JSONObject()
        let enterprise = value(found.enterprise)?.objectValue
        if enterprise != nil || found.title >= 0 {
            if let d = SCIMResourceReader.string(SCIMResourceReader.member(enterprise, "department")) {
                custom["department"] = .string(d)
            }
            if let t = SCIMResourceReader.string(value(found.title)) { custom["job_title"] = .string(t) }
            if let n = SCIMResourceReader.string(SCIMResourceReader.member(enterprise, "employeeNumber")) {
                custom["employee_number"] = .string(n)
            }
        }
        customAttributes = custom
        externalID = SCIMResourceReader.string(value(found.externalId))
    }

    /// ``newUser(from:id:scimID:directoryID:organizationID:now:memos:)`` without remembered layouts.
    static func newUser(
        from resource: JSONValue, id: String, scimID: String, directoryID: String, organizationID: String,
        now: Duration
    ) -> DirectoryUser {
        var memos = UserLayoutMemos()
        return newUser(
            from: resource, id: id, scimID: scimID, directoryID: directoryID, organizationID: organizationID, now: now,
            memos: &memos)
    }

    /// A new directory user mapped from `resource` (the fields of ``init(_:)``): `rawAttributes` is
    /// `resource` (shared, not copied), `idpID` the `externalId` or else `scimID`, no groups, created and
    /// updated at `now`. The members are read in place and each mapped value moves straight into the user's
    /// one storage (no intermediate ``MappedUserFields`` to copy and destroy). O(members + emails).
    ///
    /// `id`, `directoryID` and `organizationID` are taken (moved into the user's storage, no retain of their own).
    static func newUser(
        from resource: consuming JSONValue, id: consuming String, scimID: String, directoryID: consuming String,
        organizationID: consuming String, now: Duration, memos: inout UserLayoutMemos
    ) -> DirectoryUser {
        guard case .object(let object) = resource else {
            return DirectoryUser(
                id: id, idpID: scimID, directoryID: directoryID, organizationID: organizationID, email: nil,
                emails: [], username: nil, firstName: nil, lastName: nil, state: .active,
                customAttributes: JSONObject(), rawAttributes: resource, groups: [], createdAt: now, updatedAt: now)
        }
        // The closure reads the members in place and returns the mapped values; the user is built afterwards, taking
        // the ids and then the resource (both consumed, so the closure must not capture them).
        let (idpID, email, username, firstName, lastName, state, custom) = object.members.withUnsafeBufferPointer {
            m -> (String, String?, String?, String?, String?, DirectoryUserState, JSONObject) in
            let found = memos.attributes.result(m) { members in
                var found = Found()
                found.scan(members)
                return found
            }
            // The primary email only: the list itself is read from `rawAttributes` if ever asked for.
            var listed: String?
            if found.emails >= 0, case .array(let list) = m[found.emails].value {
                listed = SCIMResourceReader.primaryEmail(list: list, memo: &memos.email)
            }
            let userName = found.userName >= 0 ? SCIMResourceReader.string(m[found.userName].value) : nil
            let email = listed ?? (userName?.contains("@") == true ? userName : nil)
            var firstName: String?
            var lastName: String?
            if found.name >= 0, case .object(let name) = m[found.name].value {
                name.members.withUnsafeBufferPointer { n in
                    let names = memos.name.result(n) { NameMembers($0) }
                    if names.givenName >= 0 { firstName = SCIMResourceReader.string(n[names.givenName].value) }
                    if names.familyName >= 0 { lastName = SCIMResourceReader.string(n[names.familyName].value) }
                }
            }
            let active = SCIMResourceReader.active(value: found.active >= 0 ? m[found.active].value : nil)
            var custom = JSONObject()
            if found.enterprise >= 0 || found.title >= 0 {
                let enterprise = found.enterprise >= 0 ? m[found.enterprise].value.objectValue : nil
                if let d = SCIMResourceReader.string(SCIMResourceReader.member(enterprise, "department")) {
                    custom["department"] = .string(d)
                }
                if found.title >= 0, let t = SCIMResourceReader.string(m[found.title].value) {
                    custom["job_title"] = .string(t)
                }
                if let n = SCIMResourceReader.string(SCIMResourceReader.member(enterprise, "employeeNumber")) {
                    custom["employee_number"] = .string(n)
                }
            }
            let externalID = found.externalId >= 0 ? SCIMResourceReader.string(m[found.externalId].value) : nil
            return (
                externalID ?? scimID, email, userName, firstName, lastName, active ? .active : .inactive, custom
            )
        }
        return DirectoryUser(
            id: id, idpID: idpID, directoryID: directoryID, organizationID: organizationID, email: email, emails: nil,
            username: username, firstName: firstName, lastName: lastName, state: state, customAttributes: custom,
            rawAttributes: resource, groups: [], createdAt: now, updatedAt: now)
    }

    /// Writes the mapped fields and `resource` (as `rawAttributes`) onto `user`; `idpID` changes only when
    /// the resource has an `externalId`.
    func apply(to user: inout DirectoryUser, resource: JSONValue) {
        user.emails = emails
        user.email = email
        user.username = username
        user.firstName = firstName
        user.lastName = lastName
        user.state = state
        user.customAttributes = customAttributes
        user.rawAttributes = resource
        if let externalID { user.idpID = externalID }
    }

    /// The top-level attributes the mapping reads, each the exact-name match if any, else the first
    /// case-insensitive one, as the member's position in the scanned buffer (-1: absent).
    struct Found: Sendable {
        var userName = -1
        var name = -1
        var emails = -1
        var active = -1
        var externalId = -1
        var title = -1
        var enterprise = -1
        /// Bit `f` set: attribute `f` was matched exactly (a later member cannot replace it).
        private var exact: UInt8 = 0
        /// Bit `f` set: attribute `f` has a value (exact, or case-insensitive so far).
        private var any: UInt8 = 0

        mutating func scan(_ members: UnsafeBufferPointer<(key: String, value: JSONValue)>) {
            for k in members.indices {
                let count = members[k].key.utf8.count
                // Dispatch on the name's length first: most members match no attribute of that length.
                switch count {
                case 4: consider(members, k, 1, "name")
                case 5: consider(members, k, 5, "title")
                case 6:
                    if !consider(members, k, 2, "emails") { consider(members, k, 3, "active") }
                case 8: consider(members, k, 0, "userName")
                case 10: consider(members, k, 4, "externalId")
                case SCIMResourceReader.enterpriseURN.utf8.count:
                    consider(members, k, 6, SCIMResourceReader.enterpriseURN)
                default: continue
                }
            }
        }

        /// Whether the first bytes of `key` and `name` (an attribute name, so a letter) agree ignoring ASCII
        /// case: a cheap test before the full comparison.
        @inline(__always)
        private static func firstByteMatches(_ key: String, _ name: String) -> Bool {
            let k = key.utf8
            let n = name.utf8
            guard !k.isEmpty, !n.isEmpty else { return false }
            return k[k.startIndex] | 0x20 == n[n.startIndex] | 0x20
        }

        /// Takes `member` as attribute `field` (canonical name `name`) if its name matches and no better
        /// match was seen; returns whether the name matched.
        @discardableResult
        private mutating func consider(
            _ members: UnsafeBufferPointer<(key: String, value: JSONValue)>, _ k: Int, _ field: UInt8, _ name: String
        ) -> Bool {
            let bit: UInt8 = 1 << field
            if members[k].key == name {
                guard exact & bit == 0 else { return true }
                exact |= bit
            } else if Self.firstByteMatches(members[k].key, name),
                SCIMResourceReader.asciiEqualIgnoringCase(members[k].key, name)
            {
                guard any & bit == 0 else { return true }
            } else {
                return false
            }
            any |= bit
            switch field {
            case 0: userName = k
            case 1: self.name = k
            case 2: emails = k
            case 3: active = k
            case 4: externalId = k
            case 5: title = k
            default: enterprise = k
            }
            return true
        }
    }

    /// The positions of `givenName` and `familyName` among the members of a SCIM `name`, found in one pass: each
    /// the first exact-name match if any, else the first case-insensitive one (as
    /// ``SCIMResourceReader/member(_:_:)``).
    struct NameMembers: Sendable {
        /// Position of `givenName` in the scanned members, -1 when absent.
        var givenName = -1
        /// Position of `familyName`, -1 when absent.
        var familyName = -1
        /// Bit `f` set: member `f` was matched exactly.
        private var exact: UInt8 = 0
        /// Bit `f` set: member `f` has a value.
        private var any: UInt8 = 0

        /// Scans `members` once, reading them in place. O(members).
        init(_ members: UnsafeBufferPointer<(key: String, value: JSONValue)>) {
            for k in members.indices {
                // Only a name of the same length can match, exactly or ignoring ASCII case.
                switch members[k].key.utf8.count {
                case 9: consider(members, k, 0, "givenName")
                case 10: consider(members, k, 1, "familyName")
                default: continue
                }
            }
        }

        @inline(__always)
        private mutating func consider(
            _ members: UnsafeBufferPointer<(key: String, value: JSONValue)>, _ k: Int, _ field: UInt8, _ name: String
        ) {
            let bit: UInt8 = 1 << field
            if members[k].key == name {
                guard exact & bit == 0 else { return }
                exact |= bit
            } else if SCIMResourceReader.asciiEqualIgnoringCase(members[k].key, name) {
                guard any & bit == 0 else { return }
            } else {
                return
            }
            any |= bit
            if field == 0 { givenName = k } else { familyName = k }
        }
    }

    /// The positions of the members of one `emails` entry the mapping reads (`value`, `type`, `primary`),
    /// found in one pass: each the first exact-name match if any, else the first case-insensitive one (as
    /// ``SCIMResourceReader/member(_:_:)``).
    struct EmailMembers: Sendable {
        /// Position of `value` in the scanned members, -1 when absent.
        var value = -1
        /// Position of `type`, -1 when absent.
        var type = -1
        /// Position of `primary`, -1 when absent.
        var primary = -1
        /// Bit `f` set: member `f` was matched exactly.
        private var exact: UInt8 = 0
        /// Bit `f` set: member `f` has a value.
        private var any: UInt8 = 0

        /// Scans an entry's `members` once, reading them in place. O(members).
        init(_ members: UnsafeBufferPointer<(key: String, value: JSONValue)>) {
            for k in members.indices {
                // Only a name of the same length can match, exactly or ignoring ASCII case.
                switch members[k].key.utf8.count {
                case 5: consider(members, k, 0, "value")
                case 4: consider(members, k, 1, "type")
                case 7: consider(members, k, 2, "primary")
                default: continue
                }
            }
        }

        @inline(__always)
        private mutating func consider(
            _ members: UnsafeBufferPointer<(key: String, value: JSONValue)>, _ k: Int, _ field: UInt8, _ name: String
        ) {
            let bit: UInt8 = 1 << field
            if members[k].key == name {
                guard exact & bit == 0 else { return }
                exact |= bit
            } else if SCIMResourceReader.asciiEqualIgnoringCase(members[k].key, name) {
                guard any & bit == 0 else { return }
            } else {
                return
            }
            any |= bit
            switch field {
            case 0: value = k
            case 1: type = k
            default: primary = k
            }
        }
    }
}
