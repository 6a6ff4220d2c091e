/// Turns client-sent resource JSON (POST and PUT bodies, PATCH values) into the stored form.
///
/// Rules, each applied without failing the request unless stated:
/// - Attribute and sub-attribute names are matched ignoring case and stored with the schema's
///   spelling (RFC 7643 section 2.1), so `USERNAME` is stored as `userName`.
/// - `null`, and `[]` for multi-valued attributes, mean unassigned (RFC 7643 section 2.5): dropped.
/// - readOnly values (`id`, `meta`, `groups`, `manager.displayName`) are ignored (RFC 7644 section 3.3,
///   3.5.1); Okta echoes `meta` and `groups: []`, Entra sends `meta.resourceType` (scim-protocol 1.3, 1.4).
/// - `password` (writeOnly, returned never) is accepted and never stored: this service has no login.
/// - **Decision (field-cases R1):** an attribute keyed by an unknown schema URN (e.g. Entra's
///   `urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User`), and any other unknown
///   attribute or sub-attribute, is ignored: not stored, not returned, and dropped from `schemas`.
///   The request still succeeds (201/200); only the known core and enterprise data is kept.
/// - Booleans: JSON booleans; with ``SCIMServiceConfiguration/acceptStringBooleans`` also the
///   strings `true`/`false` in any letter case (Entra, field-cases F03). Anything else is 400 `invalidValue`.
/// - Strings, references, dateTimes and binaries must be JSON strings; integers JSON integers; decimals
///   numbers; complex values objects; otherwise 400 `invalidValue` naming the attribute.
/// - A single value sent for a multi-valued attribute is read as a one-element array.
struct SCIMResourceInput {
    /// The resolved key table of ``schema`` (shared for the built-in schemas).
    let plan: SCIMInputPlan
    /// Whether `"True"`/`"False"` strings count as booleans.
    let acceptStringBooleans: Bool

    /// The schemas of the resource type being written.
    var schema: SCIMResourceSchema { plan.schema }

    /// The normaliser for `schema`.
    init(schema: SCIMResourceSchema, acceptStringBooleans: Bool) {
        plan = SCIMInputPlan.of(schema) ?? SCIMInputPlan(schema)
        self.acceptStringBooleans = acceptStringBooleans
    }

    /// The normaliser for the built-in schemas of `type` (``SCIMResourceSchema/of(_:)``), without copying them.
    init(type: SCIMResourceType, acceptStringBooleans: Bool) {
        plan = type == .user ? SCIMInputPlan.user : SCIMInputPlan.group
        self.acceptStringBooleans = acceptStringBooleans
    }

    /// The stored attribute members of `body` (no `schemas`, `id` or `meta`), in the client's order.
    /// Throws 400 `invalidSyntax` for a malformed `schemas` and 400 `invalidValue` for a wrongly typed value.
    func attributes(of body: JSONObject) throws(SCIMError) -> JSONObject {
        try storedForm(of: body, identityRoom: false).object
    }

    /// ``attributes(of:)`` shaped for a new stored resource: with `identityRoom`, the object starts with the members
    /// `schemas` and `id` (both `null`, for ``SCIMService`` to fill in) before the attributes, and has room for one
    /// more member (`meta`), so the stored resource is built in this storage without moving or growing it.
    /// `extensions` has bit `e` set when the object holds extension `e` (schema order) of the first 64.
    /// `namePosition` is the position in `object` of `userName` (User) or `displayName` (Group) when it was sent in
    /// the schema's spelling, else `nil` (then look it up by key).
    func storedForm(
        of body: JSONObject, identityRoom: Bool
    ) throws(SCIMError) -> (object: JSONObject, extensions: UInt64, namePosition: Int?) {
        // The usual body (every member kept as sent or ignored) in one pass, its members gathered on the stack.
        if let asSent = try withUnsafeTemporaryAllocation(
            of: Member.self, capacity: body.count + 2,
            {
                (buffer: UnsafeMutableBufferPointer<Member>) throws(SCIMError) in
                try storedFormAsSent(of: body, identityRoom: identityRoom, buffer: buffer)
            })
        {
            return asSent
        }
        return try storedFormByRules(of: body, identityRoom: identityRoom)
    }

