import SCIM

/// Reads a SCIM 2.0 ListResponse of User resources (RFC 7644 section 3.4.2; User schema RFC 7643 section 4.1,
/// enterprise extension section 4.3), decoded with the SCIM module's ``JSONCodec``.
///
/// Envelope: `schemas` must hold `urn:ietf:params:scim:api:messages:2.0:ListResponse`; `Resources` is the array
/// of users (absent or `null` means none). Attribute names match case-insensitively (RFC 7643 section 2.1).
/// Per resource: `schemas` must hold `urn:ietf:params:scim:schemas:core:2.0:User`; `userName` is required;
/// email is the `emails` entry with `primary: true`, else the first, else the userName; `name.givenName`,
/// `name.familyName`, `title`, the enterprise extension's `department`; `active` is `true` when absent or null
/// (`"True"`/`"False"` strings, as Entra sends them, are accepted); externalId is `externalId`, else `id`, else
/// synthesized as `scim-<FNV-1a 64 hex of userName>`; groups are the `groups[].display` names (else `value`).
/// Unassigned, `null` and `[]` mean the same (RFC 7643 section 2.5). Errors point at the line and column where
/// the offending resource starts (``JSONResourceLocator``).
enum SCIMListResponseImport {
    static let listResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    static func parse(bytes: [UInt8], file: String) throws(DirectoryImportError) -> DirectoryImport {
        let root: JSONValue
        do {
            root = try JSONCodec.decode(bytes)
        } catch {
            let (line, column) = ImportBytes.position(of: errorOffset(in: error.detail) ?? 0, in: bytes)
            throw DirectoryImportError(file: file, line: line, column: column, reason: .invalidJSON(error.detail))
        }
        let start = ImportBytes.position(of: ImportBytes.hasByteOrderMark(bytes) ? 3 : 0, in: bytes)
        func fail(_ why: String, at position: (line: Int, column: Int)) -> DirectoryImportError {
            DirectoryImportError(
                file: file, line: position.line, column: position.column, reason: .notSCIMListResponse(why))
        }
        guard let envelope = root.objectValue else { throw fail("the document is not a JSON object", at: start) }
        guard strings(envelope.member(caseInsensitive: "schemas")).contains(listResponseSchema) else {
            throw fail("\"schemas\" does not contain \"\(listResponseSchema)\"", at: start)
        }
        let resources: [JSONValue]
        switch envelope.member(caseInsensitive: "Resources") {
        case nil, .null?: resources = []
        case .array(let array)?: resources = array
        default: throw fail("\"Resources\" is not an array", at: start)
        }
        let offsets = JSONResourceLocator.resourceOffsets(in: bytes)
        var people: [DirectoryPerson] = []
        var lines: [Int] = []
        for (index, resource) in resources.enumerated() {
            let position = index < offsets.count ? ImportBytes.position(of: offsets[index], in: bytes) : start
            do {
                people.append(try person(resource))
            } catch let why {
                throw fail("Resources[\(index)]: \(why.text)", at: position)
            }
            lines.append(position.line)
        }
        return DirectoryImport(fileName: file, format: .scimListResponse, people: people, lines: lines, warnings: [])
    }

    /// A problem with one resource, reported with the resource's position.
    struct ResourceProblem: Error {
        var text: String
    }

    private static func person(_ value: JSONValue) throws(ResourceProblem) -> DirectoryPerson {
        guard let user = value.objectValue else { throw ResourceProblem(text: "not a JSON object") }
        guard strings(user.member(caseInsensitive: "schemas")).contains(userSchema) else {
            throw ResourceProblem(text: "\"schemas\" does not contain \"\(userSchema)\"")
        }
        guard let userName = text(user.member(caseInsensitive: "userName")) else {
            throw ResourceProblem(text: "\"userName\" is required and must be a non-empty string")
        }
        let emails = (user.member(caseInsensitive: "emails")?.arrayValue ?? []).compactMap(\.objectValue)
        let chosen = emails.first { $0.member(caseInsensitive: "primary")?.boolValue == true } ?? emails.first
        let name = user.member(caseInsensitive: "name")?.objectValue ?? JSONObject()
        let enterprise = user.member(caseInsensitive: enterpriseSchema)?.objectValue ?? JSONObject()
        let externalId =
            text(user.member(caseInsensitive: "externalId")) ?? text(user.member(caseInsensitive: "id"))
            ?? ImportBytes.synthesizedId(prefix: "scim", key: userName)
        let groups = (user.member(caseInsensitive: "groups")?.arrayValue ?? []).compactMap { entry -> String? in
            guard let group = entry.objectValue else { return nil }
            return text(group.member(caseInsensitive: "display")) ?? text(group.member(caseInsensitive: "value"))
        }
        return DirectoryPerson(
            userName: userName, email: chosen.flatMap { text($0.member(caseInsensitive: "value")) } ?? userName,
            givenName: text(name.member(caseInsensitive: "givenName")) ?? "",
            familyName: text(name.member(caseInsensitive: "familyName")) ?? "", externalId: externalId,
            department: text(enterprise.member(caseInsensitive: "department")),
            title: text(user.member(caseInsensitive: "title")),
            active: try active(user.member(caseInsensitive: "active")), groups: groups)
    }

    /// RFC 7643 section 4.1.1 `active`; absent or null is active.
    private static func active(_ value: JSONValue?) throws(ResourceProblem) -> Bool {
        switch value {
        case nil, .null?: return true
        case .bool(let flag)?: return flag
        case .string(let string)? where ["true", "false"].contains(string.lowercased()):
            return string.lowercased() == "true"
        default: throw ResourceProblem(text: "\"active\" must be true or false")
        }
    }

    /// A non-empty trimmed string, or `nil` for anything else.
    private static func text(_ value: JSONValue?) -> String? {
        guard let string = value?.stringValue.map(ImportBytes.trimmed), !string.isEmpty else { return nil }
        return string
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The byte offset in ``JSONCodec``'s "... at offset N" detail.
    private static func errorOffset(in detail: String) -> Int? {
        guard let range = detail.ranges(of: "offset ").last else { return nil }
        return Int(detail[range.upperBound...].prefix { $0.isNumber })
    }
}
