import SCIM
import Testing

/// The field-cases.md seed users and group.
enum Fixtures {
    static func object(_ value: JSONValue) -> JSONObject {
        guard case .object(let o) = value else { preconditionFailure("fixture is not an object") }
        return o
    }

    static let u1 = object([
        "schemas": [.string(SCIMSchema.userURN), .string(SCIMSchema.enterpriseUserURN)],
        "id": "u-0001", "userName": "alice@example.com", "externalId": "ext-A1", "active": true,
        "name": ["givenName": "Alice", "familyName": "Ng"],
        "emails": [
            ["value": "alice@example.com", "type": "work", "primary": true],
            ["value": "al@home.example", "type": "home"],
        ],
        "title": "Eng",
        "meta": [
            "resourceType": "User", "created": "2026-01-01T08:00:00Z", "lastModified": "2026-03-01T12:30:00.250Z",
        ],
        SCIMSchema.enterpriseUserURN: ["department": "R&D", "manager": ["value": "u-0003"]],
    ])
    static let u2 = object([
        "id": "u-0002", "userName": "bob@example.com", "externalId": "ext-B2", "active": false, "title": "Eng",
        "meta": [
            "resourceType": "User", "created": "2026-02-01T08:00:00+02:00", "lastModified": "2026-02-01T06:00:00Z",
        ],
    ])
    static let u3 = object([
        "id": "u-0003", "userName": "carol@example.com", "externalId": "ext-C3", "active": true, "title": "Ops",
        "name": ["familyName": "Müller"],
        "meta": ["resourceType": "User", "created": "2026-03-01T00:00:00Z", "lastModified": "2026-03-01T12:30:00.25Z"],
    ])
    static let users: [(String, JSONObject)] = [("u-0001", u1), ("u-0002", u2), ("u-0003", u3)]

    static let g1 = object([
        "id": "g-0001", "displayName": "Sales Team EMEA",
        "members": [["value": "u-0001"], ["value": "u-0002", "display": "bob@example.com"], ["value": "u-0003"]],
    ])
    static let g2 = object(["id": "g-0002", "displayName": "Team \"Blue\"", "members": []])
    static let g3 = object(["id": "g-0003", "displayName": "José's Team"])
    static let groups: [(String, JSONObject)] = [("g-0001", g1), ("g-0002", g2), ("g-0003", g3)]
}

@Suite struct FilterEvaluationTests {
    private func ids(
        _ filter: String, in resources: [(String, JSONObject)] = Fixtures.users,
        schema: SCIMResourceSchema = .user
    ) throws -> [String] {
        let compiled = try SCIMFilter.parse(filter).compile(for: schema)
        return resources.filter { compiled.matches($0.1) }.map(\.0)
    }

    private func expectInvalid(
        _ filter: String, schema: SCIMResourceSchema = .user, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try SCIMFilter.parse(filter).compile(for: schema)
            Issue.record("expected invalidFilter for \(filter)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.status == 400 && error.scimType == .invalidFilter, sourceLocation: sourceLocation)
        }
    }

