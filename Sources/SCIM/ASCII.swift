/// Byte-level helpers for ASCII names (RFC 7643 section 2.1: attribute names are ASCII and case-insensitive).
/// They avoid `String` allocation and grapheme breaking on the hot paths (filter parsing, member lookup).

/// ASCII lower-case of a letter byte; other bytes unchanged.
@inline(__always)
func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

/// `true` when the two byte buffers are equal ignoring the case of ASCII letters.
@inline(__always)
func asciiCaseInsensitiveEquals(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    guard x.count == y.count else { return false }
    for k in 0..<x.count {
        let p = x[k]
        let q = y[k]
        if p != q && asciiLower(p) != asciiLower(q) { return false }
    }
    return true
}

/// `true` when `a` and `b` are equal ignoring the case of ASCII letters only, without allocating.
/// SCIM attribute names and schema URNs are ASCII (RFC 7643 section 2.1 `ATTRNAME`), so this is the
/// comparison for names; values use Unicode case folding instead (see the filter evaluator).
func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    var a = a
    var b = b
    return a.withUTF8 { x in b.withUTF8 { y in asciiCaseInsensitiveEquals(x, y) } }
}

/// `true` when the buffer equals `s` ignoring ASCII case.
func asciiCaseInsensitiveEquals(_ x: UnsafeBufferPointer<UInt8>, _ s: String) -> Bool {
    guard x.count == s.utf8.count else { return false }
    var s = s
    return s.withUTF8 { y in asciiCaseInsensitiveEquals(x, y) }
}

/// `true` when `text` begins with `prefix`, ignoring ASCII case.
func asciiCaseInsensitiveHasPrefix(_ text: String, _ prefix: String) -> Bool {
    guard text.utf8.count >= prefix.utf8.count else { return false }
    var text = text
    return text.withUTF8 { x in
        asciiCaseInsensitiveEquals(UnsafeBufferPointer(rebasing: x[0..<prefix.utf8.count]), prefix)
    }
}

/// `true` for ASCII letters.
@inline(__always)
func isASCIILetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

/// `true` for ASCII digits.
@inline(__always)
func isASCIIDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

/// `true` when `s` has a non-ASCII byte or an upper-case ASCII letter, i.e. when `s.lowercased()` may differ from `s`.
@inline(__always)
func mayChangeWhenLowercased(_ s: String) -> Bool {
    for b in s.utf8 where b >= 0x80 || (b >= 0x41 && b <= 0x5A) { return true }
    return false
}

/// `s.lowercased()`, returning `s` itself (no allocation) when it is ASCII without upper-case letters:
/// the common case of index keys such as lower-case e-mail userNames.
@inline(__always)
func lowercasedKey(_ s: String) -> String { mayChangeWhenLowercased(s) ? s.lowercased() : s }

/// `a.lowercased() == b.lowercased()`, without allocating when both are ASCII (header names, RFC 9110 section 5.1).
func lowercasedEquals(_ a: String, _ b: String) -> Bool {
    if a.utf8.count == b.utf8.count && asciiCaseInsensitiveEquals(a, b) { return true }
    var nonASCII = false
    for c in a.utf8 where c >= 0x80 { nonASCII = true }
    for c in b.utf8 where c >= 0x80 { nonASCII = true }
    return nonASCII && a.lowercased() == b.lowercased()
}
