import SCIM

/// Retry behaviour for one request that failed with a 5xx status or a timeout.
///
/// The delay before attempt `k + 1` (after `k` failures) is `min(maximumDelay, baseDelay * 2^(k-1))`,
/// scaled by a factor drawn uniformly from `[1 - jitter, 1 + jitter]`. After `maximumAttempts`
/// failed attempts the IdP gives up on the job (Okta: a failed task; Entra: the object goes to escrow).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per job before giving up, counting the first (>= 1).
    public var maximumAttempts: Int
    /// Delay after the first failure.
    public var baseDelay: Duration
    /// Cap on any one delay.
    public var maximumDelay: Duration
    /// Relative jitter in `0...1`; `0.2` means +/- 20 %.
    public var jitter: Double
    /// Delay used for a 429 without a usable `Retry-After` (delta-seconds, RFC 9110 section 10.2.3).
    public var defaultRetryAfter: Duration

    /// A policy.
    public init(
        maximumAttempts: Int, baseDelay: Duration, maximumDelay: Duration, jitter: Double,
        defaultRetryAfter: Duration
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.jitter = min(1, max(0, jitter))
        self.defaultRetryAfter = defaultRetryAfter
    }
}

/// Parameters of the Okta SCIM 2.0 client (OIN integration), research/scim-protocol.md section 2.
public struct OktaParameters: Sendable, Hashable {
    /// `User-Agent` Okta sends: "Okta SCIM Client 1.0.0" [OKTA-SCIM20].
    public var userAgent: String = "Okta SCIM Client 1.0.0"
    /// Placeholder password Okta puts in a create body when password sync is off. Assumption: Okta
    /// sends a random one; a constant keeps runs reproducible.
    public var placeholderPassword: String = "pl4ceh0lder"
    /// `locale` Okta sends in user bodies (example in [OKTA-SCIM20]).
    public var locale: String = "en-US"
    /// A default Okta parameter set.
    public init() {}
}

/// Which shape Entra's PATCH bodies take (research/scim-protocol.md section 3, [MS-COMPAT]).
public enum EntraDialect: String, Sendable, Hashable, CaseIterable {
    /// Default job without the flag: capitalised ops, string booleans "True"/"False", one op per
    /// attribute with a path, member removal as `Remove` on `members` with a value list.
    case legacy
    /// With the `aadOptscim062020` flag: lowercase ops, real booleans, non-filtered attributes merged
    /// into one pathless `replace` with dotted and URN keys, member removal by `members[value eq "id"]`.
    case aadOptscim062020
}

/// Parameters of the Microsoft Entra ID provisioning job, research/scim-protocol.md section 3.
public struct EntraParameters: Sendable, Hashable {
    /// PATCH dialect; `legacy` is Entra's default [MS-COMPAT].
    public var dialect: EntraDialect = .legacy
    /// Time from one cycle's start to the next: "approximately every 40 minutes" [MS-HOW]. A cycle
    /// that runs longer is followed immediately ("cycles run back-to-back").
    public var cycleInterval: Duration = .seconds(40 * 60)
    /// Soft-deleted users are hard-deleted 30 days later, which Entra sends as DELETE [MS-HOW].
    public var hardDeleteAfter: Duration = .seconds(30 * 86_400)
    /// Escrow evaluation starts after this many failed object operations [MS-QUAR].
    public var escrowMinimumFailures: Int = 5_000
    /// Quarantine when more than this fraction of object operations fail [MS-QUAR] (40 %).
    public var escrowFailureFraction: Double = 0.4
    /// Quarantine when failures exceed this count regardless of the fraction [MS-QUAR].
    public var escrowAbsoluteFailures: Int = 40_000
    /// Gaps between cycles while quarantined: frequency "drops gradually to once per day" [MS-QUAR];
    /// the values follow the documented escrow retry schedule +6 h, +12 h, +24 h, then every 24 h.
    public var quarantineCycleGaps: [Duration] = [.seconds(6 * 3600), .seconds(12 * 3600), .seconds(24 * 3600)]
    /// A job in quarantine this long is disabled (4 weeks) [MS-QUAR].
    public var quarantineDisableAfter: Duration = .seconds(28 * 86_400)
    /// Offsets from an object's first failure at which escrow retries it: +6 h, +12 h, +24 h, then
    /// every 24 h [MS-QUAR]; after ``escrowGiveUpAfter`` it is dropped.
    public var escrowRetryOffsets: [Duration] = [.seconds(6 * 3600), .seconds(12 * 3600), .seconds(24 * 3600)]
    /// An escrowed object is dropped this long after its first failure (28 days) [MS-QUAR].
    public var escrowGiveUpAfter: Duration = .seconds(28 * 86_400)
    /// Processing time per object unit: after a request the job waits this long times the request's
    /// units (1, or the number of membership changes of a group-member PATCH) before the next one.
    /// Assumption calibrated to [MS-WHEN]'s initial-cycle estimate of 0.01 to 0.08 minutes per object
    /// (N = assigned users + groups + group members): a created user costs a GET and a POST (2 s,
    /// 0.033 min) and each membership one unit, so any mix lands between 0.017 and 0.033 min per object.
    public var requestSpacing: Duration = .seconds(1)
    /// A default Entra parameter set.
    public init() {}
}

