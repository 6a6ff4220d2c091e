import SCIM

/// The WorkOS-like directory-sync broker as a synchronous, deterministic state machine.
///
/// It owns directories (one SCIM backend and one bearer token each), maps SCIM changes to directory
/// users and groups, appends `dsync.*` events to one ordered log, keeps webhook delivery records, and
/// serves the Events API. Virtual time is passed into every call as a `Duration` offset from the run's
/// start; callers must pass non-decreasing times. Ids come from counters; nothing is random.
/// An actor shell calls one `mutating func` per message and sends what it returns.
///
/// Split by concern: `+Directories` (lifecycle, tokens), `+SCIM` (routing, auth, rate limit),
/// `+Mapping` (SCIM change -> events), `+EventsAPI`, `+Webhooks`.
public struct DirectorySyncBrokerState: Sendable {
    /// The parameters this broker runs with.
    public let configuration: DirectorySyncBrokerConfiguration
    let makeBackend: DirectorySCIMBackendFactory

    var directories: [DirectoryRecord] = []
    /// Each directory's SCIM backend, parallel to `directories` (kept apart so that mutating a backend
    /// never touches, and so never copies, a directory record); `nil` once the directory is deleted, and when
    /// `services` holds the backend.
    var backends: [(any DirectorySCIMBackend)?] = []
    /// Each directory's backend when it is a ``SCIMService`` (the default factory's), parallel to `backends`
    /// (whose entry is then `nil`): called directly, without the existential's box and witness table.
    var services: [SCIMService?] = []
    var directoryIndex: [String: Int] = [:]
    /// The directory the previous SCIM request went to (a routing cache; see `routedDirectory`).
    var lastRoutedDirectory = 0
    /// The routing cache: the full path of the last SCIM request routed to a directory (held, so that its storage
    /// stays alive and unchanged), its `String` representation bits, its SCIM path relative to the endpoint and the
    /// directory's index (`-1`: nothing cached). A request whose `path` has the same bits (the same storage, as an
    /// identity provider that reuses one path string sends) is that path, routed without comparing its bytes, and
    /// without copying any of these strings (see `handleSCIM`).
    var lastSCIMPathHeld = ""
    var lastSCIMPathBits: (UInt64, UInt64) = (0, 0)
    var lastSCIMRelativePath = ""
    var lastSCIMPathDirectory = -1
    /// Member layouts of the last SCIM user resources mapped (see ``MemberLayoutMemo``): a cache that decides
    /// nothing, so it is not part of the state's meaning.
    var userLayouts = UserLayoutMemos()
    var nextDirectoryNumber: Int64 = 1
    var nextUserNumber: Int64 = 1
    var nextGroupNumber: Int64 = 1
    var nextTokenNumber: UInt64 = 1

    /// The retained log; `log[i].sequence == firstRetainedSequence + i`.
    var log: [DirectoryEvent] = []
    var logStart = 0
    var nextEventSequence: Int64 = 1

    var endpoints: [WebhookEndpointRecord] = []
    var deliveries: [WebhookDeliveryRecord] = []
    var deliveryQueue = DeliveryQueue()
    var eventsAPIBuckets: [String: BrokerTokenBucket] = [:]

    /// Counts for the run report.
    public internal(set) var statistics = BrokerStatistics()

    /// An empty broker. `makeBackend` creates each new directory's SCIM service (see also
    /// ``init(configuration:)``, which uses ``SCIMService``).
    public init(
        configuration: DirectorySyncBrokerConfiguration = .init(), makeBackend: @escaping DirectorySCIMBackendFactory
    ) {
        self.configuration = configuration
        self.makeBackend = makeBackend
    }
}

