import SCIM

/// A ticket for one request in flight; hand it back with the response or the timeout.
public struct IdentityProviderTicket: Sendable, Hashable {
    /// The in-flight slot (0 ..< concurrency).
    public let slot: Int
    /// A serial number unique within the state machine; a stale ticket is ignored.
    public let serial: Int
}

/// A request the IdP wants sent now: where (`baseURL` of the configuration current when it was
/// issued), what, and the ticket to hand back.
public struct IdentityProviderOutgoing: Sendable, Hashable {
    /// Hand back to ``IdentityProviderStateMachine/handleResponse(_:_:now:using:)`` or ``IdentityProviderStateMachine/handleTimeout(_:now:using:)``.
    public var ticket: IdentityProviderTicket
    /// The SCIM base URL the request goes to; ``SCIMRequest/path`` is relative to it.
    public var baseURL: String
    /// The request, headers included (`Authorization: Bearer <token>`); its path is relative to ``baseURL``.
    /// Read, it is ``wireRequest`` with the relative path (the absolute path without the ``baseURL`` prefix,
    /// byte for byte); set, it replaces it. O(path length) (the headers and the body are shared, not copied).
    public var request: SCIMRequest {
        get {
            var relative = wireRequest
            relative.path = String(decoding: wireRequest.path.utf8.dropFirst(baseURL.utf8.count), as: UTF8.self)
            return relative
        }
        set {
            wireRequest = newValue
            wireRequest.path = baseURL + newValue.path
        }
    }
    /// The request as the link carries it: its path is ``baseURL`` followed by the relative path (cached per
    /// configuration for `/Users`, so the common requests do not build it again), moved here from the state
    /// machine's outbox. (The worker slots take it from the outbox themselves, see
    /// ``IdentityProviderStateMachine/nextTicket(now:)``.) The relative path is not stored (``request`` derives it).
    private(set) var wireRequest: SCIMRequest

    /// `baseURL` followed by the request's path, as the link carries it.
    var absolutePath: String { wireRequest.path }

    /// An outgoing request sent as `wireRequest`, whose path is absolute: `baseURL` followed by the relative path.
    /// Inlined, so the value is built in the caller's result storage (not in a temporary copied there).
    @inline(__always)
    init(ticket: IdentityProviderTicket, baseURL: String, wireRequest: SCIMRequest) {
        self.ticket = ticket
        self.baseURL = baseURL
        self.wireRequest = wireRequest
    }

    /// Sets the request's query (it had none).
    @inline(__always)
    mutating func setQuery(_ query: [SCIMRequest.QueryItem]) { wireRequest.query = query }

    /// Sets the request's body (it had none).
    @inline(__always)
    mutating func setBody(_ body: JSONValue) { wireRequest.body = .value(body) }
}

/// What the worker loop does after handing a response back.
public enum IdentityProviderFollowUp: Sendable, Hashable {
    /// Send this next, on the same worker, right away (the same job's next step, e.g. the POST after
    /// a GET that found nothing, as research/simpy_pipeline.py's workers do).
    case send(IdentityProviderOutgoing)
    /// The worker is free: call ``IdentityProviderStateMachine/nextRequest(now:)`` (and sleep until
    /// ``IdentityProviderStateMachine/nextWakeTime`` when it returns `nil`).
    case idle
    /// The ticket was unknown or already answered (or timed out); nothing changed.
    case ignored
}

/// What follows a handed-back answer, for the worker slots: ``IdentityProviderFollowUp`` with the follow-up's
/// ticket only, its request left in ``IdentityProviderStateMachine/outbox`` (plain values: trivially copyable).
enum IssuedFollowUp: Sendable, Hashable {
    /// Send the request in the outbox (issued under this ticket) next, on the same worker, right away.
    case send(IdentityProviderTicket)
    /// The worker is free.
    case idle
    /// The ticket was unknown or already answered (or timed out); nothing changed.
    case ignored
}

