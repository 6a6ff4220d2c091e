extension SCIMSchema {
    /// The core User schema, `urn:ietf:params:scim:schemas:core:2.0:User`, as RFC 7643 section 8.7.1 defines
    /// it (attribute semantics in section 4.1). Notable characteristics: `userName` is required, caseExact
    /// false, uniqueness server; `password` is writeOnly and returned never; `groups` is readOnly;
    /// `emails.value` is caseExact false with no uniqueness.
    public static let user = SCIMSchema(
        id: userURN, name: "User", description: "User Account",
        attributes: [
            SCIMAttribute(
                "userName", description: "Unique identifier for the User, used to authenticate.", required: true,
                uniqueness: .server),
            SCIMAttribute(
                "name", type: .complex, description: "The components of the user's real name.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full name, formatted for display."),
                    SCIMAttribute("familyName", description: "The family name of the User."),
                    SCIMAttribute("givenName", description: "The given name of the User."),
                    SCIMAttribute("middleName", description: "The middle name(s) of the User."),
                    SCIMAttribute("honorificPrefix", description: "The honorific prefix(es) of the User."),
                    SCIMAttribute("honorificSuffix", description: "The honorific suffix(es) of the User."),
                ]),
            SCIMAttribute("displayName", description: "The name of the User, suitable for display."),
            SCIMAttribute("nickName", description: "The casual way to address the user."),
            SCIMAttribute(
                "profileUrl", type: .reference, description: "A URI of the User's online profile.",
                caseExact: true, referenceTypes: ["external"]),
            SCIMAttribute("title", description: "The user's title, such as \"Vice President\"."),
            SCIMAttribute("userType", description: "The relationship between the organization and the user."),
            SCIMAttribute("preferredLanguage", description: "The User's preferred written or spoken language."),
            SCIMAttribute("locale", description: "The User's default location for localisation."),
            SCIMAttribute("timezone", description: "The User's time zone in the IANA database format."),
            SCIMAttribute("active", type: .boolean, description: "The User's administrative status."),
            SCIMAttribute(
                "password", description: "The User's cleartext password; never returned.",
                mutability: .writeOnly, returned: .never),
            plural(
                "emails", description: "Email addresses for the user.", canonicalTypes: ["work", "home", "other"]),
            plural(
                "phoneNumbers", description: "Phone numbers for the User.",
                canonicalTypes: ["work", "home", "mobile", "fax", "pager", "other"]),
            plural(
                "ims", description: "Instant messaging addresses for the User.",
                canonicalTypes: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
            plural(
                "photos", description: "URLs of images of the User.", canonicalTypes: ["photo", "thumbnail"],
                value: SCIMAttribute(
                    "value", type: .reference, description: "URL of a photo of the User.", caseExact: true,
                    referenceTypes: ["external"])),
            SCIMAttribute(
                "addresses", type: .complex, multiValued: true, description: "A physical mailing address.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full mailing address."),
                    SCIMAttribute("streetAddress", description: "The full street address component."),
                    SCIMAttribute("locality", description: "The city or locality component."),
                    SCIMAttribute("region", description: "The state or region component."),
                    SCIMAttribute("postalCode", description: "The zip code or postal code component."),
                    SCIMAttribute("country", description: "The country name component."),
                    SCIMAttribute(
                        "type", description: "A label indicating the attribute's function.",
                        canonicalValues: ["work", "home", "other"]),
                    SCIMAttribute(
                        "primary", type: .boolean, description: "Whether this is the primary address."),
                ]),
            SCIMAttribute(
                "groups", type: .complex, multiValued: true,
                description: "Groups the user belongs to; changed only through /Groups.", mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute("value", description: "The id of the Group.", mutability: .readOnly),
                    SCIMAttribute(
                        "$ref", type: .reference, description: "The URI of the Group.", caseExact: true,
                        mutability: .readOnly, referenceTypes: ["User", "Group"]),
                    SCIMAttribute("display", description: "A human-readable name.", mutability: .readOnly),
                    SCIMAttribute(
                        "type", description: "How the membership was derived.", mutability: .readOnly,
                        canonicalValues: ["direct", "indirect"]),
                ]),
            plural("entitlements", description: "A list of entitlements for the User.", canonicalTypes: []),
            plural("roles", description: "A list of roles for the User.", canonicalTypes: []),
            plural(
                "x509Certificates", description: "A list of certificates issued to the User.", canonicalTypes: [],
                value: SCIMAttribute(
                    "value", type: .binary, description: "The value of an X.509 certificate.", caseExact: true)),
        ])

    /// A conventional multi-valued complex attribute with `value`, `display`, `type` and `primary`
    /// sub-attributes (RFC 7643 section 2.4).
    static func plural(
        _ name: String, description: String, canonicalTypes: [String],
        value: SCIMAttribute = SCIMAttribute("value", description: "The attribute value.")
    ) -> SCIMAttribute {
        SCIMAttribute(
            name, type: .complex, multiValued: true, description: description,
            subAttributes: [
                value,
                SCIMAttribute("display", description: "A human-readable name, primarily used for display."),
                SCIMAttribute(
                    "type", description: "A label indicating the attribute's function.",
                    canonicalValues: canonicalTypes),
                SCIMAttribute(
                    "primary", type: .boolean, description: "Whether this is the primary value (at most one)."),
            ])
    }
}
