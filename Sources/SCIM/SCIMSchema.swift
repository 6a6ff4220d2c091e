/// A SCIM schema: a URN and its attribute definitions in order (RFC 7643 section 7).
///
/// The built-in schemas are ``user`` (section 4.1), ``enterpriseUser`` (section 4.3) and ``group``
/// (section 4.2), transcribed from the section 8.7.1 representation. The common attributes `id`,
/// `externalId` and `meta` (section 3.1) belong to no schema; they are in ``commonAttributes`` and
/// every ``SCIMResourceSchema`` resolves them.
public struct SCIMSchema: Sendable, Hashable {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    public var id: String
    /// The schema's name, e.g. `User`.
    public var name: String
    /// Human-readable description.
    public var description: String
    /// The top-level attributes in schema order.
    public var attributes: [SCIMAttribute]

    /// A schema.
    public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The top-level attribute called `name`, ignoring ASCII case (RFC 7643 section 2.1); `nil` if the schema
    /// has none. O(number of attributes).
    public func attribute(named name: String) -> SCIMAttribute? {
        // The built-in schemas have a name table: the same search without reading the definitions.
        if let table = SCIMNameTable.builtIn(attributes) {
            return table.firstIndex(ignoringCaseOf: name).map { attributes[$0] }
        }
        guard let i = attributes.firstIndex(where: { asciiCaseInsensitiveEquals($0.name, name) }) else { return nil }
        return attributes[i]
    }

    /// `urn:ietf:params:scim:schemas:core:2.0:User` (RFC 7643 section 8.2).
    public static let userURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` (RFC 7643 section 4.3).
    public static let enterpriseUserURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// `urn:ietf:params:scim:schemas:core:2.0:Group` (RFC 7643 section 8.2).
    public static let groupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"
    /// `urn:ietf:params:scim:schemas:core:2.0:Schema`, the schema of `/Schemas` entries (RFC 7643 section 7).
    public static let schemaURN = "urn:ietf:params:scim:schemas:core:2.0:Schema"

    /// The schema URNs this library knows, used to split URN-qualified attribute paths (RFC 7644 section
    /// 3.10) such as `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName` at the right colon.
    public static let knownURNs: [String] = [userURN, enterpriseUserURN, groupURN]
}

/// The result of resolving an ``AttributePath`` against a ``SCIMResourceSchema``.
public struct SCIMAttributeResolution: Sendable, Hashable {
    /// The URN of the extension whose JSON object holds the attribute (e.g. the enterprise URN), or `nil` when
    /// the attribute is a top-level member of the resource (core schema or common attribute).
    public var extensionURN: String?
    /// The top-level attribute's definition.
    public var attribute: SCIMAttribute
    /// The sub-attribute's definition when the path names one.
    public var subAttribute: SCIMAttribute?

    /// The definition of what the path finally names: the sub-attribute if any, else the attribute.
    public var leaf: SCIMAttribute { subAttribute ?? attribute }

    /// A resolution.
    public init(extensionURN: String?, attribute: SCIMAttribute, subAttribute: SCIMAttribute?) {
        self.extensionURN = extensionURN
        self.attribute = attribute
        self.subAttribute = subAttribute
    }
}

/// The schemas of one resource type: a core schema plus extensions (RFC 7643 section 6, `schemaExtensions`).
///
/// Resolution rules (RFC 7644 section 3.10): names compare ignoring ASCII case; a path qualified by the core
/// URN or an extension URN looks only in that schema; an unqualified name is looked up in the common
/// attributes, then the core schema, then each extension in order (clients SHOULD but need not qualify
/// extension attributes). An unknown URN or name resolves to `nil`.
public struct SCIMResourceSchema: Sendable, Hashable {
    /// The resource type name, e.g. `User`.
    public var name: String
    /// The core schema.
    public var core: SCIMSchema
    /// The extension schemas, in order.
    public var extensions: [SCIMSchema]

    /// A resource schema.
    public init(name: String, core: SCIMSchema, extensions: [SCIMSchema]) {
        self.name = name
        self.core = core
        self.extensions = extensions
    }

    /// User: core User schema plus the enterprise extension.
    public static let user = SCIMResourceSchema(name: "User", core: .user, extensions: [.enterpriseUser])
    /// Group: core Group schema, no extension.
    public static let group = SCIMResourceSchema(name: "Group", core: .group, extensions: [])

    /// The schema for a resource type.
    public static func of(_ type: SCIMResourceType) -> SCIMResourceSchema {
        switch type {
        case .user: return .user
        case .group: return .group
        }
    }

    /// Resolves `path` as described on the type; `nil` when the URN, the attribute or the sub-attribute is
    /// unknown, or when a sub-attribute is named on a non-complex attribute. A path whose name is a whole
    /// extension URN (see ``AttributePath/parse(_:)``) resolves to a synthesised complex attribute with the
    /// extension's attributes as sub-attributes. O(attributes in the schemas).
    public func resolve(_ path: AttributePath) -> SCIMAttributeResolution? {
        var found: (String?, SCIMAttribute)?
        if let urn = path.schema {
            if asciiCaseInsensitiveEquals(urn, core.id) {
                if let a = core.attribute(named: path.name) ?? Self.common(path.name) { found = (nil, a) }
            } else if let ext = extensions.first(where: { asciiCaseInsensitiveEquals($0.id, urn) }) {
                if let a = ext.attribute(named: path.name) { found = (ext.id, a) }
            }
        } else if let a = Self.common(path.name) ?? core.attribute(named: path.name) {
            found = (nil, a)
        } else if let ext = extensions.first(where: { asciiCaseInsensitiveEquals($0.id, path.name) }) {
            found = (nil, SCIMAttribute(ext.id, type: .complex, subAttributes: ext.attributes))
        } else {
            for ext in extensions {
                if let a = ext.attribute(named: path.name) {
                    found = (ext.id, a)
                    break
                }
            }
        }
        guard let (urn, attribute) = found else { return nil }
        guard let subName = path.subAttribute else {
            return SCIMAttributeResolution(extensionURN: urn, attribute: attribute, subAttribute: nil)
        }
        guard let sub = attribute.subAttribute(named: subName) else { return nil }
        return SCIMAttributeResolution(extensionURN: urn, attribute: attribute, subAttribute: sub)
    }

    /// The definition named by a textual attribute path such as `userName`, `name.givenName`, `EMAILS.value`
    /// or `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`: the sub-attribute's
    /// definition for a dotted path. `nil` for a malformed or unknown path.
    public func attribute(at path: String) -> SCIMAttribute? {
        guard let parsed = try? AttributePath.parse(path) else { return nil }
        return resolve(parsed)?.leaf
    }

    private static func common(_ name: String) -> SCIMAttribute? {
        SCIMNameTable.common.firstIndex(ignoringCaseOf: name).map { SCIMSchema.commonAttributes[$0] }
    }
}
