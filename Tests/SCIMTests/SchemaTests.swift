import SCIM
import Testing

@Suite struct SchemaTests {
    @Test func userCharacteristicsFollowRFC7643() throws {
        let user = SCIMResourceSchema.user
        let userName = try #require(user.attribute(at: "userName"))
        #expect(userName.required && !userName.caseExact && userName.uniqueness == .server && userName.type == .string)
        let id = try #require(user.attribute(at: "id"))
        #expect(id.caseExact && id.mutability == .readOnly && id.returned == .always)
        let externalId = try #require(user.attribute(at: "externalId"))
        #expect(externalId.caseExact && externalId.mutability == .readWrite && externalId.uniqueness == .none)
        let emailValue = try #require(user.attribute(at: "emails.value"))
        #expect(!emailValue.caseExact && emailValue.uniqueness == .none)
        let emails = try #require(user.attribute(at: "emails"))
        #expect(emails.multiValued && emails.type == .complex)
        #expect(emails.subAttribute(named: "type")?.canonicalValues == ["work", "home", "other"])
        let password = try #require(user.attribute(at: "password"))
        #expect(password.mutability == .writeOnly && password.returned == .never)
        #expect(user.attribute(at: "groups")?.mutability == .readOnly)
        #expect(user.attribute(at: "active")?.type == .boolean)
        #expect(user.attribute(at: "meta.lastModified")?.type == .dateTime)
        #expect(user.attribute(at: "x509Certificates.value")?.type == .binary)
        #expect(user.attribute(at: "members") == nil)
    }

    @Test func lookupIsCaseInsensitiveAndURNAware() throws {
        let user = SCIMResourceSchema.user
        #expect(user.attribute(at: "USERNAME")?.name == "userName")
        #expect(user.attribute(at: "Name.GivenName")?.name == "givenName")
        #expect(user.attribute(at: "urn:ietf:params:scim:schemas:core:2.0:User:userName")?.name == "userName")
        #expect(user.attribute(at: "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName")?.name == "familyName")
        let manager = try #require(
            user.resolve(
                AttributePath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")))
        #expect(manager.extensionURN == SCIMSchema.enterpriseUserURN)
        #expect(manager.attribute.name == "manager" && manager.leaf.name == "value")
        let dept = try #require(
            user.resolve(AttributePath.parse("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT")))
        #expect(dept.extensionURN == SCIMSchema.enterpriseUserURN && dept.attribute.name == "department")
        let whole = try #require(user.resolve(AttributePath.parse(SCIMSchema.enterpriseUserURN)))
        #expect(whole.extensionURN == nil && whole.attribute.type == .complex)
        #expect(whole.attribute.subAttribute(named: "employeeNumber") != nil)
        #expect(user.attribute(at: "urn:ietf:params:scim:schemas:core:2.0:Group:displayName") == nil)
        #expect(user.attribute(at: "urn:example:other:1.0:User:userName") == nil)
        #expect(user.attribute(at: "name.givenName.extra") == nil)
        #expect(user.attribute(at: "userName.sub") == nil)
        #expect(user.attribute(at: "") == nil)
        let group = SCIMResourceSchema.group
        #expect(group.attribute(at: "members.value")?.mutability == .immutable)
        #expect(group.attribute(at: "displayName")?.required == false)
        #expect(group.attribute(at: "id")?.caseExact == true)
        #expect(group.attribute(at: "userName") == nil)
        #expect(SCIMResourceSchema.of(.group) == .group && SCIMResourceSchema.of(.user) == .user)
    }

