/// The outcome of one request: the HTTP response and the change records of what it wrote.
public struct SCIMResult: Sendable, Hashable {
    /// The response to send back.
    public var response: SCIMResponse
    /// The writes the request made, in the order they took effect; empty for reads and failures.
    public var changes: [SCIMChange]

    /// A result.
    public init(response: SCIMResponse, changes: [SCIMChange] = []) {
        self.response = response
        self.changes = changes
    }
}

/// A SCIM 2.0 service provider (RFC 7643, RFC 7644) over an in-memory resource store: the
/// protocol logic the directory-sync broker hosts for one directory.
///
/// Pure and synchronous: no clock, randomness or I/O of its own. Ids come from the injected
/// ``SCIMIDSource`` and timestamps from the injected ``SCIMClock``, so the same requests give the
/// same responses, byte for byte.
///
/// Endpoints (RFC 7644 section 3.2; the first path segment is matched case-insensitively):
/// `/Users` and `/Groups` (GET list, POST create, `POST /.search`), `/Users/{id}` and `/Groups/{id}`
/// (GET, PUT, PATCH, DELETE), `POST /.search`, `GET /ServiceProviderConfig`, `/ResourceTypes[/{id}]`,
/// `/Schemas[/{urn}]`. Anything else is 404; `/Bulk` and `/Me` are 501.
///
/// Checks run in this order, each before anything is applied: bearer token (401), route (404,
/// 405, 501), content type (415), body size (413), JSON decoding (400 `invalidSyntax`), then the
/// operation. Failed requests change nothing and yield no change records.
///
/// Where the decisions of `research/field-cases.md` are documented: unknown extensions and input
/// coercion on ``SCIMResourceInput`` (R1, F03); PUT as full replace on `replace(_:id:body:request:)`;
/// PATCH (F02, F04, F06) on ``SCIMPatchApplier``; lenient filters on
/// ``SCIMServiceConfiguration/strictFilters`` (F06 D); change-record order on `commit(_:old:newObject:kind:)`
/// and `delete(_:id:request:)`.
///
/// Performance (release, value mode, one 100,000-user store): a `userName eq` list request is answered
/// from the index without parsing a filter; create, PATCH and PUT are a few microseconds each.
public struct SCIMService: Sendable {
    /// The settings this service was created with.
    public let configuration: SCIMServiceConfiguration
    /// Where new ids come from.
    public var ids: any SCIMIDSource
    /// Where `meta` timestamps come from; the broker may swap it to follow virtual time.
    public var clock: any SCIMClock
    /// The stored Users, in insertion order.
    public internal(set) var users: SCIMResourceTable
    /// The stored Groups, in insertion order.
    public internal(set) var groups: SCIMResourceTable
    /// For each member id, the ids of the groups that list it, in the order it joined them.
    var memberships: [String: [String]] = [:]
    /// The ids of deleted resources, so that an id is never reassigned (RFC 7643 section 3.1); live ids
    /// are found in the tables.
    var deletedIDs: Set<String> = []
    /// The last `meta` timestamp written and its instant, reused while the clock stays on that millisecond.
    var lastTimestamp: (millisecondsSinceEpoch: Int64, text: String)?
    /// The last `Content-Type` text ``requestBody(_:)`` accepted.
    var lastAcceptedContentType: String?
    /// The header fields of the last request whose content type ``requestBody(_:path:)`` accepted, kept so that
    /// their storage stays alive: a request carrying the same storage (a client reusing its header value) has the
    /// same fields, so the same content type, and is accepted without reading them.
    var lastAcceptedHeaders: [(name: String, value: String)] = []
    /// The UTF-8 bytes of `meta.location` before the id, per resource type: the base location followed by
    /// `/Users/` or `/Groups/` (built once; `configuration` never changes).
    let userLocationPrefix: [UInt8]
    let groupLocationPrefix: [UInt8]

    /// A service with an empty store.
    public init(configuration: SCIMServiceConfiguration, ids: any SCIMIDSource, clock: any SCIMClock) {
        self.configuration = configuration
        self.ids = ids
        self.clock = clock
        self.users = SCIMResourceTable(type: .user)
        self.groups = SCIMResourceTable(type: .group)
        userLocationPrefix = Array(configuration.baseLocation.utf8) + Array("/Users/".utf8)
        groupLocationPrefix = Array(configuration.baseLocation.utf8) + Array("/Groups/".utf8)
    }

    /// Reserves store capacity for `users` Users and `groups` Groups (e.g. the size of the directory
    /// about to be synced); optional, it only avoids rehashing while the store grows. O(users + groups).
    public mutating func reserveCapacity(users: Int, groups: Int) {
        self.users.reserveCapacity(users)
        self.groups.reserveCapacity(groups)
    }

