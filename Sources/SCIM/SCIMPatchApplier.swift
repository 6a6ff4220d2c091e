/// Applies PATCH operations (RFC 7644 section 3.5.2) to a working copy of a resource's attributes.
///
/// Operation rules, with the IdP-compatibility decisions of `research/field-cases.md`:
/// - `op` is matched ignoring case (`Add`, `Replace`, `Remove` from Entra, F01); anything else is 400
///   `invalidSyntax`.
/// - No `path`, `add`/`replace`: `value` must be an object; each key is read as an attribute path, so
///   plain (`active`), dotted (`name.givenName`) and URN-qualified
///   (`urn:...:enterprise:2.0:User:employeeNumber`) keys all work, and a key that is a whole extension
///   URN merges that extension's attributes (F02, scim-protocol 5 rule 3). `schemas` and `meta` keys are
///   ignored; an `id` key equal to the resource id is ignored, a different one is 400 `mutability`
///   (Okta group rename, scim-protocol 6 #11). Keys naming readOnly attributes (`groups`), unknown
///   attributes or unknown extension URNs are ignored, as on POST (decision R1 in ``SCIMResourceInput``).
/// - No `path`, `remove`: 400 `noTarget` (RFC 7644 section 3.5.2.2).
/// - `add` on a multi-valued attribute appends values not already present (group members compare by
///   `value`, F05); `replace` replaces the whole list; on a single-valued attribute both set the value,
///   and on a complex one both merge the given sub-attributes (RFC 7644 sections 3.5.2.1, 3.5.2.3).
/// - `remove` of an attribute unassigns it. **Entra:** `remove` on a multi-valued attribute with a
///   `value` array removes only the listed elements (matched by their `value` sub-attribute, or whole),
///   never the whole attribute (F04 b).
/// - Value-path filters (`members[value eq "x"]`, `emails[type eq "work"].value`) select elements.
///   `remove` removes the matching elements (or their sub-attribute). **Judgment (F04):** a filter that
///   matches nothing on `remove` is success with no change (retrying IdPs need idempotence).
///   `add`/`replace` change the matching elements; **Judgment (F06 C):** when nothing matches and the
///   filter is an `eq` test or an `and` of `eq` tests, the element is created from those equalities plus
///   the value (`{"type":"work","value":...}`) if ``SCIMServiceConfiguration/upsertOnValuePathNoMatch``
///   is on (the default), else 400 `noTarget`; other filters give 400 `noTarget`.
/// - Removing `userName` (users) or `displayName` (groups) is 400 `mutability` (required); writing a
///   readOnly attribute (`id`, `meta`, `groups`) by path is 400 `mutability`; `password` is accepted and
///   discarded. An unknown attribute in a path is 400 `invalidPath`; a path qualified by an unknown
///   extension URN is ignored (R1).
/// - `"True"`/`"False"` strings are booleans when ``SCIMServiceConfiguration/acceptStringBooleans`` is on (F03).
struct SCIMPatchApplier {
    /// The resource type being patched.
    let type: SCIMResourceType
    /// The resource id (for the `id` key of pathless values).
    let id: String
    /// Value checking and conversion.
    let input: SCIMResourceInput
    /// Whether an `eq` value filter with no match creates the element.
    let upsert: Bool
    /// The working copy: the stored representation (`schemas`, `id` and `meta` are never targeted: paths
    /// to them are readOnly or unknown, and pathless values skip them).
    var attributes: JSONObject

    /// The operation kinds.
    enum Op { case add, replace, remove }

    /// Applies one operation object to ``attributes``; on error ``attributes`` may be partly changed,
    /// so callers discard the copy.
    mutating func apply(_ operation: JSONObject) throws(SCIMError) {
        guard case .string(let name) = operation.value(ignoringCase: "op") else {
            throw SCIMError.invalidSyntax("every operation needs an \"op\" string")
        }
        let op: Op
        if asciiCaseInsensitiveEquals(name, "add") {
            op = .add
        } else if asciiCaseInsensitiveEquals(name, "replace") {
            op = .replace
        } else if asciiCaseInsensitiveEquals(name, "remove") {
            op = .remove
        } else {
            throw SCIMError.invalidSyntax("unknown op \"\(name)\"; expected add, replace or remove")
        }
        let value = operation.value(ignoringCase: "value")
        let pathValue = operation.value(ignoringCase: "path")
        guard let pathValue, !pathValue.isNull else {
            guard op != .remove else {
                throw SCIMError(status: 400, scimType: .noTarget, detail: "remove needs a path")
            }
            guard case .object(let object) = value else {
                throw SCIMError.invalidSyntax("an operation without path needs an object \"value\"")
            }
            try applyPathless(op, object)
            return
        }
        guard case .string(let pathText) = pathValue else { throw SCIMError.invalidPath("\"path\" must be a string") }
        let path: PatchPath
        if let plain = Self.plainPath(pathText) { path = plain } else { path = try PatchPath.parse(pathText) }
        if op != .remove && value == nil {
            throw SCIMError.invalidValue("\(name) with path \"\(pathText)\" needs a \"value\"")
        }
        try apply(op, path, value)
    }