    @Test func attributePathParsing() throws {
        #expect(try AttributePath.parse("name.givenName") == AttributePath(name: "name", subAttribute: "givenName"))
        #expect(try AttributePath.parse("members.$ref") == AttributePath(name: "members", subAttribute: "$ref"))
        #expect(
            try AttributePath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
                == AttributePath(schema: SCIMSchema.enterpriseUserURN, name: "manager", subAttribute: "value"))
        #expect(
            try AttributePath.parse("urn:example:custom:2.0:User:badge")
                == AttributePath(schema: "urn:example:custom:2.0:User", name: "badge"))
        #expect(try AttributePath.parse("userName").matches(AttributePath.parse("USERNAME")))
        #expect(!(try AttributePath.parse("userName").matches(AttributePath.parse("name.userName"))))
        for bad in ["", ".", "a.", ".a", "a.b.c", "1a", "a b", "a[", "user-name!", "urn:", "urn:x:", "a..b"] {
            #expect(throws: SCIMError.self, "\(bad)") { try AttributePath.parse(bad) }
        }
        do {
            _ = try AttributePath.parse("a.b.c")
        } catch {
            #expect(error.scimType == .invalidPath)
        }
    }

    @Test func schemasRenderAsRFC7643Section7() throws {
        let json = SCIMSchema.user.json(location: "https://broker.example.test/scim/v2/Schemas/\(SCIMSchema.userURN)")
        let o = try #require(json.objectValue)
        #expect(o.keys == ["schemas", "id", "name", "description", "attributes", "meta"])
        #expect(o["id"] == .string(SCIMSchema.userURN))
        #expect(o["schemas"] == [.string(SCIMSchema.schemaURN)])
        let attributes = try #require(o["attributes"]?.arrayValue)
        #expect(attributes.count == SCIMSchema.user.attributes.count)
        let userName = try #require(attributes.first?.objectValue)
        #expect(userName["name"] == "userName")
        #expect(userName["type"] == "string")
        #expect(userName["caseExact"] == false)
        #expect(userName["uniqueness"] == "server")
        #expect(userName["mutability"] == "readWrite")
        #expect(userName["returned"] == "default")
        #expect(userName["required"] == true)
        #expect(userName["subAttributes"] == nil && userName["referenceTypes"] == nil)
        let emails = try #require(attributes.first { $0["name"] == "emails" }?.objectValue)
        #expect(emails["multiValued"] == true)
        #expect(emails["subAttributes"]?.arrayValue?.count == 4)
        let groups = try #require(attributes.first { $0["name"] == "groups" }?.objectValue)
        let ref = try #require(groups["subAttributes"]?.arrayValue?.first { $0["name"] == "$ref" })
        #expect(ref["referenceTypes"] == ["User", "Group"])
        #expect(o["meta"]?["resourceType"] == "Schema")
        #expect(o["meta"]?["location"]?.stringValue?.hasSuffix(SCIMSchema.userURN) == true)
        // No nulls anywhere (Entra expects absent properties) and the rendering survives the codec.
        #expect(!JSONCodec.encodeToString(json).contains("null"))
        #expect(try JSONCodec.decode(JSONCodec.encode(json)) == json)
        #expect(SCIMSchema.enterpriseUser.json()["meta"]?["location"] == nil)
        #expect(SCIMSchema.group.json()["attributes"]?.arrayValue?.count == 2)
    }

    @Test func dateTimeParsing() throws {
        let a = try #require(SCIMDateTime("2011-05-13T04:42:34Z"))
        #expect(a.seconds == 1_305_261_754 && a.nanoseconds == 0)
        #expect(SCIMDateTime("2011-05-13T06:42:34+02:00") == a)
        #expect(SCIMDateTime("2011-05-12T23:42:34-05:00") == a)
        #expect(SCIMDateTime("2011-05-13t04:42:34z") == a)
        #expect(SCIMDateTime("2011-05-13T04:42:34") == a)  // no offset: UTC
        #expect(SCIMDateTime("2011-05-13T04:42:34.5Z")?.nanoseconds == 500_000_000)
        #expect(SCIMDateTime("2011-05-13T04:42:34.1234567891Z")?.nanoseconds == 123_456_789)
        #expect(SCIMDateTime("1970-01-01T00:00:00Z")?.seconds == 0)
        #expect(SCIMDateTime("1969-12-31T23:59:59Z")?.seconds == -1)
        #expect(SCIMDateTime("2024-02-29T00:00:00Z") != nil)
        for bad in [
            "", "2023-02-29T00:00:00Z", "2011-13-01T00:00:00Z", "2011-05-13", "2011-05-13T24:00:00Z",
            "2011-05-13T04:42:34.Z", "2011-05-13T04:42:34+0200", "2011-05-13T04:42:34Zjunk", "yesterday",
        ] {
            #expect(SCIMDateTime(bad) == nil, "\(bad)")
        }
        #expect(a.description == "2011-05-13T04:42:34Z")
        #expect(SCIMDateTime(seconds: -1, nanoseconds: 250_000_000).description == "1969-12-31T23:59:59.25Z")
        for seconds: Int64 in [0, 951_782_400, 1_305_261_754, -2_208_988_800, 253_402_300_799] {
            let t = SCIMDateTime(seconds: seconds, nanoseconds: 7)
            #expect(SCIMDateTime(t.description) == t)
        }
    }
}
