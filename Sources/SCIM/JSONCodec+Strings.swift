extension JSONParser {
    /// A JSON string starting at the opening quote (RFC 8259 section 7): escapes `\" \\ \/ \b \f \n \r \t`
    /// and `\uXXXX` (surrogate pairs combined; a lone surrogate is an error), raw control characters are
    /// errors, and the content must be valid UTF-8. Leaves `position` after the closing quote. Also used
    /// by the filter parser for `compValue` strings (RFC 7644 section 3.4.2.2: a JSON string).
    mutating func parseString() throws(SCIMError) -> String {
        let open = position
        position += 1
        let start = position
        var ascii = true
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw fail("Invalid JSON: string is not valid UTF-8", at: open)
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("Invalid JSON: unescaped control character in a string") }
            if b >= 0x80 { ascii = false }
            position += 1
        }
        guard position < bytes.count else { throw fail("Invalid JSON: unterminated string", at: open) }
        // Slow path: copy, decoding escapes.
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                guard let s = String(validating: buffer, as: UTF8.self) else {
                    throw fail("Invalid JSON: string is not valid UTF-8", at: open)
                }
                return s
            }
            if b < 0x20 { throw fail("Invalid JSON: unescaped control character in a string") }
            if b != UInt8(ascii: "\\") {
                buffer.append(b)
                position += 1
                continue
            }
            guard position + 1 < bytes.count else { break }
            let e = bytes[position + 1]
            position += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(e)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw fail("Invalid JSON: unpaired surrogate in \\u escape") }
                    position += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw fail("Invalid JSON: unpaired surrogate in \\u escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw fail("Invalid JSON: unpaired surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("Invalid JSON: invalid \\u escape") }
                if let encoded = UTF8.encode(u) { buffer.append(contentsOf: encoded) }
            default:
                throw fail("Invalid JSON: invalid escape '\\\(Character(Unicode.Scalar(e)))'", at: position - 2)
            }
        }
        throw fail("Invalid JSON: unterminated string", at: open)
    }

    private mutating func parseHex4() throws(SCIMError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("Invalid JSON: truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("Invalid JSON: invalid hex digit in \\u escape")
            }
            v = v << 4 | digit
            position += 1
        }
        return v
    }
}

extension JSONCodec {
    /// Appends `s` as a quoted JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`,
    /// `\b`, `\f` or `\u00XX`, everything else (including non-ASCII) as raw UTF-8 (RFC 8259 section 7).
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var runStart = 0
            for k in 0..<utf8.count {
                let b = utf8[k]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if k > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k])) }
                runStart = k + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
            }
            if utf8.count > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
