/// The column plan of each CSV format, built from its header. Column names and values:
/// research/directory-formats.md sections 1a (Okta), 2a and 2b (Entra), 3 (Google).
extension CSVImportPlan {
    /// The plan for `format`, or a ``DirectoryImportError/Reason/missingColumn(_:)`` error at the header line.
    static func make(
        format: DirectoryFormat, header: CSVHeader, file: String
    ) throws(DirectoryImportError) -> CSVImportPlan {
        switch format {
        case .oktaUserExport: return try okta(header, file)
        case .entraDownloadUsers: return try entraDownload(header, file)
        case .entraBulkCreate: return try entraBulkCreate(header, file)
        case .googleWorkspaceUsers: return try google(header, file)
        case .scimListResponse:  // not a CSV format; detectCSV never returns it
            throw DirectoryImportError(
                file: file, line: header.line, column: 1, reason: .unknownFormat(header: header.names))
        }
    }

    /// Okta rockstar export (`Username`, `User Id`, `Status`, `Primary email`, ...); the
    /// Okta.Tools.UserExporter names (`Login`, `Id`, `Email`) are accepted as alternatives.
    /// Required: `Username`. No synthesized ids when `User Id` is present.
    private static func okta(_ header: CSVHeader, _ file: String) throws(DirectoryImportError) -> CSVImportPlan {
        CSVImportPlan(
            format: .oktaUserExport,
            userName: try header.require(
                header.column(named: ["Username", "Login"]), displayName: "Username", file: file),
            email: header.column(named: ["Primary email", "Email"]),
            givenName: header.column(named: ["First name"]), familyName: header.column(named: ["Last name"]),
            externalId: header.column(named: ["User Id", "Id"]), department: header.column(named: ["Department"]),
            title: header.column(named: ["Title"]), status: header.column(named: ["Status"]), statusRule: .oktaStatus,
            idPrefix: "okta")
    }

    /// Entra Download users: the documented names and the names of a real download (`id`/`objectId`,
    /// `mobilePhone`/`mobile`) both work. Required: `userPrincipalName`.
    private static func entraDownload(_ header: CSVHeader, _ file: String) throws(DirectoryImportError) -> CSVImportPlan
    {
        CSVImportPlan(
            format: .entraDownloadUsers,
            userName: try header.require(
                header.column(named: ["userPrincipalName"]), displayName: "userPrincipalName", file: file),
            email: header.column(named: ["mail"]), givenName: header.column(named: ["givenName"]),
            familyName: header.column(named: ["surname"]), externalId: header.column(named: ["id", "objectId"]),
            department: header.column(named: ["department"]), title: header.column(named: ["jobTitle"]),
            status: header.column(named: ["accountEnabled"]), statusRule: .entraAccountEnabled, idPrefix: "entra")
    }

    /// Entra bulk create: columns found by their bracketed property, so `User name [userPrincipalName] *` and
    /// `User principal name [userPrincipalName] Required` work too. Required: `[userPrincipalName]` and
    /// `[accountEnabled]` (the other two Required columns, display name and password, are not mapped).
    /// The template has no id column, so every externalId is synthesized; email is the UPN.
    private static func entraBulkCreate(_ header: CSVHeader, _ file: String) throws(DirectoryImportError)
        -> CSVImportPlan
    {
        CSVImportPlan(
            format: .entraBulkCreate,
            userName: try header.require(
                header.column(property: ["userPrincipalName"]),
                displayName: "User name [userPrincipalName] Required", file: file),
            email: nil, givenName: header.column(property: ["givenName"]),
            familyName: header.column(property: ["surname"]), externalId: nil,
            department: header.column(property: ["department"]), title: header.column(property: ["jobTitle"]),
            status: try header.require(
                header.column(property: ["accountEnabled"]),
                displayName: "Block sign in (Yes/No) [accountEnabled] Required", file: file),
            statusRule: .entraBlockSignIn, idPrefix: "entra")
    }

    /// Google Workspace Download users (34-, 37- and 38-column variants and "selected columns" subsets).
    /// Required: `Email Address [Required]`. Google exports no id, so every externalId is synthesized.
    private static func google(_ header: CSVHeader, _ file: String) throws(DirectoryImportError) -> CSVImportPlan {
        CSVImportPlan(
            format: .googleWorkspaceUsers,
            userName: try header.require(
                header.column(named: ["Email Address [Required]"]), displayName: "Email Address [Required]", file: file),
            email: nil, givenName: header.column(named: ["First Name [Required]"]),
            familyName: header.column(named: ["Last Name [Required]"]), externalId: nil,
            department: header.column(named: ["Department"]), title: header.column(named: ["Employee Title"]),
            status: header.column(named: ["Status [READ ONLY]"]), statusRule: .googleStatus, idPrefix: "google")
    }
}
