import SCIM

/// The user bodies Okta sends (`POST /Users` and `PUT /Users/{id}`), built from per-profile constants.
///
/// Everything in a body that depends only on the profile (the two `schemas` lists, `locale`, the placeholder
/// `password`, `meta`) is built once per state machine as a ready `JSONValue`; a request only wraps the
/// person's values. Each object is allocated once at its exact size and filled by appending in Okta's
/// order (no dictionary literal, no key search). The result equals, member for member, the bodies of
/// research/scim-protocol.md section 2 (a) step 2 / example 2 (create) and example 5 (PUT) [OKTA-SCIM20].
struct OktaUserBodies: Sendable {
    /// `[core User]`, for a person without a department.
    private let coreSchemas: JSONValue
    /// `[core User, enterprise User]`, for a person with a department.
    private let enterpriseSchemas: JSONValue
    private let locale: JSONValue
    private let password: JSONValue
    /// `{"resourceType":"User"}`.
    private let meta: JSONValue

    /// The constants of `parameters` (locale, placeholder password).
    init(parameters: OktaParameters) {
        coreSchemas = [.string(ProvisioningURN.user)]
        enterpriseSchemas = [.string(ProvisioningURN.user), .string(ProvisioningURN.enterpriseUser)]
        locale = .string(parameters.locale)
        password = .string(parameters.placeholderPassword)
        meta = ["resourceType": "User"]
    }

    /// Members ``appendProfile(_:to:)`` appends for `p` (7 to 9).
    private static func profileMembers(_ p: DirectoryPerson) -> Int {
        7 + (p.title == nil ? 0 : 1) + (p.department == nil ? 0 : 1)
    }

    /// The create body of `p`: `schemas`, the profile, `password`, `active` (`p.active`). O(members).
    func createBody(_ p: DirectoryPerson) -> JSONValue {
        var o = JSONObject()
        o.reserveCapacity(Self.profileMembers(p) + 3)
        o.append(key: "schemas", value: p.department == nil ? coreSchemas : enterpriseSchemas)
        appendProfile(p, to: &o)
        o.append(key: "password", value: password)
        o.append(key: "active", value: .bool(p.active))
        return .object(o)
    }

    /// The PUT body of `p` under `id`: `schemas`, `id`, the profile, `active`, `meta`. O(members).
    func replaceBody(_ p: DirectoryPerson, id: String, active: Bool) -> JSONValue {
        var o = JSONObject()
        o.reserveCapacity(Self.profileMembers(p) + 4)
        o.append(key: "schemas", value: p.department == nil ? coreSchemas : enterpriseSchemas)
        o.append(key: "id", value: .string(id))
        appendProfile(p, to: &o)
        o.append(key: "active", value: .bool(active))
        o.append(key: "meta", value: meta)
        return .object(o)
    }

    /// The user attributes Okta sends after `schemas` (and `id` for PUT), in its order.
    private func appendProfile(_ p: DirectoryPerson, to o: inout JSONObject) {
        o.append(key: "userName", value: .string(p.userName))
        var name = JSONObject()
        name.reserveCapacity(2)
        name.append(key: "givenName", value: .string(p.givenName))
        name.append(key: "familyName", value: .string(p.familyName))
        o.append(key: "name", value: .object(name))
        var email = JSONObject()
        email.reserveCapacity(3)
        email.append(key: "primary", value: .bool(true))
        email.append(key: "value", value: .string(p.email))
        email.append(key: "type", value: .string("work"))
        o.append(key: "emails", value: .array([.object(email)]))
        o.append(key: "displayName", value: .string(ProvisioningText.displayName(p)))
        o.append(key: "locale", value: locale)
        o.append(key: "externalId", value: .string(p.externalId))
        ProvisioningText.appendJobFields(of: p, to: &o)
        o.append(key: "groups", value: .array([]))
    }
}
