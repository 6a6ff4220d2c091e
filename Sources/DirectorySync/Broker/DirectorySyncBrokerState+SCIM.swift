import SCIM

extension DirectorySyncBrokerState {
    /// Handles one SCIM request from an identity provider.
    ///
    /// `request.path` is the full path: ``endpointPath(directoryID:)`` followed by the SCIM path, e.g.
    /// `/scim/v2.0/directory_.../Users/abc`. Steps, in order; each refusal applies nothing:
    /// 1. Route by the directory id in the path: unknown -> 404.
    /// 2. Authenticate `Authorization: Bearer <token>` against the directory's one current token:
    ///    missing, wrong, revoked, or directory deleted -> 401 with `WWW-Authenticate: Bearer`
    ///    (RFC 6750 section 3; RFC 7644 section 2). A revoked or replaced token moves the directory
    ///    to `invalid_credentials` [infer].
    /// 3. Rate limit (token bucket per directory, ``DirectorySyncBrokerConfiguration/scimRateLimit``):
    ///    over the limit -> 429 with `Retry-After` in seconds (RFC 6585 section 4).
    /// 4. The first authenticated request links the directory and emits `dsync.activated` (once).
    /// 5. The directory's SCIM backend handles the request (path relative to the base); its changes
    ///    become events (see `+Mapping`).
    public mutating func handleSCIM(_ request: SCIMRequest, now: Duration) -> SCIMResponse {
        let i: Int
        let relativePath: Substring
        if lastRoutedDirectory < directories.count,
            let rest = Self.relativePath(request.path, under: directories[lastRoutedDirectory].directory.endpointPath)
        {
            i = lastRoutedDirectory  // the common case: the same directory as the previous request
            relativePath = rest
        } else {
            guard let (directoryID, rest) = Self.routeSlices(request.path), let routed = routedDirectory(directoryID)
            else {
                return SCIMError.notFound("No SCIM endpoint at \(request.path)").response
            }
            i = routed
            relativePath = rest
        }
        if !Self.presentsCurrentToken(request.headers, directories[i]) {
            return refuseUnauthorized(request, directory: i, now: now)
        }
        guard directories[i].bucket.take(now: now) else {
            statistics.rateLimited += 1
            let seconds = directories[i].bucket.retryAfterSeconds(now: now)
            let directoryID = directories[i].directory.id
            var response = SCIMError(status: 429, detail: "Rate limit exceeded for directory \(directoryID)").response
            response.headers["Retry-After"] = String(seconds)
            return response
        }
        if directories[i].directory.state != .linked { setState(i, .linked, now) }
        if !directories[i].activated {
            directories[i].activated = true
            let d = directories[i].directory
            appendEvent(.activated, directory: d, data: .directory(d), now: now)
        }
        guard var backend = backends[i] else {
            let directoryID = directories[i].directory.id
            return SCIMError(status: 500, detail: "Directory \(directoryID) has no SCIM service").response
        }
        backends[i] = nil  // keep the backend's storage uniquely referenced while it mutates
        var inner = request
        inner.path = String(relativePath)
        let result = backend.handle(inner, now: now)
        backends[i] = backend
        statistics.scimResponsesByStatus[result.response.status, default: 0] += 1
        for change in result.changes { apply(change, directory: i, now: now) }
        return result.response
    }

    /// Whether the request carries directory record `record`'s current token and the directory is not
    /// deleted: the common `Authorization: Bearer <token>` spelling is compared whole against the record's
    /// precomputed header value; any other spelling goes through ``bearerTokenText(_:)``.
    @inline(__always)
    static func presentsCurrentToken(_ headers: HTTPHeaders, _ record: DirectoryRecord) -> Bool {
        guard !record.deleted, let token = record.token else { return false }
        if let value = authorizationValue(headers), value == record.authorization { return true }
        guard let presented = bearerTokenText(headers) else { return false }
        return presented == token
    }

