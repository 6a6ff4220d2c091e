import Testing

@testable import DirectorySync

/// Unknown headers, missing columns and values, bad status values, malformed JSON: each error names the
/// file, line and column, and nothing is loaded.
@Suite struct ImportErrorTests {
    private typealias F = ImportFixture

    @Test func unknownHeaderListsTheRecognisedFormats() throws {
        let error = try #require(F.error("Name,Email,Phone\nAnn,ann@example.com,555\n"))
        #expect(error.reason == .unknownFormat(header: ["Name", "Email", "Phone"]))
        #expect((error.line, error.column) == (1, 1))
        for format in DirectoryFormat.allCases {
            #expect(error.description.contains(format.recognitionHint))
        }
        #expect(
            error.description.hasPrefix("test.csv:1:1: unrecognised header \"Name,Email,Phone\"; recognised formats: "))
    }

    @Test func aHugeHeaderIsQuotedClipped() throws {
        let huge = String(repeating: "x", count: 100_000)
        let error = try #require(F.error(huge + ",Email\nAnn,ann@example.com\n"))
        #expect(error.description.count < 2_000)
        #expect(
            error.description.contains("unrecognised header \"" + String(repeating: "x", count: 57) + "...,Email\""))
    }

    @Test func missingRequiredColumnsAreNamed() throws {
        let google = try #require(
            F.error("First Name [Required],Last Name [Required],Status [READ ONLY]\nA,B,Active\n"))
        #expect(google.reason == .missingColumn("Email Address [Required]"))
        #expect(google.description == "test.csv:1:1: missing required column \"Email Address [Required]\"")
        let bulk = try #require(
            F.error(
                "version:v1.0\nName [displayName] Required,User name [userPrincipalName] Required\nA,a@example.com\n"))
        #expect(bulk.reason == .missingColumn("Block sign in (Yes/No) [accountEnabled] Required"))
        #expect(bulk.line == 2)
        let okta = try #require(F.error("User Id,Status,First name\n00u1,ACTIVE,Ann\n"))
        #expect(okta.reason == .missingColumn("Username"))
    }

    @Test func emptyLoginAndUnknownStatusPointAtTheField() throws {
        let login = try #require(F.error(F.oktaHeader + "\n00u1,ACTIVE,a@example.com,A,B,\n00u2,ACTIVE,  ,B,C,\n"))
        #expect(login.reason == .missingValue(column: "Username"))
        #expect((login.line, login.column) == (3, 13))
        let status = try #require(F.error(F.oktaHeader + "\n00u1,Activ,a@example.com,A,B,\n"))
        #expect(
            status.reason
                == .invalidValue(
                    column: "Status", value: "Activ", expected: CSVImportPlan.StatusRule.oktaStatus.expected))
        #expect((status.line, status.column) == (2, 6))
        let entra = try #require(F.error("userPrincipalName,accountEnabled\na@example.com,Maybe\n"))
        #expect(
            entra.description
                == "test.csv:2:15: invalid value \"Maybe\" in column \"accountEnabled\"; expected True or False")
        let google = try #require(F.error("Email Address [Required],Status [READ ONLY]\na@example.org,\n"))
        #expect(google.reason == .missingValue(column: "Status [READ ONLY]"))
    }

    @Test func absentStatusColumnImportsEveryoneActiveWithAWarning() throws {
        let result = try F.parse("userPrincipalName,id\na@example.com,1\n")
        #expect(result.people.allSatisfy { $0.active })
        #expect(result.warnings == [DirectoryImportWarning(.statusColumnMissing("accountEnabled"))])
    }

    @Test func malformedExampleFileReportsLineAndColumn() throws {
        let path = F.examples + "/malformed/okta-bad-quote.csv"
        #expect {
            _ = try DirectoryImport.load(path: path)
        } throws: { error in
            guard let error = error as? DirectoryImportError else { return false }
            return error.reason == .characterAfterClosingQuote && error.line == 5 && error.column == 285
                && error.description.hasPrefix(path + ":5:285: unexpected character after the closing quote")
        }
    }

    @Test func invalidJSONIsReportedOnItsLine() throws {
        let error = try #require(F.error("{\n  \"schemas\": [\"x\",,]\n}\n"))
        guard case .invalidJSON = error.reason else {
            Issue.record("expected invalidJSON, got \(error.reason)")
            return
        }
        #expect((error.line, error.column) == (2, 19))  // the second comma
        #expect(error.description.hasPrefix("test.csv:2:19: invalid JSON: "))
        #expect(!error.description.lowercased().contains("invalid json: invalid json"))
    }

    @Test func jsonThatIsNotAListResponseIsRejected() throws {
        let user = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@example.com"}"#
        let error = try #require(F.error(user))
        guard case .notSCIMListResponse(let why) = error.reason else {
            Issue.record("expected notSCIMListResponse, got \(error.reason)")
            return
        }
        #expect(why.contains("urn:ietf:params:scim:api:messages:2.0:ListResponse"))
        #expect((error.line, error.column) == (1, 1))
    }

    @Test func resourceErrorsPointAtTheResource() throws {
        let text = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 2,
             "Resources": [
               {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a@example.com", "active": "False"},
               {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "b@example.com", "active": 3}
             ]}
            """
        let error = try #require(F.error(text))
        #expect((error.line, error.column) == (4, 4))
        #expect(error.description.contains("Resources[1]: \"active\" must be true or false"))
        let fixed = text.replacingOccurrences(of: "\"active\": 3", with: "\"ACTIVE\": null")
        let result = try F.parse(fixed)
        #expect(result.people.map(\.active) == [false, true])
        #expect(result.people[0].externalId == ImportBytes.synthesizedId(prefix: "scim", key: "a@example.com"))
        #expect(result.lines == [3, 4])
        let missing = try #require(
            F.error(fixed.replacingOccurrences(of: "\"userName\": \"b@example.com\"", with: "\"x\": 1")))
        #expect(missing.line == 4)
        #expect(missing.description.contains("Resources[1]: \"userName\" is required"))
    }

    @Test func emptyListResponseWithBOMLoadsNobody() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0}"#.utf8)
        let result = try DirectoryImport.parse(bytes: bytes, fileName: "empty.json")
        #expect(result.format == .scimListResponse && result.people.isEmpty)
    }
}
