import SCIM
import SimulationKernel

/// The safety and liveness oracle of a run: checked after every delivered message, incrementally.
///
/// Each check costs O(1) or O(what the message changed): the monitor keeps its own shadow of what it needs
/// (per tenant: every email the IdP ever assigned, which IdP person wants which member, the current bearer
/// token of each directory) and never scans a whole directory or organization per message. A bulk change
/// (a reset, `dsync.deleted`) is re-read in full once, which is O(members) but rare.
///
/// Safety invariants, by stable name (``Name``):
/// - `no-member-for-unassigned-person`: sync never creates a member whose email no IdP person assigned to
///   the app ever had.
/// - `exactly-one-primary-owner`: the organization has exactly one Primary Owner at all times.
/// - `no-role-changed-by-sync`: consuming a directory event never changes a member's role (the group-mapping
///   switch is off by default), and sync-created members are Users.
/// - `emails-unique`: member emails are unique case-insensitively (the email index and the member count agree,
///   and each affected member is the one its email finds).
/// - `wrong-credential-changed-nothing`: a SCIM request with a bearer token that is not the directory's
///   current token gets 401 (or 404) and appends no event; a webhook delivery with a bad signature is
///   refused and changes no member.
/// - `no-cross-organization`: an organization only receives its own events, and a SCIM request only changes
///   the directory it was addressed to, which belongs to the sender's organization.
///
/// Liveness (`liveness`): after the faults heal, each organization's SCIM members (members linked to a
/// directory user) equal the IdP's assigned, active people within the run's liveness bound; checked at the
/// end of the run from the incremental ``ConvergenceTracker``.
///
/// The first violation is kept (with virtual time, step and seed) and the runner stops; later ones are
/// ignored. Driver thread only.
public final class InvariantMonitor: @unchecked Sendable {
    /// Stable invariant names, as reported in ``InvariantViolation/invariant``.
    public enum Name {
        /// See the type's documentation.
        public static let unassignedMember = "no-member-for-unassigned-person"
        /// See the type's documentation.
        public static let onePrimaryOwner = "exactly-one-primary-owner"
        /// See the type's documentation.
        public static let roleChangedBySync = "no-role-changed-by-sync"
        /// See the type's documentation.
        public static let uniqueEmails = "emails-unique"
        /// See the type's documentation.
        public static let wrongCredential = "wrong-credential-changed-nothing"
        /// See the type's documentation.
        public static let crossOrganization = "no-cross-organization"
        /// See the type's documentation.
        public static let liveness = "liveness"
    }

    private let simulation: Simulation
    /// Per-tenant shadow state, indexed like ``World/tenants``.
    // Mutable state is `@exclusivity(unchecked)`: only the driver thread touches it, one access at a time, so the
    // dynamic exclusivity checks of class properties would only cost time.
    @exclusivity(unchecked) var tenants: [TenantWatch] = []
    /// The first violation, if any.
    @exclusivity(unchecked) public private(set) var violation: InvariantViolation?
    /// Number of checks made (one per observed message or admin action).
    @exclusivity(unchecked) public private(set) var checks: UInt64 = 0

    /// A monitor for `simulation` (for the virtual time, step and seed of a violation).
    public init(simulation: Simulation) { self.simulation = simulation }

    /// Whether a violation has been seen.
    @inline(__always)
    public var hasViolation: Bool { violation != nil }

    /// Registers a tenant (an organization with its IdP) and returns its index.
    func addTenant(organizationID: String) -> Int {
        tenants.append(TenantWatch(organizationID: organizationID))
        return tenants.count - 1
    }

    /// Whether tenant `tenant`'s organization currently matches its IdP (O(1)).
    public func isConverged(tenant: Int) -> Bool { tenants[tenant].tracker.isConverged }

    /// Whether every tenant's organization matches its IdP. O(1): the monitor counts the tenants whose
    /// tracker differs (asked after every kernel step).
    @inline(__always)
    public var allConverged: Bool { unconvergedTenants == 0 }

    /// Tenants whose convergence tracker has mismatches; kept by ``updateTracker(_:_:)``.
    @exclusivity(unchecked) private var unconvergedTenants = 0

    /// Virtual time (offset from the start) at which every tenant last became converged; `nil` while one
    /// differs. Zero when they never differed.
    @exclusivity(unchecked) public private(set) var allConvergedAt: Duration? = .zero

    /// Whether a run may stop now as far as the monitor knows: a violation was seen, or every tenant is
    /// converged. One stored flag, so a driver can ask after every kernel step at the cost of one read.
    @exclusivity(unchecked) public private(set) var mayStop = true

