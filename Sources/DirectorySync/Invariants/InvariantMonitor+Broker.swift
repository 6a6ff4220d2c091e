import SCIM

extension InvariantMonitor {
    /// Tenant `tenant`'s organization now owns directory `directoryID`, whose current bearer token is `token`
    /// (`nil`: revoked or deleted). Called on setup, rotation, revocation and deletion. O(1).
    func directoryCredential(tenant: Int, directoryID: String, token: String?) {
        tenants[tenant].tokens[directoryID] = .some(token)
        if let token {
            tenants[tenant].fastPath = CredentialFastPath(
                directoryID: directoryID,
                pathPrefix: DirectorySyncBrokerState.endpointPath(directoryID: directoryID) + "/",
                authorization: "Bearer " + token)
        } else if tenants[tenant].fastPath?.directoryID == directoryID {
            tenants[tenant].fastPath = nil
        }
    }

    /// The `Authorization` header's value; the exact spelling the IdP profiles use is tried first. O(fields).
    @inline(__always)
    static func authorization(_ headers: HTTPHeaders) -> String? {
        for field in headers.fields where field.name == "Authorization" { return field.value }
        return headers["Authorization"]
    }

    /// The event-log position (next sequence number) before a SCIM request is handled.
    func eventSequence(_ broker: DirectorySyncBrokerState) -> Int64 { broker.nextEventSequence }

    /// Checks one SCIM request of tenant `tenant`'s IdP after the broker answered `status`, given the event
    /// sequence before it. A request that appended events must have carried the directory's current token and
    /// addressed a directory of the sender's organization, and its events must concern that directory; a
    /// request with a stale or wrong token must be refused (401, or 404 for a deleted directory).
    /// O(1) for requests that changed nothing and carried the expected token; O(events appended) otherwise.
    func scimRequestHandled(
        tenant: Int, request: SCIMRequest, status: Int, broker: DirectorySyncBrokerState, sequenceBefore: Int64
    ) {
        let appended = Int(broker.nextEventSequence - sequenceBefore)
        scimRequestHandled(
            tenant: tenant, request: request, status: status, appended: appended,
            events: { broker.log.suffix(appended) })
    }

    /// ``scimRequestHandled(tenant:request:status:broker:sequenceBefore:)`` given the number of events the
    /// request appended and a way to read them (called only when some were appended), so that the caller
    /// need not copy the broker's state. Same checks and complexity.
    func scimRequestHandled(
        tenant: Int, request: SCIMRequest, status: Int, appended: Int, events: () -> ArraySlice<DirectoryEvent>
    ) {
        guard appended > 0 else {
            return scimRequestHandled(
                tenant: tenant, request: request, status: status,
                appendedEvents: UnsafeBufferPointer(start: nil, count: 0))
        }
        events().withUnsafeBufferPointer {
            scimRequestHandled(tenant: tenant, request: request, status: status, appendedEvents: $0)
        }
    }

    /// ``scimRequestHandled(tenant:request:status:appended:events:)`` given the events the request appended, read in
    /// place (the broker actor's form: a view into its log, which costs no reference count to pass; empty when the
    /// request appended none). Same checks and complexity.
    func scimRequestHandled(
        tenant: Int, request: SCIMRequest, status: Int, appendedEvents events: UnsafeBufferPointer<DirectoryEvent>
    ) {
        let appended = events.count
        tick()
        let succeeded = (200..<300).contains(status)
        guard appended > 0 || succeeded else { return }
        // Both parts remembered as passing the current fast path (the memo is cleared whenever the fast path
        // changes): the request matches it, told without loading it (the common case).
        if tenants[tenant].verified.holds(path: request.path),
            tenants[tenant].verified.holds(fields: request.headers.fields)
        {
            guard appended > 0 else { return }
            reportForeignEvents(events, fastPathOf: tenant)
            return
        }
        if let fast = tenants[tenant].fastPath, fastPathMatches(tenant, fast, request) {
            // The current directory with its current token (the common case): only the events need a look.
            guard appended > 0 else { return }
            reportForeignEvents(events, directoryID: fast.directoryID)
            return
        }
        guard let (directoryID, _) = DirectorySyncBrokerState.route(request.path) else {
            report(Name.wrongCredential, "a request to \(request.path) outside any directory was answered \(status)")
            return
        }
        guard let expected = tenants[tenant].tokens[directoryID] else {
            report(
                Name.crossOrganization,
                "organization \(tenants[tenant].organizationID)'s IdP changed directory \(directoryID), not its own")
            return
        }
        let presented = DirectorySyncBrokerState.bearerToken(request.headers)
        if presented == nil || presented != expected {
            report(
                Name.wrongCredential,
                "\(request.method.rawValue) \(request.path) with a stale or wrong token got \(status) and appended "
                    + "\(appended) event(s)")
            return
        }
        guard appended > 0 else { return }
        reportForeignEvents(events, directoryID: directoryID)
    }

    /// `fast.matches(request)`, each half answered from tenant `tenant`'s memo when it remembers the input,
    /// else computed and, when it passes, remembered. Same answer as `matches`. O(1) on a memo hit.
    @inline(__always)
    private func fastPathMatches(_ tenant: Int, _ fast: CredentialFastPath, _ request: borrowing SCIMRequest) -> Bool {
        if !tenants[tenant].verified.holds(path: request.path) {
            guard fast.pathMatches(request.path) else { return false }
            tenants[tenant].verified.remember(path: request.path)
        }
        if !tenants[tenant].verified.holds(fields: request.headers.fields) {
            guard fast.authorizationMatches(request.headers) else { return false }
            tenants[tenant].verified.remember(fields: request.headers.fields)
        }
        return true
    }

    /// ``reportForeignEvents(_:directoryID:)`` for tenant `tenant`'s fast-path directory: an event whose directory
    /// id has that id's representation bits is that directory's, told without reading or copying a string; any
    /// other is compared as text. O(events).
    private func reportForeignEvents(_ events: UnsafeBufferPointer<DirectoryEvent>, fastPathOf tenant: Int) {
        let bits = tenants[tenant].fastPathDirectoryBits
        let foreign = events.contains { DirectorySyncBrokerState.stringBits($0.directoryID) != bits }
        guard foreign, let fast = tenants[tenant].fastPath else { return }
        reportForeignEvents(events, directoryID: fast.directoryID)
    }

    /// ``scimRequestHandled(tenant:request:status:appended:events:)`` given the events the request appended as a
    /// slice (an empty slice when it appended none). Same checks.
    func scimRequestHandled(
        tenant: Int, request: SCIMRequest, status: Int, appendedEvents: ArraySlice<DirectoryEvent>
    ) {
        appendedEvents.withUnsafeBufferPointer {
            scimRequestHandled(tenant: tenant, request: request, status: status, appendedEvents: $0)
        }
    }

    /// Reports each of `events` (appended by one request to directory `directoryID`) that concerns another
    /// directory. Reads the events in place (no copies). O(events).
    private func reportForeignEvents(_ events: UnsafeBufferPointer<DirectoryEvent>, directoryID: String) {
        for k in events.indices where events[k].directoryID != directoryID {
            report(
                Name.crossOrganization,
                "a request to directory \(directoryID) appended \(events[k].kind.rawValue) for "
                    + "\(events[k].directoryID)")
        }
    }
}
