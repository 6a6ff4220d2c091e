extension SCIMSchema {
    /// The schema as `GET /Schemas` and `GET /Schemas/{id}` return it (RFC 7643 section 7, RFC 7644
    /// section 4): `schemas` (`[urn:ietf:params:scim:schemas:core:2.0:Schema]`), `id`, `name`, `description`,
    /// `attributes` (see ``SCIMAttribute/json``) and `meta` with `resourceType` `Schema` and, when `location`
    /// is given, `location` (e.g. `https://host/scim/v2/Schemas/urn:...:User`). Members appear in that order;
    /// absent properties are omitted, never `null` (Entra expects this, scim-protocol.md section 1.14).
    public func json(location: String? = nil) -> JSONValue {
        var o = JSONObject()
        o.append(key: "schemas", value: .array([.string(Self.schemaURN)]))
        o.append(key: "id", value: .string(id))
        o.append(key: "name", value: .string(name))
        o.append(key: "description", value: .string(description))
        o.append(key: "attributes", value: .array(attributes.map(\.json)))
        var meta = JSONObject()
        meta.append(key: "resourceType", value: "Schema")
        if let location { meta.append(key: "location", value: .string(location)) }
        o.append(key: "meta", value: .object(meta))
        return .object(o)
    }
}

extension SCIMAttribute {
    /// The attribute definition as `/Schemas` renders it (RFC 7643 section 7): `name`, `type`, `multiValued`,
    /// `description`, `required`, `canonicalValues` (only when non-empty), `caseExact`, `mutability`,
    /// `returned`, `uniqueness`, `referenceTypes` (only for `reference`) and `subAttributes` (only for
    /// `complex`), with camel-cased values such as `readWrite`.
    public var json: JSONValue {
        var o = JSONObject()
        o.append(key: "name", value: .string(name))
        o.append(key: "type", value: .string(type.rawValue))
        o.append(key: "multiValued", value: .bool(multiValued))
        o.append(key: "description", value: .string(description))
        o.append(key: "required", value: .bool(required))
        if !canonicalValues.isEmpty {
            o.append(key: "canonicalValues", value: .array(canonicalValues.map { .string($0) }))
        }
        o.append(key: "caseExact", value: .bool(caseExact))
        o.append(key: "mutability", value: .string(mutability.rawValue))
        o.append(key: "returned", value: .string(returned.rawValue))
        o.append(key: "uniqueness", value: .string(uniqueness.rawValue))
        if type == .reference {
            o.append(key: "referenceTypes", value: .array(referenceTypes.map { .string($0) }))
        }
        if type == .complex {
            o.append(key: "subAttributes", value: .array(subAttributes.map(\.json)))
        }
        return .object(o)
    }
}
