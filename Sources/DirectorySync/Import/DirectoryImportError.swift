/// Why a directory export could not be loaded, with the place in the file where the problem is.
///
/// `description` reads like a compiler diagnostic, `Examples/okta.csv:14:7: unterminated quoted field`:
/// file name as given to ``DirectoryImport/load(path:)`` or ``DirectoryImport/parse(bytes:fileName:)``,
/// then the 1-based line and column, then the message. Lines count physical lines of the file (a quoted
/// field that holds a line break spans several lines); a line ends at LF, CRLF or a lone CR. Columns
/// count Unicode scalars from the start of the line, so a UTF-8 byte order mark is not counted and a
/// two-byte letter is one column. When the problem concerns the whole file (it cannot be read) `line`
/// and `column` are 0 and the description is `file: message`.
///
/// A file that raises this error loads nothing: there is no partial result.
public struct DirectoryImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Equatable {
        /// The file could not be read (the operating system's message).
        case unreadableFile(String)
        /// The file holds no record at all.
        case emptyFile
        /// A byte sequence that is not UTF-8 (RFC 3629 section 4) starts at the reported place.
        case invalidUTF8
        /// A field that opens with `"` has no closing `"` before the end of the file (RFC 4180 section 2, rule 5).
        case unterminatedQuotedField
        /// A `"` inside a field that does not start with `"` (RFC 4180 section 2, rule 5).
        case quoteInUnquotedField
        /// Something other than `,` or a line end follows the closing `"` of a quoted field.
        case characterAfterClosingQuote
        /// A record has a different number of fields than the header (RFC 4180 section 2, rule 4).
        case wrongFieldCount(expected: Int, found: Int)
        /// The header matches none of the formats in ``DirectoryFormat``; `header` is the first record as read.
        case unknownFormat(header: [String])
        /// A column the detected format needs is absent from the header.
        case missingColumn(String)
        /// A required value is empty; the payload names the column (or SCIM attribute).
        case missingValue(column: String)
        /// A value is not one the column accepts; `expected` lists the accepted values.
        case invalidValue(column: String, value: String, expected: String)
        /// The JSON text is not well formed (`JSONCodec`'s detail, naming the byte offset).
        case invalidJSON(String)
        /// The JSON document is not a SCIM ListResponse (RFC 7644 section 3.4.2) of SCIM users.
        case notSCIMListResponse(String)
    }

    /// The file name as the caller gave it.
    public var file: String
    /// 1-based line; 0 when the error concerns the whole file.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when the error concerns the whole file.
    public var column: Int
    /// What is wrong.
    public var reason: Reason

    /// An error at `line`:`column` of `file`.
    public init(file: String, line: Int, column: Int, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// The message without the location, e.g. `unterminated quoted field`.
    public var message: String {
        switch reason {
        case .unreadableFile(let why): return "cannot read the file: \(why)"
        case .emptyFile: return "the file is empty; expected a header row"
        case .invalidUTF8: return "invalid UTF-8 byte sequence; save the file as UTF-8"
        case .unterminatedQuotedField: return "unterminated quoted field"
        case .quoteInUnquotedField:
            return "a quote (\") inside an unquoted field; quote the whole field and double the quote"
        case .characterAfterClosingQuote:
            return
                "unexpected character after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"
        case .wrongFieldCount(let expected, let found):
            let hint = found > expected ? " (a value that holds a comma must be quoted)" : ""
            return "this row has \(found) fields but the header has \(expected)\(hint)"
        case .unknownFormat(let header):
            let shown =
                header.prefix(6).map { Self.clipped($0) }.joined(separator: ",") + (header.count > 6 ? ",..." : "")
            return "unrecognised header \"\(shown)\"; recognised formats: "
                + DirectoryFormat.allCases.map(\.recognitionHint).joined(separator: "; ")
        case .missingColumn(let name): return "missing required column \"\(name)\""
        case .missingValue(let column): return "empty value in required column \"\(column)\""
        case .invalidValue(let column, let value, let expected):
            return
                "invalid value \"\(Self.clipped(value))\" in column \"\(Self.clipped(column))\"; expected \(expected)"
        case .invalidJSON(let why):
            // The codec's own details already start with "Invalid JSON: "; say it once.
            let detail = why.hasPrefix("Invalid JSON: ") ? String(why.dropFirst("Invalid JSON: ".count)) : why
            return "invalid JSON: \(detail)"
        case .notSCIMListResponse(let why): return "not a SCIM ListResponse of users: \(why)"
        }
    }

    /// `text` itself when at most 60 characters long, else its first 57 and `...` (a message quotes the file's
    /// text, which can be one line of megabytes).
    static func clipped(_ text: String) -> String {
        text.count <= 60 ? text : text.prefix(57) + "..."
    }

    /// `file:line:column: message`, or `file: message` when the error concerns the whole file.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