/// The identity provider's synchronous, deterministic state machine: its directory, what the app
/// holds from its point of view, and a bounded work queue producing the SCIM requests of an Okta or
/// Entra profile.
///
/// No wall clock, no randomness of its own: virtual time comes in as a `Duration` offset from the run's
/// start, jitter from an injected generator. Work is processed in directory-index order (FIFO), never
/// in `Dictionary` order. At most ``IdentityProviderProfile/concurrency`` requests are in flight, and a
/// person or group has at most one request in flight. A person is *converged* when no step is planned
/// for it (created, updated, deactivated or deleted as the IdP wants, and acknowledged).
public struct IdentityProviderStateMachine: Sendable {
    /// The profile (Okta or Entra, concurrency, retry policy).
    public let profile: IdentityProviderProfile
    /// The IdP's directory, as changed so far.
    public internal(set) var directory: IdentityProviderDirectory
    /// The current endpoint and token, `nil` until the organization's setup configures it.
    public internal(set) var configuration: IdentityProviderConfiguration?
    /// Every failure recorded, in the order they happened.
    public internal(set) var failures: [IdentityProviderFailure] = []
    /// Failure counts by reason.
    public internal(set) var failureCounts = IdentityProviderFailureCounts()
    /// Okta: `true` after a 401 to a request carrying the current token; the app's provisioning is
    /// in error and nothing is pushed until ``configure(_:now:resync:)`` supplies a token again.
    public internal(set) var isProvisioningSuspended = false
    /// Requests issued so far.
    public internal(set) var requestsSent = 0
    /// Responses and timeouts handled so far.
    public internal(set) var requestsCompleted = 0

    // Profile facts read on every request, cached out of `profile.kind`.
    let isOkta: Bool
    /// Okta only: the profile's user-body templates.
    let oktaBodies: OktaUserBodies?
    /// ``oktaBodies`` unretained (that field keeps it alive as long as the state machine): the create path calls it
    /// without the retain and release a strong reference read out of a mutating `self` costs.
    let oktaBodiesRef: Unmanaged<OktaUserBodies>?
    let entraParameters: EntraParameters?
    let requestSpacing: Duration
    /// `requestSpacing > .zero` (Entra pacing on).
    let hasRequestSpacing: Bool
    /// `profile.concurrency`.
    let concurrency: Int
    // Per-target state.
    var personSync: [PersonSync] = []
    var groupSync: [GroupSync] = []
    // Queues.
    var followUps = TargetFIFO()
    var ready = TargetFIFO()
    var deferred = TimedQueue<ProvisioningTarget>()
    var scheduled = TimedQueue<DirectoryChange>()
    var slots: [Slot?] = []
    /// `sentProfiles[k]`: the profile sent by the person write (create, PUT, Entra update) in slot `k`, once the
    /// directory changed that person while the write was in flight (until then the slot's
    /// ``Slot/sentIsDirectoryProfile`` says the directory's profile is the one sent, and nothing is copied); read
    /// (and taken) when the write is answered. Kept per slot, not per person: at most
    /// ``IdentityProviderProfile/concurrency`` profiles are held, and answers from an earlier epoch are ignored
    /// before they read it.
    var sentProfiles: [DirectoryPerson?] = []
    /// The acknowledged profiles of people whose directory profile changed since (``SyncedProfile/stored``), by
    /// person index. Looked up by key only, never iterated.
    var staleSynced: [Int: DirectoryPerson] = [:]
    /// The free indices of ``slots`` below 64, one bit each (bit `k` set: slot `k` is free). Taking the lowest set bit
    /// and setting one back touch no array (a free list in an array checked its buffer's uniqueness, and grew or
    /// shrank, on every request and answer). Which free slot a request gets is not observable (tickets stay inside).
    var freeSlotMask: UInt64 = 0
    /// The free indices of ``slots`` from 64 up (concurrency above 64 only), in a stack.
    var freeSlots: [Int] = []
    var inFlight = 0
    var nextSerial = 0
    /// Entra pacing: no request before this virtual time.
    var nextIssueAt: Duration?
    // Configuration bookkeeping.
    var configurationGeneration = 0
    var epoch = 0
    var readHeaders = HTTPHeaders()
    var writeHeaders = HTTPHeaders()
    /// `configuration != nil`, without copying the configuration.
    var isConfigured = false
    /// The configuration's `baseURL` and the absolute paths under it (kept apart so a request does not copy the
    /// configuration; the fixed paths are built once per configuration).
    var paths = RequestPaths()
    /// Entra only.
    var cycle = EntraCycleState()
    /// Okta's existence check and create without their query and body: `GET` and `POST` to ``RequestPaths/users``
    /// with the read and write headers (built per configuration). A request starts as a copy of one (a copy of a
    /// stored value goes straight into the outgoing value; a request built from its parts was built on the
    /// stack, copied there, retaining every part, and destroyed).
    var oktaLookupTemplate = SCIMRequest(method: .get, path: "")
    var oktaCreateTemplate = SCIMRequest(method: .post, path: "")
    /// The request of the ticket issued last (absolute path: ``RequestPaths``), until the caller takes it: the
    /// worker slots move it to the link from here (``nextTicket(now:)``), the public API into an
    /// ``IdentityProviderOutgoing``.
    var outbox: SCIMRequest?