/// Which IdP the state machine imitates.
public enum IdentityProviderClient: Sendable, Hashable {
    /// Okta: event-driven push (research/scim-protocol.md section 2).
    case okta(OktaParameters)
    /// Microsoft Entra ID: sync cycles (research/scim-protocol.md section 3).
    case entra(EntraParameters)
}

/// An IdP profile: which client it imitates plus the request-scheduling parameters.
public struct IdentityProviderProfile: Sendable, Hashable {
    /// Okta or Entra, with their parameters.
    public var kind: IdentityProviderClient
    /// Requests in flight at once (the actor runs this many worker loops).
    public var concurrency: Int
    /// Retries on 5xx and timeouts.
    public var retry: RetryPolicy

    /// A profile.
    public init(kind: IdentityProviderClient, concurrency: Int, retry: RetryPolicy) {
        self.kind = kind
        self.concurrency = max(1, concurrency)
        self.retry = retry
    }

    /// Okta defaults. Concurrency 10: Okta publishes no outbound figure [OKTA-FORUM-LOAD]; 10 is an
    /// assumption matching research/simpy_pipeline.py (`IDP_WORKERS`) and Okta's remark that bulk loads
    /// rarely need more than ~10 concurrent transactions. Retry: 5 attempts, 1 s doubling to 5 min,
    /// +/- 20 % jitter, 60 s when `Retry-After` is missing; all assumptions (Okta publishes none; it
    /// reschedules on 429 per `Retry-After` [OKTA-SLACK-RL]).
    public static func okta(_ parameters: OktaParameters = OktaParameters()) -> IdentityProviderProfile {
        IdentityProviderProfile(
            kind: .okta(parameters), concurrency: 10,
            retry: RetryPolicy(
                maximumAttempts: 5, baseDelay: .seconds(1), maximumDelay: .seconds(300), jitter: 0.2,
                defaultRetryAfter: .seconds(60)))
    }

    /// Entra defaults. Concurrency 4 is an assumption (unpublished): the job's pace is set by
    /// ``EntraParameters/requestSpacing``, which keeps about one request in flight, so more workers
    /// would only wake to find nothing to send. Retry within a cycle: 3 attempts, 2 s doubling to 60 s,
    /// +/- 20 % jitter (assumption); after that the object goes to escrow [MS-QUAR].
    public static func entra(_ parameters: EntraParameters = EntraParameters()) -> IdentityProviderProfile {
        IdentityProviderProfile(
            kind: .entra(parameters), concurrency: 4,
            retry: RetryPolicy(
                maximumAttempts: 3, baseDelay: .seconds(2), maximumDelay: .seconds(60), jitter: 0.2,
                defaultRetryAfter: .seconds(60)))
    }
}

/// Where and how the IdP reaches the directory: set by the organization's SCIM setup.
public struct IdentityProviderConfiguration: Sendable, Hashable {
    /// The SCIM base URL (or base path) of the directory, e.g. `https://broker.test/scim/v2/d_0001`.
    /// Request paths (``SCIMRequest/path``) are relative to it.
    public var baseURL: String
    /// The bearer token sent as `Authorization: Bearer <token>` (RFC 6750 section 2.1).
    public var bearerToken: String

    /// A configuration.
    public init(baseURL: String, bearerToken: String) {
        self.baseURL = baseURL
        self.bearerToken = bearerToken
    }
}