    /// The 401 for a request without the directory's current token (step 2); a revoked or replaced token
    /// moves the directory to `invalid_credentials`.
    private mutating func refuseUnauthorized(_ request: SCIMRequest, directory i: Int, now: Duration)
        -> SCIMResponse
    {
        statistics.unauthorized += 1
        if !directories[i].deleted, let presented = Self.bearerToken(request.headers),
            directories[i].retiredTokens.contains(presented)
        {
            setState(i, .invalidCredentials, now)
        }
        var response = SCIMError(status: 401, detail: "Invalid or revoked bearer token").response
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    }

    /// The SCIM path of `path` below the endpoint path `base`: `path[base.count...]` when `path` is `base`
    /// followed by `/` (`/` when `path` is exactly `base`), else `nil`. Compares bytes in place; O(base).
    static func relativePath(_ path: String, under base: String) -> Substring? {
        let n = base.utf8.count
        let count = path.utf8.count
        guard count >= n else { return nil }
        let matches =
            path.utf8.withContiguousStorageIfAvailable { p in
                base.utf8.withContiguousStorageIfAvailable { b in
                    guard count == n || p[n] == UInt8(ascii: "/") else { return false }
                    for k in 0..<n where p[k] != b[k] { return false }
                    return true
                }
            } ?? nil
        switch matches {
        case true?:
            return count == n ? "/" : path[path.utf8.index(path.utf8.startIndex, offsetBy: n)...]
        case false?: return nil
        case nil:
            // Non-contiguous (bridged) strings: the general splitter.
            guard path.utf8.starts(with: base.utf8) else { return nil }
            let rest = path.utf8.dropFirst(n)
            guard rest.isEmpty || rest.first == UInt8(ascii: "/") else { return nil }
            return rest.isEmpty ? "/" : Substring(rest)
        }
    }

    /// The value of the first `Authorization` field (name compared case-insensitively, as
    /// `HTTPHeaders`' subscript does); the exact spelling is recognized without case folding. O(fields).
    @inline(__always)
    static func authorizationValue(_ headers: HTTPHeaders) -> String? {
        let fields = headers.fields
        for k in fields.indices {
            if fields[k].name == "Authorization" { return fields[k].value }
            // Only a 13-byte name can equal `authorization` ignoring case; anything else is skipped.
            if fields[k].name.utf8.count == 13 || !fields[k].name.utf8.allSatisfy({ $0 < 0x80 }) {
                return headers["Authorization"]
            }
        }
        return nil
    }

    /// Splits `/scim/v2.0/<directoryID>/<rest>` into the id and `/<rest>` (`/` when empty). Byte-level.
    static func route(_ path: String) -> (String, String)? {
        routeSlices(path).map { (String($0.0), String($0.1)) }
    }

    /// ``route(_:)`` as slices of `path` (no allocation).
    static func routeSlices(_ path: String) -> (Substring, Substring)? {
        let prefix = "/scim/v2.0/".utf8
        let utf8 = path.utf8
        guard utf8.starts(with: prefix) else { return nil }
        let idStart = utf8.index(utf8.startIndex, offsetBy: prefix.count)
        let idEnd = utf8[idStart...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
        guard idStart < idEnd else { return nil }
        return (path[idStart..<idEnd], idEnd == utf8.endIndex ? "/" : path[idEnd...])
    }

    /// The index of the directory with id `id`: the last routed directory when its id matches (compared
    /// in place, no allocation), else looked up in the id index. Directory indexes never change once
    /// assigned (directories are only appended), so the remembered index stays valid.
    private mutating func routedDirectory(_ id: Substring) -> Int? {
        if lastRoutedDirectory < directories.count, directories[lastRoutedDirectory].directory.id == id {
            return lastRoutedDirectory
        }
        guard let i = directoryIndex[String(id)] else { return nil }
        lastRoutedDirectory = i
        return i
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 9110 section 11.1).
    static func bearerToken(_ headers: HTTPHeaders) -> String? { bearerTokenText(headers).map(String.init) }

    /// ``bearerToken(_:)`` as a slice of the header value: no allocation for the common `Bearer <token>`.
    static func bearerTokenText(_ headers: HTTPHeaders) -> Substring? {
        guard let value = headers["Authorization"] else { return nil }
        if value.hasPrefix("Bearer ") { return value.dropFirst(7).drop { $0 == " " } }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].drop { $0 == " " }
    }
}