    /// The path `text` when it is a plain `attr` or `attr.subAttr` (each an `ATTRNAME`, RFC 7643 section 2.1,
    /// no spaces, URN or filter): the usual Okta and Entra paths (`active`, `name.givenName`), read without the
    /// filter parser. ``PatchPath/parse(_:)`` gives the same path for them; `nil` for any other text.
    static func plainPath(_ text: String) -> PatchPath? {
        var text = text
        return text.withUTF8 { b -> PatchPath? in
            guard let first = b.first, isASCIILetter(first) else { return nil }
            var dot = -1
            for k in 1..<b.count {
                let c = b[k]
                if isASCIILetter(c) || isASCIIDigit(c) || c == 0x2D || c == 0x5F { continue }
                guard c == 0x2E, dot < 0, k + 1 < b.count, isASCIILetter(b[k + 1]) else { return nil }
                dot = k
            }
            guard dot >= 0 else { return PatchPath(attribute: AttributePath(name: String(decoding: b, as: UTF8.self))) }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[..<dot]), as: UTF8.self)
            let sub = String(decoding: UnsafeBufferPointer(rebasing: b[(dot + 1)...]), as: UTF8.self)
            return PatchPath(attribute: AttributePath(name: name, subAttribute: sub))
        }
    }

    /// A pathless add/replace: each key is a path (plain, dotted, URN-qualified or a whole extension URN).
    mutating func applyPathless(_ op: Op, _ object: JSONObject) throws(SCIMError) {
        for (key, value) in object.members {
            if asciiCaseInsensitiveEquals(key, "schemas") || asciiCaseInsensitiveEquals(key, "meta") { continue }
            if asciiCaseInsensitiveEquals(key, "id") {
                guard value == .string(id) else {
                    throw SCIMError(
                        status: 400, scimType: .mutability, detail: "id is readOnly and must equal \"\(id)\"")
                }
                continue
            }
            if let ext = input.schema.extensions.first(where: { asciiCaseInsensitiveEquals($0.id, key) }) {
                guard case .object(let inner) = value else {
                    if value.isNull, op == .replace { attributes[ext.id] = nil }
                    continue
                }
                for (k, v) in inner.members {
                    guard ext.attribute(named: k) != nil else { continue }
                    try apply(op, PatchPath(attribute: AttributePath(schema: ext.id, name: k)), v)
                }
                continue
            }
            if let a = SCIMResourceInput.named(key, in: input.schema.core.attributes) {
                // A plain core attribute name (the common case): no path parsing needed.
                if a.mutability == .readOnly { continue }
                try apply(op, PatchPath(attribute: AttributePath(name: a.name)), value)
                continue
            }
            guard let attributePath = AttributePath.scan(key), let r = input.schema.resolve(attributePath),
                r.attribute.mutability != .readOnly
            else { continue }
            try apply(op, PatchPath(attribute: attributePath), value)
        }
    }

    /// One operation on a parsed path.
    mutating func apply(_ op: Op, _ path: PatchPath, _ value: JSONValue?) throws(SCIMError) {
        guard let r = input.schema.resolve(path.attribute) else {
            if let urn = path.attribute.schema,
                !SCIMSchema.knownURNs.contains(where: {
                    asciiCaseInsensitiveEquals($0, urn)
                })
            {
                return
            }
            throw SCIMError.invalidPath("\"\(path)\" names no attribute of \(type.rawValue)")
        }
        let attribute = r.attribute
        var sub = r.subAttribute
        if let name = path.subAttribute {
            guard let s = attribute.subAttribute(named: name) else {
                throw SCIMError.invalidPath("\"\(path)\": \(attribute.name) has no sub-attribute \(name)")
            }
            sub = s
        }
        if path.valueFilter != nil && !attribute.multiValued {
            throw SCIMError.invalidPath("\"\(path)\": a value filter needs a multi-valued attribute")
        }
        if attribute.mutability == .writeOnly { return }
        if attribute.mutability == .readOnly || sub?.mutability == .readOnly {
            throw SCIMError(status: 400, scimType: .mutability, detail: "\(path) is readOnly")
        }
        if op == .remove, path.valueFilter == nil, sub == nil, r.extensionURN == nil,
            attribute.required || (type == .group && attribute.name == "displayName")
        {
            throw SCIMError(status: 400, scimType: .mutability, detail: "\(attribute.name) is required")
        }
        var container: JSONObject
        if let urn = r.extensionURN {
            container = attributes[urn]?.objectValue ?? JSONObject()
        } else {
            container = attributes
        }
        let key = attribute.name
        if attribute.type == .complex && attribute.name.hasPrefix("urn:") {
            // The whole extension object (path is the extension URN itself).
            try applyWholeExtension(op, key, value)
            return
        }
        var target = container[key]
        if attribute.multiValued {
            try applyMulti(op, attribute, sub, path.valueFilter, &target, value, path)
        } else {
            try applySingle(op, attribute, sub, &target, value, path)
        }
        container[key] = target
        if let urn = r.extensionURN {
            attributes[urn] = container.isEmpty ? nil : .object(container)
        } else {
            attributes = container
        }
    }

    private mutating func applyWholeExtension(_ op: Op, _ urn: String, _ value: JSONValue?) throws(SCIMError) {
        switch op {
        case .remove: attributes[urn] = nil
        case .add, .replace:
            guard let value else { return }
            var probe = JSONObject()
            probe[urn] = value
            let stored = try input.attributes(of: probe)[urn]?.objectValue ?? JSONObject()
            var merged = attributes[urn]?.objectValue ?? JSONObject()
            for (k, v) in stored.members { merged[k] = v }
            attributes[urn] = merged.isEmpty ? nil : .object(merged)
        }
    }
}