    /// Handles one request. Never traps on bad input: every failure is an RFC 7644 section 3.12
    /// error response and leaves the store exactly as it was.
    public mutating func handle(_ request: SCIMRequest) -> SCIMResult {
        handle(request, path: request.path)
    }

    /// ``handle(_:)`` of `request` as if its `path` were `path` (the SCIM path relative to the service base, e.g.
    /// `/Users/abc`, with no query): a host that routes by a longer path (the directory-sync broker) passes the
    /// relative part here instead of copying the request to rewrite it. `request.path` is not read. The same
    /// responses and changes as ``handle(_:)`` of the request with `path` in place, byte for byte.
    public mutating func handle(_ request: SCIMRequest, path: String) -> SCIMResult {
        do {
            return try route(request, path: path)
        } catch {
            return SCIMResult(response: error.response)
        }
    }

    /// `clock.now()` (called once) as RFC 3339 text; the text of the previous call is shared when the instant is the
    /// same millisecond (writes within one virtual millisecond), so that it is not rebuilt.
    mutating func timestamp() -> String {
        let now = clock.now().millisecondsSinceEpoch
        if let last = lastTimestamp, last.millisecondsSinceEpoch == now { return last.text }
        let text = SCIMInstant(millisecondsSinceEpoch: now).rfc3339
        lastTimestamp = (now, text)
        return text
    }

    /// The table holding resources of `type`.
    public func table(_ type: SCIMResourceType) -> SCIMResourceTable {
        type == .user ? users : groups
    }

    /// The stored representation of the live resource `id` of `type` (before projection), or `nil`.
    public func resource(_ type: SCIMResourceType, id: String) -> SCIMStoredResource? {
        type == .user ? users.resource(id: id) : groups.resource(id: id)
    }

    // MARK: Routing

    private mutating func route(_ request: SCIMRequest, path: String) throws(SCIMError) -> SCIMResult {
        try authenticate(request.headers)
        // `/Users` (every IdP lookup and create) is recognised by one comparison and answered here, without scanning
        // the path or building a route: the same branches as `.users` with no id below.
        if path == "/Users" {
            switch request.method {
            case .get:
                if let hit = indexedLookup(.user, query: request.query) { return SCIMResult(response: hit) }
                return SCIMResult(response: try list(.user, query: request.query))
            case .post: return try create(.user, body: try requestBody(request, path: path), query: request.query)
            default: throw Self.methodNotAllowed(request.method, path)
            }
        }
        guard let route = SCIMRoute(path), !route.tooDeep else {
            throw SCIMError.notFound("no SCIM endpoint at \"\(path)\"")
        }
        let type: SCIMResourceType
        switch route.kind {
        case .users:
            type = .user
        case .groups:
            type = .group
        case .search:
            guard route.id == nil else { throw SCIMError.notFound("no SCIM endpoint at \"\(path)\"") }
            try Self.require(request.method, [.post], path)
            let body = try requestBody(request, path: path)
            return SCIMResult(response: try search(types: [.user, .group], body: body))
        case .discovery:
            try Self.require(request.method, [.get], path)
            return SCIMResult(
                response: try discovery(
                    route.endpoint.lowercased(), name: route.id.map(String.init), query: request.query))
        case .notImplemented:
            throw SCIMError(status: 501, detail: "\(route.endpoint) is not implemented by this service provider")
        case .unknown:
            throw SCIMError.notFound("no SCIM endpoint at \"\(path)\"")
        }
        guard let idPart = route.id else {
            switch request.method {
            case .get:
                if let hit = indexedLookup(type, query: request.query) { return SCIMResult(response: hit) }
                return SCIMResult(response: try list(type, query: request.query))
            case .post: return try create(type, body: try requestBody(request, path: path), query: request.query)
            default: throw Self.methodNotAllowed(request.method, path)
            }
        }
        let id = String(idPart)
        if id == ".search" {
            try Self.require(request.method, [.post], path)
            return SCIMResult(response: try search(types: [type], body: try requestBody(request, path: path)))
        }
        switch request.method {
        case .get: return SCIMResult(response: try get(type, id: id, request: request))
        case .put: return try replace(type, id: id, body: try requestBody(request, path: path), request: request)
        case .patch: return try patch(type, id: id, body: try requestBody(request, path: path), request: request)
        case .delete: return try delete(type, id: id, request: request)
        case .post: throw Self.methodNotAllowed(request.method, path)
        }
    }

    private static func require(_ method: HTTPMethod, _ allowed: [HTTPMethod], _ path: String) throws(SCIMError) {
        if !allowed.contains(method) { throw methodNotAllowed(method, path) }
    }

    private static func methodNotAllowed(_ method: HTTPMethod, _ path: String) -> SCIMError {
        SCIMError(status: 405, detail: "method \(method.rawValue) is not allowed on \(path)")
    }
}
