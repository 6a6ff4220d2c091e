extension SCIMSchema {
    /// The enterprise User extension, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`
    /// (RFC 7643 section 4.3 and the section 8.7.1 representation). In a resource it is a JSON object keyed
    /// by the URN; in paths and filters its attributes are addressed as `URN:attr` (RFC 7644 section 3.10).
    public static let enterpriseUser = SCIMSchema(
        id: enterpriseUserURN, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            SCIMAttribute("employeeNumber", description: "Numeric or alphanumeric identifier assigned to a person."),
            SCIMAttribute("costCenter", description: "Identifies the name of a cost center."),
            SCIMAttribute("organization", description: "Identifies the name of an organization."),
            SCIMAttribute("division", description: "Identifies the name of a division."),
            SCIMAttribute("department", description: "Identifies the name of a department."),
            SCIMAttribute(
                "manager", type: .complex, description: "The User's manager.",
                subAttributes: [
                    SCIMAttribute("value", description: "The id of the SCIM resource representing the manager."),
                    SCIMAttribute(
                        "$ref", type: .reference, description: "The URI of the manager's SCIM resource.",
                        caseExact: true, referenceTypes: ["User"]),
                    SCIMAttribute(
                        "displayName", description: "The displayName of the manager.", mutability: .readOnly),
                ]),
        ])

    /// The core Group schema, `urn:ietf:params:scim:schemas:core:2.0:Group` (RFC 7643 section 4.2 and the
    /// section 8.7.1 representation, where `displayName` is `required: false` and has no uniqueness).
    ///
    /// `members` has the RFC's `value`, `$ref` and `type` sub-attributes, all immutable, plus `display`,
    /// which Okta and Entra send (scim-protocol.md section 1.5); `display` is a documented addition so that
    /// filters such as `members[display eq "..."]` resolve.
    public static let group = SCIMSchema(
        id: groupURN, name: "Group", description: "Group",
        attributes: [
            SCIMAttribute("displayName", description: "A human-readable name for the Group."),
            SCIMAttribute(
                "members", type: .complex, multiValued: true, description: "A list of members of the Group.",
                subAttributes: [
                    SCIMAttribute(
                        "value", description: "Identifier of the member of this Group.", mutability: .immutable),
                    SCIMAttribute(
                        "$ref", type: .reference, description: "The URI of the member resource.", caseExact: true,
                        mutability: .immutable, referenceTypes: ["User", "Group"]),
                    SCIMAttribute(
                        "type", description: "The type of the member resource.", mutability: .immutable,
                        canonicalValues: ["User", "Group"]),
                    SCIMAttribute(
                        "display", description: "A human-readable name of the member.", mutability: .immutable),
                ]),
        ])

    /// The common attributes of RFC 7643 section 3.1, which every resource has and no schema lists:
    /// `id` (caseExact, readOnly, returned always, uniqueness server), `externalId` (caseExact, readWrite)
    /// and `meta` (complex, readOnly: `resourceType`, `created`, `lastModified`, `location`, `version`).
    public static let commonAttributes: [SCIMAttribute] = [
        SCIMAttribute(
            "id", description: "A unique identifier for a SCIM resource, issued by the service provider.",
            caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server),
        SCIMAttribute(
            "externalId", description: "An identifier for the resource as defined by the provisioning client.",
            caseExact: true),
        SCIMAttribute(
            "meta", type: .complex, description: "Resource metadata.", mutability: .readOnly,
            subAttributes: [
                SCIMAttribute(
                    "resourceType", description: "The name of the resource type.", caseExact: true,
                    mutability: .readOnly),
                SCIMAttribute(
                    "created", type: .dateTime, description: "When the resource was added.",
                    mutability: .readOnly),
                SCIMAttribute(
                    "lastModified", type: .dateTime, description: "When the resource was last updated.",
                    mutability: .readOnly),
                SCIMAttribute(
                    "location", type: .reference, description: "The URI of the resource.", caseExact: true,
                    mutability: .readOnly),
                SCIMAttribute(
                    "version", description: "The version (weak ETag) of the resource.", caseExact: true,
                    mutability: .readOnly),
            ]),
    ]
}
