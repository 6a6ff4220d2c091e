/// The value-level PATCH rules of ``SCIMPatchApplier``: single-valued and multi-valued targets,
/// value-path filters, and the create-on-no-match upsert.
extension SCIMPatchApplier {
    /// A single-valued target (simple or complex, with or without a sub-attribute).
    mutating func applySingle(
        _ op: Op, _ attribute: SCIMAttribute, _ sub: SCIMAttribute?, _ target: inout JSONValue?, _ value: JSONValue?,
        _ path: PatchPath
    ) throws(SCIMError) {
        let label = path.description
        guard let sub else {
            switch op {
            case .remove:
                target = nil
            case .add, .replace:
                guard let value, let coerced = try input.coerce(value, attribute, path: label) else {
                    if op == .replace { target = nil }
                    return
                }
                if attribute.type == .complex, case .object(var merged) = target, case .object(let new) = coerced {
                    for (k, v) in new.members { merged[k] = v }
                    target = .object(merged)
                } else {
                    target = coerced
                }
            }
            return
        }
        var object = target?.objectValue ?? JSONObject()
        switch op {
        case .remove: object[sub.name] = nil
        case .add, .replace:
            object[sub.name] = try value.flatMap { v throws(SCIMError) in
                try input.coerceSingle(v, sub, path: label)
            }
        }
        target = object.isEmpty ? nil : .object(object)
    }

    /// A multi-valued target, optionally narrowed by a value-path filter and/or a sub-attribute.
    mutating func applyMulti(
        _ op: Op, _ attribute: SCIMAttribute, _ sub: SCIMAttribute?, _ filter: SCIMFilter?,
        _ target: inout JSONValue?, _ value: JSONValue?, _ path: PatchPath
    ) throws(SCIMError) {
        let label = path.description
        var items = target?.arrayValue ?? []
        defer { target = items.isEmpty ? nil : .array(items) }
        guard let filter else {
            if let sub {
                if items.isEmpty && op != .remove {
                    throw SCIMError(
                        status: 400, scimType: .noTarget, detail: "\(label): \(attribute.name) has no values")
                }
                let v = try value.flatMap { v throws(SCIMError) in try input.coerceSingle(v, sub, path: label) }
                for i in items.indices { items[i] = Self.setting(items[i], sub.name, op == .remove ? nil : v) }
                return
            }
            switch op {
            case .replace:
                items =
                    try value.flatMap { v throws(SCIMError) in try input.coerce(v, attribute, path: label) }?
                    .arrayValue ?? []
            case .add:
                let new =
                    try value.flatMap { v throws(SCIMError) in try input.coerce(v, attribute, path: label) }?
                    .arrayValue ?? []
                var present = Set(items)
                for v in new where present.insert(v).inserted { items.append(v) }
            case .remove:
                guard let value, !value.isNull else {
                    items = []
                    return
                }
                // Entra: remove the listed elements only (field-cases F04 b).
                let listed: [JSONValue]
                if case .array(let a) = value { listed = a } else { listed = [value] }
                for l in listed {
                    if case .object(let o) = l, let v = o.value(ignoringCase: "value") {
                        items.removeAll { $0["value"] == v }
                    } else {
                        items.removeAll { $0 == l }
                    }
                }
            }
            return
        }
        let compiled = try filter.compile(forSubAttributesOf: attribute)
        let matched = items.indices.filter { items[$0].objectValue.map(compiled.matches) ?? false }
        if matched.isEmpty {
            if op == .remove { return }
            guard upsert, let equalities = Self.equalities(filter, attribute) else {
                throw SCIMError(status: 400, scimType: .noTarget, detail: "\(label) matched no value")
            }
            var element = equalities
            if let sub {
                element[sub.name] = try value.flatMap { v throws(SCIMError) in
                    try input.coerceSingle(v, sub, path: label)
                }
            } else if let value, case .object(let o)? = try input.coerceSingle(value, attribute, path: label) {
                for (k, v) in o.members { element[k] = v }
            }
            items.append(.object(element))
            return
        }
        switch (op, sub) {
        case (.remove, nil):
            let drop = Set(matched)
            items = items.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        case (.remove, let sub?):
            for i in matched { items[i] = Self.setting(items[i], sub.name, nil) }
        case (_, let sub?):
            let v = try value.flatMap { v throws(SCIMError) in try input.coerceSingle(v, sub, path: label) }
            for i in matched { items[i] = Self.setting(items[i], sub.name, v) }
        case (_, nil):
            guard let value, case .object(let new)? = try input.coerceSingle(value, attribute, path: label) else {
                throw SCIMError.invalidValue("\(label) needs an object value")
            }
            for i in matched {
                if op == .replace {
                    items[i] = .object(new)
                } else {
                    items[i] = .object(Self.merged(items[i].objectValue ?? JSONObject(), new))
                }
            }
        }
    }

    /// `element` with `key` set to `value` (removed for `nil`).
    static func setting(_ element: JSONValue, _ key: String, _ value: JSONValue?) -> JSONValue {
        var o = element.objectValue ?? JSONObject()
        o[key] = value
        return .object(o)
    }

    static func merged(_ base: JSONObject, _ new: JSONObject) -> JSONObject {
        var out = base
        for (k, v) in new.members { out[k] = v }
        return out
    }

    /// The element a no-match upsert creates: the `eq` tests of `filter` as sub-attribute values, when
    /// `filter` is one `eq` test or an `and` of them on known sub-attributes; `nil` otherwise.
    static func equalities(_ filter: SCIMFilter, _ attribute: SCIMAttribute) -> JSONObject? {
        switch filter {
        case .compare(let p, .eq, let v):
            guard p.schema == nil, p.subAttribute == nil, let sub = attribute.subAttribute(named: p.name) else {
                return nil
            }
            var o = JSONObject()
            o[sub.name] = v.json
            return o
        case .and(let a, let b):
            guard let x = equalities(a, attribute), let y = equalities(b, attribute) else { return nil }
            return merged(x, y)
        default:
            return nil
        }
    }
}

extension SCIMFilterValue {
    /// The literal as a JSON value.
    var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .decimal(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }
}
