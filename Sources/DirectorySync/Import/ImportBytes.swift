/// Byte-level helpers shared by the CSV and JSON paths: byte order mark, UTF-8 validation with the place
/// of the first bad byte, line and column of a byte offset, the FNV-1a hash used for synthesized ids, and
/// whitespace trimming.
enum ImportBytes {
    /// `true` when `bytes` starts with the UTF-8 byte order mark EF BB BF.
    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// Throws ``DirectoryImportError/Reason/invalidUTF8`` at the first byte that does not start a well-formed
    /// UTF-8 sequence (RFC 3629 section 4). The fast path is the standard library's validation; the byte-wise
    /// scan runs only to locate a failure.
    static func validate(_ bytes: [UInt8], file: String) throws(DirectoryImportError) {
        if String(validating: bytes, as: UTF8.self) != nil { return }
        let offset = firstInvalidOffset(bytes) ?? 0
        let (line, column) = position(of: offset, in: bytes)
        throw DirectoryImportError(file: file, line: line, column: column, reason: .invalidUTF8)
    }

    /// Offset of the first byte that does not begin a well-formed sequence (Unicode Table 3-7), or `nil`.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, high) = (3, 0x9F)
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, high) = (4, 0x8F)
            default: return i
            }
            guard i + length <= n, bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// 1-based (line, column) of byte `offset`, counted as ``CSVReader`` counts them: LF, CRLF and lone CR end
    /// a line; columns count Unicode scalars; the byte order mark is not counted. O(offset).
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = hasByteOrderMark(bytes) && offset >= 3 ? 3 : 0
        let end = min(offset, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                if i + 1 < end && bytes[i + 1] == 0x0A { i += 1 }
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    /// A synthesized externalId for formats without an id column: `prefix` + `-` + 16 lower-case hex digits of
    /// the 64-bit FNV-1a hash (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of `key`'s UTF-8 bytes.
    /// Deterministic across processes and platforms (unlike `Hasher`, which is seeded per process).
    static func synthesizedId(prefix: String, key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return prefix + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `text` without leading and trailing ASCII spaces, tabs, CR and LF.
    static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
