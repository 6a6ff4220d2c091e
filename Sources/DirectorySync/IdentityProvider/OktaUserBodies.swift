import SCIM

/// The user bodies Okta sends (`POST /Users` and `PUT /Users/{id}`), built from per-profile templates.
///
/// A body's members, their order and the profile's constants (`schemas`, `locale`, the placeholder
/// `password`, the empty `groups`, `meta`) depend only on the profile and on the person's *shape*: whether
/// the person has a `title` and whether it has a `department` (the enterprise extension, which also adds
/// its URN to `schemas`). The four shapes are laid out once per state machine; a request copies its shape's
/// template (one allocation, no key is hashed or searched) and fills in the person's values by position.
/// The result equals, member for member, the bodies of research/scim-protocol.md section 2 (a) step 2 /
/// example 2 (create) and example 5 (PUT) [OKTA-SCIM20].
struct OktaUserBodies: Sendable {
    /// Create bodies by shape (bit 0: has title, bit 1: has department), values of the person left empty.
    private let create: [JSONObject]
    /// PUT bodies by shape, values of the person and `id` left empty.
    private let replace: [JSONObject]

    /// The templates of `parameters` (locale, placeholder password).
    init(parameters: OktaParameters) {
        var create: [JSONObject] = []
        var replace: [JSONObject] = []
        for shape in 0..<4 {
            let hasTitle = shape & 1 != 0
            let hasDepartment = shape & 2 != 0
            let schemas: JSONValue =
                hasDepartment
                ? [.string(ProvisioningURN.user), .string(ProvisioningURN.enterpriseUser)]
                : [.string(ProvisioningURN.user)]
            var c = JSONObject()
            c.append(key: "schemas", value: schemas)
            Self.appendProfile(to: &c, parameters: parameters, hasTitle: hasTitle, hasDepartment: hasDepartment)
            c.append(key: "password", value: .string(parameters.placeholderPassword))
            c.append(key: "active", value: .bool(true))
            create.append(c)
            var r = JSONObject()
            r.append(key: "schemas", value: schemas)
            r.append(key: "id", value: .string(""))
            Self.appendProfile(to: &r, parameters: parameters, hasTitle: hasTitle, hasDepartment: hasDepartment)
            r.append(key: "active", value: .bool(true))
            r.append(key: "meta", value: ["resourceType": "User"])
            replace.append(r)
        }
        self.create = create
        self.replace = replace
    }

    /// The profile members in Okta's order, with empty values where the person's go.
    private static func appendProfile(
        to o: inout JSONObject, parameters: OktaParameters, hasTitle: Bool, hasDepartment: Bool
    ) {
        o.append(key: "userName", value: .string(""))
        o.append(key: "name", value: .null)
        o.append(key: "emails", value: .null)
        o.append(key: "displayName", value: .string(""))
        o.append(key: "locale", value: .string(parameters.locale))
        o.append(key: "externalId", value: .string(""))
        if hasTitle { o.append(key: "title", value: .string("")) }
        if hasDepartment { o.append(key: ProvisioningURN.enterpriseUser, value: .null) }
        o.append(key: "groups", value: [])
    }

    private static func shape(_ p: DirectoryPerson) -> Int {
        (p.title == nil ? 0 : 1) | (p.department == nil ? 0 : 2)
    }

    /// The create body of `p`: `schemas`, the profile, `password`, `active` (`p.active`). O(members).
    func createBody(_ p: DirectoryPerson) -> JSONValue {
        let shape = Self.shape(p)
        var o = create[shape]
        let last = fill(p, into: &o, from: 1)
        // password at `last`, active after it.
        o.setValue(.bool(p.active), at: last + 1)
        return .object(o)
    }

    /// The PUT body of `p` under `id`: `schemas`, `id`, the profile, `active`, `meta`. O(members).
    func replaceBody(_ p: DirectoryPerson, id: String, active: Bool) -> JSONValue {
        var o = replace[Self.shape(p)]
        o.setValue(.string(id), at: 1)
        let last = fill(p, into: &o, from: 2)
        // active at `last`, meta after it.
        o.setValue(.bool(active), at: last)
        return .object(o)
    }

    /// Writes the person's values of the profile starting at `first` (`userName`); returns the position
    /// right after `groups`.
    private func fill(_ p: DirectoryPerson, into o: inout JSONObject, from first: Int) -> Int {
        o.setValue(.string(p.userName), at: first)
        // Small objects are cheaper built fresh (one exact allocation) than copied from a template.
        var n = JSONObject()
        n.reserveCapacity(2)
        n.append(key: "givenName", value: .string(p.givenName))
        n.append(key: "familyName", value: .string(p.familyName))
        o.setValue(.object(n), at: first + 1)
        var e = JSONObject()
        e.reserveCapacity(3)
        e.append(key: "primary", value: .bool(true))
        e.append(key: "value", value: .string(p.email))
        e.append(key: "type", value: .string("work"))
        o.setValue(.array([.object(e)]), at: first + 2)
        o.setValue(.string(ProvisioningText.displayName(p)), at: first + 3)
        o.setValue(.string(p.externalId), at: first + 5)
        // `locale` at first + 4 is the profile's; the optional members follow `externalId`.
        var k = first + 6
        if let title = p.title {
            o.setValue(.string(title), at: k)
            k += 1
        }
        if let d = p.department {
            var dep = JSONObject()
            dep.reserveCapacity(1)
            dep.append(key: "department", value: .string(d))
            o.setValue(.object(dep), at: k)
            k += 1
        }
        // `groups` at k.
        return k + 1
    }
}
