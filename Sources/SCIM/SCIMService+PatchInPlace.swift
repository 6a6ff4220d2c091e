/// The in-place PATCH of a user for the shapes Okta and Entra send most: `replace`/`add` of simple single-valued
/// core attributes by plain path (`{"op":"replace","path":"active","value":false}`, `title`, `nickName`, ...).
///
/// Same outcome as ``SCIMService/patch(_:id:body:request:)``'s general path (response, stored object, change
/// record, version and clock use), but atomic by construction rather than by working on a copy: every
/// operation is checked and its value converted first, nothing can fail after the first change, and the stored
/// object is then changed where it lies (no copy of the resource when nothing else holds it). Anything else
/// (paths with filters, sub-attributes, URNs; multi-valued, complex or indexed attributes; `remove`; a `null` or
/// invalid value) returns `nil` from ``simplePatch(_:)`` and takes the general path, which also reports errors.
extension SCIMService {
    /// The final value per attribute name of a PatchOp made only of simple user operations, in first-write
    /// order; `nil` when any operation needs the general rules. No state is read or changed.
    func simplePatch(_ operations: [JSONObject]) -> [(key: String, value: JSONValue)]? {
        let input = input(.user)
        var plan: [(key: String, value: JSONValue)] = []
        plan.reserveCapacity(operations.count)
        for operation in operations {
            guard case .string(let op) = operation.value(ignoringCase: "op"),
                asciiCaseInsensitiveEquals(op, "replace") || asciiCaseInsensitiveEquals(op, "add"),
                case .string(let text) = operation.value(ignoringCase: "path"),
                let value = operation.value(ignoringCase: "value"),
                let path = SCIMPatchApplier.plainPath(text), path.attribute.subAttribute == nil,
                let r = input.schema.resolve(path.attribute), r.extensionURN == nil, r.subAttribute == nil
            else { return nil }
            let attribute = r.attribute
            guard !attribute.multiValued, attribute.type != .complex, attribute.mutability == .readWrite,
                attribute.name != "userName", attribute.name != "externalId", attribute.name != "displayName",
                let coerced = try? input.coerce(value, attribute, path: ""), !coerced.isNull
            else { return nil }
            if let i = plan.firstIndex(where: { $0.key == attribute.name }) {
                plan[i].value = coerced
            } else {
                plan.append((attribute.name, coerced))
            }
        }
        return plan
    }

    /// Applies a ``simplePatch(_:)`` plan to the live user in slot `slot`: no change and no record when every
    /// value is already stored; otherwise the values are set in place (a new attribute is appended, as the
    /// general path does), the version is bumped and `meta` touched, and one `patched` record names the
    /// changed attributes (lower-cased, sorted).
    mutating func patchInPlace(
        _ plan: [(key: String, value: JSONValue)], slot: Int, projection: SCIMListQuery
    ) -> SCIMResult? {
        let changed = users.object(slot: slot).map { Self.changedNames(plan, $0) } ?? []
        if changed.isEmpty {
            guard let current = users.resource(slot: slot) else { return nil }
            return SCIMResult(
                response: resourceResponse(status: 200, current, body: project(current.object, .user, projection)))
        }
        let now = timestamp()
        let modified: Void? = users.modifyInPlace(slot: slot) { r in
            for (key, value) in plan { r.object[key] = value }
            r.version += 1
            Self.touchMeta(&r.object, lastModified: now, version: r.version)
        }
        guard modified != nil, let stored = users.resource(slot: slot) else { return nil }
        let change = SCIMChange(
            kind: .patched, resourceType: .user, id: stored.id, resource: .object(stored.object),
            changedAttributes: changed)
        let response = resourceResponse(status: 200, stored, body: project(stored.object, .user, projection))
        return SCIMResult(response: response, changes: [change])
    }

    /// The lower-cased names of the plan's attributes whose value differs from `object`'s, sorted.
    static func changedNames(_ plan: [(key: String, value: JSONValue)], _ object: JSONObject) -> [String] {
        var names: [String] = []
        for (key, value) in plan where object[key] != value { names.append(key.lowercased()) }
        return names.count > 1 ? names.sorted() : names
    }
}