    /// Applies `change` to tenant `tenant`'s convergence tracker and keeps the count behind ``allConverged``.
    /// Every tracker mutation goes through here.
    @inline(__always)
    func updateTracker(_ tenant: Int, _ change: (inout ConvergenceTracker) -> Void) {
        let was = tenants[tenant].tracker.isConverged
        change(&tenants[tenant].tracker)
        let now = tenants[tenant].tracker.isConverged
        guard now != was else { return }
        unconvergedTenants += now ? -1 : 1
        if unconvergedTenants == 0 {
            allConvergedAt = .nanoseconds(simulation.executor.virtualNanoseconds)
        } else if allConvergedAt != nil {
            allConvergedAt = nil
        }
        mayStop = violation != nil || unconvergedTenants == 0
    }

    /// The convergence bookkeeping of tenant `tenant`.
    public func tracker(tenant: Int) -> ConvergenceTracker { tenants[tenant].tracker }

    /// The member-apply hash of tenant `tenant`: FNV-1a 64 folded over 64-bit words, `h = (h ^ t_ms) * p`
    /// then `h = (h ^ n) * p` (p = 0x100000001b3) for every member a consumed `dsync.user.created` creates, in
    /// apply order, where `t_ms` is the virtual time in whole milliseconds and `n` the directory user's
    /// number (`directory_user_<n>`). This is the trace hash of `research/simpy_pipeline.py` (whose user ids
    /// and event ids are both 1, 2, 3, ...), so the reference configuration can be compared with the SimPy
    /// model hash for hash.
    public func memberApplyHash(tenant: Int) -> UInt64 { tenants[tenant].applyHash }

    /// Folds one created member into the tenant's member-apply hash. `userKey` is the directory-user table key
    /// of `userID` when known: a canonical number is the id's trailing number, so it is used without re-reading
    /// the id. O(1).
    func foldApply(tenant: Int, userID: String?, userKey: DirectoryUserTable.Key? = nil) {
        let number: Int64
        if case .number(let n)? = userKey {
            number = Int64(n)
        } else {
            guard let userID, let parsed = Self.trailingNumber(userID) else { return }
            number = parsed
        }
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var h = tenants[tenant].applyHash
        h = (h ^ UInt64(bitPattern: simulation.executor.virtualNanoseconds / 1_000_000)) &* prime
        h = (h ^ UInt64(bitPattern: number)) &* prime
        tenants[tenant].applyHash = h
    }

    /// The number at the end of an id such as `directory_user_00000000000000000000000042` (42), or `nil` when
    /// it does not end in digits. O(length), no allocation.
    static func trailingNumber(_ id: String) -> Int64? {
        var id = id
        return id.withUTF8 { bytes -> Int64? in
            var value: Int64 = 0
            var scale: Int64 = 1
            var digits = 0
            var i = bytes.count
            while i > 0 {
                let byte = bytes[i - 1]
                guard byte >= 48 && byte <= 57 else { break }
                if digits < 18 {
                    value += Int64(byte - 48) * scale
                    scale *= 10
                }
                digits += 1
                i -= 1
            }
            return digits == 0 ? nil : value
        }
    }

    /// Records a violation of `invariant` (only the first one is kept).
    public func report(_ invariant: String, _ detail: @autoclosure () -> String) {
        guard violation == nil else { return }
        violation = InvariantViolation(
            invariant: invariant, detail: detail(), virtualTime: simulation.now.offset,
            step: simulation.executor.steps, seed: simulation.seed)
        mayStop = true
    }

    /// Counts one check.
    @inline(__always)
    func tick() { checks &+= 1 }
}

/// What the monitor remembers about one tenant.
struct TenantWatch {
    let organizationID: String
    /// Lower-cased emails of every person the IdP ever had in scope (assigned to the app).
    var everAssigned = AssignedEmails()
    /// Wanted (assigned active) IdP emails against linked organization members.
    var tracker = ConvergenceTracker()
    /// For each IdP person index, the key it currently counts as wanted (`nil`: not wanted).
    var wantedKey: [String?] = []
    /// FNV-1a over 64-bit words of (virtual ms, directory-user number) per member created by a consumed
    /// `dsync.user.created`, in apply order (see ``InvariantMonitor/memberApplyHash(tenant:)``).
    var applyHash: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Directory id -> its current bearer token (`nil` once revoked or deleted), for this tenant's directories.
    var tokens: [String: String?] = [:]
    /// The latest directory with a live token: its id, its path prefix and the `Authorization` value that
    /// is right for it (the checks' fast path), boxed so that a check copies one reference, not three strings.
    /// Replacing it forgets what ``verified`` remembers.
    var fastPath: CredentialFastPath? {
        didSet {
            verified = VerifiedRequestParts()
            fastPathDirectoryBits = fastPath.map { DirectorySyncBrokerState.stringBits($0.directoryID) } ?? (0, 0)
        }
    }
    /// The representation bits of ``fastPath``'s directory id (which the fast path holds, so the bits identify it):
    /// an event whose directory id has these bits concerns that directory, told without reading the text.
    var fastPathDirectoryBits: (UInt64, UInt64) = (0, 0)
    /// Request paths and header lists already found to pass ``fastPath``'s two tests.
    var verified = VerifiedRequestParts()
}

