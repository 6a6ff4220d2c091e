/// Which identity-provider profile drives the run (scim-protocol.md sections 2 and 3).
public enum IdentityProviderKind: String, Sendable, Hashable, CaseIterable {
    /// Okta: event-driven push, GET-filter-then-POST, PUT updates, PATCH `active` to deactivate.
    case okta
    /// Microsoft Entra ID: sync cycles, PATCH-only dialect, soft then hard delete, quarantine.
    case entra
}

/// The scripted story a run tells; each is a pure function of (seed, configuration).
public enum ScenarioKind: String, Sendable, Hashable, CaseIterable {
    /// Every assigned person is provisioned from an empty organization.
    case initialSync = "initial-sync"
    /// Initial sync, then joiners, movers and leavers over virtual days.
    case churn
    /// People are deactivated and later reactivated.
    case reactivation
    /// People's email / UPN (userName) changes.
    case emailRename = "email-rename"
    /// The organization's Owner resets SCIM (typing `Reset`) while the initial sync runs, then sets it up again.
    case resetDuringSync = "reset-during-sync"
    /// The organization's webhook endpoint is down for a window; deliveries retry and recover.
    case webhookOutage = "webhook-outage"
    /// The broker's rate limits are tight; the IdP meets 429 `Retry-After` storms.
    case rateLimiting = "rate-limiting"
    /// The directory's bearer token is rotated mid-run; the IdP is reconfigured with the new one.
    case tokenRotation = "token-rotation"
    /// A seeded mix of all of the above.
    case mix
}

/// Which faults the run injects.
public enum FaultSelection: Sendable, Hashable {
    /// No faults: links are reliable with fixed latency.
    case none
    /// Swarm testing: each seed draws its own fault kinds and rates (printed with the seed).
    case swarm
    /// Exactly these fault kinds, with rates drawn from the seed.
    case only([FaultKind])
}

/// A kind of fault a run can inject.
public enum FaultKind: String, Sendable, Hashable, CaseIterable {
    /// Messages lost on links.
    case loss
    /// Messages delivered twice.
    case duplication
    /// Messages overtaking each other (extra latency jitter).
    case reorder
    /// Long-tailed latency.
    case latency
    /// The organization's webhook endpoint down for a window.
    case outage
    /// Tight broker rate limits (429 storms).
    case rateLimit = "ratelimit"
    /// Broker 5xx responses.
    case serverErrors = "errors"
    /// A scheduled partition between the IdP and the broker.
    case partition
    /// An attacker's traffic: webhook deliveries with a wrong signature and SCIM requests with a wrong bearer
    /// token (each must be refused and change nothing).
    case forgery
}
