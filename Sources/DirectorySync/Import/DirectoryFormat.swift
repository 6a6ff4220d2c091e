/// The directory export formats ``DirectoryImport`` recognises, detected from the file's header (never
/// from its file name). Column facts and sources: `research/directory-formats.md`.
public enum DirectoryFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Okta user CSV export as written by the rockstar "Export Users" tool (the de-facto admin console
    /// export): profile labels such as `User Id`, `Status`, `Username`, `Primary email`. The header names of
    /// the Okta.Tools.UserExporter sample (`Id`, `Login`, `Email`, with leading spaces) are accepted too.
    case oktaUserExport = "okta"
    /// Microsoft Entra ID "Download users" CSV: `userPrincipalName`, `accountEnabled`, `id` or `objectId`, ...
    /// (MicrosoftDocs entra-docs `users-bulk-download.md`, and the header of a real download).
    case entraDownloadUsers = "entra-download"
    /// Microsoft Entra ID "Bulk create" template: an optional `version:v1.0` line, then headings of the form
    /// `<Item name> [propertyName] <Required or blank>` (MicrosoftDocs entra-docs `users-bulk-add.md`).
    case entraBulkCreate = "entra-bulk-create"
    /// Google Workspace Admin console "Download users" CSV: `First Name [Required]`,
    /// `Email Address [Required]`, `Status [READ ONLY]`, ... (support.google.com/a/answer/7348070).
    case googleWorkspaceUsers = "google-workspace"
    /// A SCIM 2.0 ListResponse of User resources, core schema plus the enterprise extension
    /// (RFC 7644 section 3.4.2, RFC 7643 sections 4.1 and 4.3).
    case scimListResponse = "scim-json"

    /// A human name, e.g. `Okta user export`.
    public var description: String {
        switch self {
        case .oktaUserExport: return "Okta user export"
        case .entraDownloadUsers: return "Microsoft Entra Download users"
        case .entraBulkCreate: return "Microsoft Entra bulk create template"
        case .googleWorkspaceUsers: return "Google Workspace users download"
        case .scimListResponse: return "SCIM ListResponse JSON"
        }
    }

    /// What the header of this format looks like, for the unknown-format error message.
    public var recognitionHint: String {
        switch self {
        case .oktaUserExport: return "Okta user export (User Id,Status,Username,First name,Last name,Primary email)"
        case .entraDownloadUsers:
            return "Microsoft Entra Download users (userPrincipalName,displayName,...,accountEnabled,...)"
        case .entraBulkCreate:
            return "Microsoft Entra bulk create template (version:v1.0, then "
                + "Name [displayName] Required,User name [userPrincipalName] Required,...)"
        case .googleWorkspaceUsers:
            return "Google Workspace users (First Name [Required],Last Name [Required],Email Address [Required],...)"
        case .scimListResponse:
            return "SCIM ListResponse JSON ({\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],...})"
        }
    }

    /// The CSV format whose header this is, or `nil`. `header` holds the header's fields as read;
    /// `afterVersionLine` is `true` when a `version:` line preceded it (Entra bulk create).
    ///
    /// Order of the checks: Entra bulk create (a `[userPrincipalName]`, `[accountEnabled]` or `[displayName]`
    /// heading, or the version line), then Google (any heading tagged `[Required]`, `[READ ONLY]` or
    /// `[UPLOAD ONLY]`), then Entra download (`userPrincipalName`, or `accountEnabled` with `id`/`objectId`),
    /// then Okta (`Username` or `User Id`, or `Login` with `Status`). Names compare trimmed and case-insensitively.
    static func detectCSV(header: [String], afterVersionLine: Bool) -> DirectoryFormat? {
        let names = header.map(CSVHeader.normalize)
        let properties = names.compactMap(CSVHeader.bracketedProperty)
        if afterVersionLine
            || properties.contains(where: { ["userprincipalname", "accountenabled", "displayname"].contains($0) })
        {
            return .entraBulkCreate
        }
        if properties.contains(where: { ["required", "read only", "upload only"].contains($0) }) {
            return .googleWorkspaceUsers
        }
        if names.contains("userprincipalname")
            || (names.contains("accountenabled") && (names.contains("id") || names.contains("objectid")))
        {
            return .entraDownloadUsers
        }
        if names.contains("username") || names.contains("user id")
            || (names.contains("login") && names.contains("status"))
        {
            return .oktaUserExport
        }
        return nil
    }
}