    /// A state machine over `directory`; it sends nothing until configured.
    public init(profile: IdentityProviderProfile, directory: IdentityProviderDirectory = IdentityProviderDirectory()) {
        self.profile = profile
        self.directory = directory
        switch profile.kind {
        case .okta(let p):
            isOkta = true
            let bodies = OktaUserBodies(parameters: p)
            oktaBodies = bodies
            oktaBodiesRef = Unmanaged.passUnretained(bodies)
            entraParameters = nil
            requestSpacing = .zero
        case .entra(let p):
            isOkta = false
            oktaBodies = nil
            oktaBodiesRef = nil
            entraParameters = p
            requestSpacing = p.requestSpacing
        }
        hasRequestSpacing = requestSpacing > .zero
        concurrency = profile.concurrency
        personSync = Array(repeating: PersonSync(), count: directory.people.count)
        groupSync = Array(repeating: GroupSync(), count: directory.groups.count)
    }

    /// Requests in flight now (never above ``IdentityProviderProfile/concurrency``).
    public var inFlightCount: Int { inFlight }

    /// Sets (or replaces, after token rotation or a reset) the endpoint and token at virtual time `now`.
    ///
    /// The first configuration starts provisioning: Okta queues every in-scope person in index order,
    /// then pushed groups; Entra starts its initial cycle at `now`. A later one clears Okta's
    /// suspension; requests already in flight keep the old token. With `resync`, everything the IdP
    /// knew about the app is forgotten (cached ids, escrow, quarantine) and provisioning starts over,
    /// as an admin's re-push (Okta) or "Restart provisioning" (Entra [MS-QUAR]) does after a reset;
    /// answers to requests issued before are then ignored.
    public mutating func configure(_ configuration: IdentityProviderConfiguration, now: Duration, resync: Bool = false)
    {
        let first = self.configuration == nil
        self.configuration = configuration
        isConfigured = true
        configurationGeneration += 1
        isProvisioningSuspended = false
        buildHeaders(configuration)
        paths = RequestPaths(baseURL: configuration.baseURL)
        oktaLookupTemplate = SCIMRequest(method: .get, path: paths.users, headers: readHeaders)
        oktaCreateTemplate = SCIMRequest(method: .post, path: paths.users, headers: writeHeaders)
        if resync && !first {
            epoch += 1
            for i in personSync.indices { personSync[i] = PersonSync() }
            staleSynced.removeAll()
            for g in groupSync.indices { groupSync[g] = GroupSync() }
            followUps.removeAll()
            ready.removeAll()
            deferred.removeAll()
            cycle = EntraCycleState()
        }
        if first || resync { startProvisioning(now: now) }
    }

    private mutating func startProvisioning(now: Duration) {
        switch profile.kind {
        case .okta:
            for i in personSync.indices { enqueueIfNeeded(.person(i), now: now) }
            for g in groupSync.indices { enqueueIfNeeded(.group(g), now: now) }
        case .entra:
            cycle.nextStartAt = now
            cycle.dirty = true
        }
    }

    private mutating func buildHeaders(_ c: IdentityProviderConfiguration) {
        let auth = "Bearer " + c.bearerToken
        switch profile.kind {
        case .okta(let p):
            readHeaders = ["User-Agent": p.userAgent, "Authorization": auth, "Accept": "application/scim+json"]
            writeHeaders = readHeaders
            writeHeaders["Content-Type"] = "application/scim+json; charset=utf-8"
        case .entra:
            readHeaders = ["Authorization": auth, "Accept": "application/scim+json"]
            writeHeaders = readHeaders
            writeHeaders["Content-Type"] = "application/scim+json"
        }
    }
}

/// One request in flight: plain values only (trivially copyable), so taking it is a copy of a few words.
struct Slot: Sendable {
    var target: ProvisioningTarget
    var step: ProvisioningStep
    var serial: Int
    var generation: Int
    var epoch: Int
    var sentActive = false
    /// The slot's index in ``IdentityProviderStateMachine/slots`` (and ``IdentityProviderStateMachine/sentProfiles``).
    var index = 0
    /// A person write whose sent profile is the person's profile in the directory now; cleared (the profile
    /// copied to ``IdentityProviderStateMachine/sentProfiles``) before a directory change to the person.
    var sentIsDirectoryProfile = false
    /// Object units this request processes (Entra pacing): 1, or the membership changes of a PATCH.
    var units = 1
}
