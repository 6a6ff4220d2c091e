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
    /// brackets); string values are JSON strings with escapes, e.g. `members[value eq "a\"b"]`.
    ///
    /// - Throws: ``SCIMError`` 400 `invalidPath` (RFC 7644 section 3.5.2) naming the path for an empty path,
    ///   an invalid attribute path, an unbalanced or empty `[...]`, a filter that does not parse (the
    ///   filter's own message is included), a dotted attribute before `[`, or anything after the optional
    ///   `.subAttr`. O(length).
    public static func parse(_ text: String) throws(SCIMError) -> PatchPath {
        func invalid(_ why: String) -> SCIMError {
            SCIMError.invalidPath("Invalid PATCH path \"\(text)\": \(why) (RFC 7644 section 3.5.2)")
        }
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw invalid("the path is empty") }
        guard let open = trimmed.firstIndex(of: "[") else {
            guard let path = AttributePath.scan(trimmed) else { throw invalid("not an attribute path") }
            return PatchPath(attribute: path)
        }
        guard let attribute = AttributePath.scan(String(trimmed[..<open])) else {
            throw invalid("not an attribute path before '['")
        }
        guard attribute.subAttribute == nil else { throw invalid("a sub-attribute cannot come before '['") }
        guard let close = closingBracket(in: trimmed, after: open) else { throw invalid("'[' is not closed") }
        let filterText = String(trimmed[trimmed.index(after: open)..<close])
        let filter: SCIMFilter
        do throws(SCIMError) {
            filter = try SCIMFilter.parse("\(attribute.name)[\(filterText)]")
        } catch {
            throw invalid("bad filter, \(error.detail)")
        }
        guard case .valuePath(_, let inner) = filter else { throw invalid("bad filter") }
        let rest = trimmed[trimmed.index(after: close)...]
        guard !rest.isEmpty else { return PatchPath(attribute: attribute, valueFilter: inner) }
        guard rest.first == ".", let sub = AttributePath.scan(String(rest.dropFirst())),
            sub.schema == nil, sub.subAttribute == nil
        else { throw invalid("expected '.subAttribute' or the end after ']'") }
        return PatchPath(attribute: attribute, valueFilter: inner, subAttribute: sub.name)
    }

    /// The index of the `]` that closes the `[` at `open`, skipping quoted strings (with escapes).
    private static func closingBracket(in text: String, after open: String.Index) -> String.Index? {
        var inString = false
        var escaped = false
        var i = text.index(after: open)
        while i < text.endIndex {
            let c = text[i]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
            } else if c == "\"" {
                inString = true
            } else if c == "]" {
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }
}

extension String {
    /// `self` without leading and trailing spaces, tabs, carriage returns and line feeds.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
