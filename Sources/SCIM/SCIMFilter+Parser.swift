/// Tolerances of the filter parser beyond the strict RFC 7644 section 3.4.2.2 grammar. Both default to on,
/// because real IdPs send these shapes (scim-protocol.md sections 1.10 and 5, rule 7).
public struct SCIMFilterParseOptions: Sendable, Hashable {
    /// Accept an unquoted word as a string value, e.g. Entra's documented `externalId eq jyoung` [MS-SCIM]. A
    /// word that is `true`, `false`, `null` (any case) or a JSON number is still that literal.
    public var allowsBareStringValues: Bool
    /// Accept a comparison on a value path's sub-attribute, e.g. `emails[type eq "work"].value eq "x"`, which
    /// Entra uses for matching on the work e-mail [MS-SCIM] although the RFC grammar ends a value path at `]`
    /// (field-cases.md F06 D). It parses as the equivalent RFC form `emails[type eq "work" and value eq "x"]`.
    public var allowsValuePathComparison: Bool

    /// Options; the defaults are the lenient ones.
    public init(allowsBareStringValues: Bool = true, allowsValuePathComparison: Bool = true) {
        self.allowsBareStringValues = allowsBareStringValues
        self.allowsValuePathComparison = allowsValuePathComparison
    }

    /// Both tolerances on (the default).
    public static let lenient = SCIMFilterParseOptions()
    /// The RFC grammar only: quoted strings, value paths end at `]`.
    public static let strict = SCIMFilterParseOptions(allowsBareStringValues: false, allowsValuePathComparison: false)
}

extension SCIMFilter {
    /// Parses a filter (RFC 7644 section 3.4.2.2, Figure 1): attribute names, operators, `and`, `or`, `not`,
    /// `pr` and the literals `true`/`false`/`null` in any letter case; `and` binds tighter than `or`, both
    /// left-associative; parentheses group; `not` must be followed by a parenthesised filter; string values
    /// are JSON strings (all escapes, any Unicode); spaces and tabs separate tokens. The text is what remains
    /// after URL decoding (so Entra's `+` must already be a space).
    ///
    /// - Throws: ``SCIMError`` 400 `invalidFilter` whose detail names the problem and its 0-based UTF-8 byte
    ///   offset, for empty or malformed text, unknown operators (`xor`), a missing value (`userName eq`),
    ///   unterminated strings, nested value paths, nesting deeper than ``maxDepth`` and more than ``maxTerms``
    ///   attribute expressions. Never returns a
    ///   partial filter. O(length of text).
    public static func parse(_ text: String, options: SCIMFilterParseOptions = .lenient) throws(SCIMError) -> SCIMFilter
    {
        var copy = text
        let result: Result<SCIMFilter, SCIMError> = copy.withUTF8 { buffer in
            var parser = SCIMFilterParser(bytes: buffer, text: text, options: options)
            do throws(SCIMError) {
                return .success(try parser.parseWhole())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The recursive-descent parser behind ``SCIMFilter/parse(_:options:)``.
struct SCIMFilterParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let text: String
    let options: SCIMFilterParseOptions
    var position = 0
    var depth = 0
    var insideValuePath = false
    var terms = 0

    init(bytes: UnsafeBufferPointer<UInt8>, text: String, options: SCIMFilterParseOptions) {
        self.bytes = bytes
        self.text = text
        self.options = options
    }

    func fail(_ message: String, at offset: Int? = nil) -> SCIMError {
        let shown = text.utf8.count <= 200 ? text : String(text.prefix(200)) + "..."
        return SCIMError.invalidFilter("Invalid filter: \(message) at offset \(offset ?? position) in '\(shown)'")
    }

    mutating func parseWhole() throws(SCIMError) -> SCIMFilter {
        skipWhitespace()
        guard position < bytes.count else { throw fail("the filter is empty") }
        let filter = try parseOr()
        skipWhitespace()
        guard position == bytes.count else { throw fail("expected 'and', 'or' or the end of the filter") }
        return filter
    }

    mutating func skipWhitespace() {
        while position < bytes.count && (bytes[position] == 0x20 || bytes[position] == 0x09) { position += 1 }
    }

    /// `true` (and consumes it plus following whitespace) when the next word is `keyword`, ignoring case,
    /// followed by whitespace or `(`.
    mutating func consumeKeyword(_ keyword: String) -> Bool {
        let start = position
        skipWhitespace()
        let wordStart = position
        var end = position
        while end < bytes.count && isLetter(bytes[end]) { end += 1 }
        let followedBySeparator = end < bytes.count && (bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x28)
        guard followedBySeparator,
            asciiCaseInsensitiveEquals(UnsafeBufferPointer(rebasing: bytes[wordStart..<end]), keyword)
        else {
            position = start
            return false
        }
        position = end
        skipWhitespace()
        return true
    }

    mutating func parseOr() throws(SCIMError) -> SCIMFilter {
        var left = try parseAnd()
        while consumeKeyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws(SCIMError) -> SCIMFilter {
        var left = try parseUnary()
        while consumeKeyword("and") { left = .and(left, try parseUnary()) }
        return left
    }

    mutating func parseUnary() throws(SCIMError) -> SCIMFilter {
        skipWhitespace()
        guard position < bytes.count else { throw fail("expected an attribute path, 'not' or '('") }
        if bytes[position] == UInt8(ascii: "(") { return try parseGroup() }
        let start = position
        if consumeKeyword("not") {
            guard position < bytes.count && bytes[position] == UInt8(ascii: "(") else {
                position = start
                return try parseAttributeExpression()
            }
            return .not(try parseGroup())
        }
        return try parseAttributeExpression()
    }

    /// `"(" FILTER ")"`.
    mutating func parseGroup() throws(SCIMError) -> SCIMFilter {
        let open = position
        try enter()
        position += 1
        let inner = try parseOr()
        skipWhitespace()
        guard position < bytes.count && bytes[position] == UInt8(ascii: ")") else {
            throw fail("expected ')' to close the '(' at offset \(open)")
        }
        position += 1
        depth -= 1
        return inner
    }

    mutating func enter() throws(SCIMError) {
        depth += 1
        guard depth <= SCIMFilter.maxDepth else { throw fail("nesting deeper than \(SCIMFilter.maxDepth) levels") }
    }

    func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    /// Characters of an attribute path token, URN included: letters, digits, `: . _ - $`.
    func isPathCharacter(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x3A || b == 0x2E || b == 0x5F || b == 0x2D || b == 0x24
    }
}
