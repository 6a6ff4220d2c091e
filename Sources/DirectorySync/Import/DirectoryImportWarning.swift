/// Something in a directory export that loads but deserves a look, reported in file order.
public struct DirectoryImportWarning: Sendable, Equatable, CustomStringConvertible {
    /// What was noticed.
    public enum Kind: Sendable, Equatable {
        /// Two logins are equal when compared without regard to case. SCIM `userName` is caseExact=false
        /// (RFC 7643 section 4.1.1) and every IdP here treats its login the same way, so one service
        /// provider account would stand for both. `first` is the earlier row; the logins may also be identical.
        case loginsEqualIgnoringCase(first: String, firstLine: Int, second: String, secondLine: Int)
        /// Two people carry the same externalId (compared case-exactly).
        case duplicateExternalId(String, firstLine: Int, secondLine: Int)
        /// Two people with different logins share one email (compared without regard to case). The
        /// organization upserts members by email, so both become one member.
        case sharedEmail(String, firstLine: Int, secondLine: Int)
        /// An empty line between records was skipped.
        case blankLineSkipped(line: Int)
        /// The format's status column is absent, so every person was imported as active.
        case statusColumnMissing(String)
    }

    /// What was noticed.
    public var kind: Kind

    /// A warning of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    /// The line the warning is about (the later line of a pair); 0 for the header as a whole.
    public var line: Int {
        switch kind {
        case .loginsEqualIgnoringCase(_, _, _, let secondLine): return secondLine
        case .duplicateExternalId(_, _, let secondLine): return secondLine
        case .sharedEmail(_, _, let secondLine): return secondLine
        case .blankLineSkipped(let line): return line
        case .statusColumnMissing: return 0
        }
    }

    /// A one-line explanation naming the lines involved.
    public var description: String {
        switch kind {
        case .loginsEqualIgnoringCase(let first, let firstLine, let second, let secondLine):
            let how = first == second ? "is the same as" : "differs only by case from"
            return "line \(secondLine): login \"\(second)\" \(how) \"\(first)\" on line \(firstLine)"
        case .duplicateExternalId(let id, let firstLine, let secondLine):
            return "line \(secondLine): externalId \"\(id)\" is also used on line \(firstLine)"
        case .sharedEmail(let email, let firstLine, let secondLine):
            return "line \(secondLine): email \"\(email)\" is also used on line \(firstLine) by another login; "
                + "the organization will hold one member for both"
        case .blankLineSkipped(let line):
            return "line \(line): blank line skipped"
        case .statusColumnMissing(let column):
            return "no \"\(column)\" column: every person is imported as active"
        }
    }
}
