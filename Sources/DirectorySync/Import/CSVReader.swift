/// A streaming RFC 4180 CSV reader over the bytes of a whole file, written for speed: one pass over the
/// bytes, no per-field allocation until a field's text is asked for.
///
/// Accepted: an optional UTF-8 byte order mark; CRLF, LF or lone CR line ends (mixed is fine); fields
/// quoted with `"` holding commas, doubled quotes and line breaks (kept as written); unquoted fields.
/// Rejected with a ``DirectoryImportError`` naming the line and column: an unterminated quoted field
/// (reported where its opening quote is), a `"` inside an unquoted field, any character other than `,` or
/// a line end after a closing quote. The caller validates UTF-8 first (``ImportBytes``) and checks field counts.
///
/// Rules: RFC 4180 section 2. Complexity: O(n) in the file's bytes.
struct CSVReader {
    /// Where one field of the current record sits in the file.
    struct Field {
        /// Byte range of the field's content (inside the quotes for a quoted field).
        var start: Int
        var end: Int
        /// 1-based line and column (Unicode scalars) of the field's first character (its opening quote).
        var line: Int
        var column: Int
        /// `true` for a field written between quotes.
        var quoted: Bool
        /// `true` when the content holds doubled quotes that must be collapsed.
        var hasEscapedQuotes: Bool
    }

    private let bytes: [UInt8]
    private let file: String
    private var position: Int
    private var line = 1
    private var column = 1

    /// The fields of the record last read by ``next()``, in order.
    private(set) var fields: [Field] = []
    /// Line and column just past the last field of the record last read (where its line end or the end of
    /// the file is); used to report a row that is too short.
    private(set) var endLine = 1
    private(set) var endColumn = 1

    /// A reader positioned after the byte order mark, if any. `file` names the file in errors.
    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        position = ImportBytes.hasByteOrderMark(bytes) ? 3 : 0
    }

    /// The line of the current record's first field.
    var recordLine: Int { fields.first?.line ?? line }

    /// `true` when the current record is an empty line (one empty, unquoted field).
    var isBlankLine: Bool {
        fields.count == 1 && !fields[0].quoted && fields[0].start == fields[0].end
    }

    /// Reads the next record into ``fields``; `false` at the end of the file (a final line end does not
    /// start another record).
    mutating func next() throws(DirectoryImportError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        guard position < count else { return false }
        while true {
            let fieldLine = line
            let fieldColumn = column
            if position < count && bytes[position] == 0x22 {  // opening quote
                position += 1
                column += 1
                let start = position
                var escaped = false
                while true {
                    guard position < count else {
                        throw DirectoryImportError(
                            file: file, line: fieldLine, column: fieldColumn, reason: .unterminatedQuotedField)
                    }
                    let byte = bytes[position]
                    if byte == 0x22 {
                        if position + 1 < count && bytes[position + 1] == 0x22 {
                            escaped = true
                            position += 2
                            column += 2
                            continue
                        }
                        break
                    }
                    advance(over: byte)
                }
                fields.append(
                    Field(
                        start: start, end: position, line: fieldLine, column: fieldColumn, quoted: true,
                        hasEscapedQuotes: escaped))
                position += 1  // closing quote
                column += 1
                guard position < count else { return finishRecord() }
                let after = bytes[position]
                if after == 0x2C {
                    position += 1
                    column += 1
                    continue
                }
                if after == 0x0A || after == 0x0D { return finishRecord() }
                throw DirectoryImportError(file: file, line: line, column: column, reason: .characterAfterClosingQuote)
            }
            let start = position
            while position < count {
                let byte = bytes[position]
                if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
                if byte == 0x22 {
                    throw DirectoryImportError(file: file, line: line, column: column, reason: .quoteInUnquotedField)
                }
                if byte & 0xC0 != 0x80 { column += 1 }
                position += 1
            }
            fields.append(
                Field(
                    start: start, end: position, line: fieldLine, column: fieldColumn, quoted: false,
                    hasEscapedQuotes: false))
            if position < count && bytes[position] == 0x2C {
                position += 1
                column += 1
                continue
            }
            return finishRecord()
        }
    }

    /// The text of field `index` of the current record, quotes collapsed; surrounding ASCII whitespace is
    /// removed when `trimmed`.
    func text(_ index: Int, trimmed: Bool = true) -> String {
        let field = fields[index]
        var start = field.start
        var end = field.end
        if trimmed {
            while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
            while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        }
        guard field.hasEscapedQuotes else {
            return bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
            }
        }
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(end - start)
        var i = start
        while i < end {
            collapsed.append(bytes[i])
            i += bytes[i] == 0x22 ? 2 : 1
        }
        return String(decoding: collapsed, as: UTF8.self)
    }

    /// Steps over one byte of quoted content, counting lines and columns.
    private mutating func advance(over byte: UInt8) {
        position += 1
        if byte == 0x0A {
            newLine()
        } else if byte == 0x0D {
            if position < bytes.count && bytes[position] == 0x0A { position += 1 }
            newLine()
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func newLine() {
        line += 1
        column = 1
    }

    /// Records where the record ends and consumes its line end (CRLF, LF or CR), if any.
    private mutating func finishRecord() -> Bool {
        endLine = line
        endColumn = column
        if position < bytes.count {
            let byte = bytes[position]
            if byte == 0x0A || byte == 0x0D { advance(over: byte) }
        }
        return true
    }
}
