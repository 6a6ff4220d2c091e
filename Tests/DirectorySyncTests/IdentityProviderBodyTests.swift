import SCIM
import Testing

@testable import DirectorySync

/// The per-profile body builders and string helpers behind the IdP's requests: every shape of person gives
/// exactly the members, order and values Okta and Entra send (research/scim-protocol.md sections 2 and 3).
@Suite struct IdentityProviderBodyTests {
    static let core = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    static func person(title: String?, department: String?) -> DirectoryPerson {
        DirectoryPerson(
            userName: "grace.hopper@navy.example", email: "Grace.Hopper@Navy.example", givenName: "Grace",
            familyName: "Hopper", externalId: "00uGrace", department: department, title: title, active: true)
    }

    /// The Okta create body written out member by member, in Okta's order.
    static func expectedCreate(title: String?, department: String?) -> JSONValue {
        var o = JSONObject()
        o.append(key: "schemas", value: department == nil ? [.string(core)] : [.string(core), .string(enterprise)])
        o.append(key: "userName", value: "grace.hopper@navy.example")
        o.append(key: "name", value: ["givenName": "Grace", "familyName": "Hopper"])
        o.append(key: "emails", value: [["primary": true, "value": "Grace.Hopper@Navy.example", "type": "work"]])
        o.append(key: "displayName", value: "Grace Hopper")
        o.append(key: "locale", value: "fr-FR")
        o.append(key: "externalId", value: "00uGrace")
        if let title { o.append(key: "title", value: .string(title)) }
        if let department { o.append(key: enterprise, value: ["department": .string(department)]) }
        o.append(key: "groups", value: [])
        o.append(key: "password", value: "s3cret")
        o.append(key: "active", value: true)
        return .object(o)
    }

    @Test(
        arguments: [(nil, nil), ("Rear Admiral", nil), (nil, "Navy"), ("Rear Admiral", "Navy")] as [(String?, String?)])
    func oktaCreateBodyMatchesEveryShape(title: String?, department: String?) {
        var parameters = OktaParameters()
        parameters.locale = "fr-FR"
        parameters.placeholderPassword = "s3cret"
        let bodies = OktaUserBodies(parameters: parameters)
        let p = Self.person(title: title, department: department)
        #expect(bodies.createBody(p) == Self.expectedCreate(title: title, department: department))
        // The same bodies twice: nothing of one person leaks into the next.
        let other = DirectoryPerson(userName: "x@example.com", email: "x@example.com", externalId: "00uX")
        _ = bodies.createBody(other)
        #expect(bodies.createBody(p) == Self.expectedCreate(title: title, department: department))
    }

    @Test func oktaReplaceBodyHasIdActiveAndMeta() {
        let bodies = OktaUserBodies(parameters: OktaParameters())
        let p = Self.person(title: "Rear Admiral", department: nil)
        let expected: JSONValue = [
            "schemas": [.string(Self.core)], "id": "u9", "userName": "grace.hopper@navy.example",
            "name": ["givenName": "Grace", "familyName": "Hopper"],
            "emails": [["primary": true, "value": "Grace.Hopper@Navy.example", "type": "work"]],
            "displayName": "Grace Hopper", "locale": "en-US", "externalId": "00uGrace", "title": "Rear Admiral",
            "groups": [], "active": false, "meta": ["resourceType": "User"],
        ]
        #expect(bodies.replaceBody(p, id: "u9", active: false) == expected)
    }

    @Test func quotedFilterValuesAndDisplayNames() {
        #expect(ProvisioningText.quoted("ada@example.com", after: "userName eq ") == "userName eq \"ada@example.com\"")
        #expect(ProvisioningText.quoted("a\"b\\c", after: "userName eq ") == "userName eq \"a\\\"b\\\\c\"")
        #expect(ProvisioningText.quoted("") == "\"\"")
        #expect(ProvisioningText.quoted("zoë@exämple.com") == "\"zoë@exämple.com\"")
        let long = String(repeating: "x", count: 40) + "@example.com"
        #expect(ProvisioningText.quoted(long, after: "userName eq ") == "userName eq \"" + long + "\"")
        #expect(ProvisioningText.concatenated("", "", "") == "")
        #expect(ProvisioningText.concatenated("Zoë", " ", "Ünal") == "Zoë Ünal")
        let given = DirectoryPerson(userName: "u", email: "e", givenName: "Ada", externalId: "x")
        #expect(ProvisioningText.displayName(given) == "Ada")
        let none = DirectoryPerson(userName: "u@example.com", email: "e", externalId: "x")
        #expect(ProvisioningText.displayName(none) == "u@example.com")
        #expect(ProvisioningText.displayName(Self.person(title: nil, department: nil)) == "Grace Hopper")
    }