/// The strings of ``TenantWatch/fastPath``: a directory, its SCIM path prefix (`/directories/<id>/`-style,
/// ``DirectorySyncBrokerState/endpointPath(directoryID:)`` and `/`) and the `Authorization` value its current
/// token gives (`Bearer <token>`). Immutable.
final class CredentialFastPath: Sendable {
    let directoryID: String
    let pathPrefix: String
    let authorization: String

    init(directoryID: String, pathPrefix: String, authorization: String) {
        self.directoryID = directoryID
        self.pathPrefix = pathPrefix
        self.authorization = authorization
    }

    /// Whether `request` addresses this directory's path prefix and carries exactly ``authorization``: the
    /// first field named exactly `Authorization`, else the first named so case-insensitively (as
    /// ``InvariantMonitor/authorization(_:)`` reads it). The fields are read in place. O(path prefix + fields).
    @inline(__always)
    func matches(_ request: borrowing SCIMRequest) -> Bool {
        pathMatches(request.path) && authorizationMatches(request.headers)
    }

    /// The path half of ``matches(_:)``: whether `path` begins with ``pathPrefix``. O(path prefix).
    @inline(__always)
    func pathMatches(_ path: String) -> Bool { DirectorySyncBrokerState.utf8HasPrefix(path, pathPrefix) }

    /// The header half of ``matches(_:)``: whether `headers` carry exactly ``authorization``. O(fields).
    @inline(__always)
    func authorizationMatches(_ headers: HTTPHeaders) -> Bool {
        let fields = headers.fields
        // The length test first: other names (usually small strings) are then told apart without a text compare.
        for i in fields.indices where fields[i].name.utf8.count == 13 && fields[i].name == "Authorization" {
            return fields[i].value == authorization
        }
        return headers["Authorization"] == authorization
    }
}

/// An insert-only set of email keys (texts already lower-cased, ``OrganizationState/emailKey(_:)``) found by
/// their ``EmailKey/fingerprint``: open addressing with linear probing over a power-of-two table, at most half
/// full. A lookup with an ``EmailKey`` hashes nothing (the fingerprint was computed once per event); texts are
/// compared exactly, so membership is that of a `Set<String>` of the texts. Nothing iterates it.
struct AssignedEmails {
    /// The table; `nil` marks an empty slot.
    private var slots: [EmailKey?] = []
    /// Keys held.
    private(set) var count = 0

    /// The table slot where probing for `fingerprint` starts (its high bits after a multiplicative mix, so
    /// fingerprints differing only in high bits spread). `slots.count` is a power of two.
    @inline(__always)
    private func start(_ fingerprint: UInt64) -> Int {
        let bits = UInt64(slots.count.trailingZeroBitCount)
        return Int(truncatingIfNeeded: (fingerprint &* 0x9e37_79b9_7f4a_7c15) >> (64 - bits))
    }

    /// Whether `key` was inserted. O(1) expected, no hashing.
    func contains(_ key: EmailKey) -> Bool {
        guard !slots.isEmpty else { return false }
        let mask = slots.count - 1
        var i = start(key.fingerprint)
        while let held = slots[i] {
            if held == key { return true }
            i = (i + 1) & mask
        }
        return false
    }

    /// Inserts the key text `text` (already lower-cased); returns whether it was new. O(length of `text`).
    @discardableResult
    mutating func insert(_ text: String) -> Bool { insert(EmailKey(key: text)) }

    /// Inserts `key`; returns whether it was new. O(1) amortized.
    @discardableResult
    mutating func insert(_ key: EmailKey) -> Bool {
        if (count + 1) * 2 > slots.count { grow(to: max(16, slots.count * 2)) }
        let mask = slots.count - 1
        var i = start(key.fingerprint)
        while let held = slots[i] {
            if held == key { return false }
            i = (i + 1) & mask
        }
        slots[i] = key
        count += 1
        return true
    }

    /// Makes room for `capacity` keys without rehashing.
    mutating func reserveCapacity(_ capacity: Int) {
        var size = max(16, slots.count)
        while size < capacity * 2 { size *= 2 }
        if size > slots.count { grow(to: size) }
    }

    /// Rehashes into a table of `size` slots (a power of two, more than twice ``count``).
    private mutating func grow(to size: Int) {
        let old = slots
        slots = Array(repeating: nil, count: size)
        let mask = size - 1
        for case let key? in old {  // rehash in table order: placement only, decides nothing
            var i = start(key.fingerprint)
            while slots[i] != nil { i = (i + 1) & mask }
            slots[i] = key
        }
    }
}