    @Test func fieldCaseF07CaseInsensitivityAndPrecedence() throws {
        #expect(try ids(#"USERNAME EQ "alice@example.com""#) == ["u-0001"])
        #expect(try ids(#"userName Eq "alice@example.com""#) == ["u-0001"])
        #expect(try ids(#"title eq "Eng" AND active eq false"#) == ["u-0002"])
        #expect(try ids(#"title eq "Ops" or title eq "Eng" and active eq false"#) == ["u-0002", "u-0003"])
        #expect(try ids(#"(title eq "Ops" or title eq "Eng") and active eq false"#) == ["u-0002"])
        #expect(try ids(#"active eq true and (title eq "Ops" or title eq "Eng")"#) == ["u-0001", "u-0003"])
        #expect(try ids(#"not (title eq "Eng")"#) == ["u-0003"])
        #expect(try ids(#"title eq "eng""#) == ["u-0001", "u-0002"])
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(#"userName eq "alice@example.com" xor active eq true"#) }
    }

    @Test func fieldCaseF09AndExample4UserNameIsCaseInsensitive() throws {
        #expect(try ids(#"userName eq "ALICE@example.com""#) == ["u-0001"])
        #expect(try ids(#"userName eq "ALICE@EXAMPLE.COM""#) == ["u-0001"])
        #expect(try ids(#"userName eq "nobody@example.com""#) == [])
    }

    @Test func fieldCaseF11ExternalIdAndIdAreCaseExact() throws {
        #expect(try ids(#"externalId eq "ext-A1""#) == ["u-0001"])
        #expect(try ids(#"externalId eq "EXT-A1""#) == [])
        #expect(try ids("externalId eq ext-B2") == ["u-0002"])  // Entra's unquoted form
        #expect(try ids(#"id eq "u-0003""#) == ["u-0003"])
        #expect(try ids(#"id eq "U-0003""#) == [])
        #expect(try ids(#"meta.resourceType eq "user""#) == [])
        #expect(try ids(#"meta.resourceType eq "User""#) == ["u-0001", "u-0002", "u-0003"])
    }

    @Test func fieldCaseF08GroupDisplayNames() throws {
        #expect(try ids(#"displayName eq "Sales Team EMEA""#, in: Fixtures.groups, schema: .group) == ["g-0001"])
        #expect(try ids(#"displayName eq "Team \"Blue\"""#, in: Fixtures.groups, schema: .group) == ["g-0002"])
        #expect(try ids(#"displayName eq "José's Team""#, in: Fixtures.groups, schema: .group) == ["g-0003"])
        #expect(try ids(#"displayName eq "JOSÉ'S TEAM""#, in: Fixtures.groups, schema: .group) == ["g-0003"])
        // NFD (e + combining acute) equals the stored NFC form: documented decision, canonical equivalence.
        #expect(try ids("displayName eq \"Jose\u{301}'s Team\"", in: Fixtures.groups, schema: .group) == ["g-0003"])
        #expect(try ids("displayName co \"Jose\u{301}\"", in: Fixtures.groups, schema: .group) == ["g-0003"])
        #expect(try ids(#"name.familyName eq "Müller""#) == ["u-0003"])
        #expect(try ids(#"name.familyName eq "MÜLLER""#) == ["u-0003"])
    }

    /// The filters Okta and Entra send (scim-protocol.md sections 1.10, 2, 3 and 6; field-cases.md), after URL
    /// decoding (`%20`/`+` to space, `%22` to `"`, `%40` to `@`).
    @Test func identityProviderFilterExamples() throws {
        // Okta existence check (example 1) and the case-insensitivity check (example 4).
        #expect(try ids(#"userName eq "alice@example.com""#) == ["u-0001"])
        #expect(try ids(#"userName eq "ALICE@EXAMPLE.COM""#) == ["u-0001"])
        // Entra's probe with a random GUID: no match, not an error.
        #expect(try ids(#"userName eq "9b0c6a4e-8f1d-4b7e-9a3f-2d5c1e0f7a61""#) == [])
        #expect(try ids(#"externalId eq "9b0c6a4e-8f1d-4b7e-9a3f-2d5c1e0f7a61""#) == [])
        // Entra matching on the work e-mail, both the RFC form and Entra's documented form.
        #expect(try ids(#"emails[type eq "work"].value eq "alice@example.com""#) == ["u-0001"])
        #expect(try ids(#"emails[type eq "work" and value eq "alice@example.com"]"#) == ["u-0001"])
        // Entra's manager check: a filter on id and manager.
        let manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
        #expect(try ids(#"id eq "u-0001" and \#(manager) eq "u-0003""#) == ["u-0001"])
        #expect(try ids(#"id eq "u-0001" and \#(manager).value eq "u-0002""#) == [])
        // Entra's group lookup (example 15 and F08).
        let renamed = Fixtures.object(["id": "g_41c2", "displayName": "Difference Engines"])
        #expect(
            try ids(#"displayName eq "Difference Engines""#, in: [("g_41c2", renamed)], schema: .group) == ["g_41c2"])
        // Microsoft's documented unquoted value.
        let young = Fixtures.object(["id": "u-9", "userName": "jyoung@example.com", "externalId": "jyoung"])
        #expect(try ids("externalId eq jyoung", in: [("u-9", young)]) == ["u-9"])
        // F06 D: with the strict grammar the Entra form is invalidFilter, never an unfiltered result.
        #expect(throws: SCIMError.self) {
            try SCIMFilter.parse(#"emails[type eq "work"].value eq "alice@example.com""#, options: .strict)
        }
        // Negative path of scim-protocol.md section 5: `userName eq` with no value.
        #expect(throws: SCIMError.self) { try SCIMFilter.parse("userName eq") }
    }

    @Test func stringOperators() throws {
        #expect(try ids(#"userName sw "ALI""#) == ["u-0001"])
        #expect(try ids(#"userName ew "@EXAMPLE.com""#) == ["u-0001", "u-0002", "u-0003"])
        #expect(try ids(#"userName co "ob@""#) == ["u-0002"])
        #expect(try ids(#"userName co """#) == ["u-0001", "u-0002", "u-0003"])
        #expect(try ids(#"userName gt "B""#) == ["u-0002", "u-0003"])
        #expect(try ids(#"userName ge "bob@example.com""#) == ["u-0002", "u-0003"])
        #expect(try ids(#"userName lt "BOB@example.com""#) == ["u-0001"])
        #expect(try ids(#"userName le "BOB@example.com""#) == ["u-0001", "u-0002"])
        #expect(try ids(#"name.familyName sw "mü""#) == ["u-0003"])
        #expect(try ids(#"externalId sw "EXT""#) == [])
        #expect(try ids(#"externalId ew "C3""#) == ["u-0003"])
    }

    @Test func notEqualPresentAndNull() throws {
        #expect(try ids(#"title ne "Eng""#) == ["u-0003"])
        #expect(try ids(#"name.givenName ne "Alice""#) == ["u-0002", "u-0003"])  // absent counts as not equal
        #expect(try ids("name pr") == ["u-0001", "u-0003"])
        #expect(try ids("name.givenName pr") == ["u-0001"])
        #expect(try ids("emails pr") == ["u-0001"])
        #expect(try ids("name.givenName eq null") == ["u-0002", "u-0003"])
        #expect(try ids("name.givenName ne null") == ["u-0001"])
        #expect(try ids("members pr", in: Fixtures.groups, schema: .group) == ["g-0001"])
    }

    @Test func multiValuedAttributesMatchAnyValue() throws {
        #expect(try ids(#"emails co "home.example""#) == ["u-0001"])  // implicit `value`
        #expect(try ids(#"emails.type eq "HOME""#) == ["u-0001"])
        #expect(try ids(#"emails.type ne "work""#) == ["u-0001", "u-0002", "u-0003"])
        #expect(try ids(#"emails[type eq "work" and value eq "alice@example.com"]"#) == ["u-0001"])
        #expect(try ids(#"emails[type eq "work" and value eq "al@home.example"]"#) == [])
        #expect(try ids(#"emails[type eq "work"].value eq "ALICE@example.com""#) == ["u-0001"])
        #expect(try ids(#"emails[type eq "home" and primary eq true]"#) == [])
        #expect(try ids(#"emails[not (primary eq true)]"#) == ["u-0001"])
        #expect(try ids(#"members[value eq "u-0002"]"#, in: Fixtures.groups, schema: .group) == ["g-0001"])
        #expect(try ids(#"members.value eq "u-0003""#, in: Fixtures.groups, schema: .group) == ["g-0001"])
        #expect(try ids(#"members[display sw "BOB"]"#, in: Fixtures.groups, schema: .group) == ["g-0001"])
        #expect(try ids(#"name[givenName eq "alice"]"#) == ["u-0001"])
    }

    @Test func enterpriseExtension() throws {
        let urn = SCIMSchema.enterpriseUserURN
        #expect(try ids(#"\#(urn):department eq "r&d""#) == ["u-0001"])
        #expect(try ids(#"department eq "R&D""#) == ["u-0001"])  // unqualified extension attribute resolves too
        #expect(try ids(#"\#(urn):manager.value eq "u-0003""#) == ["u-0001"])
        #expect(try ids(#"\#(urn):manager pr"#) == ["u-0001"])
        #expect(try ids(#"URN:IETF:params:scim:schemas:core:2.0:User:USERNAME eq "carol@example.com""#) == ["u-0003"])
        #expect(try ids(#"urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "x""#) == [])
    }

    @Test func datesCompareAsInstants() throws {
        // u2 created 2026-02-01T08:00:00+02:00 == 06:00Z.
        #expect(try ids(#"meta.created eq "2026-02-01T06:00:00Z""#) == ["u-0002"])
        #expect(try ids(#"meta.created eq "2026-02-01T01:00:00-05:00""#) == ["u-0002"])
        #expect(try ids(#"meta.created gt "2026-02-01T06:00:00Z""#) == ["u-0003"])
        #expect(try ids(#"meta.created ge "2026-02-01T06:00:00.000Z""#) == ["u-0002", "u-0003"])
        #expect(try ids(#"meta.created lt "2026-01-01T09:00:00+01:00""#) == [])
        #expect(try ids(#"meta.created le "2026-01-01T09:00:00+01:00""#) == ["u-0001"])
        // Lexically "…12:30:00.250Z" > "…12:30:00.25Z", but they are the same instant.
        #expect(try ids(#"meta.lastModified eq "2026-03-01T12:30:00.25Z""#) == ["u-0001", "u-0003"])
        #expect(try ids(#"meta.lastModified gt "2026-03-01T12:30:00.2499Z""#) == ["u-0001", "u-0003"])
        #expect(try ids(#"meta.created sw "2026-02""#) == ["u-0002"])
        expectInvalid(#"meta.created gt "yesterday""#)
        expectInvalid("meta.created gt 5")
    }

    @Test func typeRulesGiveInvalidFilter() throws {
        expectInvalid("active gt true")
        expectInvalid("active le false")
        expectInvalid(#"active co "t""#)
        expectInvalid(#"active eq "maybe""#)
        expectInvalid(#"name eq "Alice""#)  // complex without `value`
        expectInvalid(#"name gt "A""#)
        expectInvalid(#"x509Certificates gt "MII""#)  // binary
        expectInvalid(#"userName gt null"#)
        expectInvalid(#"userName[value eq "x"]"#)  // value path on a simple attribute
        #expect(try ids(#"active eq "True""#) == ["u-0001", "u-0003"])  // Entra's string booleans
        #expect(try ids("active ne true") == ["u-0002"])
    }

    @Test func numbersAndCustomSchemas() throws {
        let core = SCIMSchema(
            id: "urn:example:params:scim:schemas:Widget", name: "Widget", description: "test",
            attributes: [
                SCIMAttribute("size", type: .integer), SCIMAttribute("weight", type: .decimal, multiValued: true),
            ])
        let schema = SCIMResourceSchema(name: "Widget", core: core, extensions: [])
        let widgets: [(String, JSONObject)] = [
            ("w1", Fixtures.object(["size": 3, "weight": [1.5, 9.25]])),
            ("w2", Fixtures.object(["size": 10, "weight": [2]])),
            ("w3", Fixtures.object(["size": 9223372036854775807])),
        ]
        #expect(try ids("size gt 3", in: widgets, schema: schema) == ["w2", "w3"])
        #expect(try ids("size eq 3.0", in: widgets, schema: schema) == ["w1"])
        #expect(try ids("size le 10", in: widgets, schema: schema) == ["w1", "w2"])
        #expect(try ids("size eq 9223372036854775807", in: widgets, schema: schema) == ["w3"])
        #expect(try ids("size lt 9223372036854775807", in: widgets, schema: schema) == ["w1", "w2"])
        #expect(try ids("weight gt 9", in: widgets, schema: schema) == ["w1"])
        #expect(try ids("weight eq 2", in: widgets, schema: schema) == ["w2"])
        #expect(try ids("size ne 3", in: widgets, schema: schema) == ["w2", "w3"])
        expectInvalid(#"size co 3"#, schema: schema)
        expectInvalid(#"size eq "3""#, schema: schema)
    }

    @Test func unknownAttributesNeverMatch() throws {
        #expect(try ids(#"nickname2 eq "x""#) == [])
        #expect(try ids(#"nickname2 ne "x""#) == [])
        #expect(try ids("nickname2 pr") == [])
        #expect(try ids(#"name.nickname eq "x""#) == [])
        #expect(try ids(#"urn:example:unknown:2.0:User:foo eq "x""#) == [])
        #expect(try ids(#"not (nickname2 eq "x")"#) == ["u-0001", "u-0002", "u-0003"])
        #expect(try ids(#"title eq "Ops" or nickname2 eq "x""#) == ["u-0003"])
    }

    @Test func jsonMemberNamesMatchIgnoringCase() throws {
        let shouty = Fixtures.object([
            "USERNAME": "Zed@Example.com", "Emails": [["VALUE": "z@example.com", "Type": "work"]],
        ])
        let resources = [("z", shouty)]
        #expect(try ids(#"userName eq "zed@example.com""#, in: resources) == ["z"])
        #expect(try ids(#"emails[type eq "WORK"]"#, in: resources) == ["z"])
        #expect(try ids(#"emails.value eq "Z@EXAMPLE.COM""#, in: resources) == ["z"])
    }

    @Test func elementFiltersForPatchPaths() throws {
        let members = try #require(SCIMSchema.group.attribute(named: "members"))
        let compiled = try SCIMFilter.parse(#"value eq "u-0002""#).compile(forSubAttributesOf: members)
        let elements = Fixtures.g1["members"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(elements.filter(compiled.matches).count == 1)
        let emails = try #require(SCIMSchema.user.attribute(named: "emails"))
        #expect(throws: SCIMError.self) { try SCIMFilter.parse("primary gt true").compile(forSubAttributesOf: emails) }
        let unknown = try SCIMFilter.parse(#"nope eq "u-0002""#).compile(forSubAttributesOf: members)
        #expect(elements.filter(unknown.matches).isEmpty)
    }

    @Test func convenienceMatchesRejectsInvalidFilters() throws {
        #expect(try SCIMFilter.parse(#"userName eq "alice@example.com""#).matches(Fixtures.u1, schema: .user))
        #expect(!(try SCIMFilter.parse("active gt true").matches(Fixtures.u1, schema: .user)))
    }
}
