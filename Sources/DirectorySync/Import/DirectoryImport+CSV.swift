extension DirectoryImport {
    /// Reads a CSV export: skips blank lines (with a warning) and an Entra bulk create `version:` line
    /// (`version:v1.0`, possibly padded with commas by Excel), detects the format from the header, then maps
    /// every record. A record whose field count differs from the header's is an error: at the first extra
    /// field, or just past the last field of a short row.
    static func parseCSV(bytes: [UInt8], file: String) throws(DirectoryImportError) -> DirectoryImport {
        var reader = CSVReader(bytes: bytes, file: file)
        var warnings: [DirectoryImportWarning] = []
        guard try nextNonBlank(&reader, &warnings) else {
            throw DirectoryImportError(file: file, line: 1, column: 1, reason: .emptyFile)
        }
        var afterVersionLine = false
        if isVersionLine(reader) {
            afterVersionLine = true
            guard try nextNonBlank(&reader, &warnings) else {
                throw DirectoryImportError(
                    file: file, line: reader.endLine, column: reader.endColumn, reason: .emptyFile)
            }
        }
        let header = CSVHeader(
            names: reader.fields.indices.map { reader.text($0, trimmed: false) }, line: reader.recordLine)
        guard let format = DirectoryFormat.detectCSV(header: header.names, afterVersionLine: afterVersionLine) else {
            throw DirectoryImportError(
                file: file, line: header.line, column: 1, reason: .unknownFormat(header: header.names))
        }
        let plan = try CSVImportPlan.make(format: format, header: header, file: file)
        if plan.status == nil {
            warnings.append(DirectoryImportWarning(.statusColumnMissing(statusColumnName(format))))
        }
        var people: [DirectoryPerson] = []
        var lines: [Int] = []
        let width = header.names.count
        while try nextNonBlank(&reader, &warnings) {
            let found = reader.fields.count
            if found != width {
                let (line, column) =
                    found > width
                    ? (reader.fields[width].line, reader.fields[width].column) : (reader.endLine, reader.endColumn)
                throw DirectoryImportError(
                    file: file, line: line, column: column, reason: .wrongFieldCount(expected: width, found: found))
            }
            people.append(try plan.person(from: reader, file: file))
            lines.append(reader.recordLine)
        }
        return DirectoryImport(fileName: file, format: format, people: people, lines: lines, warnings: warnings)
    }

    /// Advances to the next record that is not an empty line, warning about each empty line skipped.
    private static func nextNonBlank(
        _ reader: inout CSVReader, _ warnings: inout [DirectoryImportWarning]
    ) throws(DirectoryImportError) -> Bool {
        while try reader.next() {
            guard reader.isBlankLine else { return true }
            warnings.append(DirectoryImportWarning(.blankLineSkipped(line: reader.recordLine)))
        }
        return false
    }

    /// `true` for the Entra bulk create row 1: first field `version:...`, every other field empty.
    private static func isVersionLine(_ reader: CSVReader) -> Bool {
        guard reader.text(0).lowercased().hasPrefix("version:") else { return false }
        return reader.fields.indices.dropFirst().allSatisfy { reader.text($0).isEmpty }
    }

    /// The status column's usual name in `format`, for the missing-status warning.
    private static func statusColumnName(_ format: DirectoryFormat) -> String {
        switch format {
        case .oktaUserExport: return "Status"
        case .entraDownloadUsers: return "accountEnabled"
        case .entraBulkCreate: return "Block sign in (Yes/No) [accountEnabled] Required"
        case .googleWorkspaceUsers: return "Status [READ ONLY]"
        case .scimListResponse: return "active"
        }
    }
}
