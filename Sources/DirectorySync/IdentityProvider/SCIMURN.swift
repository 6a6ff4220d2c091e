import SCIM

/// SCIM schema URNs the IdP profiles put in request bodies (RFC 7643 section 8.7, RFC 7644 section 3.5.2).
enum ProvisioningURN {
    static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let group = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    /// Extra group schema Entra sends on group create (research/scim-protocol.md section 5, rule 6).
    static let entraADSCIMGroup = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
    /// Entra's full URN path for the enterprise `department` attribute [MS-SCIM].
    static let enterpriseDepartment = enterpriseUser + ":department"
}

/// Small helpers shared by the two request builders.
enum ProvisioningText {
    /// A filter comparison value as a quoted string: `"` and `\` escaped (RFC 7644 section 3.4.2.2,
    /// JSON string rules), after `prefix` (for example `userName eq `); built in one allocation when nothing
    /// needs escaping.
    static func quoted(_ value: String, after prefix: String = "") -> String {
        var needsEscape = false
        for u in value.utf8 where u == 0x22 || u == 0x5C {
            needsEscape = true
            break
        }
        guard needsEscape else {
            var out = prefix
            out.reserveCapacity(prefix.utf8.count + value.utf8.count + 2)
            out += "\""
            out += value
            out += "\""
            return out
        }
        var out = prefix + "\""
        for c in value {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        out.append("\"")
        return out
    }

    /// The display name a profile derives from a person: "Given Family", either part alone, or the
    /// userName when both are empty.
    static func displayName(_ p: DirectoryPerson) -> String {
        if p.givenName.isEmpty { return p.familyName.isEmpty ? p.userName : p.familyName }
        if p.familyName.isEmpty { return p.givenName }
        // One allocation at most (none when the result fits a small string), no intermediate string.
        var name = ""
        name.reserveCapacity(p.givenName.utf8.count + 1 + p.familyName.utf8.count)
        name += p.givenName
        name += " "
        name += p.familyName
        return name
    }

    /// A PatchOp body around `operations` (RFC 7644 section 3.5.2).
    static func patchBody(_ operations: [JSONValue]) -> JSONValue {
        ["schemas": [.string(ProvisioningURN.patchOp)], "Operations": .array(operations)]
    }
}