    /// ``storedForm(of:identityRoom:)`` by the general rules alone (any body; the same result as the one-pass form
    /// ``storedFormAsSent(of:identityRoom:buffer:)`` for the bodies that form accepts).
    func storedFormByRules(
        of body: JSONObject, identityRoom: Bool
    ) throws(SCIMError) -> (object: JSONObject, extensions: UInt64, namePosition: Int?) {
        // Each key's position in the plan, found once (-1: not spelled as the schema spells it), in a small buffer
        // on the stack.
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(body.count, 1)) {
            (positions: UnsafeMutableBufferPointer<Int>) throws(SCIMError) in
            try storedForm(of: body, identityRoom: identityRoom, positions: positions)
        }
    }

    private func storedForm(
        of body: JSONObject, identityRoom: Bool, positions: UnsafeMutableBufferPointer<Int>
    ) throws(SCIMError) -> (object: JSONObject, extensions: UInt64, namePosition: Int?) {
        let plan = plan
        let extensions = plan.schema.extensions
        // The plan's arrays, held once here rather than read through the plan per member.
        let roles = plan.roles
        let names = plan.names
        var out = JSONObject()
        // Room for `schemas`, `id` and `meta` plus what is kept (keys in the schema's spelling are counted when
        // kept, other keys always), so that the stored resource is built without growing and carries no spare
        // capacity when every key is spelled as the schema spells it.
        var room = 3
        let members = body.members
        // By index, reading only the key: iterating the pairs would copy (retain and release) every value too.
        for i in members.indices {
            let r = plan.position(of: members[i].key) ?? -1
            positions[i] = r
            if r >= 0 && roles[r].ignored { continue }
            room += 1
        }
        out.reserveCapacity(room)
        if identityRoom {
            out.append(key: "schemas", value: .null)
            out.append(key: "id", value: .null)
        }
        var stored: UInt64 = 0
        var present: UInt64 = 0
        var namePosition: Int?
        // Set once an extension went through the general rules; then `extensions` is recomputed from the keys.
        var generalExtensions = false
        for i in members.indices {
            let r = positions[i]
            if r >= 0 {
                // The key is spelled as the schema spells it: its role is known without a search.
                let role = roles[r]
                switch role.kind {
                case .schemas:
                    try Self.checkSchemas(members[i].value)
                case .attribute:
                    // Ignored values (`groups`, `password`) are not even copied.
                    if role.ignored { continue }
                    let value = members[i].value
                    let c: JSONValue
                    if role.valueKind.keepsUnchanged(value) || (role.complex && plan.isCanonical(value, role)) {
                        c = value
                    } else {
                        let a = plan.definitions[role.position]
                        guard let coerced = try coerce(value, a, path: a.name) else { continue }
                        c = coerced
                    }
                    if r == plan.namePosition && role.bit != 0 && stored & role.bit == 0 { namePosition = out.count }
                    store(consume c, name: names[r], bit: role.bit, in: &out, stored: &stored)
                case .extensionObject:
                    let value = members[i].value
                    if role.bit != 0, case .object(let inner) = value,
                        plan.canonicalExtensionObject(inner, extension: role.position)
                    {
                        // Already in stored form: kept as sent (what the general rules would rebuild).
                        if present & role.bit == 0 && !generalExtensions {
                            out.append(key: names[r], value: value)
                        } else {
                            out[names[r]] = value
                        }
                        present |= role.bit
                    } else {
                        try storeExtension(extensions[role.position], value, in: &out)
                        generalExtensions = true
                    }
                }
                continue
            }
            let key = members[i].key
            let value = members[i].value
            if key.utf8.count == 7 && (key == "schemas" || asciiCaseInsensitiveEquals(key, "schemas")) {
                try Self.checkSchemas(value)
                continue
            }
            if key.utf8.count > 20, let ext = extensions.first(where: { asciiCaseInsensitiveEquals($0.id, key) }) {
                try storeExtension(ext, value, in: &out)
                generalExtensions = true
                continue
            }
            // Which top-level definitions were already stored, by position (core, then common attributes), so
            // that a new one is appended without searching `out`; a repeat (the same attribute in another
            // letter case) replaces the stored value in place, as `out[a.name] = c` would.
            let bit: UInt64
            let a: SCIMAttribute
            if let k = plan.coreNames.index(of: key) {
                a = plan.schema.core.attributes[k]
                bit = k < 48 ? 1 << UInt64(k) : 0
            } else if let k = SCIMNameTable.common.index(of: key) {
                a = SCIMSchema.commonAttributes[k]
                bit = k < 16 ? 1 << UInt64(48 + k) : 0
            } else {
                continue
            }
            if a.mutability == .readOnly || a.mutability == .writeOnly { continue }
            guard let c = try coerce(value, a, path: a.name) else { continue }
            store(c, name: a.name, bit: bit, in: &out, stored: &stored)
        }
        if generalExtensions {
            // Extensions stored by the general rules are found by key.
            present = 0
            for (e, ext) in extensions.prefix(64).enumerated() where out[ext.id] != nil { present |= 1 << UInt64(e) }
        }
        return (out, present, namePosition)
    }

    /// Appends `value` as the attribute `name` with position bit `bit` (see ``storedForm(of:identityRoom:)``), or
    /// replaces the stored value in place when that attribute is already stored (sent twice in different cases).
    @inline(__always)
    private func store(
        _ value: consuming JSONValue, name: String, bit: UInt64, in out: inout JSONObject, stored: inout UInt64
    ) {
        if bit != 0 && stored & bit == 0 {
            out.append(moving: name, value)
            stored |= bit
        } else {
            out[name] = value
        }
    }

    /// Stores the extension object `value` of `ext` by the general rules: unknown and readOnly attributes dropped,
    /// values coerced, and nothing stored when nothing is left; a repeated extension replaces the earlier one.
    private func storeExtension(_ ext: SCIMSchema, _ value: JSONValue, in out: inout JSONObject) throws(SCIMError) {
        if case .null = value { return }
        guard case .object(let inner) = value else {
            throw SCIMError.invalidValue("\(ext.id) must be a JSON object")
        }
        var stored = JSONObject()
        for (k, v) in inner.members {
            guard let a = Self.named(k, in: ext.attributes), a.mutability != .readOnly else { continue }
            if let c = try coerce(v, a, path: ext.id + ":" + a.name) { stored[a.name] = c }
        }
        if !stored.isEmpty { out[ext.id] = .object(stored) }
    }

    /// The definition of a top-level attribute of the core schema or the common attributes; `nil`
    /// for unknown names (including URN-keyed ones).
    func topLevelAttribute(named key: String) -> SCIMAttribute? {
        Self.named(key, in: schema.core.attributes) ?? Self.named(key, in: SCIMSchema.commonAttributes)
    }

    /// The definition called `key` in `attributes`: exact spelling first (the common case, no case
    /// folding), then ignoring ASCII case (RFC 7643 section 2.1).
    static func named(_ key: String, in attributes: [SCIMAttribute]) -> SCIMAttribute? {
        index(named: key, in: attributes).map { attributes[$0] }
    }

    /// The position of ``named(_:in:)``'s answer in `attributes`.
    static func index(named key: String, in attributes: [SCIMAttribute]) -> Int? {
        // Index-based search: only the name is read per candidate (no copy, so no retain, of each definition).
        // Lengths first: most names differ in length, and comparing two counts is cheaper than comparing strings.
        // (Schema names are ASCII, so a name of another length equals `key` neither exactly nor ignoring case.)
        let n = key.utf8.count
        if let k = attributes.firstIndex(where: { $0.name.utf8.count == n && $0.name == key }) { return k }
        return attributes.firstIndex(where: { asciiCaseInsensitiveEquals($0.name, key) })
    }

    /// `value` checked and converted for `attribute`; `nil` when it means unassigned.
    ///
    /// `path` names the attribute in error details only; it is evaluated only when an error is thrown.
    func coerce(
        _ value: JSONValue, _ attribute: SCIMAttribute, path: @autoclosure () -> String
    ) throws(SCIMError) -> JSONValue? {
        if case .null = value { return nil }
        if attribute.multiValued {
            guard case .array(let items) = value else {
                return try coerceSingle(value, attribute, path: path()).map { .array([$0]) }
            }
            // Built lazily: while every item coerces to itself, the input array is the result (no copy).
            var out: [JSONValue]?
            for (n, item) in items.enumerated() {
                let c = try coerceTracking(item, attribute, path: path())
                if out == nil && !c.unchanged {
                    out = Array(items[..<n])
                    out?.reserveCapacity(items.count)
                }
                if out != nil, let v = c.value { out?.append(v) }
            }
            guard let out else { return items.isEmpty ? nil : value }
            return out.isEmpty ? nil : .array(out)
        }
        return try coerceSingle(value, attribute, path: path())
    }

    /// One value (an element of a multi-valued attribute, or a single-valued attribute's value).
    /// `path` is evaluated only when an error is thrown.
    func coerceSingle(
        _ value: JSONValue, _ attribute: SCIMAttribute, path: @autoclosure () -> String
    ) throws(SCIMError) -> JSONValue? {
        try coerceTracking(value, attribute, path: path()).value
    }

    /// ``coerceSingle(_:_:path:)`` plus whether the result is exactly `value` (then nothing was
    /// allocated): complex values are rebuilt only from the first member that is dropped, renamed to the
    /// schema spelling, repeated, or converted.
    private func coerceTracking(
        _ value: JSONValue, _ attribute: SCIMAttribute, path: @autoclosure () -> String
    ) throws(SCIMError) -> (value: JSONValue?, unchanged: Bool) {
        switch (attribute.type, value) {
        case (_, .null): return (nil, false)
        case (.complex, .object(let o)):
            // The usual client value (`name`, an `emails` element) is already in stored form: keep it as is.
            if attribute.isCanonicalComplexValue(o) { return (value, true) }
            var out: JSONObject?
            for (n, (k, v)) in o.members.enumerated() {
                let sub = attribute.subAttributeIndex(named: k).map { attribute.subAttributes[$0] }
                let kept = sub.flatMap { $0.mutability == .readOnly ? nil : $0 }
                var c: (value: JSONValue?, unchanged: Bool) = (nil, false)
                if let kept { c = try coerceTracking(v, kept, path: path() + "." + kept.name) }
                if out == nil
                    && !(c.unchanged && kept?.name == k && !o.members[..<n].contains(where: { $0.key == k }))
                {
                    var prefix = JSONObject()
                    prefix.reserveCapacity(o.count)
                    for m in o.members[..<n] { prefix.append(key: m.key, value: m.value) }
                    out = prefix
                }
                if out != nil, let kept, let cv = c.value { out?[kept.name] = cv }
            }
            // An empty object means unassigned (RFC 7643 section 2.5). Spelled out: in a ternary with
            // `(value, true)`, `nil` would become `JSONValue.null` (JSONValue is ExpressibleByNilLiteral).
            guard let out else {
                if o.isEmpty { return (nil, false) }
                return (value, true)
            }
            return (out.isEmpty ? nil : .object(out), false)
        case (.complex, _):
            throw SCIMError.invalidValue("\(path()) must be a JSON object")
        case (.boolean, .bool):
            return (value, true)
        case (.boolean, .string(let s)) where acceptStringBooleans:
            if let b = Self.parseBool(s) { return (.bool(b), false) }
            throw SCIMError.invalidValue("\(path()) must be a boolean, got \"\(s)\"")
        case (.boolean, _):
            throw SCIMError.invalidValue("\(path()) must be a boolean")
        case (.integer, .int), (.decimal, .int), (.decimal, .double):
            return (value, true)
        case (.integer, _), (.decimal, _):
            throw SCIMError.invalidValue("\(path()) must be a number")
        case (_, .string):
            return (value, true)
        default:
            throw SCIMError.invalidValue("\(path()) must be a string")
        }
    }

    /// `true`/`false` for the strings `true`/`false` in any letter case (Entra, field-cases F03).
    static func parseBool(_ s: String) -> Bool? {
        if asciiCaseInsensitiveEquals(s, "true") { return true }
        if asciiCaseInsensitiveEquals(s, "false") { return false }
        return nil
    }

    /// `true` when every item is a JSON string; items are read in place (no copy of each).
    static func allStrings(_ items: [JSONValue]) -> Bool {
        for i in items.indices {
            guard case .string = items[i] else { return false }
        }
        return true
    }

    /// `schemas`, when present, must be an array of strings (RFC 7643 section 3). Unknown URNs in it
    /// are allowed (they are dropped from the stored resource).
    static func checkSchemas(_ value: JSONValue) throws(SCIMError) {
        guard case .array(let items) = value, Self.allStrings(items) else {
            throw SCIMError.invalidSyntax("\"schemas\" must be an array of schema URN strings")
        }
    }
}
