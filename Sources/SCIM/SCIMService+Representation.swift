/// Building and reading stored representations: validation, `schemas`/`id`/`meta` assembly, attribute views.
extension SCIMService {
    /// Checks a normalised resource before it is stored; throws 400 `invalidValue` naming the problem.
    ///
    /// Users need a non-empty `userName` (RFC 7643 section 4.1.1, required). Groups need a non-empty
    /// `displayName` (RFC 7643 section 4.2 prose; Entra matches groups by it). Every group member needs a
    /// string `value` naming an existing User or another existing Group (RFC 7643 section 4.2: `value` is
    /// the member's `id`); duplicates are dropped keeping the first (RFC 7644 section 3.5.2.1), and
    /// `members` is always stored, `[]` when empty.
    /// Returns the `userName` of a User, the `displayName` of a Group.
    @discardableResult
    func validate(_ type: SCIMResourceType, _ attributes: inout JSONObject, selfID: String?) throws(SCIMError) -> String
    {
        switch type {
        case .user:
            guard case .string(let name) = attributes["userName"], !name.isEmpty else {
                throw SCIMError.invalidValue("userName is required and must be a non-empty string")
            }
            return name
        case .group:
            guard case .string(let name) = attributes["displayName"], !name.isEmpty else {
                throw SCIMError.invalidValue("displayName is required and must be a non-empty string")
            }
            attributes["members"] = .array(try validMembers(attributes["members"]?.arrayValue ?? [], selfID: selfID))
            return name
        }
    }

    /// The members list with every `value` checked to exist, duplicates removed (first kept).
    func validMembers(_ members: [JSONValue], selfID: String?) throws(SCIMError) -> [JSONValue] {
        var seen = Set<String>()
        var out: [JSONValue] = []
        out.reserveCapacity(members.count)
        for m in members {
            guard case .string(let value) = m["value"] else {
                throw SCIMError.invalidValue("every member needs a string \"value\" (the member's id)")
            }
            guard value != selfID, users.slot(id: value) != nil || groups.slot(id: value) != nil else {
                throw SCIMError.invalidValue("member \"\(value)\" is not an existing User or Group")
            }
            if seen.insert(value).inserted { out.append(m) }
        }
        return out
    }

    /// The full stored representation: `schemas` (core URN, plus the enterprise URN when that
    /// extension has data), `id`, the attributes in order, then `meta` (RFC 7643 section 3.1).
    func assemble(
        _ type: SCIMResourceType, id: String, attributes: JSONObject, created: String, lastModified: String,
        version: Int
    ) -> JSONObject {
        var o = attributes
        return assemble(type, id: id, taking: &o, created: created, lastModified: lastModified, version: version)
    }

    /// ``assemble(_:id:attributes:created:lastModified:version:)`` reusing the storage of `attributes` (left
    /// empty) when it is not shared: `schemas` and `id` are moved in front of the attributes and `meta` appended,
    /// so the members are not copied one by one.
    func assemble(
        _ type: SCIMResourceType, id: String, taking attributes: inout JSONObject, created: String,
        lastModified: String, version: Int
    ) -> JSONObject {
        var o = JSONObject()
        swap(&o, &attributes)
        o.reserveCapacity(o.count + 3)
        o.insert(key: "id", value: .string(id), at: 0)
        o.insert(key: "schemas", value: Self.schemasValue(type, o), at: 0)
        o.append(key: "meta", value: meta(type, id: id, created: created, lastModified: lastModified, version: version))
        return o
    }

    /// `meta` (RFC 7643 section 3.1): `resourceType`, `created`, `lastModified`, `location`, `version`, in that
    /// order (``storedLocation(_:)`` reads `location` by position). `location`, when given, is
    /// ``location(_:id:)`` of `type` and `id`, built by the caller.
    func meta(
        _ type: SCIMResourceType, id: String, created: String, lastModified: String, version: Int,
        location: String? = nil
    ) -> JSONValue {
        // One array literal: allocated at its exact size and filled in place (no reserve, no append checks).
        let members: [(key: String, value: JSONValue)] = [
            ("resourceType", type == .user ? Self.userResourceType : Self.groupResourceType),
            ("created", .string(created)), ("lastModified", .string(lastModified)),
            ("location", .string(location ?? self.location(type, id: id))),
            ("version", version == 1 ? Self.firstVersion : .string(SCIMStoredResource.weakETag(version))),
        ]
        return .object(JSONObject(distinctMembers: members))
    }

