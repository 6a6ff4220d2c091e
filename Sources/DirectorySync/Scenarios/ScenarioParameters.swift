/// When a scenario step happens, relative to the run's initial sync.
///
/// The initial sync's length is not known before the run, so it is estimated from the configuration
/// (``ScenarioTiming/initialSyncEstimate(_:)``); a time resolves against that estimate, which keeps every
/// scenario a pure function of (seed, configuration).
public enum ScenarioTime: Sendable, Hashable {
    /// At this virtual time since the run's start.
    case at(Duration)
    /// This fraction (basis points, 10,000 = the whole estimate) into the estimated initial sync.
    case duringInitialSync(basisPoints: Int)
    /// This long after the estimated end of the initial sync plus half of it again (slack for faults).
    case afterInitialSync(Duration)

    /// The virtual time since the start, given the estimated initial sync length `estimate`.
    public func resolve(estimate: Duration) -> Duration {
        switch self {
        case .at(let time): return max(.zero, time)
        case .duringInitialSync(let bp): return estimate * max(0, bp) / 10_000
        case .afterInitialSync(let delay): return estimate + estimate / 2 + max(.zero, delay)
        }
    }
}

/// Joiners, movers and leavers over virtual days (scenario `churn`).
///
/// Every day, `dailyRateBasisPoints` of the people the IdP wants active at the start of that day change; each
/// change is a joiner, a mover or a leaver with the given weights, at a uniform time inside that day's
/// ``changeWindow``. A leaver is deactivated, unassigned from the app or deleted in the IdP, with the leaver
/// weights. Defaults (assumptions): 5 % daily churn (the figure the benchmark uses), 7 days, equal thirds,
/// leavers deactivated twice as often as unassigned or deleted (Okta deactivates, Entra soft-deletes), office
/// hours 08:00 to 18:00.
public struct ChurnParameters: Sendable, Hashable {
    /// Virtual days of churn (day 0 starts at the run's start).
    public var days = 7
    /// Changes per day, per 10,000 wanted people (500 = 5 %).
    public var dailyRateBasisPoints = 500
    /// Relative weight of joiners (new hires assigned to the app).
    public var joinerWeight = 1
    /// Relative weight of movers (department and title change).
    public var moverWeight = 1
    /// Relative weight of leavers.
    public var leaverWeight = 1
    /// Relative weight of leavers who are deactivated.
    public var deactivateWeight = 2
    /// Relative weight of leavers whose assignment to the app is removed.
    public var unassignWeight = 1
    /// Relative weight of leavers deleted in the IdP.
    public var deleteWeight = 1
    /// The part of each day in which changes happen (offsets from the day's start).
    public var changeWindow: Range<Duration> = Duration.seconds(8 * 3600)..<Duration.seconds(18 * 3600)
    /// Defaults as documented.
    public init() {}
}

/// People deactivated (or unassigned), then some reactivated (scenario `reactivation`; field case F12).
///
/// Each chosen person leaves at a uniform time in `start ..< start + spread` and, with probability
/// `reactivatedBasisPoints`, returns after a gap drawn log-uniformly from ``gap``, so short gaps race the
/// IdP's own request and long ones run through a whole Entra cycle. Defaults are assumptions.
public struct ReactivationParameters: Sendable, Hashable {
    /// Share of the wanted people who leave, per 10,000 (2,000 = 20 %).
    public var fractionBasisPoints = 2_000
    /// Share of them who come back, per 10,000.
    public var reactivatedBasisPoints = 7_500
    /// Share of the leavers who are unassigned and reassigned (Okta unassign/reassign) instead of
    /// deactivated and reactivated, per 10,000.
    public var unassignBasisPoints = 3_000
    /// When the first one leaves.
    public var start = ScenarioTime.afterInitialSync(.seconds(60))
    /// The leaving times spread over this long.
    public var spread: Duration = .seconds(120)
    /// Shortest and longest gap before a return.
    public var gap: ClosedRange<Duration> = Duration.milliseconds(1)...Duration.seconds(2 * 3600)
    /// Defaults as documented.
    public init() {}
}

