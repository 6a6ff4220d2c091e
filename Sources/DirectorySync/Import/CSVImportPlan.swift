/// How the columns of one detected CSV export become ``DirectoryPerson`` values: which column holds each
/// attribute, and how the status column reads. Built once from the header (``CSVImportPlan+Formats``), then
/// applied to every record; only the mapped columns are decoded into strings.
struct CSVImportPlan {
    /// How a format's status column says whether the person can sign in.
    enum StatusRule {
        /// Okta `Status`: API values `STAGED`, `PROVISIONED`, `ACTIVE`, `RECOVERY`, `LOCKED_OUT`,
        /// `PASSWORD_EXPIRED` are active; `SUSPENDED` and `DEPROVISIONED` are inactive. The console labels
        /// (Staged, Pending user action, Active, Password reset, Locked out, Password expired, Suspended,
        /// Deactivated) are accepted too. Source: Okta KB "understand the different user statuses".
        case oktaStatus
        /// Entra `accountEnabled`: `True` is active, `False` inactive (.NET boolean text).
        case entraAccountEnabled
        /// Entra bulk create `Block sign in (Yes/No)`: the meaning is inverted, `Yes` is inactive.
        case entraBlockSignIn
        /// Google `Status [READ ONLY]`: `Active` is active, `Suspended` inactive.
        case googleStatus

        /// `true`/`false` for an accepted value (compared case-insensitively), `nil` otherwise. The value as
        /// written is tried first (no allocation), then upper-cased with spaces as underscores.
        func isActive(_ value: String) -> Bool? {
            if let verdict = match(value) { return verdict }
            return match(String(value.uppercased().map { $0 == " " ? "_" : $0 }))
        }

        private func match(_ key: String) -> Bool? {
            switch self {
            case .oktaStatus:
                switch key {
                case "ACTIVE", "STAGED", "PROVISIONED", "RECOVERY", "LOCKED_OUT", "PASSWORD_EXPIRED",
                    "PENDING_USER_ACTION", "PASSWORD_RESET":
                    return true
                case "SUSPENDED", "DEPROVISIONED", "DEACTIVATED": return false
                default: return nil
                }
            case .entraAccountEnabled:
                return key == "True" || key == "TRUE" ? true : key == "False" || key == "FALSE" ? false : nil
            case .entraBlockSignIn:
                return key == "No" || key == "NO" ? true : key == "Yes" || key == "YES" ? false : nil
            case .googleStatus:
                return key == "Active" || key == "ACTIVE"
                    ? true : key == "Suspended" || key == "SUSPENDED" ? false : nil
            }
        }

        /// The accepted values, for error messages.
        var expected: String {
            switch self {
            case .oktaStatus:
                return
                    "one of STAGED, PROVISIONED, ACTIVE, RECOVERY, LOCKED_OUT, PASSWORD_EXPIRED, SUSPENDED, DEPROVISIONED"
            case .entraAccountEnabled: return "True or False"
            case .entraBlockSignIn: return "Yes or No"
            case .googleStatus: return "Active or Suspended"
            }
        }
    }

    var format: DirectoryFormat
    /// The login column (required, non-empty).
    var userName: CSVColumn
    /// Primary email; when absent or empty the login is used (Entra `mail` is blank without a mailbox).
    var email: CSVColumn?
    var givenName: CSVColumn?
    var familyName: CSVColumn?
    /// The IdP's immutable id; when absent or empty an id is synthesized from the login (``ImportBytes``).
    var externalId: CSVColumn?
    var department: CSVColumn?
    var title: CSVColumn?
    /// The status column; when absent everyone is active (and the import warns).
    var status: CSVColumn?
    var statusRule: StatusRule
    /// Prefix of synthesized externalIds, e.g. `google`.
    var idPrefix: String

    /// The person in the reader's current record, whose field count the caller has checked.
    func person(from reader: CSVReader, file: String) throws(DirectoryImportError) -> DirectoryPerson {
        let login = reader.text(userName.index)
        if login.isEmpty {
            let field = reader.fields[userName.index]
            throw DirectoryImportError(
                file: file, line: field.line, column: field.column, reason: .missingValue(column: userName.name))
        }
        var active = true
        if let status {
            let value = reader.text(status.index)
            guard let isActive = statusRule.isActive(value) else {
                let field = reader.fields[status.index]
                throw DirectoryImportError(
                    file: file, line: field.line, column: field.column,
                    reason: value.isEmpty
                        ? .missingValue(column: status.name)
                        : .invalidValue(column: status.name, value: value, expected: statusRule.expected))
            }
            active = isActive
        }
        let mail = optional(email, reader) ?? login
        let id = optional(externalId, reader) ?? ImportBytes.synthesizedId(prefix: idPrefix, key: login)
        return DirectoryPerson(
            userName: login, email: mail, givenName: optional(givenName, reader) ?? "",
            familyName: optional(familyName, reader) ?? "", externalId: id, department: optional(department, reader),
            title: optional(title, reader), active: active)
    }

    /// The trimmed text of `column`, or `nil` when the column is absent or the value empty.
    private func optional(_ column: CSVColumn?, _ reader: CSVReader) -> String? {
        guard let column else { return nil }
        let value = reader.text(column.index)
        return value.isEmpty ? nil : value
    }
}
