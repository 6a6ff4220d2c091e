import SCIM
import Testing

/// Parsing and printing of RFC 7644 section 3.4.2.2 filters.
@Suite struct FilterParserTests {
    private func path(_ name: String, _ sub: String? = nil, schema: String? = nil) -> AttributePath {
        AttributePath(schema: schema, name: name, subAttribute: sub)
    }

    private func expectInvalid(
        _ text: String, mentioning fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let f = try SCIMFilter.parse(text)
            Issue.record("expected invalidFilter for \(text), got \(f)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.status == 400, sourceLocation: sourceLocation)
            #expect(error.scimType == .invalidFilter, sourceLocation: sourceLocation)
            if let fragment {
                #expect(error.detail.contains(fragment), "detail: \(error.detail)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func everyOperatorParses() throws {
        for op in SCIMFilterOperator.allCases {
            let f = try SCIMFilter.parse("title \(op.rawValue) \"x\"")
            #expect(f == .compare(path("title"), op, .string("x")))
            let upper = try SCIMFilter.parse("title \(op.rawValue.uppercased()) \"x\"")
            #expect(upper == f)
        }
        #expect(try SCIMFilter.parse("title pr") == .present(path("title")))
        #expect(try SCIMFilter.parse("title PR") == .present(path("title")))
    }

    @Test func literals() throws {
        #expect(try SCIMFilter.parse("active eq true") == .compare(path("active"), .eq, .bool(true)))
        #expect(try SCIMFilter.parse("active eq False") == .compare(path("active"), .eq, .bool(false)))
        #expect(try SCIMFilter.parse("manager eq null") == .compare(path("manager"), .eq, .null))
        #expect(try SCIMFilter.parse("n gt 42") == .compare(path("n"), .gt, .int(42)))
        #expect(try SCIMFilter.parse("n lt -7") == .compare(path("n"), .lt, .int(-7)))
        #expect(try SCIMFilter.parse("n le 1.5e3") == .compare(path("n"), .le, .decimal(1500)))
        #expect(try SCIMFilter.parse("n ge 9223372036854775807") == .compare(path("n"), .ge, .int(Int64.max)))
    }

    @Test func andBindsTighterThanOr() throws {
        let a = SCIMFilter.compare(path("title"), .eq, .string("Ops"))
        let b = SCIMFilter.compare(path("title"), .eq, .string("Eng"))
        let c = SCIMFilter.compare(path("active"), .eq, .bool(false))
        #expect(try SCIMFilter.parse(#"title eq "Ops" or title eq "Eng" and active eq false"#) == .or(a, .and(b, c)))
        #expect(try SCIMFilter.parse(#"title eq "Eng" and active eq false or title eq "Ops""#) == .or(.and(b, c), a))
        #expect(try SCIMFilter.parse(#"(title eq "Ops" or title eq "Eng") and active eq false"#) == .and(.or(a, b), c))
        #expect(try SCIMFilter.parse(#"title eq "Ops" OR title eq "Eng" AND active eq false"#) == .or(a, .and(b, c)))
        // Left associativity.
        #expect(try SCIMFilter.parse(#"title eq "Ops" or title eq "Eng" or active eq false"#) == .or(.or(a, b), c))
        #expect(try SCIMFilter.parse(#"title eq "Ops" and title eq "Eng" and active eq false"#) == .and(.and(a, b), c))
    }

    @Test func notAndGrouping() throws {
        let a = SCIMFilter.compare(path("title"), .eq, .string("Eng"))
        #expect(try SCIMFilter.parse(#"not (title eq "Eng")"#) == .not(a))
        #expect(try SCIMFilter.parse(#"NOT(title eq "Eng")"#) == .not(a))
        #expect(try SCIMFilter.parse(#"((title eq "Eng"))"#) == a)
        #expect(try SCIMFilter.parse(#"  not ( not (title eq "Eng") )  "#) == .not(.not(a)))
        // An attribute literally named "not" is still an attribute.
        #expect(try SCIMFilter.parse(#"not eq "x""#) == .compare(path("not"), .eq, .string("x")))
    }

    @Test func valuePaths() throws {
        let f = try SCIMFilter.parse(#"emails[type eq "work" and primary eq true]"#)
        #expect(
            f
                == .valuePath(
                    path("emails"),
                    .and(.compare(path("type"), .eq, .string("work")), .compare(path("primary"), .eq, .bool(true)))))
        let combined = try SCIMFilter.parse(
            #"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#)
        guard case .and(_, .valuePath(let p, _)) = combined else {
            Issue.record("unexpected shape \(combined)")
            return
        }
        #expect(p == path("emails"))
    }

    @Test func valuePathSubAttributeComparisonIsTheRFCForm() throws {
        // Entra's `emails[type eq "work"].value eq "x"` is read as `emails[type eq "work" and value eq "x"]`.
        let lenient = try SCIMFilter.parse(#"emails[type eq "work"].value eq "ada@example.com""#)
        let rfc = try SCIMFilter.parse(#"emails[type eq "work" and value eq "ada@example.com"]"#)
        #expect(lenient == rfc)
        #expect(throws: SCIMError.self) {
            try SCIMFilter.parse(#"emails[type eq "work"].value eq "ada@example.com""#, options: .strict)
        }
    }

    @Test func urnQualifiedPaths() throws {
        let f = try SCIMFilter.parse(#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#)
        #expect(f == .compare(path("userName", schema: SCIMSchema.userURN), .sw, .string("J")))
        let e = try SCIMFilter.parse(
            #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "u1""#)
        #expect(e == .compare(path("manager", "value", schema: SCIMSchema.enterpriseUserURN), .eq, .string("u1")))
        #expect(
            try SCIMFilter.parse("meta.lastModified gt \"2011-05-13T04:42:34Z\"")
                == .compare(path("meta", "lastModified"), .gt, .string("2011-05-13T04:42:34Z")))
    }

    @Test func stringEscapesAndNonASCII() throws {
        #expect(
            try SCIMFilter.parse(#"displayName eq "Team \"Blue\"""#)
                == .compare(path("displayName"), .eq, .string("Team \"Blue\"")))
        #expect(
            try SCIMFilter.parse(#"displayName eq "José's Team""#)
                == .compare(path("displayName"), .eq, .string("José's Team")))
        #expect(
            try SCIMFilter.parse(#"displayName eq "Jos\u00e9 \\ \/ \n""#)
                == .compare(path("displayName"), .eq, .string("José \\ / \n")))
        #expect(
            try SCIMFilter.parse(#"displayName eq "\ud83d\ude00 😀""#)
                == .compare(path("displayName"), .eq, .string("😀 😀")))
        #expect(
            try SCIMFilter.parse(#"userName eq "domain\\user""#)
                == .compare(path("userName"), .eq, .string("domain\\user")))
        #expect(
            try SCIMFilter.parse(#"displayName eq "a ) and ( b ]""#)
                == .compare(path("displayName"), .eq, .string("a ) and ( b ]")))
    }

    @Test func bareWordValuesAreLenientStrings() throws {
        // Microsoft's documented `externalId eq jyoung` [MS-SCIM].
        #expect(try SCIMFilter.parse("externalId eq jyoung") == .compare(path("externalId"), .eq, .string("jyoung")))
        #expect(
            try SCIMFilter.parse("userName eq a@b.com and active eq true")
                == .and(.compare(path("userName"), .eq, .string("a@b.com")), .compare(path("active"), .eq, .bool(true)))
        )
        #expect(throws: SCIMError.self) { try SCIMFilter.parse("externalId eq jyoung", options: .strict) }
    }

    @Test func malformedFiltersAreInvalidFilter() {
        expectInvalid("", mentioning: "empty")
        expectInvalid("   ", mentioning: "empty")
        expectInvalid("userName eq", mentioning: "expected a value")
        expectInvalid("userName", mentioning: "operator")
        expectInvalid("userName xx \"a\"", mentioning: "unknown operator 'xx'")
        expectInvalid(#"userName eq "alice@example.com" xor active eq true"#, mentioning: "offset 32")
        expectInvalid(#"displayName eq "Sales"#, mentioning: "unterminated")
        expectInvalid(#"(userName eq "a""#, mentioning: "')'")
        expectInvalid(#"userName eq "a")"#)
        expectInvalid(#"emails[type eq "work""#, mentioning: "']'")
        expectInvalid(#"emails[type eq "work"]]"#)
        expectInvalid(#"emails[addresses[type eq "work"]]"#, mentioning: "nested")
        expectInvalid(#"emails[name.givenName eq "x"]"#)
        expectInvalid(#"not title eq "x""#)
        expectInvalid(#"title eq "x" and"#)
        expectInvalid(#"and title eq "x""#)
        expectInvalid(#"title eq "bad \q escape""#)
        expectInvalid(#"title eq "\ud800""#)
        expectInvalid("1abc eq \"x\"")
        expectInvalid("title eq \"a\" or or title eq \"b\"")
        expectInvalid(#"emails[type eq "work"].value"#)
        expectInvalid(#"title eq "x" "y""#)
    }

    @Test func depthIsLimited() throws {
        let ok = String(repeating: "(", count: 64) + #"title eq "x""# + String(repeating: ")", count: 64)
        _ = try SCIMFilter.parse(ok)
        expectInvalid(
            String(repeating: "(", count: 65) + #"title eq "x""# + String(repeating: ")", count: 65),
            mentioning: "nesting")
        expectInvalid(String(repeating: "not (", count: 5000) + #"title eq "x""# + String(repeating: ")", count: 5000))
    }

    @Test func termCountIsLimited() throws {
        let clauses = (0..<SCIMFilter.maxTerms).map { #"title eq "t\#($0)""# }
        let widest = try SCIMFilter.parse(clauses.joined(separator: " or "))
        #expect(try SCIMFilter.parse(widest.description) == widest)
        let resource = Fixtures.object(["title": "t999"])
        #expect(widest.matches(resource, schema: .user))
        expectInvalid(
            (clauses + [#"title eq "one too many""#]).joined(separator: " and "), mentioning: "more than 1000")
    }

    @Test func printerIsCanonical() throws {
        let cases: [(String, String)] = [
            (#"USERNAME EQ "alice@example.com""#, #"USERNAME eq "alice@example.com""#),
            (
                #"title eq "Ops" or title eq "Eng" and active eq false"#,
                #"title eq "Ops" or title eq "Eng" and active eq false"#
            ),
            (
                #"(title eq "Ops" or title eq "Eng") and active eq false"#,
                #"(title eq "Ops" or title eq "Eng") and active eq false"#
            ),
            (#"((a eq 1) and (b eq 2)) and c eq 3"#, #"a eq 1 and b eq 2 and c eq 3"#),
            (#"a eq 1 and (b eq 2 and c eq 3)"#, #"a eq 1 and (b eq 2 and c eq 3)"#),
            (#"a eq 1 or (b eq 2 or c eq 3)"#, #"a eq 1 or (b eq 2 or c eq 3)"#),
            (#"NOT(a pr)"#, #"not (a pr)"#),
            (#"emails[type eq "work" and primary eq TRUE]"#, #"emails[type eq "work" and primary eq true]"#),
            (#"x eq "tab\there \"q\" é""#, #"x eq "tab\there \"q\" é""#),
            ("x gt 1.5 and y le -3 and z ne null", "x gt 1.5 and y le -3 and z ne null"),
        ]
        for (input, printed) in cases {
            let f = try SCIMFilter.parse(input)
            #expect(f.description == printed)
            #expect(try SCIMFilter.parse(f.description) == f)
        }
    }

    @Test func equalityLookupForIndexes() throws {
        let okta = try SCIMFilter.parse(#"userName eq "Ada.Lovelace@Example.com""#)
        #expect(okta.equalityLookup?.attribute == "username")
        #expect(okta.equalityLookup?.value == "Ada.Lovelace@Example.com")
        #expect(try SCIMFilter.parse("externalId eq jyoung").equalityLookup?.attribute == "externalid")
        #expect(try SCIMFilter.parse(#"ID Eq "u-1""#).equalityLookup?.attribute == "id")
        #expect(try SCIMFilter.parse(#"displayName eq "Sales Team EMEA""#).equalityLookup?.value == "Sales Team EMEA")
        #expect(
            try SCIMFilter.parse(#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a""#).equalityLookup?
                .attribute
                == "username")
        #expect(try SCIMFilter.parse(#"userName ne "a""#).equalityLookup == nil)
        #expect(try SCIMFilter.parse(#"userName eq "a" and active eq true"#).equalityLookup == nil)
        #expect(try SCIMFilter.parse(#"name.givenName eq "a""#).equalityLookup == nil)
        #expect(try SCIMFilter.parse("userName eq 5").equalityLookup == nil)
        #expect(
            try SCIMFilter.parse(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "a""#)
                .equalityLookup == nil)
    }
}
