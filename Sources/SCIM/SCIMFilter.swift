/// A parsed SCIM filter expression (RFC 7644 section 3.4.2.2).
///
/// Build one with ``parse(_:)``; print it with ``description`` (canonical text, `parse(f.description) == f`);
/// check it against a schema and evaluate it with ``compile(for:)`` and ``CompiledFilter/matches(_:)``, or
/// in one step with ``matches(_:schema:)``.
///
/// Shapes: `and`/`or` are binary and left-associative (`a or b or c` is `.or(.or(a, b), c)`); `not` wraps
/// the parenthesised filter; ``valuePath(_:_:)`` holds a filter over the sub-attributes of a (usually
/// multi-valued complex) attribute, whose paths are sub-attribute names. Attribute paths keep the client's
/// spelling; matching is case-insensitive.
public indirect enum SCIMFilter: Sendable, Hashable, CustomStringConvertible {
    /// `attrPath compareOp compValue`, e.g. `userName eq "ada@example.com"`.
    case compare(AttributePath, SCIMFilterOperator, SCIMFilterValue)
    /// `attrPath pr`: the attribute has a non-empty value.
    case present(AttributePath)
    /// `filter and filter`.
    case and(SCIMFilter, SCIMFilter)
    /// `filter or filter`.
    case or(SCIMFilter, SCIMFilter)
    /// `not (filter)`.
    case not(SCIMFilter)
    /// `attrPath[valFilter]`, e.g. `emails[type eq "work" and primary eq true]`.
    case valuePath(AttributePath, SCIMFilter)

    /// The deepest nesting of parentheses, `not` and brackets that ``parse(_:)`` accepts (64); deeper
    /// filters are 400 `invalidFilter`, which bounds the parser's recursion.
    public static let maxDepth = 64

    /// The most attribute expressions (comparisons, `pr`, value paths) one filter may hold: 1,000; more is
    /// 400 `invalidFilter`. Real IdP filters have one or two; the limit bounds the depth of a left-leaning
    /// `a or b or c ...` tree, which printing and evaluation walk recursively.
    public static let maxTerms = 1_000

    /// The equality an index can answer: when the whole filter is one `eq` against a string literal on a
    /// top-level, unqualified (or core-URN-qualified) attribute without sub-attribute, e.g.
    /// `userName eq "Ada@Example.com"`, the lower-cased attribute name (`username`) and the literal exactly as
    /// sent (`Ada@Example.com`; whether to fold its case is the caller's decision from the attribute's
    /// `caseExact`). `nil` for any other filter, which the caller must evaluate by scan.
    public var equalityLookup: (attribute: String, value: String)? {
        guard case .compare(let path, .eq, .string(let value)) = self, path.subAttribute == nil else { return nil }
        if let urn = path.schema {
            guard
                asciiCaseInsensitiveEquals(urn, SCIMSchema.userURN)
                    || asciiCaseInsensitiveEquals(urn, SCIMSchema.groupURN)
            else { return nil }
        }
        return (path.name.lowercased(), value)
    }
}

/// The comparison operators of RFC 7644 section 3.4.2.2, table 3 (matched case-insensitively when parsing).
public enum SCIMFilterOperator: String, Sendable, Hashable, CaseIterable {
    /// Equal.
    case eq
    /// Not equal.
    case ne
    /// Contains (substring).
    case co
    /// Starts with.
    case sw
    /// Ends with.
    case ew
    /// Greater than (lexical for strings, chronological for dateTime, numeric for numbers).
    case gt
    /// Greater than or equal.
    case ge
    /// Less than.
    case lt
    /// Less than or equal.
    case le

    /// `true` for `gt`, `ge`, `lt`, `le`, which RFC 7644 section 3.4.2.2 forbids on boolean and binary
    /// attributes (`invalidFilter`).
    public var isOrdering: Bool {
        switch self {
        case .gt, .ge, .lt, .le: return true
        default: return false
        }
    }
}

/// A comparison value: the JSON literals RFC 7644 section 3.4.2.2 allows as `compValue`.
public enum SCIMFilterValue: Sendable, Hashable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A JSON number without fraction or exponent that fits in 64 bits.
    case int(Int64)
    /// Any other (finite) JSON number.
    case decimal(Double)
    /// A JSON string (escapes decoded).
    case string(String)

    /// The literal as JSON text: strings quoted and escaped as ``JSONCodec`` does, numbers in shortest
    /// round-trip form.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .decimal(let d): return String(d)
        case .string(let s):
            var out: [UInt8] = []
            JSONCodec.writeString(s, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
