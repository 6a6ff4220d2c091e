import Foundation
import SCIM

/// One parsed line of a `scimsim replay` file.
///
/// Format (JSON Lines, one object per line): `method` (GET, POST, PUT, PATCH, DELETE; any case),
/// `path` (the request target with its query string, e.g. `/scim/v2/Users?filter=userName%20eq%20%22a%22`;
/// everything up to and including a `v2` segment is dropped, so both `/scim/v2/Users` and `/Users` work),
/// optional `headers` (object of strings), optional `body` (any JSON value, sent as its UTF-8 encoding),
/// optional `bodyText` (a string sent verbatim as the body bytes, for malformed-body tests), optional
/// `as` (a name bound to the `id` of the resource a 201 response returns). `{name}` anywhere in a line
/// is replaced by the id bound to `name` before the line is parsed; an unbound `{name}` is an error.
struct ReplayRequestLine {
    /// The request to run.
    var request: SCIMRequest
    /// The name to bind the created id to, if any.
    var bindAs: String?

    /// Parses one line; the error text names the problem (the caller adds the line number).
    init(text: String) throws(ReplayLineError) {
        let value: JSONValue
        do {
            value = try JSONCodec.decode(text)
        } catch {
            throw ReplayLineError("not valid JSON: \(error.detail)")
        }
        guard case .object(let o) = value else { throw ReplayLineError("a line must be a JSON object") }
        guard case .string(let m) = o["method"], let method = HTTPMethod(rawValue: m.uppercased()) else {
            throw ReplayLineError("\"method\" must be one of GET, POST, PUT, PATCH, DELETE")
        }
        guard case .string(let target) = o["path"], target.hasPrefix("/") else {
            throw ReplayLineError("\"path\" must be a string starting with \"/\"")
        }
        let (rawPath, query) = SCIMQueryString.splitTarget(target)
        var fields: [(String, String)] = []
        switch o["headers"] {
        case nil, .null?: break
        case .object(let h)?:
            for (name, v) in h.members {
                guard case .string(let s) = v else { throw ReplayLineError("header \"\(name)\" must be a string") }
                fields.append((name, s))
            }
        default: throw ReplayLineError("\"headers\" must be an object of strings")
        }
        var body: SCIMBody?
        if let b = o["body"], !b.isNull { body = .bytes(JSONCodec.encode(b)) }
        switch o["bodyText"] {
        case nil, .null?: break
        case .string(let s)?: body = .bytes(Array(s.utf8))
        default: throw ReplayLineError("\"bodyText\" must be a string")
        }
        switch o["as"] {
        case nil, .null?: bindAs = nil
        case .string(let s)? where !s.isEmpty: bindAs = s
        default: throw ReplayLineError("\"as\" must be a non-empty string")
        }
        request = SCIMRequest(
            method: method, path: Self.servicePath(rawPath), query: query, headers: HTTPHeaders(fields), body: body)
    }

    /// `path` below the SCIM base: segments up to and including the last `v2` segment are dropped.
    static func servicePath(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let v2 = segments.lastIndex(where: { $0.lowercased() == "v2" }) else { return path }
        return "/" + segments[(v2 + 1)...].joined(separator: "/")
    }

    /// `text` with every `{name}` of `bindings` replaced by its id (the longest bound name wins where two
    /// match), in one left-to-right pass. A `{` not followed by a placeholder stays as it is (JSON objects).
    /// - Parameter unbound: names an earlier line tried to bind with `"as"` whose request did not return 201,
    ///   with that line's number and status, to explain why such a name is unknown.
    /// - Throws: `ReplayLineError` for a `{name}` (name of letters, digits, `_`, `-`, `.`) that is not bound,
    ///   naming the placeholder and listing the bound ones.
    static func substitute(
        _ text: String, _ bindings: [(name: String, id: String)], unbound: [ReplayUnboundName] = []
    ) throws(ReplayLineError) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            let match = bindings.filter { after.hasPrefix($0.name + "}") }.max { $0.name.count < $1.name.count }
            if let match {
                out += match.id
                rest = after.dropFirst(match.name.count + 1)
                continue
            }
            let name = after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
            if !name.isEmpty, after.dropFirst(name.count).first == "}" {
                throw ReplayLineError(unknownPlaceholder(String(name), bindings, unbound))
            }
            out += "{"
            rest = after
        }
        out += rest
        return out
    }

    /// The message for an unknown `{name}`: why it is unknown when an earlier line failed to bind it, and
    /// the placeholders that are bound (in binding order).
    static func unknownPlaceholder(
        _ name: String, _ bindings: [(name: String, id: String)], _ unbound: [ReplayUnboundName]
    ) -> String {
        var message = "unknown placeholder {\(name)}"
        if let failed = unbound.last(where: { $0.name == name }) {
            message +=
                " (line \(failed.line) binds it with \"as\", but its request got status \(failed.status), not 201)"
        }
        if bindings.isEmpty {
            message += "; no placeholder is bound yet (\"as\": \"NAME\" on a creating request binds {NAME})"
        } else {
            message += "; known placeholders: " + bindings.map { "{\($0.name)}" }.joined(separator: ", ")
        }
        return message
    }
}

/// A name a replay line tried to bind with `"as"` whose request did not return 201 (so `{name}` is unknown).
struct ReplayUnboundName: Equatable {
    /// The name given in `"as"`.
    var name: String
    /// The 1-based line of the request.
    var line: Int
    /// The status its response had instead of 201.
    var status: Int
}

/// A problem with one replay line.
struct ReplayLineError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