/// Login and email changes (scenario `email-rename`): Okta pushes a PUT, Entra a PATCH; the organization must
/// end with the new email and no duplicate.
///
/// Each chosen person is renamed at a uniform time in `start ..< start + spread`, either to a new address
/// (`<local>.r<k>@<domain>`) or, with probability `caseOnlyBasisPoints`, to the same address in other letter
/// case (a case-only change, which the organization matches case-insensitively). Defaults are assumptions.
public struct EmailRenameParameters: Sendable, Hashable {
    /// Share of the wanted people renamed, per 10,000.
    public var fractionBasisPoints = 2_000
    /// Share of the renames that only change letter case, per 10,000.
    public var caseOnlyBasisPoints = 2_000
    /// When the first rename happens.
    public var start = ScenarioTime.afterInitialSync(.seconds(60))
    /// The renames spread over this long.
    public var spread: Duration = .seconds(300)
    /// Defaults as documented.
    public init() {}
}

/// A SCIM reset while the initial sync runs, then a new setup (scenario `reset-during-sync`).
///
/// First the admin fumbles the confirmation (each of ``wrongConfirmations`` is typed and refused), then types
/// `Reset`: every member but the Primary Owner is deleted and the directory is deleted (one `dsync.deleted`);
/// the IdP's requests with the old token now get 401. After ``reenableAfter`` the Primary Owner sets SCIM up
/// again and pastes the new endpoint and token into the IdP, which provisions everyone again.
public struct ResetDuringSyncParameters: Sendable, Hashable {
    /// When the reset is typed (default: halfway through the estimated initial sync).
    public var at = ScenarioTime.duringInitialSync(basisPoints: 5_000)
    /// Who resets: the Owner (default) or the Primary Owner.
    public var by = AdminIdentity.owner
    /// Confirmation texts typed (and refused) one virtual second before the reset, in order.
    public var wrongConfirmations = ["reset", "Reset "]
    /// Time from the reset to the new setup (by the Primary Owner: the Owner no longer exists).
    public var reenableAfter: Duration = .seconds(5)
    /// Defaults as documented.
    public init() {}
}

/// The organization's webhook endpoint down for a window (scenario `webhook-outage`): deliveries get 503 and
/// the broker retries them with backoff (``WebhookDeliveryPolicy``). Keep ``length`` well inside the
/// policy's total retry span (about 2 hours by default), or events are dropped and liveness fails.
public struct WebhookOutageParameters: Sendable, Hashable {
    /// When the endpoint goes down.
    public var at = ScenarioTime.duringInitialSync(basisPoints: 3_000)
    /// How long it stays down.
    public var length: Duration = .seconds(300)
    /// Defaults as documented.
    public init() {}
}

/// A tight broker SCIM rate limit for the whole run (scenario `rate-limiting`): a token bucket per directory;
/// over it, 429 with `Retry-After` and nothing applied. Defaults (assumption): 5 requests per second with a
/// burst of 5, which is Deel's published SCIM limit (research/broker-and-app.md section 3.5) and well below
/// Okta's 10 requests in flight, so every initial sync meets a 429 storm. Entra paces its requests one
/// second apart by default (``EntraParameters/requestSpacing``), which no whole-number limit slows, so this
/// scenario also speeds Entra up to ``entraRequestSpacing``. A run's own ``RunConfiguration/rateLimitPerSecond``
/// wins when set (and then Entra's pace is left alone too).
public struct RateLimitingParameters: Sendable, Hashable {
    /// Tokens added per virtual second.
    public var ratePerSecond = 5
    /// Bucket size.
    public var burst = 5
    /// Entra's request spacing in this scenario (`nil`: the profile's). Default 100 ms (10 requests per second,
    /// twice the limit); an assumption, within [MS-WHEN]'s range for incremental work on few objects.
    public var entraRequestSpacing: Duration? = .milliseconds(100)
    /// Defaults as documented.
    public init() {}
}

