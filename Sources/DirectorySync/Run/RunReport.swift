/// A broken safety or liveness invariant: the first one stops the run.
public struct InvariantViolation: Sendable, Hashable, Error {
    /// The invariant's stable name, e.g. `exactly-one-primary-owner`.
    public var invariant: String
    /// What was seen, naming the people or events involved.
    public var detail: String
    /// Virtual time since the run's start when it was seen.
    public var virtualTime: Duration
    /// The kernel step at which it was seen.
    public var step: UInt64
    /// The run's seed.
    public var seed: UInt64

    /// A violation.
    public init(invariant: String, detail: String, virtualTime: Duration, step: UInt64, seed: UInt64) {
        self.invariant = invariant
        self.detail = detail
        self.virtualTime = virtualTime
        self.step = step
        self.seed = seed
    }
}

/// Counts of what happened during a run, in deterministic (sorted) order. Wall-clock figures are not
/// here: only the CLI and Benchmarks measure wall time, around a run.
public struct RunReport: Sendable, Hashable {
    /// The configuration that ran.
    public var configuration: RunConfiguration
    /// Every derived fault setting as (name, value) text pairs, in a fixed order, printed with the seed.
    public var faultSettings: [KeyValue]
    /// People in the IdP's directory at the start.
    public var directoryPeople: Int
    /// Virtual time from start to the end of the run.
    public var virtualDuration: Duration
    /// Virtual time at which the organization's SCIM members first equalled the IdP's assigned active
    /// people after the last change (`nil` if that never happened).
    public var convergenceTime: Duration?
    /// Whether the run ended converged (liveness held).
    public var converged: Bool
    /// Members in the organization at the end (including the Primary Owner).
    public var organizationMembers: Int
    /// Members linked to a directory user by sync at the end (``OrganizationState/linkedMemberCount``): the
    /// people the run provisioned, without the Primary Owner and other members added by hand.
    public var syncedMembers = 0
    /// SCIM requests the broker answered, by method and status, sorted by method then status.
    public var requests: [RequestCount]
    /// Broker events by kind (`dsync.user.created`, ...), sorted by kind.
    public var events: [KeyCount]
    /// Webhook delivery counts.
    public var webhooks: WebhookCounts
    /// Kernel steps (executed jobs and deferred callbacks).
    public var steps: UInt64
    /// The trace hash.
    public var traceHash: UInt64
    /// How the kernel run ended (`quiescent`, `deadline`, `stopped`, `deadlock: ...`).
    public var ending: String
    /// Invariant violations (at most one: the first stops the run).
    public var violations: [InvariantViolation]

    /// The member-apply hash of the run's organization (``InvariantMonitor/memberApplyHash(tenant:)``): equal
    /// to `research/simpy_pipeline.py`'s hash when the run is configured like that model.
    public var memberApplyHash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The trace hash as 16 lower-case hex digits.
    public var traceHashHex: String {
        let s = String(traceHash, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// A report.
    public init(
        configuration: RunConfiguration, faultSettings: [KeyValue], directoryPeople: Int, virtualDuration: Duration,
        convergenceTime: Duration?, converged: Bool, organizationMembers: Int, requests: [RequestCount],
        events: [KeyCount], webhooks: WebhookCounts, steps: UInt64, traceHash: UInt64, ending: String,
        violations: [InvariantViolation]
    ) {
        self.configuration = configuration
        self.faultSettings = faultSettings
        self.directoryPeople = directoryPeople
        self.virtualDuration = virtualDuration
        self.convergenceTime = convergenceTime
        self.converged = converged
        self.organizationMembers = organizationMembers
        self.requests = requests
        self.events = events
        self.webhooks = webhooks
        self.steps = steps
        self.traceHash = traceHash
        self.ending = ending
        self.violations = violations
    }
}

/// A named text value in a report.
public struct KeyValue: Sendable, Hashable {
    /// The name.
    public var key: String
    /// The value as text.
    public var value: String
    /// A pair.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A named count in a report.
public struct KeyCount: Sendable, Hashable {
    /// The name.
    public var key: String
    /// The count.
    public var count: Int
    /// A pair.
    public init(_ key: String, _ count: Int) {
        self.key = key
        self.count = count
    }
}

/// How many SCIM requests with this method got this status.
public struct RequestCount: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The HTTP status.
    public var status: Int
    /// The count.
    public var count: Int
    /// A count.
    public init(method: String, status: Int, count: Int) {
        self.method = method
        self.status = status
        self.count = count
    }
}

/// Webhook delivery figures for a run.
public struct WebhookCounts: Sendable, Hashable {
    /// Delivery attempts sent.
    public var attempts: Int
    /// Attempts after the first for an event.
    public var retries: Int
    /// Deliveries the organization recognised as duplicates (event id already seen).
    public var duplicates: Int
    /// Deliveries the organization rejected (bad signature or stale timestamp).
    public var rejected: Int
    /// Counts.
    public init(attempts: Int = 0, retries: Int = 0, duplicates: Int = 0, rejected: Int = 0) {
        self.attempts = attempts
        self.retries = retries
        self.duplicates = duplicates
        self.rejected = rejected
    }
}
