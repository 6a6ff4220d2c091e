import SCIM

/// The user bodies Okta sends (`POST /Users` and `PUT /Users/{id}`), built from per-profile constants.
///
/// Everything in a body that depends only on the profile (the two `schemas` lists, `locale`, the placeholder
/// `password`, `meta`) is built once per state machine (as the payload of its `JSONValue`); a request only wraps the
/// person's values. Each object's members are built in a local array allocated once at its exact size and
/// filled in Okta's order, then handed to the object whole (no dictionary literal, no key search, no
/// member-by-member call into `JSONObject`). The result equals, member for member, the bodies of
/// research/scim-protocol.md section 2 (a) step 2 / example 2 (create) and example 5 (PUT) [OKTA-SCIM20].
/// A class (immutable), so that the state machine reaching it for a request retains one reference instead of
/// copying and retaining its five constants.
final class OktaUserBodies: Sendable {
    /// `[core User]`, for a person without a department.
    private let coreSchemaList: [JSONValue]
    /// `[core User, enterprise User]`, for a person with a department.
    private let enterpriseSchemaList: [JSONValue]
    private let localeText: String
    private let passwordText: String
    /// `{"resourceType":"User"}`.
    private let metaObject: JSONObject

    // The constants as JSON values. Each is kept as its payload and wrapped here (a retain of the payload): a
    // stored `JSONValue` was copied through an outlined copy that switches over every case first.
    private var coreSchemas: JSONValue { .array(coreSchemaList) }
    private var enterpriseSchemas: JSONValue { .array(enterpriseSchemaList) }
    private var locale: JSONValue { .string(localeText) }
    private var password: JSONValue { .string(passwordText) }
    private var meta: JSONValue { .object(metaObject) }

    /// The constants of `parameters` (locale, placeholder password).
    init(parameters: OktaParameters) {
        coreSchemaList = [.string(ProvisioningURN.user)]
        enterpriseSchemaList = [.string(ProvisioningURN.user), .string(ProvisioningURN.enterpriseUser)]
        localeText = parameters.locale
        passwordText = parameters.placeholderPassword
        metaObject = JSONObject(distinctMembers: [("resourceType", "User")])
    }

    /// Members ``appendProfile(_:to:)`` appends for `p` (7 to 9).
    private static func profileMembers(_ p: DirectoryPerson) -> Int {
        7 + (p.title == nil ? 0 : 1) + (p.department == nil ? 0 : 1)
    }

    /// The create body of `p`: `schemas`, the profile, `password`, `active` (`p.active`). O(members).
    func createBody(_ p: DirectoryPerson) -> JSONValue { createBody([p], 0) }

    /// The create body of `people[i]`, whose fields are read in place (the person is not copied, which would
    /// retain and release each of its strings once more). O(members).
    func createBody(_ people: [DirectoryPerson], _ i: Int) -> JSONValue {
        if people[i].title == nil && people[i].department == nil { return createBodyWithoutJob(people, i) }
        var o = JSONMembers()
        o.reserveCapacity(Self.profileMembers(people[i]) + 3)
        o.append(("schemas", people[i].department == nil ? coreSchemas : enterpriseSchemas))
        o.append(("userName", .string(people[i].userName)))
        let name: JSONMembers = [
            ("givenName", .string(people[i].givenName)), ("familyName", .string(people[i].familyName)),
        ]
        o.append(("name", .object(JSONObject(distinctMembers: name))))
        let email: JSONMembers = [
            ("primary", .bool(true)), ("value", .string(people[i].email)), ("type", .string("work")),
        ]
        o.append(("emails", .array([.object(JSONObject(distinctMembers: email))])))
        let displayName = ProvisioningText.displayName(people, i)
        o.append(("displayName", .string(displayName)))
        o.append(("locale", locale))
        o.append(("externalId", .string(people[i].externalId)))
        if let title = people[i].title { o.append(("title", .string(title))) }
        if let department = people[i].department {
            let enterprise: JSONMembers = [("department", .string(department))]
            o.append((ProvisioningURN.enterpriseUser, .object(JSONObject(distinctMembers: enterprise))))
        }
        o.append(("groups", .array([])))
        o.append(("password", password))
        o.append(("active", .bool(people[i].active)))
        return .object(JSONObject(distinctMembers: o))
    }

    /// ``createBody(_:_:)`` for a person without `title` and `department` (the common shape): the ten members in
    /// one array literal, allocated once at its exact size and filled in place (no reserve, no append checks).
    private func createBodyWithoutJob(_ people: [DirectoryPerson], _ i: Int) -> JSONValue {
        // The two names are taken once (the body keeps them) and the display name is joined from these copies:
        // read from the array again, each was retained and released once more.
        let givenName = people[i].givenName
        let familyName = people[i].familyName
        let displayName =
            givenName.isEmpty || familyName.isEmpty
            ? ProvisioningText.displayName(people, i) : ProvisioningText.joined(givenName, 0x20, familyName)
        let name: JSONMembers = [("givenName", .string(givenName)), ("familyName", .string(familyName))]
        let email: JSONMembers = [
            ("primary", .bool(true)), ("value", .string(people[i].email)), ("type", .string("work")),
        ]
        let o: JSONMembers = [
            ("schemas", coreSchemas), ("userName", .string(people[i].userName)),
            ("name", .object(JSONObject(distinctMembers: name))),
            ("emails", .array([.object(JSONObject(distinctMembers: email))])), ("displayName", .string(displayName)),
            ("locale", locale), ("externalId", .string(people[i].externalId)), ("groups", .array([])),
            ("password", password), ("active", .bool(people[i].active)),
        ]
        return .object(JSONObject(distinctMembers: o))
    }

    /// The PUT body of `p` under `id`: `schemas`, `id`, the profile, `active`, `meta`. O(members).
    func replaceBody(_ p: DirectoryPerson, id: String, active: Bool) -> JSONValue {
        var o = JSONMembers()
        o.reserveCapacity(Self.profileMembers(p) + 4)
        o.append(("schemas", p.department == nil ? coreSchemas : enterpriseSchemas))
        o.append(("id", .string(id)))
        appendProfile(p, to: &o)
        o.append(("active", .bool(active)))
        o.append(("meta", meta))
        return .object(JSONObject(distinctMembers: o))
    }

    /// The user attributes Okta sends after `schemas` (and `id` for PUT), in its order. The nested objects are
    /// array literals (one allocation each, filled in place).
    private func appendProfile(_ p: DirectoryPerson, to o: inout JSONMembers) {
        o.append(("userName", .string(p.userName)))
        let name: JSONMembers = [("givenName", .string(p.givenName)), ("familyName", .string(p.familyName))]
        o.append(("name", .object(JSONObject(distinctMembers: name))))
        let email: JSONMembers = [("primary", .bool(true)), ("value", .string(p.email)), ("type", .string("work"))]
        o.append(("emails", .array([.object(JSONObject(distinctMembers: email))])))
        o.append(("displayName", .string(ProvisioningText.displayName(p))))
        o.append(("locale", locale))
        o.append(("externalId", .string(p.externalId)))
        ProvisioningText.appendJobFields(of: p, to: &o)
        o.append(("groups", .array([])))
    }
}
