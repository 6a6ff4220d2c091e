/// What ``SCIMResourceInput`` needs to know about each top-level key of a built-in resource type, resolved once:
/// one table over the exact spellings of the core attributes, the common attributes, `schemas` and the extension
/// URNs, so that a body key in the schema's own spelling (what every IdP sends) is matched by one lookup of its
/// bits (``SCIMStringBits``) and handled without reading an attribute definition.
///
/// Immutable and shared (a class, so that reading it copies no arrays). Keys the table does not hold (other
/// letter cases, unknown names) take the general rules of ``SCIMResourceInput/attributes(of:)``, with the same
/// result.
final class SCIMInputPlan: Sendable {
    /// What a top-level key names.
    enum Kind: UInt8, Sendable {
        /// A core or common attribute.
        case attribute
        /// The `schemas` member.
        case schemas
        /// An extension's object, keyed by its URN.
        case extensionObject
    }

    /// One key's facts; plain data, so reading one retains nothing.
    struct Role: Sendable {
        var kind: Kind
        /// readOnly or writeOnly: the value is ignored.
        var ignored: Bool
        /// For a single-valued simple attribute, the JSON values stored as sent.
        var valueKind: SCIMAttribute.ValueKind
        /// A complex attribute that is not ignored (its value may be in stored form already, see ``isCanonical(_:_:)``).
        var complex: Bool
        /// Multi-valued.
        var multiValued: Bool
        /// The attribute's bit in the "already stored" mask (0 when it has none); the extension's position for
        /// ``Kind/extensionObject``.
        var bit: UInt64
        /// The position in ``definitions`` (attributes) or in the schema's extensions.
        var position: Int
    }

    /// The schemas the plan was built from.
    let schema: SCIMResourceSchema
    /// The table over ``names``.
    let table: SCIMNameTable
    /// The table of the core attributes alone (positions in `schema.core.attributes`).
    let coreNames: SCIMNameTable
    /// The stored spelling of each key: the schema's attribute name or the extension URN.
    let names: [String]
    /// The role of each key.
    let roles: [Role]
    /// The bits (``SCIMStringBits/words(_:)``) of each name held in line, `(0, 0)` for the others (the extension URNs).
    let inlineNameBits: [(UInt64, UInt64)]
    /// The attribute definition of each ``Kind/attribute`` key (a placeholder for the others).
    let definitions: [SCIMAttribute]
    /// The position of the attribute that names a resource (`userName`, or `displayName` for a schema without it).
    let namePosition: Int?
    /// Per extension (schema order), its attributes' name table and value kinds.
    let extensionTables: [SCIMNameTable]
    let extensionKinds: [[SCIMAttribute.ValueKind]]

    /// The plan of `schema`, whose core attributes take bits 0 to 47 by position and the common attributes bits
    /// 48 to 63, as ``SCIMResourceInput/attributes(of:)`` numbers them.
    init(_ schema: SCIMResourceSchema) {
        var names: [String] = []
        var roles: [Role] = []
        var definitions: [SCIMAttribute] = []
        func add(_ a: SCIMAttribute, bit: UInt64) {
            names.append(a.name)
            let ignored = a.mutability == .readOnly || a.mutability == .writeOnly
            roles.append(
                Role(
                    kind: .attribute, ignored: ignored, valueKind: SCIMAttribute.ValueKind(a),
                    complex: !ignored && a.type == .complex, multiValued: a.multiValued, bit: bit,
                    position: definitions.count))
            definitions.append(a)
        }
        for (k, a) in schema.core.attributes.enumerated() { add(a, bit: k < 48 ? 1 << UInt64(k) : 0) }
        for (k, a) in SCIMSchema.commonAttributes.enumerated() { add(a, bit: k < 16 ? 1 << UInt64(48 + k) : 0) }
        let placeholder = SCIMAttribute("schemas")
        names.append("schemas")
        roles.append(
            Role(
                kind: .schemas, ignored: true, valueKind: .general, complex: false, multiValued: false, bit: 0,
                position: definitions.count))
        definitions.append(placeholder)
        for (e, ext) in schema.extensions.enumerated() {
            names.append(ext.id)
            roles.append(
                Role(
                    kind: .extensionObject, ignored: false, valueKind: .general, complex: false, multiValued: false,
                    bit: e < 64 ? 1 << UInt64(e) : 0, position: e))
            definitions.append(placeholder)
        }
        self.schema = schema
        namePosition = names.firstIndex(of: "userName") ?? names.firstIndex(of: "displayName")
        table = SCIMNameTable(names: names)
        coreNames = SCIMNameTable(schema.core.attributes)
        self.names = names
        self.roles = roles
        inlineNameBits = names.map { name in
            guard SCIMStringBits.layoutHolds, let w = SCIMStringBits.words(name), w.1 & SCIMStringBits.inlineBit != 0
            else { return (0, 0) }
            return w
        }
        self.definitions = definitions
        extensionTables = schema.extensions.map { SCIMNameTable($0.attributes) }
        extensionKinds = schema.extensions.map { $0.attributes.map(SCIMAttribute.ValueKind.init) }
    }

