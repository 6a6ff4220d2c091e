/// The `path` of a PATCH operation (RFC 7644 section 3.5.2: `PATH = attrPath / valuePath [subAttr]`).
///
/// Shapes:
/// - `name.givenName`: ``attribute`` `name` with sub-attribute `givenName`, no filter;
/// - `emails[type eq "work"].value`: ``attribute`` `emails`, ``valueFilter`` `type eq "work"`,
///   ``subAttribute`` `value`;
/// - `members[value eq "abc"]`: ``attribute`` `members`, ``valueFilter`` `value eq "abc"`;
/// - `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`: ``attribute`` with schema
///   the enterprise URN, name `manager`, sub-attribute `value`.
///
/// ``subAttribute`` is only set after a filter; without one, a dotted sub-attribute lives in
/// ``attribute``'s own ``AttributePath/subAttribute``. ``targetSubAttribute`` gives either.
public struct PatchPath: Sendable, Hashable, CustomStringConvertible {
    /// The attribute the operation targets (possibly URN-qualified, possibly with a dotted sub-attribute when
    /// there is no filter).
    public var attribute: AttributePath
    /// The filter in `[...]` selecting elements of a multi-valued attribute, over its sub-attributes.
    public var valueFilter: SCIMFilter?
    /// The sub-attribute after `]`, e.g. `value` in `emails[type eq "work"].value`.
    public var subAttribute: String?

    /// A path.
    public init(attribute: AttributePath, valueFilter: SCIMFilter? = nil, subAttribute: String? = nil) {
        self.attribute = attribute
        self.valueFilter = valueFilter
        self.subAttribute = subAttribute
    }

    /// The sub-attribute the operation finally addresses: ``subAttribute`` after a filter, else the
    /// attribute path's dotted sub-attribute.
    public var targetSubAttribute: String? { subAttribute ?? attribute.subAttribute }

    /// The canonical text, which ``parse(_:)`` turns back into an equal value.
    public var description: String {
        var s = attribute.description
        if let valueFilter { s += "[" + valueFilter.description + "]" }
        if let subAttribute { s += "." + subAttribute }
        return s
    }

    /// Parses a PATCH path. Surrounding whitespace is ignored. The filter inside `[...]` is parsed with
    /// ``SCIMFilter/parse(_:options:)`` as a value-path filter (sub-attribute names only, no nested
    /// brackets) and the lenient options; string values are JSON strings with escapes, e.g.
    /// `members[value eq "a\"b"]` (a bare word such as `members[value eq u1]` is accepted as a string).
    ///
    /// - Throws: ``SCIMError`` 400 `invalidPath` (RFC 7644 section 3.5.2) naming the path for an empty path,
    ///   an invalid attribute path, an unbalanced or empty `[...]`, a filter that does not parse (the
    ///   filter's own message is included), a dotted attribute before `[`, or anything after the optional
    ///   `.subAttr`. O(length).
    public static func parse(_ text: String) throws(SCIMError) -> PatchPath {
        var copy = text
        let result: Result<PatchPath, SCIMError> = copy.withUTF8 { buffer in
            var parser = SCIMFilterParser(bytes: buffer, text: text, options: .lenient)
            do throws(SCIMError) {
                return .success(try parser.parsePatchPath())
            } catch {
                let reason =
                    error.detail.hasPrefix("Invalid filter: ") ? String(error.detail.dropFirst(16)) : error.detail
                return .failure(SCIMError.invalidPath("Invalid PATCH path: \(reason) (RFC 7644 section 3.5.2)"))
            }
        }
        return try result.get()
    }
}

extension SCIMFilterParser {
    /// `PATH = attrPath / valuePath [subAttr]` over the whole text (surrounding whitespace allowed). Errors
    /// are the parser's `invalidFilter` errors; ``PatchPath/parse(_:)`` re-labels them `invalidPath`.
    mutating func parsePatchPath() throws(SCIMError) -> PatchPath {
        skipWhitespace()
        guard position < bytes.count else { throw fail("the path is empty") }
        let pathStart = position
        let attribute = try parsePath()
        var valueFilter: SCIMFilter?
        var subAttribute: String?
        if position < bytes.count && bytes[position] == UInt8(ascii: "[") {
            guard attribute.subAttribute == nil else {
                throw fail("a sub-attribute cannot come before '['", at: pathStart)
            }
            let open = position
            position += 1
            insideValuePath = true
            valueFilter = try parseOr()
            insideValuePath = false
            skipWhitespace()
            guard position < bytes.count && bytes[position] == UInt8(ascii: "]") else {
                throw fail("expected ']' to close the '[' at offset \(open)")
            }
            position += 1
            if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
                position += 1
                let subStart = position
                let sub = try parsePath()
                guard sub.schema == nil && sub.subAttribute == nil else {
                    throw fail("expected one sub-attribute name after ']'", at: subStart)
                }
                subAttribute = sub.name
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected characters after the path") }
        return PatchPath(attribute: attribute, valueFilter: valueFilter, subAttribute: subAttribute)
    }
}
