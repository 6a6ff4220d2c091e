/// The definition of one SCIM attribute: its name, data type and characteristics (RFC 7643 section 2.2 and
/// section 7).
///
/// Characteristics a schema leaves out take the RFC 7643 section 2.2 defaults, which are this initialiser's
/// defaults: `type` string, `multiValued` false, `required` false, `caseExact` false, `mutability` readWrite,
/// `returned` default, `uniqueness` none. `subAttributes` is non-empty only for `complex` attributes and keeps
/// the schema's order (which `/Schemas` renders).
public struct SCIMAttribute: Sendable, Hashable {
    /// The data types of RFC 7643 section 2.3.
    public enum DataType: String, Sendable, Hashable, CaseIterable {
        /// A Unicode string (RFC 7643 section 2.3.1).
        case string
        /// `true` or `false` (section 2.3.2).
        case boolean
        /// A real number (section 2.3.3).
        case decimal
        /// A whole number (section 2.3.4).
        case integer
        /// An xsd:dateTime, e.g. `2008-01-23T04:56:22Z`, compared as an instant (section 2.3.5).
        case dateTime
        /// Base64-encoded bytes (section 2.3.6); `gt`/`ge`/`lt`/`le` on it are `invalidFilter`.
        case binary
        /// A URI (section 2.3.7); always compared case-exactly.
        case reference
        /// An attribute made of sub-attributes (section 2.3.8).
        case complex
    }

    /// When the attribute may be written (RFC 7643 section 7, `mutability`).
    public enum Mutability: String, Sendable, Hashable, CaseIterable {
        /// Never written by clients; client-sent values are ignored.
        case readOnly
        /// Written freely.
        case readWrite
        /// Written once (on create or while unassigned), then only with the same value.
        case immutable
        /// Written but never returned (e.g. `password`).
        case writeOnly
    }

    /// When the attribute is returned (RFC 7643 section 7, `returned`).
    public enum Returned: String, Sendable, Hashable, CaseIterable {
        /// Always returned, even when `attributes` or `excludedAttributes` say otherwise (e.g. `id`).
        case always
        /// Never returned (e.g. `password`).
        case never
        /// Returned unless excluded.
        case `default`
        /// Returned only when named in `attributes`.
        case request
    }

    /// The scope in which values must be unique (RFC 7643 section 7, `uniqueness`).
    public enum Uniqueness: String, Sendable, Hashable, CaseIterable {
        /// No uniqueness.
        case none
        /// Unique within this service provider (e.g. `userName`).
        case server
        /// Globally unique.
        case global
    }

    /// The attribute name as the schema spells it, e.g. `userName`; matched case-insensitively (section 2.1).
    public var name: String
    /// The data type.
    public var type: DataType
    /// Whether the value is a JSON array of values.
    public var multiValued: Bool
    /// Human-readable description, as `/Schemas` renders it.
    public var description: String
    /// Whether a value is required.
    public var required: Bool
    /// Whether string values compare case-sensitively (filters, uniqueness, sorting).
    public var caseExact: Bool
    /// When clients may write the attribute.
    public var mutability: Mutability
    /// When the attribute is returned.
    public var returned: Returned
    /// The uniqueness scope.
    public var uniqueness: Uniqueness
    /// The sub-attributes of a complex attribute, in schema order; empty otherwise.
    public var subAttributes: [SCIMAttribute]
    /// Suggested values, e.g. `["work", "home", "other"]` for `emails.type`; rendered when non-empty.
    public var canonicalValues: [String]
    /// For `reference` attributes, the referenced resource types, e.g. `["User", "Group"]` or `["external"]`.
    public var referenceTypes: [String]

    /// An attribute definition; every characteristic defaults as RFC 7643 section 2.2 says.
    public init(
        _ name: String, type: DataType = .string, multiValued: Bool = false, description: String = "",
        required: Bool = false, caseExact: Bool = false, mutability: Mutability = .readWrite,
        returned: Returned = .default, uniqueness: Uniqueness = .none, subAttributes: [SCIMAttribute] = [],
        canonicalValues: [String] = [], referenceTypes: [String] = []
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.subAttributes = subAttributes
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
    }

    /// The sub-attribute called `name`, compared ignoring ASCII case (RFC 7643 section 2.1); `nil` if absent.
    /// O(number of sub-attributes).
    public func subAttribute(named name: String) -> SCIMAttribute? {
        for sub in subAttributes where asciiCaseInsensitiveEquals(sub.name, name) { return sub }
        return nil
    }
}

/// `true` when `a` and `b` are equal ignoring the case of ASCII letters only, without allocating.
/// SCIM attribute names and schema URNs are ASCII (RFC 7643 section 2.1 `ATTRNAME`), so this is the
/// comparison for names; values use Unicode case folding instead (see the filter evaluator).
func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    let x = a.utf8
    let y = b.utf8
    guard x.count == y.count else { return false }
    var i = x.startIndex
    var j = y.startIndex
    while i != x.endIndex {
        let p = x[i]
        let q = y[j]
        if p != q {
            let lp = (p >= 0x41 && p <= 0x5A) ? p | 0x20 : p
            let lq = (q >= 0x41 && q <= 0x5A) ? q | 0x20 : q
            if lp != lq { return false }
        }
        i = x.index(after: i)
        j = y.index(after: j)
    }
    return true
}

/// `true` when `text` begins with `prefix`, ignoring ASCII case.
func asciiCaseInsensitiveHasPrefix(_ text: String, _ prefix: String) -> Bool {
    let t = text.utf8
    let p = prefix.utf8
    guard t.count >= p.count else { return false }
    return asciiCaseInsensitiveEquals(String(decoding: t.prefix(p.count), as: UTF8.self), prefix)
}
