/// The `scimType` detail error keywords of RFC 7644 section 3.12, table 9.
public enum SCIMType: String, Sendable, Hashable, CaseIterable {
    /// The filter syntax was invalid or the filter is not supported (400).
    case invalidFilter
    /// The filter yields more results than the server will process (400).
    case tooMany
    /// One or more attribute values are already in use or reserved (409).
    case uniqueness
    /// The attempted modification is not compatible with the attribute's mutability (400).
    case mutability
    /// The request body structure was invalid or did not conform to the schema (400).
    case invalidSyntax
    /// The "path" attribute was invalid or malformed (400).
    case invalidPath
    /// The specified "path" did not yield an attribute or value that could be operated on (400).
    case noTarget
    /// A required value was missing, or a value was not compatible with the type (400).
    case invalidValue
    /// The specified SCIM protocol version is not supported (400).
    case invalidVers
    /// The request cannot be completed because of sensitive information in the URI (400).
    case sensitive
}

/// A SCIM error: the HTTP status, an optional `scimType` and a human-readable detail.
///
/// ``response`` renders the RFC 7644 section 3.12 body: `schemas` is
/// `["urn:ietf:params:scim:api:messages:2.0:Error"]` and `status` is a **string**, as the RFC's
/// examples show and as Okta and Entra expect.
public struct SCIMError: Error, Sendable, Hashable {
    /// The HTTP status code (400, 401, 404, 409, 412, 413, 415, 429, 500, 501, ...).
    public var status: Int
    /// The detail keyword, where one applies (RFC 7644 section 3.12).
    public var scimType: SCIMType?
    /// A human-readable explanation naming the offending input.
    public var detail: String

    /// An error.
    public init(status: Int, scimType: SCIMType? = nil, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    /// The error schema URN (RFC 7644 section 3.12).
    public static let schemaURN = "urn:ietf:params:scim:api:messages:2.0:Error"

    /// The error body: `schemas`, `status` (string), `scimType` when set, `detail`.
    public var body: JSONValue {
        var o = JSONObject()
        o["schemas"] = .array([.string(Self.schemaURN)])
        o["status"] = .string(String(status))
        if let scimType { o["scimType"] = .string(scimType.rawValue) }
        o["detail"] = .string(detail)
        return .object(o)
    }

    /// The full response: this status, `Content-Type: application/scim+json`, and ``body``.
    public var response: SCIMResponse {
        SCIMResponse(status: status, headers: ["Content-Type": "application/scim+json"], body: body)
    }

    /// 400 `invalidSyntax`.
    public static func invalidSyntax(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidSyntax, detail: detail)
    }

    /// 400 `invalidFilter`.
    public static func invalidFilter(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidFilter, detail: detail)
    }

    /// 400 `invalidPath`.
    public static func invalidPath(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidPath, detail: detail)
    }

    /// 400 `invalidValue`.
    public static func invalidValue(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidValue, detail: detail)
    }

    /// 404 with no `scimType` (RFC 7644 section 3.12).
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, detail: detail) }
}