/// Counts the broker keeps for the run report.
public struct BrokerStatistics: Sendable, Hashable {
    /// SCIM requests that reached a backend, by HTTP status (a dictionary: reports must iterate its
    /// keys sorted); only statuses seen at least once have an entry. Built from counters on each read:
    /// O(statuses).
    public var scimResponsesByStatus: [Int: Int] {
        get {
            var counts = otherStatusCounts
            for k in statusCounts.indices where statusCounts[k] != 0 { counts[k + 100] = statusCounts[k] }
            return counts
        }
        set {
            statusCounts = [Int](repeating: 0, count: 500)
            otherStatusCounts = [:]
            for (status, count) in newValue {
                if (100..<600).contains(status) {
                    statusCounts[status - 100] = count
                } else {
                    otherStatusCounts[status] = count
                }
            }
        }
    }
    /// Responses with status 100...599, indexed by `status - 100` (counting without hashing).
    var statusCounts = [Int](repeating: 0, count: 500)
    /// Responses with any other status.
    var otherStatusCounts: [Int: Int] = [:]
    /// SCIM requests refused with 401 (unknown, wrong or revoked token; deleted directory).
    public var unauthorized = 0
    /// SCIM requests refused with 429.
    public var rateLimited = 0
    /// Events appended, by kind (iterate in ``DirectoryEventKind/allCases`` order); only kinds appended at
    /// least once have an entry. Built from per-kind counters on each read: O(kinds).
    public var eventsByKind: [DirectoryEventKind: Int] {
        get {
            var counts: [DirectoryEventKind: Int] = [:]
            for (k, kind) in DirectoryEventKind.allCases.enumerated() where eventKindCounts[k] != 0 {
                counts[kind] = eventKindCounts[k]
            }
            return counts
        }
        set { eventKindCounts = DirectoryEventKind.allCases.map { newValue[$0] ?? 0 } }
    }
    /// Events appended, indexed by ``DirectoryEventKind/allCases`` position (an array: counting is O(1)
    /// without hashing).
    var eventKindCounts = [Int](repeating: 0, count: DirectoryEventKind.allCases.count)
    /// Webhook attempts handed out (first attempts and retries).
    public var webhookAttempts = 0
    /// Webhook retries scheduled.
    public var webhookRetries = 0
    /// Webhook attempts that timed out.
    public var webhookTimeouts = 0
    /// Deliveries acknowledged with 2xx.
    public var webhooksDelivered = 0
    /// Deliveries that exhausted their attempts.
    public var webhooksFailed = 0
    /// Responses that arrived after their attempt had already timed out (ignored).
    public var webhookLateResponses = 0
    /// Events dropped by retention.
    public var eventsExpired = 0

    /// Counts one SCIM response with HTTP status `status`. O(1).
    @inline(__always)
    mutating func countSCIMResponse(_ status: Int) {
        if status >= 100 && status < 600 {
            statusCounts[status - 100] += 1
        } else {
            otherStatusCounts[status, default: 0] += 1
        }
    }

    /// Counts one appended event of kind `kind`. O(1).
    @inline(__always)
    mutating func countEvent(_ kind: DirectoryEventKind) {
        let k = kind.ordinal
        if k < eventKindCounts.count { eventKindCounts[k] += 1 }
    }
}

extension DirectoryEventKind {
    /// The position in ``allCases``, without searching.
    var ordinal: Int {
        switch self {
        case .activated: 0
        case .deleted: 1
        case .userCreated: 2
        case .userUpdated: 3
        case .userDeleted: 4
        case .groupCreated: 5
        case .groupUpdated: 6
        case .groupDeleted: 7
        case .groupUserAdded: 8
        case .groupUserRemoved: 9
        }
    }
}

struct DirectoryRecord: Sendable {
    var directory: Directory
    /// The current bearer token (`nil`: revoked or deleted).
    var token: String? {
        didSet {
            authorization = token.map { "Bearer " + $0 }
            authorizationShared = false
            verifiedHeaders = HeaderListMemo()
        }
    }
    /// Up to two header lists that carried the current token
    /// (``DirectorySyncBrokerState/presentsToken(_:token:authorization:)`` passed); forgotten when the token changes.
    var verifiedHeaders = HeaderListMemo()
    /// `Bearer <token>`: the `Authorization` value of the common spelling, built once per token.
    private(set) var authorization: String?
    /// Whether ``shareAuthorization(_:)`` ran for the current token.
    private(set) var authorizationShared = false
    var retiredTokens: [String] = []
    var activated = false
    var deleted = false
    var bucket: BrokerTokenBucket
    var users: [UserRecord] = []
    var userIndex = SCIMIDIndex(prefix: "u")
    var groups: [GroupRecord] = []
    var groupIndex = SCIMIDIndex(prefix: "g")

    init(directory: Directory, token: String?, bucket: BrokerTokenBucket) {
        self.directory = directory
        self.token = token
        authorization = token.map { "Bearer " + $0 }
        self.bucket = bucket
    }

    /// Keeps `presented`, an `Authorization` value a client sent, in place of ``authorization`` when the two
    /// are equal: a client sends the same string with every request, so later comparisons find the same
    /// storage and return without reading the bytes. Runs once per token; changes no outcome. O(value).
    mutating func shareAuthorization(_ presented: String) {
        authorizationShared = true
        if presented == authorization { authorization = presented }
    }
}

struct UserRecord: Sendable {
    var user: DirectoryUser
    /// Whether the user currently exists in the directory as consumers see it (an inactive user under
    /// "delete inactive users" does not).
    var visible: Bool
    var deleted = false
    /// Group record indices, in join order.
    var groupSlots: [Int] = []
}

struct GroupRecord: Sendable {
    var group: DirectoryGroup
    var deleted = false
    /// User record indices (lookup only; never iterated to decide order without sorting).
    var members: Set<Int> = []
}
