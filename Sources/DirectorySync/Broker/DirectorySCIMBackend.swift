import SCIM

/// The SCIM service behind one directory's endpoint: takes a request (already authenticated and
/// rate-limited by the broker, path relative to the SCIM base, e.g. `/Users/abc`) at virtual time
/// `now` and returns the response plus the changes it applied, in order (a failed request applies none).
///
/// ``SCIMService`` conforms (see below); tests may plug in a smaller fake.
public protocol DirectorySCIMBackend: Sendable {
    /// Handles one request at virtual time `now` (an offset from the run's start). Must be deterministic.
    mutating func handle(_ request: SCIMRequest, now: Duration) -> SCIMResult

    /// ``handle(_:now:)`` of `request` with its path replaced by `path` (relative to the SCIM base, e.g.
    /// `/Users/abc`); `request.path` is the full endpoint path and is not read. The broker calls this form, so that
    /// it need not copy each request to rewrite its path. The default implementation makes that copy.
    mutating func handle(_ request: SCIMRequest, path: String, now: Duration) -> SCIMResult
}

extension DirectorySCIMBackend {
    /// Copies `request` with `path` in place of its path and handles the copy (``handle(_:now:)``).
    public mutating func handle(_ request: SCIMRequest, path: String, now: Duration) -> SCIMResult {
        var relative = request
        relative.path = path
        return handle(relative, now: now)
    }
}

/// Creates the SCIM backend of a new directory, given its id and endpoint path. Called once per
/// directory, in creation order.
public typealias DirectorySCIMBackendFactory =
    @Sendable (_ directoryID: String, _ endpointPath: String) -> any DirectorySCIMBackend

/// A ``SCIMClock`` frozen at the virtual instant the broker sets before each request, so `meta.created`
/// and `meta.lastModified` follow virtual time (rendered from the ``EventTimestamp`` epoch).
public struct BrokerSCIMClock: SCIMClock {
    /// The instant every `now()` returns until the broker moves it.
    public var instant: SCIMInstant

    /// A clock at virtual time `now`.
    public init(now: Duration) {
        instant = SCIMInstant(
            millisecondsSinceEpoch: EventTimestamp.epochUnixMilliseconds + EventTimestamp.milliseconds(now))
    }

    /// ``instant``, unchanged.
    public mutating func now() -> SCIMInstant { instant }
}

extension SCIMService: DirectorySCIMBackend {
    /// Sets the clock to `now` and handles the request (``SCIMService/handle(_:)``).
    public mutating func handle(_ request: SCIMRequest, now: Duration) -> SCIMResult {
        clock = BrokerSCIMClock(now: now)
        return handle(request)
    }

    /// Sets the clock to `now` and handles the request at `path` (``SCIMService/handle(_:path:)``), without
    /// copying it.
    public mutating func handle(_ request: SCIMRequest, path: String, now: Duration) -> SCIMResult {
        clock = BrokerSCIMClock(now: now)
        return handle(request, path: path)
    }
}

extension DirectorySyncBrokerState {
    /// The default backend factory: one ``SCIMService`` per directory with the broker configuration's
    /// ``DirectorySyncBrokerConfiguration/scimService`` settings, authentication off (the broker checks
    /// the bearer token itself), `baseLocation` = ``DirectorySyncBrokerConfiguration/baseURL`` + the
    /// endpoint path, and sequential ids (`u-0001`, `g-0001`, ... per directory).
    public static func scimServiceFactory(_ configuration: DirectorySyncBrokerConfiguration)
        -> DirectorySCIMBackendFactory
    {
        let template = configuration.scimService
        let baseURL = configuration.baseURL
        return { _, endpointPath in
            var c = template
            c.bearerToken = nil
            c.baseLocation = baseURL + endpointPath
            return SCIMService(configuration: c, ids: SCIMSequentialIDSource(), clock: BrokerSCIMClock(now: .zero))
        }
    }

    /// A broker whose directories are served by ``SCIMService`` (``scimServiceFactory(_:)``).
    public init(configuration: DirectorySyncBrokerConfiguration = .init()) {
        self.init(configuration: configuration, makeBackend: Self.scimServiceFactory(configuration))
    }
}
