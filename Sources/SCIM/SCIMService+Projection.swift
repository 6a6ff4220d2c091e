/// Attribute projection (`attributes`, `excludedAttributes`) and `sortBy` ordering.
extension SCIMService {
    /// `object` narrowed by the query's `attributes` / `excludedAttributes` (RFC 7644 sections 3.4.2.5
    /// and 3.9): with `attributes`, only the named attributes (or sub-attributes) plus `schemas` and `id`
    /// (`returned: always`); otherwise everything except the `excludedAttributes` (never `schemas`/`id`).
    /// Paths may be URN-qualified; a whole extension URN names the extension object. Unknown or malformed
    /// paths are ignored. O(members) with no projection requested: the stored object is returned as is.
    func project(_ object: JSONObject, _ type: SCIMResourceType, _ query: SCIMListQuery) -> JSONValue {
        if query.attributes.isEmpty && query.excludedAttributes.isEmpty { return .object(object) }
        let schema = SCIMResourceSchema.of(type)
        if !query.attributes.isEmpty {
            let wanted = Self.selections(query.attributes, schema)
            return .object(Self.keep(object, container: nil, wanted, topLevel: true))
        }
        let excluded = Self.selections(query.excludedAttributes, schema)
        return .object(Self.drop(object, container: nil, excluded))
    }

    /// A resolved projection path: extension container (or `nil` for top level), attribute, sub-attribute.
    struct Selection: Hashable {
        var container: String?
        var name: String
        var sub: String?
    }

    static func selections(_ paths: [String], _ schema: SCIMResourceSchema) -> [Selection] {
        var out: [Selection] = []
        for p in paths {
            guard let path = AttributePath.scan(p), let r = schema.resolve(path) else { continue }
            out.append(Selection(container: r.extensionURN, name: r.attribute.name, sub: r.subAttribute?.name))
        }
        return out
    }

    private static func keep(
        _ object: JSONObject, container: String?, _ wanted: [Selection], topLevel: Bool
    ) -> JSONObject {
        var out = JSONObject()
        for (key, value) in object.members {
            if topLevel && (key == "schemas" || key == "id") {
                out.append(key: key, value: value)
                continue
            }
            if container == nil, key.hasPrefix("urn:"), case .object(let inner) = value {
                if wanted.contains(where: { $0.container == nil && $0.name == key }) {
                    out.append(key: key, value: value)
                } else if wanted.contains(where: { $0.container == key }) {
                    out.append(key: key, value: .object(keep(inner, container: key, wanted, topLevel: false)))
                }
                continue
            }
            let matching = wanted.filter { $0.container == container && $0.name == key }
            if matching.isEmpty { continue }
            if matching.contains(where: { $0.sub == nil }) {
                out.append(key: key, value: value)
            } else {
                let subs = matching.compactMap(\.sub)
                out.append(key: key, value: onlySubAttributes(value, subs))
            }
        }
        return out
    }

    private static func drop(_ object: JSONObject, container: String?, _ excluded: [Selection]) -> JSONObject {
        var out = JSONObject()
        for (key, value) in object.members {
            if container == nil && (key == "schemas" || key == "id") {
                out.append(key: key, value: value)
                continue
            }
            if container == nil, key.hasPrefix("urn:"), case .object(let inner) = value {
                if excluded.contains(where: { $0.container == nil && $0.name == key }) { continue }
                let rest = drop(inner, container: key, excluded)
                if !rest.isEmpty { out.append(key: key, value: .object(rest)) }
                continue
            }
            let matching = excluded.filter { $0.container == container && $0.name == key }
            if matching.contains(where: { $0.sub == nil }) { continue }
            if matching.isEmpty {
                out.append(key: key, value: value)
            } else {
                out.append(key: key, value: withoutSubAttributes(value, matching.compactMap(\.sub)))
            }
        }
        return out
    }

    private static func onlySubAttributes(_ value: JSONValue, _ subs: [String]) -> JSONValue {
        switch value {
        case .object(let o): return .object(JSONObject(o.members.filter { subs.contains($0.key) }.map { ($0.0, $0.1) }))
        case .array(let items): return .array(items.map { onlySubAttributes($0, subs) })
        default: return value
        }
    }

    private static func withoutSubAttributes(_ value: JSONValue, _ subs: [String]) -> JSONValue {
        switch value {
        case .object(let o):
            return .object(JSONObject(o.members.filter { !subs.contains($0.key) }.map { ($0.0, $0.1) }))
        case .array(let items): return .array(items.map { withoutSubAttributes($0, subs) })
        default: return value
        }
    }

    /// `resources` ordered by the attribute at `sortBy` (RFC 7644 section 3.4.2.3): stable (ties keep
    /// their input order), resources without a value last in both directions, strings compared ignoring
    /// case unless the attribute is caseExact, a multi-valued attribute sorted by its primary (else
    /// first) value. 400 `invalidValue` when `sortBy` names no known attribute. O(n log n).
    func sorted(
        _ resources: [SCIMStoredResource], by sortBy: String, descending: Bool
    ) throws(SCIMError) -> [SCIMStoredResource] {
        let path = try AttributePath.parse(sortBy)
        var keyed: [(key: SortKey?, index: Int, resource: SCIMStoredResource)] = []
        keyed.reserveCapacity(resources.count)
        var resolvedAny = false
        for (i, r) in resources.enumerated() {
            guard let res = SCIMResourceSchema.of(r.type).resolve(path) else {
                keyed.append((nil, i, r))
                continue
            }
            resolvedAny = true
            keyed.append((Self.sortKey(r.object, res), i, r))
        }
        if !resolvedAny && !resources.isEmpty {
            throw SCIMError.invalidValue("sortBy \"\(sortBy)\" names no known attribute")
        }
        keyed.sort { a, b in
            switch (a.key, b.key) {
            case (nil, nil): return a.index < b.index
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if x == y { return a.index < b.index }
                return descending ? y < x : x < y
            }
        }
        return keyed.map(\.resource)
    }

    /// A comparable sort value.
    enum SortKey: Comparable {
        case bool(Bool)
        case number(Double)
        case string(String)

        static func < (a: SortKey, b: SortKey) -> Bool {
            switch (a, b) {
            case (.bool(let x), .bool(let y)): return !x && y
            case (.number(let x), .number(let y)): return x < y
            case (.string(let x), .string(let y)): return x < y
            case (.bool, _): return true
            case (.number, .string): return true
            default: return false
            }
        }
    }

    static func sortKey(_ object: JSONObject, _ r: SCIMAttributeResolution) -> SortKey? {
        let container = r.extensionURN.map { object[$0]?.objectValue ?? JSONObject() } ?? object
        guard var v = container[r.attribute.name] else { return nil }
        if r.attribute.multiValued, case .array(let items) = v {
            guard let pick = items.first(where: { $0["primary"] == .bool(true) }) ?? items.first else { return nil }
            v = pick
            if r.subAttribute == nil, r.attribute.type == .complex {
                guard let inner = pick["value"] else { return nil }
                v = inner
            }
        }
        if let sub = r.subAttribute {
            guard let inner = v[sub.name] else { return nil }
            v = inner
        }
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return .number(d)
        case .string(let s): return .string(r.leaf.caseExact ? s : s.lowercased())
        default: return nil
        }
    }
}