    /// `meta.version` of a new resource, `W/"1"`, built once.
    static let firstVersion: JSONValue = .string(SCIMStoredResource.weakETag(1))

    /// `meta.resourceType` values, built once.
    static let userResourceType: JSONValue = .string(SCIMResourceType.user.rawValue)
    static let groupResourceType: JSONValue = .string(SCIMResourceType.group.rawValue)

    /// The `schemas` value for an object holding `attributes`: the core URN, then the URN of each extension
    /// with data, in schema order (RFC 7643 section 3). Shared (not rebuilt) when no extension has data.
    static func schemasValue(_ type: SCIMResourceType, _ attributes: JSONObject) -> JSONValue {
        let schema = SCIMResourceSchema.of(type)
        guard schema.extensions.contains(where: { hasStoredKey(attributes, $0.id) }) else {
            return type == .user ? userCoreSchemas : groupCoreSchemas
        }
        var schemas: [JSONValue] = []
        schemas.reserveCapacity(1 + schema.extensions.count)
        schemas.append(.string(schema.core.id))
        for ext in schema.extensions where hasStoredKey(attributes, ext.id) { schemas.append(.string(ext.id)) }
        return .array(schemas)
    }

    /// The `schemas` value for a resource holding the extensions whose bits are set in `extensions` (bit `e` for the
    /// type's extension `e`, see ``SCIMResourceInput/storedForm(of:identityRoom:)``); the same value as
    /// ``schemasValue(_:_:)`` for that resource, shared (not rebuilt) for the User with or without the enterprise
    /// extension.
    static func schemasValue(_ type: SCIMResourceType, extensions: UInt64) -> JSONValue {
        if extensions == 0 { return type == .user ? userCoreSchemas : groupCoreSchemas }
        let schema = SCIMResourceSchema.of(type)
        if type == .user && extensions == 1 && schema.extensions.count == 1 { return userEnterpriseSchemas }
        var schemas: [JSONValue] = [.string(schema.core.id)]
        for (e, ext) in schema.extensions.enumerated() where e < 64 && extensions & (1 << UInt64(e)) != 0 {
            schemas.append(.string(ext.id))
        }
        return .array(schemas)
    }

    /// `schemas` of a User with enterprise data, built once.
    static let userEnterpriseSchemas: JSONValue = [
        .string(SCIMResourceSchema.user.core.id), .string(SCIMResourceSchema.user.extensions[0].id),
    ]

    /// Whether `object` has a member keyed exactly `key`, where `key` is a schema name or URN (ASCII) and
    /// `object` is a stored resource or its attributes, whose keys are all schema spellings (ASCII, written by
    /// ``SCIMResourceInput`` and ``SCIMPatchApplier``): then only keys of `key`'s UTF-8 length can be equal, so a
    /// miss costs no string comparison with the other keys. Same answer as `object[key] != nil` there.
    @inline(__always)
    static func hasStoredKey(_ object: JSONObject, _ key: String) -> Bool {
        let n = key.utf8.count
        return object.members.contains { $0.key.utf8.count == n && $0.key == key }
    }

    /// `schemas` of a User or Group without extension data, built once.
    static let userCoreSchemas: JSONValue = [.string(SCIMResourceSchema.user.core.id)]
    static let groupCoreSchemas: JSONValue = [.string(SCIMResourceSchema.group.core.id)]

    /// The client-visible attributes of a stored object: everything but `schemas`, `id` and `meta`.
    static func attributes(of object: JSONObject) -> JSONObject {
        var out = JSONObject()
        out.reserveCapacity(object.count)
        for m in object.members where m.key != "schemas" && m.key != "id" && m.key != "meta" {
            out.append(key: m.key, value: m.value)
        }
        return out
    }

    /// `true` when the client-visible attributes of `object` (all but `schemas`, `id`, `meta`) equal
    /// `attributes`, member by member in order; no allocation.
    static func hasAttributes(_ object: JSONObject, _ attributes: JSONObject) -> Bool {
        var j = 0
        for m in object.members where m.key != "schemas" && m.key != "id" && m.key != "meta" {
            guard j < attributes.count, attributes[j].key == m.key, attributes[j].value == m.value else { return false }
            j += 1
        }
        return j == attributes.count
    }

    /// `meta.created` of a stored object.
    static func created(of object: JSONObject) -> String { object["meta"]?["created"]?.stringValue ?? "" }

    /// The member ids of a stored group, in order.
    static func memberIDs(_ object: JSONObject) -> [String] {
        (object["members"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
    }
}
