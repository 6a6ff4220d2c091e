import Foundation

/// The people of one directory export file, read by ``load(path:)`` or ``parse(bytes:fileName:)``.
///
/// Formats (``DirectoryFormat``) are detected from the content: a first non-blank byte `{` means SCIM
/// ListResponse JSON, anything else is read as CSV (RFC 4180) and recognised by its header row. UTF-8 with or
/// without a byte order mark; CRLF, LF or CR line ends. Columns are found by name, not position.
///
/// Mapping to ``DirectoryPerson`` (per format, see ``CSVImportPlan`` and ``SCIMListResponseImport``):
/// login → `userName`; primary email → `email` (the login when the format has none or it is blank);
/// disabled, suspended or deprovisioned people → `active == false`; the IdP's id → `externalId`, or, for
/// formats without one (Google, Entra bulk create), `"<google|entra>-" + 16 hex digits of FNV-1a 64` over the
/// login as written, which is the same on every run and every machine and does not depend on row order.
/// Values are trimmed of surrounding spaces and tabs; empty optional values become `nil`.
public struct DirectoryImport: Sendable {
    /// The file name given to ``load(path:)`` or ``parse(bytes:fileName:)``.
    public var fileName: String
    /// The detected format.
    public var format: DirectoryFormat
    /// The people, in file order.
    public var people: [DirectoryPerson]
    /// For each person (same index), the 1-based line where its record or SCIM resource starts.
    public var lines: [Int]
    /// Warnings in a stable order: header-level first, then by line (see ``DirectoryImportWarning``).
    public var warnings: [DirectoryImportWarning]

    /// A result; used by the parsers and by tests that build one by hand.
    public init(
        fileName: String, format: DirectoryFormat, people: [DirectoryPerson], lines: [Int],
        warnings: [DirectoryImportWarning]
    ) {
        self.fileName = fileName
        self.format = format
        self.people = people
        self.lines = lines
        self.warnings = warnings
    }

    /// Reads and parses the file at `path` (relative paths resolve against the current directory); `path`
    /// is the file name used in errors, e.g. `Examples/okta.csv:14:7: unterminated quoted field`.
    ///
    /// - Throws: ``DirectoryImportError`` when the file cannot be read or is malformed; nothing is returned
    ///   in that case (no partial result).
    /// - Complexity: O(n) in the file's size.
    public static func load(path: String) throws(DirectoryImportError) -> DirectoryImport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DirectoryImportError(file: path, line: 0, column: 0, reason: .unreadableFile("no such file"))
        }
        if isDirectory.boolValue {
            throw DirectoryImportError(file: path, line: 0, column: 0, reason: .unreadableFile("it is a directory"))
        }
        // Read through a file handle, not `Data(contentsOf:)`, so that pipes (`--directory <(gunzip -c x.gz)`)
        // and devices read like files; `Data(contentsOf:)` refuses them with a misleading permission error.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DirectoryImportError(
                file: path, line: 0, column: 0,
                reason: .unreadableFile("permission denied (cannot open it for reading)"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw DirectoryImportError(
                file: path, line: 0, column: 0, reason: .unreadableFile(error.localizedDescription))
        }
        return try parse(bytes: [UInt8](data), fileName: path)
    }

    /// Parses a whole file held in memory; `fileName` only names the file in errors and in the result.
    ///
    /// - Throws: ``DirectoryImportError`` for invalid UTF-8, CSV syntax errors, a row whose field count
    ///   differs from the header's, an unknown header, a missing required column or value, an unknown status
    ///   value, or JSON that is not a SCIM ListResponse of users. Always names file, line and column.
    /// - Complexity: O(n) in `bytes.count`.
    public static func parse(bytes: [UInt8], fileName: String) throws(DirectoryImportError) -> DirectoryImport {
        try ImportBytes.validate(bytes, file: fileName)
        var result: DirectoryImport
        if startsWithJSONObject(bytes) {
            result = try SCIMListResponseImport.parse(bytes: bytes, file: fileName)
        } else {
            result = try parseCSV(bytes: bytes, file: fileName)
        }
        result.warnings += ImportDuplicateFinder.warnings(people: result.people, lines: result.lines)
        return result
    }

    /// `true` when the first byte after the byte order mark and whitespace is `{`.
    private static func startsWithJSONObject(_ bytes: [UInt8]) -> Bool {
        var i = ImportBytes.hasByteOrderMark(bytes) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == 0x7B
    }
}