    /// The literal-prefix filter (an 8-byte scan for `"` and `\\`) equals the general one, with a quote or a
    /// backslash at every position of values up to 20 bytes (in a word or in the tail), and without any.
    @Test func literalPrefixFilterMatchesTheGeneralOne() {
        for length in 0...20 {
            let plain = String(repeating: "a", count: length)
            #expect(
                ProvisioningText.quoted(plain, afterLiteral: "userName eq ")
                    == ProvisioningText.quoted(plain, after: "userName eq "))
            for position in 0..<length {
                for special in ["\"", "\\"] {
                    var units = Array(plain)
                    units[position] = Character(special)
                    let value = String(units)
                    let expected = ProvisioningText.quoted(value, after: "displayName eq ")
                    #expect(ProvisioningText.quoted(value, afterLiteral: "displayName eq ") == expected)
                    #expect(expected.contains("\\" + special))
                }
            }
        }
        #expect(
            ProvisioningText.quoted("zoë@exämple.com", afterLiteral: "userName eq ")
                == "userName eq \"zoë@exämple.com\"")
        #expect(ProvisioningText.joined("Zoë", 0x20, "Ünal") == "Zoë Ünal")
        #expect(ProvisioningText.joined("", 0x2F, "") == "/")
    }

    /// Ids are read by exact key first (the first of duplicates), then case-insensitively.
    @Test func resourceIDReadsTheExactKeyFirst() {
        let exact: JSONValue = ["ID": "upper", "identity": "x", "id": "exact", "id2": "y"]
        #expect(IdentityProviderStateMachine.resourceID(exact) == "exact")
        let folded: JSONValue = ["schemas": [], "Id": "folded"]
        #expect(IdentityProviderStateMachine.resourceID(folded) == "folded")
        #expect(IdentityProviderStateMachine.resourceID(["id": ""]) == nil)
        #expect(IdentityProviderStateMachine.resourceID(nil) == nil)
        let list: JSONValue = ["totalResults": 1, "Resources": [["id": "r1"]]]
        #expect(IdentityProviderStateMachine.firstResource(list) == .some(["id": "r1"]))
        #expect(IdentityProviderStateMachine.firstResource(["totalResults": 0]) == .some(nil))
    }

    @Test func monitorKeyEqualsTheOrganizationsEmailKey() {
        for (email, userName) in [
            ("ada@example.com", "x"), ("Ada@Example.com", "x"), ("", "Login@Example.com"), ("", "login"),
            ("zoë@exämple.com", "x"), ("ZOË@EXÄMPLE.COM", "x"),
        ] {
            let expected = OrganizationState.emailKey(email.isEmpty ? userName : email)
            #expect(InvariantMonitor.key(email: email, userName: userName) == expected)
        }
    }

    @Test func trackerCountsWantedAndPresentKeys() {
        var t = ConvergenceTracker()
        t.reserveCapacity(4)
        t.changeWanted("a", by: 1)
        t.changeWanted("a", by: 1)
        #expect(t.mismatches == 1 && t.wantedCount == 1 && t.presentCount == 0)
        t.setPresent("a", true)
        #expect(t.isConverged && t.presentCount == 1)
        t.changeWanted("a", by: -1)
        #expect(t.isConverged && t.isWanted("a"))
        t.changeWanted("a", by: -1)
        #expect(t.mismatches == 1 && t.wantedCount == 0 && !t.isWanted("a"))
        t.setPresent("a", false)
        #expect(t.isConverged && t.presentCount == 0 && t.sampleMismatches(limit: 5).isEmpty)
        t.setPresent("b", false)
        #expect(t.isConverged && !t.isPresent("b"))
    }

    @Test func directoryFromPeopleLinksListedGroups() {
        var a = IdPFixture.person(0)
        a.groups = ["Eng", "Ops"]
        var c = IdPFixture.person(2)
        c.groups = ["Ops"]
        let d = IdentityProviderDirectory(people: [a, IdPFixture.person(1), c], assigned: false)
        #expect(d.people.map(\.groups) == [["Eng", "Ops"], [], ["Ops"]])
        #expect(d.groups.map(\.name) == ["Eng", "Ops"])
        #expect(d.groups.map(\.members) == [[0], [0, 2]])
        #expect(d.groupsOf == [[0, 1], [], [1]])
        #expect(d.directlyAssigned == [false, false, false])
        #expect(d.deletedAt == [nil, nil, nil])
        #expect(d.everInScope == [false, false, false])
        #expect(d.people[1] == IdPFixture.person(1))
    }
}
