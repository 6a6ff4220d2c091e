/// `PATCH /Users/{id}` and `PATCH /Groups/{id}` (RFC 7644 section 3.5.2).
extension SCIMService {
    /// The PatchOp message URN (RFC 7644 section 3.5.2).
    public static let patchOpURN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// Applies a PatchOp body atomically: every operation runs, in order, on a copy of the resource,
    /// and the copy is committed only if all succeed and the result validates (RFC 7644 section 3.5.2:
    /// "if any operation fails, the whole request fails and the resource is left unchanged"). User patches
    /// made only of simple `replace`/`add` operations are checked first and then applied in place, with the
    /// same outcome (``simplePatch(_:)``, ``patchInPlace(_:slot:projection:)``).
    ///
    /// Body: `Operations` (any case) must be a non-empty array of objects, else 400 `invalidSyntax`;
    /// `schemas`, when present, must list the PatchOp URN. The operation rules are on ``SCIMPatchApplier``.
    /// 412 on an `If-Match` mismatch; 409 `uniqueness` when a userName change collides.
    ///
    /// Response: users get 200 with the user; groups get 204 (Entra's expectation, scim-protocol
    /// section 6 #15) unless ``SCIMServiceConfiguration/groupPatchReturnsBody`` is set or the request
    /// names `attributes`/`excludedAttributes`. Both carry the new `ETag`.
    /// Changes: as ``commit(_:old:newObject:kind:)`` with kind `patched`; a PATCH that changes
    /// nothing (e.g. re-adding a member, removing an absent one) yields no records and no version bump.
    mutating func patch(
        _ type: SCIMResourceType, id: String, body: JSONObject, request: SCIMRequest
    ) throws(SCIMError) -> SCIMResult {
        let projection = try SCIMListQuery.parsed(request.query)
        let operations: [JSONObject]
        do {
            let current = try existing(type, id)
            try Self.checkIfMatch(request.headers, current)
            operations = try Self.patchOperations(body)
        }
        // The usual user shapes are changed in place (SCIMService+PatchInPlace.swift); the rest below.
        if type == .user, let plan = simplePatch(operations), let slot = users.slot(id: id),
            let result = patchInPlace(plan, slot: slot, projection: projection)
        {
            return result
        }
        let old = try existing(type, id)
        var applier = SCIMPatchApplier(
            type: type, id: id, input: input(type), upsert: configuration.upsertOnValuePathNoMatch,
            attributes: old.object)
        for (i, op) in operations.enumerated() {
            do {
                try applier.apply(op)
            } catch {
                var e = error
                e.detail = "Operations[\(i)]: " + e.detail
                throw e
            }
        }
        // Taken from the applier (not copied), so that commit holds the only reference and updates it in place.
        var attributes = JSONObject()
        swap(&attributes, &applier.attributes)
        try validate(type, &attributes, selfID: id)
        let (stored, changes) = try commit(type, old: old, newObject: consume attributes, kind: .patched)
        let wantsBody =
            type == .user || configuration.groupPatchReturnsBody || !projection.attributes.isEmpty
            || !projection.excludedAttributes.isEmpty
        let response = resourceResponse(
            status: wantsBody ? 200 : 204, stored,
            body: wantsBody ? Optional(project(stored.object, type, projection)) : nil)
        return SCIMResult(response: response, changes: changes)
    }

    /// Whether a `schemas` element is the PatchOp URN, compared ignoring ASCII case (exact spelling tried first).
    static func namesPatchOp(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return false }
        return s == patchOpURN || asciiCaseInsensitiveEquals(s, patchOpURN)
    }

    /// The `Operations` of a PatchOp body, each an object; 400 `invalidSyntax` otherwise.
    static func patchOperations(_ body: JSONObject) throws(SCIMError) -> [JSONObject] {
        if let schemas = body.value(ignoringCase: "schemas") {
            try SCIMResourceInput.checkSchemas(schemas)
            guard
                schemas.arrayValue?.contains(where: { Self.namesPatchOp($0) })
                    == true
            else { throw SCIMError.invalidSyntax("\"schemas\" must contain \(patchOpURN)") }
        }
        guard case .array(let items) = body.value(ignoringCase: "Operations"), !items.isEmpty else {
            throw SCIMError.invalidSyntax("a PatchOp body needs a non-empty \"Operations\" array")
        }
        var ops: [JSONObject] = []
        ops.reserveCapacity(items.count)
        for item in items {
            guard case .object(let o) = item else {
                throw SCIMError.invalidSyntax("every element of \"Operations\" must be an object")
            }
            ops.append(o)
        }
        return ops
    }
}
