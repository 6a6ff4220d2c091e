/// An attribute path as filters, PATCH paths, `sortBy` and `attributes` use it (RFC 7644 section 3.10 and
/// the section 3.4.2.2 ABNF `attrPath = [URI ":"] ATTRNAME *1subAttr`).
///
/// Names keep the spelling the client sent (so a printed filter reparses to an equal value); compare them
/// with ``matches(_:)`` or ``lowercasedName``, never with `==`, when meaning matters (RFC 7643 section 2.1:
/// attribute names are case-insensitive).
///
/// URN splitting: a path that starts with one of ``SCIMSchema/knownURNs`` followed by `:` is split there;
/// any other path starting with `urn:` is split at its last `:`. A path that *is* a known extension URN
/// (e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` alone, as some PATCH clients send)
/// parses as a top-level attribute whose ``name`` is that URN, which is exactly the JSON key holding the
/// extension object.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN qualifying the attribute, or `nil` when unqualified.
    public var schema: String?
    /// The attribute name, e.g. `userName`, `emails` (or a whole extension URN, see the type's notes).
    public var name: String
    /// The sub-attribute name, e.g. `givenName` in `name.givenName`.
    public var subAttribute: String?

    /// A path.
    public init(schema: String? = nil, name: String, subAttribute: String? = nil) {
        self.schema = schema
        self.name = name
        self.subAttribute = subAttribute
    }

    /// The canonical text: `[schema:]name[.subAttribute]`, which ``parse(_:)`` turns back into this value.
    public var description: String {
        var s = ""
        if let schema { s += schema + ":" }
        s += name
        if let subAttribute { s += "." + subAttribute }
        return s
    }

    /// ``name`` lower-cased, the key to use for case-insensitive lookups and indexes.
    public var lowercasedName: String { name.lowercased() }

    /// `true` when `other` names the same attribute ignoring ASCII case in every part.
    public func matches(_ other: AttributePath) -> Bool {
        asciiCaseInsensitiveEquals(name, other.name)
            && optionalEquals(schema, other.schema) && optionalEquals(subAttribute, other.subAttribute)
    }

    private func optionalEquals(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return asciiCaseInsensitiveEquals(x, y)
        default: return false
        }
    }

    /// Parses `[URN:]name[.sub]`. Names follow `ATTRNAME = ALPHA *(ALPHA / DIGIT / "-" / "_")`, and `$ref`
    /// is accepted as a name (RFC 7643 section 2.4). Throws ``SCIMError`` 400 `invalidPath` naming the text
    /// for anything else (empty parts, illegal characters, more than one `.`). O(length).
    public static func parse(_ text: String) throws(SCIMError) -> AttributePath {
        guard let path = scan(text) else {
            throw SCIMError.invalidPath("\"\(text)\" is not a valid attribute path (RFC 7644 section 3.10)")
        }
        return path
    }

    /// `parse` without the error: `nil` for malformed text.
    static func scan(_ text: String) -> AttributePath? {
        var schema: String?
        var rest = Substring(text)
        if asciiCaseInsensitiveHasPrefix(text, "urn:") {
            if let known = SCIMSchema.knownURNs.first(where: { asciiCaseInsensitiveHasPrefix(text, $0 + ":") }) {
                let n = known.utf8.count
                schema = String(decoding: text.utf8.prefix(n), as: UTF8.self)
                rest = Substring(String(decoding: text.utf8.dropFirst(n + 1), as: UTF8.self))
            } else if SCIMSchema.knownURNs.contains(where: { asciiCaseInsensitiveEquals($0, text) }) {
                return AttributePath(name: text)
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                let urn = text[..<colon]
                guard urn.utf8.count > 4, urn.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !isDelimiter($0) })
                else { return nil }
                schema = String(urn)
                rest = text[text.index(after: colon)...]
            }
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard isAttributeName(parts[0]) else { return nil }
        if parts.count == 2 && !isAttributeName(parts[1]) { return nil }
        return AttributePath(
            schema: schema, name: String(parts[0]), subAttribute: parts.count == 2 ? String(parts[1]) : nil)
    }

    /// `ATTRNAME` of RFC 7643 section 2.1, plus `$ref`.
    static func isAttributeName(_ s: Substring) -> Bool {
        if s.utf8.count == 4 && asciiCaseInsensitiveEquals(String(s), "$ref") { return true }
        guard let first = s.utf8.first, isAlpha(first) else { return false }
        return s.utf8.allSatisfy { isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }

    /// Characters that can never be part of a URN in a path: quotes, brackets, parentheses.
    private static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x22 || b == 0x28 || b == 0x29 || b == 0x5B || b == 0x5D
    }

    private static func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
}
