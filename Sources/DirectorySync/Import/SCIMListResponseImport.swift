import Foundation

/// Reads a SCIM 2.0 ListResponse of User resources (RFC 7644 section 3.4.2; User schema RFC 7643 section 4.1,
/// enterprise extension section 4.3) with Foundation's `JSONSerialization`.
///
/// Envelope: `schemas` must hold `urn:ietf:params:scim:api:messages:2.0:ListResponse`; `Resources` is the array
/// of users (absent or `null` means none). Attribute names match case-insensitively (RFC 7643 section 2.1).
/// Per resource: `schemas` must hold `urn:ietf:params:scim:schemas:core:2.0:User`; `userName` is required;
/// email is the `emails` entry with `primary: true`, else the first, else the userName; `name.givenName`,
/// `name.familyName`, `title`, the enterprise extension's `department`; `active` is `true` when absent or null
/// (`"True"`/`"False"` strings, as Entra sends them, are accepted); externalId is `externalId`, else `id`, else
/// synthesized as `scim-<FNV-1a 64 hex of userName>`; groups are the `groups[].display` names (else `value`).
/// Errors point at the line and column where the offending resource starts (``JSONResourceLocator``).
enum SCIMListResponseImport {
    static let listResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    static func parse(bytes: [UInt8], file: String) throws(DirectoryImportError) -> DirectoryImport {
        let bom = ImportBytes.hasByteOrderMark(bytes) ? 3 : 0
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes[bom...]))
        } catch {
            let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            let offset = errorOffset(in: message, document: bytes[bom...]) ?? 0
            let (line, column) = ImportBytes.position(of: bom + offset, in: bytes)
            throw DirectoryImportError(file: file, line: line, column: column, reason: .invalidJSON(message))
        }
        let start = ImportBytes.position(of: bom, in: bytes)
        func fail(_ why: String, at position: (line: Int, column: Int)) -> DirectoryImportError {
            DirectoryImportError(
                file: file, line: position.line, column: position.column, reason: .notSCIMListResponse(why))
        }
        guard let envelope = root as? [String: Any] else { throw fail("the document is not a JSON object", at: start) }
        guard strings(member(envelope, "schemas")).contains(listResponseSchema) else {
            throw fail("\"schemas\" does not contain \"\(listResponseSchema)\"", at: start)
        }
        let resources: [Any]
        switch member(envelope, "Resources") {
        case nil, is NSNull: resources = []
        case let array as [Any]: resources = array
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

    private static func person(_ value: Any) throws(ResourceProblem) -> DirectoryPerson {
        guard let user = value as? [String: Any] else { throw ResourceProblem(text: "not a JSON object") }
        guard strings(member(user, "schemas")).contains(userSchema) else {
            throw ResourceProblem(text: "\"schemas\" does not contain \"\(userSchema)\"")
        }
        guard let userName = (member(user, "userName") as? String).map(ImportBytes.trimmed), !userName.isEmpty else {
            throw ResourceProblem(text: "\"userName\" is required and must be a non-empty string")
        }
        let emails = (member(user, "emails") as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        let chosen = emails.first { (member($0, "primary") as? Bool) == true } ?? emails.first
        let name = member(user, "name") as? [String: Any] ?? [:]
        let enterprise = member(user, enterpriseSchema) as? [String: Any] ?? [:]
        let externalId =
            text(member(user, "externalId")) ?? text(member(user, "id"))
            ?? ImportBytes.synthesizedId(prefix: "scim", key: userName)
        let groups = (member(user, "groups") as? [Any] ?? []).compactMap { entry -> String? in
            guard let group = entry as? [String: Any] else { return nil }
            return text(member(group, "display")) ?? text(member(group, "value"))
        }
        return DirectoryPerson(
            userName: userName, email: chosen.flatMap { text(member($0, "value")) } ?? userName,
            givenName: text(member(name, "givenName")) ?? "", familyName: text(member(name, "familyName")) ?? "",
            externalId: externalId, department: text(member(enterprise, "department")),
            title: text(member(user, "title")), active: try active(member(user, "active")), groups: groups)
    }

    /// RFC 7643 section 4.1.1 `active`; absent or null is active.
    private static func active(_ value: Any?) throws(ResourceProblem) -> Bool {
        switch value {
        case nil, is NSNull: return true
        case let flag as Bool: return flag
        case let string as String where ["true", "false"].contains(string.lowercased()):
            return string.lowercased() == "true"
        default: throw ResourceProblem(text: "\"active\" must be true or false")
        }
    }

    /// The member named `key`, matched exactly first, then case-insensitively (lowest key in code-unit order
    /// wins, so dictionary order never decides).
    private static func member(_ object: [String: Any], _ key: String) -> Any? {
        if let exact = object[key] { return exact }
        let lowered = key.lowercased()
        guard let match = object.keys.filter({ $0.lowercased() == lowered }).min() else { return nil }
        return object[match]
    }

    /// A non-empty trimmed string, or `nil` for anything else.
    private static func text(_ value: Any?) -> String? {
        guard let string = (value as? String).map(ImportBytes.trimmed), !string.isEmpty else { return nil }
        return string
    }

    private static func strings(_ value: Any?) -> [String] {
        (value as? [Any] ?? []).compactMap { $0 as? String }
    }

    /// The byte offset Foundation names in its message: "... around character N." (swift-corelibs-foundation,
    /// a byte offset into the document) or "... around line L, column C." (Darwin), converted to an offset.
    private static func errorOffset(in message: String, document: ArraySlice<UInt8>) -> Int? {
        func number(after label: String) -> Int? {
            guard let range = message.range(of: label) else { return nil }
            return Int(message[range.upperBound...].prefix { $0.isNumber })
        }
        if let offset = number(after: "character ") { return offset }
        guard let line = number(after: "line "), let column = number(after: "column ") else { return nil }
        var currentLine = 1
        var index = document.startIndex
        while currentLine < line && index < document.endIndex {
            if document[index] == 0x0A { currentLine += 1 }
            index += 1
        }
        return index - document.startIndex + max(column - 1, 0)
    }
}
