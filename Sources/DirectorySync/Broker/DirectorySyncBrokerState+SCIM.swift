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
        // `nil`: the SCIM path is the cached ``lastSCIMRelativePath`` (read in place below, not copied).
        var uncachedPath: String?
        let last = lastRoutedDirectory
        if lastSCIMPathDirectory >= 0, Self.stringBits(request.path) == lastSCIMPathBits {
            i = lastSCIMPathDirectory  // the same path string as the previous request: routed already
        } else if last < directories.count,
            let path = directories.withUnsafeBufferPointer({
                Self.relativeSCIMPath(request.path, under: $0[last].directory.endpointPath)
            })
        {
            i = last  // the common case: the same directory as the previous request
            lastSCIMPathHeld = request.path
            lastSCIMPathBits = Self.stringBits(request.path)
            lastSCIMRelativePath = path
            lastSCIMPathDirectory = MemoryLayout<String>.size == 16 ? last : -1  // bits identify a string only then
        } else {
            guard let (directoryID, rest) = Self.routeSlices(request.path), let routed = routedDirectory(directoryID)
            else {
                return SCIMError.notFound("No SCIM endpoint at \(request.path)").response
            }
            i = routed
            uncachedPath = String(rest)
        }
        if directories[i].deleted { return refuseUnauthorized(request, directory: i, now: now) }
        // A header list already seen with the current token passes on its identity (no string is read or copied).
        let fieldsIdentity = HeaderListMemo.identity(of: request.headers.fields)
        if !directories[i].verifiedHeaders.holds(fieldsIdentity) {
            // Passes only the fields it reads: a method on `directories[i]` would copy the whole record.
            guard
                Self.presentsToken(
                    request.headers, token: directories[i].token, authorization: directories[i].authorization)
            else {
                return refuseUnauthorized(request, directory: i, now: now)
            }
            directories[i].verifiedHeaders.remember(request.headers.fields, identity: fieldsIdentity)
        }
        if !directories[i].authorizationShared, let presented = Self.authorizationValue(request.headers) {
            directories[i].shareAuthorization(presented)
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
        // Mutated in place: the array holds the only reference to the backend's storage. The relative path goes
        // alongside the request, which is not copied; the cached one is passed straight from its stored property.
        let handled: SCIMResult?
        if let uncachedPath {
            handled =
                services[i]?.handle(request, path: uncachedPath, now: now)
                ?? backends[i]?.handle(request, path: uncachedPath, now: now)
        } else {
            handled =
                services[i]?.handle(request, path: lastSCIMRelativePath, now: now)
                ?? backends[i]?.handle(request, path: lastSCIMRelativePath, now: now)
        }
        guard var result = consume handled else {
            let directoryID = directories[i].directory.id
            return SCIMError(status: 500, detail: "Directory \(directoryID) has no SCIM service").response
        }
        // Each change moves out of the result into `apply` (no copy of it, and nothing left to destroy here), in the
        // order the changes took effect.
        var changes: [SCIMChange] = []
        swap(&changes, &result.changes)
        statistics.countSCIMResponse(result.response.status)
        if !changes.isEmpty {
            changes.reverse()
            while let change = changes.popLast() { apply(change, directory: i, now: now) }
        }
        // Moved out too (returning `result.response` would copy it and then destroy the result).
        var response = SCIMResponse(status: 0)
        swap(&response, &result.response)
        return response
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

    /// The representation bits of `s` (see ``sameStringBits(_:_:)``). O(1).
    @inline(__always)
    static func stringBits(_ s: String) -> (UInt64, UInt64) {
        MemoryLayout<String>.size == 16 ? unsafeBitCast(s, to: (UInt64, UInt64).self) : (0, 0)
    }

    /// Whether `a` and `b` have the same `String` representation bits: then they are the same text (the same
    /// immutable storage, or equal in-line bytes). Different bits may still be equal text. O(1).
    @inline(__always)
    static func sameStringBits(_ a: String, _ b: String) -> Bool {
        MemoryLayout<String>.size == 16
            && unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self)
    }

    /// The SCIM path of `path` below the endpoint path `base`: `path[base.count...]` when `path` is `base`
    /// followed by `/` (`/` when `path` is exactly `base`), else `nil`. Compares bytes in place; O(base).
    static func relativePath(_ path: String, under base: String) -> Substring? {
        let n = base.utf8.count
        let count = path.utf8.count
        guard count >= n, utf8HasPrefix(path, base) else { return nil }
        if count == n { return "/" }
        let start = path.utf8.index(path.utf8.startIndex, offsetBy: n)
        guard path.utf8[start] == UInt8(ascii: "/") else { return nil }
        return path[start...]
    }

    /// ``relativePath(_:under:)`` as a `String`, read from the bytes in place; `/` and `/Users` (the paths
    /// every sync sends) come from constants without building a string. O(path).
    static func relativeSCIMPath(_ path: String, under base: String) -> String? {
        let n = base.utf8.count
        let count = path.utf8.count
        guard count >= n else { return nil }
        if count == n { return utf8HasPrefix(path, base) ? "/" : nil }
        let relative = { (p: UnsafeBufferPointer<UInt8>, b: UnsafeBufferPointer<UInt8>) -> String? in
            guard p[n] == UInt8(ascii: "/"), bytesEqual(p, b, n) else { return nil }
            if count - n == 6, p[n + 1] == UInt8(ascii: "U"), p[n + 2] == UInt8(ascii: "s"),
                p[n + 3] == UInt8(ascii: "e"), p[n + 4] == UInt8(ascii: "r"), p[n + 5] == UInt8(ascii: "s")
            {
                return "/Users"
            }
            return String(decoding: UnsafeBufferPointer(rebasing: p[n...]), as: UTF8.self)
        }
        // Native strings are read in place (no copy of either string); others are made contiguous first.
        if let result = path.utf8.withContiguousStorageIfAvailable({ p in
            base.utf8.withContiguousStorageIfAvailable { b in relative(p, b) }
        }), let result {
            return result
        }
        var path = path
        var base = base
        return path.withUTF8 { p in base.withUTF8 { b in relative(p, b) } }
    }

    /// Whether `text`'s UTF-8 bytes begin with `prefix`'s: compared in place, 8 bytes at a time for
    /// native strings (no allocation). O(prefix).
    static func utf8HasPrefix(_ text: String, _ prefix: String) -> Bool {
        let n = prefix.utf8.count
        guard text.utf8.count >= n else { return false }
        if let equal = text.utf8.withContiguousStorageIfAvailable({ t in
            prefix.utf8.withContiguousStorageIfAvailable { p in bytesEqual(t, p, n) }
        }), let equal {
            return equal
        }
        var text = text
        var prefix = prefix
        return text.withUTF8 { t in prefix.withUTF8 { p in bytesEqual(t, p, n) } }
    }

    /// Whether the first `n` bytes of `a` and `b` (each at least `n` long) are equal, compared 8 bytes at a
    /// time (the tail as one overlapping word). O(n).
    @inline(__always)
    static func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        guard n >= 8 else {
            for k in 0..<n where pa[k] != pb[k] { return false }
            return true
        }
        let x = UnsafeRawPointer(pa)
        let y = UnsafeRawPointer(pb)
        var k = 0
        while k + 8 < n {
            if x.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                != y.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            {
                return false
            }
            k += 8
        }
        return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }

    /// The value of the first `Authorization` field (name compared case-insensitively, as
    /// `HTTPHeaders`' subscript does); the exact spelling is recognized without case folding. O(fields).
    @inline(__always)
    static func authorizationValue(_ headers: HTTPHeaders) -> String? {
        let fields = headers.fields
        for k in fields.indices {
            if fields[k].name == "Authorization" { return fields[k].value }
            // Only a 13-byte name can equal `authorization` ignoring case; anything else is skipped.
            if fields[k].name.utf8.count == 13 || !isASCII(fields[k].name) {
                return headers["Authorization"]
            }
        }
        return nil
    }

    /// Whether every byte of `text` is ASCII: read in place, 8 bytes at a time (header names are short, and one
    /// precedes `Authorization` in every request). O(length).
    @inline(__always)
    static func isASCII(_ text: String) -> Bool {
        let ascii = text.utf8.withContiguousStorageIfAvailable { b -> Bool in
            guard let p = b.baseAddress else { return true }
            let raw = UnsafeRawPointer(p)
            var k = 0
            while k + 8 <= b.count {
                if raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                k += 8
            }
            while k < b.count {
                if p[k] >= 0x80 { return false }
                k += 1
            }
            return true
        }
        return ascii ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// ``handleSCIM(_:now:)``, also returning how many events the request appended (one access to the
    /// state for the actor shell).
    mutating func handleSCIMCountingEvents(_ request: SCIMRequest, now: Duration) -> (SCIMResponse, appended: Int) {
        let before = nextEventSequence
        let response = handleSCIM(request, now: now)
        return (response, Int(nextEventSequence - before))
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

extension DirectorySyncBrokerState {
    /// Whether `headers` carry `token` (`nil`: no token is valid): the common `Authorization: Bearer <token>`
    /// spelling is compared whole against `authorization` (that header value, precomputed); any other
    /// spelling goes through ``bearerTokenText(_:)``.
    @inline(__always)
    static func presentsToken(_ headers: HTTPHeaders, token: String?, authorization: String?) -> Bool {
        guard let token else { return false }
        if let value = authorizationValue(headers), value == authorization { return true }
        guard let presented = bearerTokenText(headers) else { return false }
        return presented == token
    }
}
