import Testing

@testable import DirectorySync

/// Each example file is detected from its header and mapped to the expected people.
@Suite struct ImportFormatTests {
    private typealias F = ImportFixture

    @Test func oktaUserExport() throws {
        let result = try F.load("okta-users.csv")
        #expect(result.format == .oktaUserExport)
        #expect(result.people.count == 24)
        #expect(result.lines == Array(2...25))
        let first = result.people[0]
        #expect(
            first
                == DirectoryPerson(
                    userName: "amara.okafor@example.com", email: "amara.okafor@example.com", givenName: "Amara",
                    familyName: "Okafor", externalId: "00um8bz3LuMJ5kgrlgte", department: "Executive",
                    title: "Chief Executive Officer", active: true))
        #expect(result.people[1].title == "VP, Engineering")
        let robert = try #require(result.people.first { $0.familyName == "Lee" })
        #expect(robert.givenName == "Robert")  // First name, not the quoted "Bob" display name
        // SUSPENDED and DEPROVISIONED are inactive; STAGED, PROVISIONED, LOCKED_OUT, RECOVERY, ... are not.
        #expect(
            result.people.filter { !$0.active }.map(\.userName) == [
                "daniel.kowalski@example.com", "samuel.adeyemi@example.com", "hannah.schultz@example.com",
            ])
        #expect(result.people.first { $0.givenName == "Tomás" }?.active == true)
        #expect(result.people.allSatisfy { $0.externalId.hasPrefix("00u") && $0.externalId.count == 20 })
        #expect(result.warnings.isEmpty)
    }

    @Test func entraDownloadUsers() throws {
        let result = try F.load("entra-users.csv")
        #expect(result.format == .entraDownloadUsers)
        #expect(result.people.count == 19)
        #expect(Array(result.lines.prefix(4)) == [2, 3, 4, 6])  // Carmen's street address spans lines 4 and 5
        #expect(
            result.people[0]
                == DirectoryPerson(
                    userName: "anwosu@example.com", email: "anwosu@example.com", givenName: "Adaeze",
                    familyName: "Nwosu", externalId: "031770d5-0970-c034-90ba-324909ffc5be",
                    department: "Operations", title: "Chief Operating Officer", active: true))
        #expect(result.people[1].title == "Director, Infrastructure")
        #expect(
            result.people.filter { !$0.active }.map(\.userName) == ["fkarimi@example.com", "nbergstrom@example.com"])
        let guest = try #require(result.people.last)
        #expect(guest.userName == "vendor.lee_example.org#EXT#@exampleco.onmicrosoft.com")
        #expect(guest.email == guest.userName)  // blank mail falls back to the UPN
        #expect(guest.department == "Research, Development")
        #expect(result.warnings.isEmpty)
    }

    @Test func entraBulkCreateWithBOMCRLFAndPaddedVersionLine() throws {
        let result = try F.load("entra-bulk-create.csv")
        #expect(result.format == .entraBulkCreate)
        #expect(result.people.count == 14)
        #expect(result.lines.first == 3 && result.lines.last == 16)
        let first = result.people[0]
        #expect(first.userName == "siobhan.gallagher@example.com" && first.email == first.userName)
        #expect(
            first.givenName == "Siobhan" && first.familyName == "Gallagher" && first.title == "Sales Representative")
        #expect(first.externalId == ImportBytes.synthesizedId(prefix: "entra", key: "siobhan.gallagher@example.com"))
        #expect(result.people.first { $0.givenName == "Hana" }?.familyName == "Novotná")
        #expect(result.people.first { $0.givenName == "Julia" }?.title == "Intern, Marketing")
        // "Block sign in" is inverted: Yes means inactive.
        #expect(
            result.people.filter { !$0.active }.map(\.userName) == [
                "fiona.macleod@example.com", "julia.wagner@example.com",
            ])
        #expect(
            result.warnings == [
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: "deepa.iyer@example.com", firstLine: 7, second: "Deepa.Iyer@example.com", secondLine: 16)
                )
            ])
        #expect(
            result.warnings[0].description
                == "line 16: login \"Deepa.Iyer@example.com\" differs only by case from \"deepa.iyer@example.com\" on line 7"
        )
    }

    @Test func googleWorkspaceUsers() throws {
        let result = try F.load("google-workspace-users.csv")
        #expect(result.format == .googleWorkspaceUsers)
        #expect(result.people.count == 16)
        let first = result.people[0]
        #expect(first.userName == "alejandro.vega@example.org" && first.email == first.userName)
        #expect(first.givenName == "Alejandro" && first.familyName == "Vega")
        #expect(first.title == "Head of Partnerships" && first.department == "Partnerships")
        #expect(first.externalId == ImportBytes.synthesizedId(prefix: "google", key: "alejandro.vega@example.org"))
        #expect(Array(result.lines[6...7]) == [8, 10])  // George's work address holds a line break
        #expect(
            result.people.filter { !$0.active }.map(\.userName) == [
                "emre.yilmaz@example.org", "lucia.navarro@example.org",
            ])
        #expect(Set(result.people.map(\.externalId)).count == 16)
        #expect(result.warnings.isEmpty)
    }

    @Test func scimListResponse() throws {
        let result = try F.load("scim-users.json")
        #expect(result.format == .scimListResponse)
        #expect(result.people.count == 12)
        #expect(Array(result.lines.prefix(3)) == [9, 66, 113])
        #expect(
            result.people[0]
                == DirectoryPerson(
                    userName: "aaliyah.brooks@example.net", email: "aaliyah.brooks@example.net", givenName: "Aaliyah",
                    familyName: "Brooks", externalId: "00uRDx2l8YvYp9deLJdO", department: "Engineering",
                    title: "Engineering Director", active: true, groups: ["Engineering", "Managers"]))
        let giulia = result.people[6]  // no externalId: the service provider's id is used
        #expect(giulia.externalId == "fd16223d-4ff8-fe36-c99f-6117bc942a49" && giulia.groups.isEmpty)
        #expect(result.people[8].groups.isEmpty)  // "groups": null
        #expect(
            result.people.filter { !$0.active }.map(\.userName) == [
                "esther.goldberg@example.net", "javier.morales@example.net",
            ])
        #expect(result.warnings.isEmpty)
    }

    @Test func synthesizedIdsAreFNV1a64OfTheLogin() {
        // FNV-1a 64 test vectors: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
        #expect(ImportBytes.synthesizedId(prefix: "google", key: "") == "google-cbf29ce484222325")
        #expect(ImportBytes.synthesizedId(prefix: "x", key: "a") == "x-af63dc4c8601ec8c")
    }

    @Test func everyPairOfCaseDuplicateLoginsIsReportedWithBothLines() throws {
        let text =
            F.oktaHeader + "\n00u1,ACTIVE,Ann@example.com,,,\n00u2,ACTIVE,bob@example.com,,,\n"
            + "00u3,ACTIVE,ann@EXAMPLE.com,,,\n00u1,ACTIVE,ANN@example.com,,,\n"
        let result = try F.parse(text)
        #expect(
            result.warnings == [
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: "Ann@example.com", firstLine: 2, second: "ann@EXAMPLE.com", secondLine: 4)),
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: "Ann@example.com", firstLine: 2, second: "ANN@example.com", secondLine: 5)),
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: "ann@EXAMPLE.com", firstLine: 4, second: "ANN@example.com", secondLine: 5)),
                DirectoryImportWarning(.duplicateExternalId("00u1", firstLine: 2, secondLine: 5)),
            ])
        #expect(result.people.count == 4)
    }

    @Test func nonASCIILoginsAreComparedWithoutRegardToCase() throws {
        let text =
            F.oktaHeader
            + "\n00u1,ACTIVE,zoë@example.com,,,\n00u2,ACTIVE,zoe@example.com,,,\n00u3,ACTIVE,ZOË@EXAMPLE.COM,,,\n"
        let result = try F.parse(text)
        #expect(
            result.warnings == [
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: "zoë@example.com", firstLine: 2, second: "ZOË@EXAMPLE.COM", secondLine: 4))
            ])
    }

    @Test func headerNamesMatchTrimmedAndCaseInsensitivelyInAnyOrder() throws {
        // Okta.Tools.UserExporter header: Id/Login/Email, with leading spaces on some names.
        let text =
            "Id,Login,Status, Last Login Date, First Name,Last Name,Email\n"
            + "\"00u9\",\"kim@example.com\",\"DEPROVISIONED\",\"\",\"Kim\",\"Park\",\"kim.park@example.com\"\n"
        let result = try F.parse(text)
        #expect(result.format == .oktaUserExport)
        #expect(
            result.people == [
                DirectoryPerson(
                    userName: "kim@example.com", email: "kim.park@example.com", givenName: "Kim", familyName: "Park",
                    externalId: "00u9", active: false)
            ])
    }

    @Test func entraDocumentedNamesAndUnpaddedVersionLineWork() throws {
        let download = try F.parse(
            "objectId,userPrincipalName,givenName,accountEnabled\r\ng-1,a@example.com,A,FALSE\r\n")
        #expect(download.format == .entraDownloadUsers)
        #expect(download.people.map(\.externalId) == ["g-1"] && download.people[0].active == false)
        let bulk = try F.parse(
            "version:v1.0\nUser name [userPrincipalName] *,Block sign in (Yes/No) [accountEnabled] *\nb@example.com,no\n"
        )
        #expect(bulk.format == .entraBulkCreate)
        #expect(bulk.people.map(\.userName) == ["b@example.com"] && bulk.people[0].active)
        #expect(bulk.lines == [3])
    }

    @Test(arguments: [
        ("ACTIVE", true), ("Pending user action", true), ("locked_out", true), ("Password reset", true),
        ("STAGED", true), ("suspended", false), ("Deactivated", false), ("DEPROVISIONED", false),
    ])
    func oktaStatusValuesAndConsoleLabels(value: String, active: Bool) throws {
        let result = try F.parse(F.oktaHeader + "\n00u1,\(value),a@example.com,A,B,a@example.com\n")
        #expect(result.people.map(\.active) == [active])
    }

    @Test func otherStatusColumnsAcceptAnyCase() throws {
        let entra = try F.parse("userPrincipalName,accountEnabled\na@example.com,false\nb@example.com,True\n")
        #expect(entra.people.map(\.active) == [false, true])
        let google = try F.parse(
            "Email Address [Required],Status [READ ONLY]\na@example.org,SUSPENDED\nb@example.org,active\n")
        #expect(google.people.map(\.active) == [false, true])
        let bulk = try F.parse(
            "version:v1.0\nUser name [userPrincipalName] Required,Block sign in (Yes/No) [accountEnabled] Required\nc@example.com,YES\n"
        )
        #expect(bulk.people.map(\.active) == [false])
    }
}

@Suite struct ImportSharedEmailTests {
    /// Different logins with one email (any case) are reported with both lines; a login repeated with its own
    /// email is reported once, as a login duplicate, not again as a shared email.
    @Test func differentLoginsSharingAnEmailAreReported() throws {
        let text =
            "Username,First name,Last name,Primary email,Status\n"
            + "ann@example.com,Ann,Lee,ann@example.com,ACTIVE\n"
            + "ann.lee@example.com,Ann,Lee,ANN@example.com,ACTIVE\n"
            + "bob@example.com,Bob,Ray,bob@example.com,ACTIVE\n"
        let result = try DirectoryImport.parse(bytes: Array(text.utf8), fileName: "shared.csv")
        #expect(
            result.warnings == [DirectoryImportWarning(.sharedEmail("ANN@example.com", firstLine: 2, secondLine: 3))])
        #expect(result.warnings.first?.description.contains("also used on line 2") == true)
        #expect(result.people.count == 3)
    }
}
