/// The header row of a CSV export: looks columns up by name, never by position, because vendors add and
/// reorder columns (research/directory-formats.md, introduction).
struct CSVHeader {
    /// The header fields as read.
    let names: [String]
    /// The header's own line (its first field's line).
    let line: Int
    /// `normalize(names[i])`, in header order.
    private let normalized: [String]
    /// `bracketedProperty(normalized[i])`, in header order.
    private let properties: [String?]

    init(names: [String], line: Int) {
        self.names = names
        self.line = line
        normalized = names.map(Self.normalize)
        properties = normalized.map(Self.bracketedProperty)
    }

    /// A header name trimmed of surrounding whitespace and lower-cased, so ` Last Login Date` (the leading
    /// space of Okta.Tools.UserExporter) and `Username` compare as written in any case.
    static func normalize(_ name: String) -> String {
        ImportBytes.trimmed(name).lowercased()
    }

    /// The text between the first `[` and the following `]` of a normalized name, e.g. `userprincipalname`
    /// for `user name [userprincipalname] required`; `nil` when there is none.
    static func bracketedProperty(_ normalized: String) -> String? {
        guard let open = normalized.firstIndex(of: "["),
            let close = normalized[open...].firstIndex(of: "]")
        else { return nil }
        return String(normalized[normalized.index(after: open)..<close])
    }

    /// The first column whose name equals one of `candidates` (trimmed, case-insensitively), tried in the
    /// order given; `nil` when none is present.
    func column(named candidates: [String]) -> CSVColumn? {
        for candidate in candidates {
            let key = Self.normalize(candidate)
            if let index = normalized.firstIndex(of: key) { return CSVColumn(index: index, name: names[index]) }
        }
        return nil
    }

    /// The first column whose bracketed property (Entra bulk create, `Job title [jobTitle]`) equals one of
    /// `properties`, case-insensitively.
    func column(property candidates: [String]) -> CSVColumn? {
        for candidate in candidates {
            let key = candidate.lowercased()
            if let index = properties.firstIndex(of: key) { return CSVColumn(index: index, name: names[index]) }
        }
        return nil
    }

    /// The required column, or a ``DirectoryImportError/Reason/missingColumn(_:)`` error at the header line
    /// naming `displayName`.
    func require(_ column: CSVColumn?, displayName: String, file: String) throws(DirectoryImportError) -> CSVColumn {
        guard let column else {
            throw DirectoryImportError(file: file, line: line, column: 1, reason: .missingColumn(displayName))
        }
        return column
    }
}

/// One column of the header: its position in every record and its name as written in the file.
struct CSVColumn: Sendable {
    /// 0-based field index.
    var index: Int
    /// The header name as written (used in error messages).
    var name: String
}
