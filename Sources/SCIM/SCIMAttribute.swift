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
    public var name: String {
        get { box.fields.name }
        set { update { $0.name = newValue } }
    }
    /// The data type.
    public var type: DataType {
        get { box.fields.type }
        set { update { $0.type = newValue } }
    }
    /// Whether the value is a JSON array of values.
    public var multiValued: Bool {
        get { box.fields.multiValued }
        set { update { $0.multiValued = newValue } }
    }
    /// Human-readable description, as `/Schemas` renders it.
    public var description: String {
        get { box.fields.description }
        set { update { $0.description = newValue } }
    }
    /// Whether a value is required.
    public var required: Bool {
        get { box.fields.required }
        set { update { $0.required = newValue } }
    }
    /// Whether string values compare case-sensitively (filters, uniqueness, sorting).
    public var caseExact: Bool {
        get { box.fields.caseExact }
        set { update { $0.caseExact = newValue } }
    }
    /// When clients may write the attribute.
    public var mutability: Mutability {
        get { box.fields.mutability }
        set { update { $0.mutability = newValue } }
    }
    /// When the attribute is returned.
    public var returned: Returned {
        get { box.fields.returned }
        set { update { $0.returned = newValue } }
    }
    /// The uniqueness scope.
    public var uniqueness: Uniqueness {
        get { box.fields.uniqueness }
        set { update { $0.uniqueness = newValue } }
    }
    /// The sub-attributes of a complex attribute, in schema order; empty otherwise.
    public var subAttributes: [SCIMAttribute] {
        get { box.fields.subAttributes }
        set { update { $0.subAttributes = newValue } }
    }
    /// Suggested values, e.g. `["work", "home", "other"]` for `emails.type`; rendered when non-empty.
    public var canonicalValues: [String] {
        get { box.fields.canonicalValues }
        set { update { $0.canonicalValues = newValue } }
    }
    /// For `reference` attributes, the referenced resource types, e.g. `["User", "Group"]` or `["external"]`.
    public var referenceTypes: [String] {
        get { box.fields.referenceTypes }
        set { update { $0.referenceTypes = newValue } }
    }

    /// An attribute definition; every characteristic defaults as RFC 7643 section 2.2 says.
    public init(
        _ name: String, type: DataType = .string, multiValued: Bool = false, description: String = "",
        required: Bool = false, caseExact: Bool = false, mutability: Mutability = .readWrite,
        returned: Returned = .default, uniqueness: Uniqueness = .none, subAttributes: [SCIMAttribute] = [],
        canonicalValues: [String] = [], referenceTypes: [String] = []
    ) {
        box = Box(
            Fields(
                name: name, type: type, multiValued: multiValued, description: description, required: required,
                caseExact: caseExact, mutability: mutability, returned: returned, uniqueness: uniqueness,
                subAttributes: subAttributes, canonicalValues: canonicalValues, referenceTypes: referenceTypes))
    }

    /// The characteristics, stored once and shared by copies (an immutable box), so copying an attribute
    /// definition costs one reference count instead of one per field.
    struct Fields: Sendable, Hashable {
        var name: String
        var type: DataType
        var multiValued: Bool
        var description: String
        var required: Bool
        var caseExact: Bool
        var mutability: Mutability
        var returned: Returned
        var uniqueness: Uniqueness
        var subAttributes: [SCIMAttribute]
        var canonicalValues: [String]
        var referenceTypes: [String]
    }

    final class Box: Sendable {
        let fields: Fields
        /// The sub-attributes' names, for lookups that do not touch the definitions.
        let subAttributeNames: SCIMNameTable
        /// Per sub-attribute, which JSON value it keeps unchanged on input (see ``SCIMAttribute/ValueKind``).
        let subAttributeKinds: [ValueKind]
        init(_ fields: Fields) {
            self.fields = fields
            subAttributeNames = SCIMNameTable(fields.subAttributes)
            subAttributeKinds = fields.subAttributes.map(ValueKind.init)
        }
    }

    /// Which JSON values an attribute stores exactly as sent (no conversion, not dropped), so that input
    /// checking can accept an already-canonical complex value without rebuilding it.
    enum ValueKind: UInt8, Sendable {
        /// Needs the general rules: readOnly (dropped), complex, or anything else.
        case general
        /// string, dateTime, binary, reference: a JSON string.
        case string
        /// A JSON boolean.
        case boolean
        /// A JSON integer.
        case integer
        /// A JSON integer or other number.
        case decimal

        init(_ attribute: SCIMAttribute) {
            if attribute.mutability == .readOnly || attribute.multiValued {
                self = .general
                return
            }
            switch attribute.type {
            case .string, .dateTime, .binary, .reference: self = .string
            case .boolean: self = .boolean
            case .integer: self = .integer
            case .decimal: self = .decimal
            case .complex: self = .general
            }
        }

        /// `true` when `value` is stored unchanged for an attribute of this kind.
        @inline(__always)
        func keepsUnchanged(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.boolean, .bool), (.integer, .int), (.decimal, .int), (.decimal, .double):
                return true
            default:
                return false
            }
        }
    }

    /// `true` when the complex value `object` is stored exactly as sent: non-empty, every key spelled as one of
    /// the sub-attributes (exactly), no sub-attribute twice, and every value already of its sub-attribute's
    /// stored type (no readOnly sub-attribute, no string boolean). The general input rules give the same
    /// object in that case, so callers may skip them. O(members).
    func isCanonicalComplexValue(_ object: JSONObject) -> Bool {
        let box = box
        let count = object.count
        guard count > 0, box.subAttributeKinds.count <= 64 else { return false }
        var seen: UInt64 = 0
        return object.members.withUnsafeBufferPointer { members in
            for m in members {
                guard let k = box.subAttributeNames.exactIndex(of: m.key) else { return false }
                let bit: UInt64 = 1 << UInt64(k)
                guard seen & bit == 0, box.subAttributeKinds[k].keepsUnchanged(m.value) else { return false }
                seen |= bit
            }
            return true
        }
    }

    /// The position in ``subAttributes`` of the one called `name`: exact spelling first, then ignoring ASCII case.
    func subAttributeIndex(named name: String) -> Int? { box.subAttributeNames.index(of: name) }

    private var box: Box

    private mutating func update(_ change: (inout Fields) -> Void) {
        var f = box.fields
        change(&f)
        box = Box(f)
    }

    /// Equal when every characteristic (recursively, sub-attributes included) is equal.
    public static func == (a: SCIMAttribute, b: SCIMAttribute) -> Bool {
        a.box === b.box || a.box.fields == b.box.fields
    }

    /// Hashes every characteristic, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }

    /// The sub-attribute called `name`, compared ignoring ASCII case (RFC 7643 section 2.1); `nil` if absent.
    /// O(number of sub-attributes).
    public func subAttribute(named name: String) -> SCIMAttribute? {
        if box.fields.subAttributes.isEmpty { return nil }
        guard let i = box.subAttributeNames.firstIndex(ignoringCaseOf: name) else { return nil }
        return box.fields.subAttributes[i]
    }
}
