/// A compiled filter node (see ``CompiledFilter``).
indirect enum FilterNode: Sendable {
    case compare(FilterAccessor, FilterComparison)
    case present(FilterAccessor)
    case and(FilterNode, FilterNode)
    case or(FilterNode, FilterNode)
    case not(FilterNode)
    case valuePath(FilterAccessor, FilterNode)
    /// A path the schema does not define: matches nothing.
    case never

    func matches(_ object: JSONObject) -> Bool {
        switch self {
        case .never: return false
        case .and(let l, let r): return l.matches(object) && r.matches(object)
        case .or(let l, let r): return l.matches(object) || r.matches(object)
        case .not(let inner): return !inner.matches(object)
        case .present(let accessor): return accessor.any(in: object) { isPresent($0) }
        case .valuePath(let accessor, let inner):
            guard let top = accessor.topValue(in: object) else { return false }
            switch top {
            case .array(let elements):
                for case .object(let element) in elements where inner.matches(element) { return true }
                return false
            case .object(let element): return inner.matches(element)
            default: return false
            }
        case .compare(let accessor, let comparison):
            switch comparison.kind {
            case .null:
                let present = accessor.any(in: object) { isPresent($0) }
                return comparison.op == .eq ? !present : present
            default:
                if comparison.op == .ne {
                    var sawValue = false
                    let differs = accessor.any(in: object) { v in
                        if v.isNull { return false }
                        sawValue = true
                        return !comparison.test(v)
                    }
                    return differs || !sawValue
                }
                return accessor.any(in: object) { comparison.test($0) }
            }
        }
    }
}

/// `pr` (RFC 7644 section 3.4.2.2): not null, not an empty string, array or object (RFC 7643 section 2.5).
func isPresent(_ value: JSONValue) -> Bool {
    switch value {
    case .null: return false
    case .string(let s): return !s.isEmpty
    case .array(let a): return !a.isEmpty
    case .object(let o): return !o.isEmpty
    default: return true
    }
}

/// The first member of `object` whose key equals `name` ignoring ASCII case (RFC 7643 section 2.1).
/// Keys of a different UTF-8 length are skipped before any byte comparison, without copying members.
func caseInsensitiveMember(_ object: JSONObject, _ name: String) -> JSONValue? {
    let n = name.utf8.count
    return object.members.withUnsafeBufferPointer { members -> JSONValue? in
        for i in 0..<members.count where members[i].key.utf8.count == n {
            if asciiCaseInsensitiveEquals(members[i].key, name) { return members[i].value }
        }
        return nil
    }
}

/// Where a resolved attribute path finds its values in a resource (or element) object.
struct FilterAccessor: Sendable {
    /// The member holding the extension object, or `nil` for top-level attributes.
    let extensionURN: String?
    /// The attribute's name as the schema spells it.
    let name: String
    /// The sub-attribute to read from each (element) object, or `nil`.
    let sub: String?

    init(_ r: SCIMAttributeResolution, implicitValue: Bool) {
        extensionURN = r.extensionURN
        name = r.attribute.name
        sub = r.subAttribute?.name ?? (implicitValue ? "value" : nil)
    }

    /// The attribute's own value (before sub-attribute selection), or `nil` when absent.
    func topValue(in object: JSONObject) -> JSONValue? {
        if let urn = extensionURN {
            guard case .object(let ext)? = caseInsensitiveMember(object, urn) else { return nil }
            return caseInsensitiveMember(ext, name)
        }
        return caseInsensitiveMember(object, name)
    }

    /// `true` as soon as `body` is `true` for one leaf value: array elements are visited one by one, and with
    /// a sub-attribute each (element) object's member is visited. `false` when there is no value.
    func any(in object: JSONObject, _ body: (JSONValue) -> Bool) -> Bool {
        guard let top = topValue(in: object) else { return false }
        if case .array(let elements) = top {
            for e in elements where visit(e, body) { return true }
            return false
        }
        return visit(top, body)
    }

    private func visit(_ value: JSONValue, _ body: (JSONValue) -> Bool) -> Bool {
        guard let sub else { return body(value) }
        guard case .object(let o) = value, let leaf = caseInsensitiveMember(o, sub) else { return false }
        if case .array(let elements) = leaf {
            for e in elements where body(e) { return true }
            return false
        }
        return body(leaf)
    }
}
