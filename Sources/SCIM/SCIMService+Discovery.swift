/// Discovery endpoints (RFC 7644 section 4; RFC 7643 sections 5, 6 and 7), advertising only what this
/// service really does: PATCH, filter, sort and ETags yes; bulk and changePassword no.
extension SCIMService {
    /// Answers `GET /ServiceProviderConfig`, `/ResourceTypes[/{name}]`, `/Schemas[/{urn}]`.
    /// A `filter` parameter is 403 (RFC 7644 section 4: discovery endpoints SHOULD refuse filtering);
    /// an unknown name or URN is 404.
    func discovery(
        _ endpoint: String, name: String?, query: [SCIMRequest.QueryItem]
    ) throws(SCIMError) -> SCIMResponse {
        if query.contains(where: { $0.name.lowercased() == "filter" }) {
            throw SCIMError(status: 403, detail: "filtering is not supported on discovery endpoints")
        }
        switch endpoint {
        case "serviceproviderconfig":
            guard name == nil else { throw SCIMError.notFound("no SCIM endpoint below /ServiceProviderConfig") }
            return Self.jsonResponse(serviceProviderConfig)
        case "resourcetypes":
            let all = SCIMResourceType.allCases.map { resourceType($0) }
            guard let name else { return Self.jsonResponse(Self.listResponse(all)) }
            guard
                let t = SCIMResourceType.allCases.first(where: { asciiCaseInsensitiveEquals($0.rawValue, name) })
            else { throw SCIMError.notFound("no resource type \"\(name)\"") }
            return Self.jsonResponse(resourceType(t))
        default:
            let schemas: [SCIMSchema] = [.user, .enterpriseUser, .group]
            guard let name else { return Self.jsonResponse(Self.listResponse(schemas.map(schemaJSON))) }
            guard let s = schemas.first(where: { asciiCaseInsensitiveEquals($0.id, name) }) else {
                throw SCIMError.notFound("no schema \"\(name)\"")
            }
            return Self.jsonResponse(schemaJSON(s))
        }
    }

    /// The `/ServiceProviderConfig` body (RFC 7643 section 5).
    var serviceProviderConfig: JSONValue {
        var auth: [JSONValue] = []
        if configuration.bearerToken != nil {
            auth.append([
                "type": "oauthbearertoken", "name": "OAuth Bearer Token",
                "description": "Authentication with a bearer token (RFC 6750)", "primary": true,
            ])
        }
        return [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": ["supported": true],
            "bulk": ["supported": false, "maxOperations": 0, "maxPayloadSize": 0],
            "filter": ["supported": true, "maxResults": .int(Int64(configuration.maxResults))],
            "changePassword": ["supported": false],
            "sort": ["supported": true],
            "etag": ["supported": true],
            "authenticationSchemes": .array(auth),
            "meta": [
                "resourceType": "ServiceProviderConfig",
                "location": .string(configuration.baseLocation + "/ServiceProviderConfig"),
            ],
        ]
    }

    /// One `/ResourceTypes` entry (RFC 7643 section 6).
    func resourceType(_ type: SCIMResourceType) -> JSONValue {
        let schema = SCIMResourceSchema.of(type)
        return [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": .string(type.rawValue), "name": .string(type.rawValue),
            "endpoint": .string(type == .user ? "/Users" : "/Groups"),
            "description": .string(schema.core.description), "schema": .string(schema.core.id),
            "schemaExtensions": .array(schema.extensions.map { ["schema": .string($0.id), "required": false] }),
            "meta": [
                "resourceType": "ResourceType",
                "location": .string(configuration.baseLocation + "/ResourceTypes/" + type.rawValue),
            ],
        ]
    }

    /// One `/Schemas` entry (RFC 7643 section 7), rendered by ``SCIMSchema/json(location:)``.
    func schemaJSON(_ schema: SCIMSchema) -> JSONValue {
        schema.json(location: configuration.baseLocation + "/Schemas/" + schema.id)
    }

    /// A ListResponse holding all of `items` on one page.
    static func listResponse(_ items: [JSONValue]) -> JSONValue {
        [
            "schemas": [.string(listResponseURN)], "totalResults": .int(Int64(items.count)), "startIndex": 1,
            "itemsPerPage": .int(Int64(items.count)), "Resources": .array(items),
        ]
    }
}
