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
        var text = text
        return text.withUTF8 { scan($0) }
    }

    /// Byte-level ``scan(_:)-(String)``: O(length), one `String` allocation per part.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> AttributePath? {
        var start = 0
        var schema: String?
        if bytes.count >= 4 && asciiCaseInsensitiveEquals(UnsafeBufferPointer(rebasing: bytes[0..<4]), "urn:") {
            var matched = false
            for known in SCIMSchema.knownURNs {
                let k = known.utf8.count
                guard bytes.count >= k, asciiCaseInsensitiveEquals(UnsafeBufferPointer(rebasing: bytes[0..<k]), known)
                else { continue }
                if bytes.count == k { return AttributePath(name: String(decoding: bytes, as: UTF8.self)) }
                if bytes[k] == UInt8(ascii: ":") {
                    schema = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<k]), as: UTF8.self)
                    start = k + 1
                    matched = true
                    break
                }
            }
            if !matched {
                guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")), colon > 4 else { return nil }
                for k in 0..<colon where bytes[k] <= 0x20 || bytes[k] >= 0x7F || isDelimiter(bytes[k]) { return nil }
                schema = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<colon]), as: UTF8.self)
                start = colon + 1
            }
        }
        var dot: Int?
        for k in start..<bytes.count where bytes[k] == UInt8(ascii: ".") {
            guard dot == nil else { return nil }
            dot = k
        }
        let nameEnd = dot ?? bytes.count
        let name = UnsafeBufferPointer(rebasing: bytes[start..<nameEnd])
        guard isAttributeName(name) else { return nil }
        var sub: String?
        if let dot {
            let subBytes = UnsafeBufferPointer(rebasing: bytes[(dot + 1)...])
            guard isAttributeName(subBytes) else { return nil }
            sub = String(decoding: subBytes, as: UTF8.self)
        }
        return AttributePath(schema: schema, name: String(decoding: name, as: UTF8.self), subAttribute: sub)
    }

    /// `ATTRNAME` of RFC 7643 section 2.1 (`ALPHA *(ALPHA / DIGIT / "-" / "_")`), plus `$ref`.
    static func isAttributeName(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = s.first else { return false }
        if first == UInt8(ascii: "$") { return asciiCaseInsensitiveEquals(s, "$ref") }
        guard isASCIILetter(first) else { return false }
        for b in s where !(isASCIILetter(b) || isASCIIDigit(b) || b == 0x2D || b == 0x5F) { return false }
        return true
    }

    /// Characters that can never be part of a URN in a path: quotes, brackets, parentheses.
    private static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x22 || b == 0x28 || b == 0x29 || b == 0x5B || b == 0x5D
    }
}
