import SCIM
import Testing

/// RFC 7644 section 3.5.2 `PATH = attrPath / valuePath [subAttr]`, with the paths Okta and Entra send
/// (scim-protocol.md section 6 examples 10, 13, 15; field-cases.md F04, F06).
@Suite struct PatchPathTests {
    @Test func plainAndDottedPaths() throws {
        let p = try PatchPath.parse("displayName")
        #expect(
            p.attribute == AttributePath(name: "displayName") && p.valueFilter == nil && p.targetSubAttribute == nil)
        let n = try PatchPath.parse("name.givenName")
        #expect(n.attribute == AttributePath(name: "name", subAttribute: "givenName"))
        #expect(n.subAttribute == nil && n.targetSubAttribute == "givenName")
        #expect(try PatchPath.parse("  active ").attribute.name == "active")
    }

    @Test func valuePathWithSubAttribute() throws {
        let p = try PatchPath.parse(#"emails[type eq "work"].value"#)
        #expect(p.attribute == AttributePath(name: "emails"))
        #expect(p.valueFilter == .compare(AttributePath(name: "type"), .eq, .string("work")))
        #expect(p.subAttribute == "value" && p.targetSubAttribute == "value")
        #expect(p.description == #"emails[type eq "work"].value"#)
        #expect(try PatchPath.parse(p.description) == p)
    }

    @Test func memberRemovalPaths() throws {
        let okta = try PatchPath.parse(#"members[value eq "u-0002"]"#)
        #expect(okta.attribute.name == "members" && okta.subAttribute == nil)
        #expect(okta.valueFilter == .compare(AttributePath(name: "value"), .eq, .string("u-0002")))
        let members = try #require(SCIMSchema.group.attribute(named: "members"))
        let compiled = try #require(okta.valueFilter).compile(forSubAttributesOf: members)
        let elements = Fixtures.g1["members"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(elements.filter(compiled.matches).map { $0["value"] } == ["u-0002"])
        let tricky = try PatchPath.parse(#"members[value eq "a]b\"c"]"#)
        #expect(tricky.valueFilter == .compare(AttributePath(name: "value"), .eq, .string("a]b\"c")))
        let combined = try PatchPath.parse(#"emails[type eq "work" and primary eq true].display"#)
        #expect(combined.subAttribute == "display")
        #expect(try PatchPath.parse("MEMBERS[VALUE EQ \"x\"]").attribute.name == "MEMBERS")
        #expect(
            try PatchPath.parse("members[value eq u1]").valueFilter
                == .compare(AttributePath(name: "value"), .eq, .string("u1")))
    }

    @Test func extensionPaths() throws {
        let urn = SCIMSchema.enterpriseUserURN
        let manager = try PatchPath.parse("\(urn):manager.value")
        #expect(manager.attribute == AttributePath(schema: urn, name: "manager", subAttribute: "value"))
        #expect(manager.targetSubAttribute == "value")
        let department = try PatchPath.parse("\(urn):department")
        #expect(department.attribute == AttributePath(schema: urn, name: "department"))
        let employeeNumber = try PatchPath.parse("\(urn):employeeNumber")
        #expect(SCIMResourceSchema.user.resolve(employeeNumber.attribute)?.extensionURN == urn)
        let whole = try PatchPath.parse(urn)
        #expect(whole.attribute == AttributePath(name: urn))
        let core = try PatchPath.parse("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].value")
        #expect(
            core.attribute == AttributePath(schema: SCIMSchema.userURN, name: "emails") && core.subAttribute == "value")
    }

    @Test func malformedPathsAreInvalidPath() {
        for bad in [
            "", "   ", "emails[", "emails[]", #"emails[type eq "work""#, #"emails[type eq "work"]value"#,
            #"emails[type eq "work"].value.x"#, #"emails[type eq]"#, #"emails[type xx "work"]"#,
            #"name.givenName[type eq "x"]"#, "emails]", "emails..value", "1emails",
            #"[type eq "work"]"#, #"emails[addresses[type eq "w"]]"#, "a b", #"emails[type eq "work"]."#,
        ] {
            do {
                let p = try PatchPath.parse(bad)
                Issue.record("\(bad) parsed as \(p)")
            } catch {
                #expect(error.status == 400 && error.scimType == .invalidPath, "\(bad)")
                #expect(error.detail.contains("PATCH path"), "\(error.detail)")
            }
        }
    }
}