/// The directory's bearer token rotated mid-run (scenario `token-rotation`). The old token stops working at
/// once; the new one is pasted into the IdP ``reconfigureAfter`` later, so requests sent meanwhile carry the
/// old token, get 401 and change nothing (Okta suspends provisioning until the new token arrives).
public struct TokenRotationParameters: Sendable, Hashable {
    /// When the first rotation happens.
    public var at = ScenarioTime.duringInitialSync(basisPoints: 5_000)
    /// Who rotates (Owner level is required).
    public var by = AdminIdentity.owner
    /// Time from a rotation to pasting the new token into the IdP (zero: at once).
    public var reconfigureAfter: Duration = .seconds(30)
    /// Rotations in all.
    public var rotations = 1
    /// Time between two rotations.
    public var interval: Duration = .seconds(600)
    /// Defaults as documented.
    public init() {}
}

/// Admin actions that must be refused and change nothing: a member who is not an Owner tries to enable and to
/// reset SCIM (a plain User, and a User an Owner promoted to Admin first), and an Owner types the wrong reset
/// confirmation texts. Part of `mix`; the `reset-during-sync` scenario types its own wrong confirmations.
public struct AdminRefusalParameters: Sendable, Hashable {
    /// When the attempts start (one virtual second apart).
    public var at = ScenarioTime.afterInitialSync(.seconds(30))
    /// Wrong confirmation texts the Primary Owner types.
    public var wrongConfirmations = ["reset", "Reset "]
    /// Defaults as documented.
    public init() {}
}

/// The seeded mix (scenario `mix`): each part is on with probability ``partBasisPoints`` (swarm style, drawn
/// from the stream `workload`), and each part's numbers are drawn from its own stream (`workload.<part>`)
/// inside the ranges below, so that switching one part on or off never shifts another's draws.
public struct MixParameters: Sendable, Hashable {
    /// Probability per part, per 10,000.
    public var partBasisPoints = 5_000
    /// Days of churn when churn is on (the rate is drawn from ``churnRateBasisPoints``).
    public var churnDays = 2
    /// Daily churn rate range, per 10,000.
    public var churnRateBasisPoints: ClosedRange<Int> = 100...2_000
    /// Share of people in reactivation and rename, per 10,000.
    public var fractionBasisPoints: ClosedRange<Int> = 500...5_000
    /// Webhook outage length range.
    public var outageLength: ClosedRange<Duration> = Duration.seconds(1)...Duration.seconds(1_800)
    /// Rate limit range (requests per second; the burst equals the rate).
    public var ratePerSecond: ClosedRange<Int> = 2...50
    /// Time from a token rotation to the IdP's reconfiguration.
    public var reconfigureAfter: ClosedRange<Duration> = Duration.zero...Duration.seconds(120)
    /// Defaults as documented.
    public init() {}
}

/// Every number of every scenario, with documented defaults. ``RunConfiguration/scenarioParameters`` carries
/// them (`nil`: these defaults).
public struct ScenarioParameters: Sendable, Hashable {
    /// `churn`.
    public var churn = ChurnParameters()
    /// `reactivation`.
    public var reactivation = ReactivationParameters()
    /// `email-rename`.
    public var emailRename = EmailRenameParameters()
    /// `reset-during-sync`.
    public var resetDuringSync = ResetDuringSyncParameters()
    /// `webhook-outage`.
    public var webhookOutage = WebhookOutageParameters()
    /// `rate-limiting`.
    public var rateLimiting = RateLimitingParameters()
    /// `token-rotation`.
    public var tokenRotation = TokenRotationParameters()
    /// Refused admin attempts (in `mix`).
    public var adminRefusals = AdminRefusalParameters()
    /// `mix`.
    public var mix = MixParameters()
    /// Defaults as documented on each type.
    public init() {}
}