    /// The built-in User plan (core User, common attributes, the enterprise extension).
    static let user = SCIMInputPlan(.user)
    /// The built-in Group plan.
    static let group = SCIMInputPlan(.group)

    /// The plan of `schema` when it is one of the built-in resource schemas (same definition storage), else `nil`.
    static func of(_ schema: SCIMResourceSchema) -> SCIMInputPlan? {
        if SCIMNameTable.sameStorage(schema.core.attributes, SCIMSchema.user.attributes) {
            guard schema.extensions.count == 1, schema.extensions[0].id == SCIMSchema.enterpriseUser.id,
                SCIMNameTable.sameStorage(schema.extensions[0].attributes, SCIMSchema.enterpriseUser.attributes)
            else { return nil }
            return user
        }
        if SCIMNameTable.sameStorage(schema.core.attributes, SCIMSchema.group.attributes), schema.extensions.isEmpty {
            return group
        }
        return nil
    }

    /// The position of the key spelled exactly `key`, or `nil`.
    @inline(__always)
    func position(of key: String) -> Int? { table.exactIndex(of: key) }

    /// `true` when `value` of the complex attribute of `role` is already in stored form, so that the input rules
    /// keep it as sent: an object accepted by ``SCIMAttribute/isCanonicalComplexValue(_:)``, or for a multi-valued
    /// attribute a non-empty array of such objects. O(size of `value`).
    @inline(__always)
    func isCanonical(_ value: JSONValue, _ role: Role) -> Bool {
        let a = definitions[role.position]
        switch value {
        case .object(let o): return !role.multiValued && a.isCanonicalComplexValue(o)
        case .array(let items):
            guard role.multiValued, !items.isEmpty else { return false }
            for item in items {
                guard case .object(let o) = item, a.isCanonicalComplexValue(o) else { return false }
            }
            return true
        default: return false
        }
    }

    /// `inner` when it is an extension object already in stored form for extension `e`: non-empty, every key an
    /// attribute's exact spelling, none twice, none readOnly, every value of its attribute's stored type (so the
    /// general rules would rebuild the same object). `nil` otherwise. O(members).
    func canonicalExtensionObject(_ inner: JSONObject, extension e: Int) -> Bool {
        guard !inner.isEmpty, e < extensionTables.count else { return false }
        let names = extensionTables[e]
        let kinds = extensionKinds[e]
        guard kinds.count <= 64 else { return false }
        var seen: UInt64 = 0
        for m in inner.members {
            guard let k = names.exactIndex(of: m.key) else { return false }
            let bit: UInt64 = 1 << UInt64(k)
            guard seen & bit == 0, kinds[k].keepsUnchanged(m.value) else { return false }
            seen |= bit
        }
        return true
    }
}
