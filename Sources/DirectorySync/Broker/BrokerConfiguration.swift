import SCIM

/// Parameters of the directory-sync broker. Every default names its source or is labelled an assumption.
public struct DirectorySyncBrokerConfiguration: Sendable {
    /// "Delete inactive users" (WorkOS "secure flow"), on by default in new environments: a user who
    /// becomes inactive is deleted from the directory and emits `dsync.user.deleted`; off ("custom
    /// management flow") it emits `dsync.user.updated` with `state: inactive`
    /// (https://workos.com/changelog/secure-flow-for-user-state-management;
    /// https://workos.com/docs/directory-sync/handle-inactive-users.md).
    public var deleteInactiveUsers: Bool = true

    /// The inbound SCIM endpoint's limit per directory. WorkOS publishes no limit for it; the default
    /// is an **assumption** derived from the general limit of 6,000 requests per 60 s per API key
    /// (https://workos.com/docs/reference/rate-limits.md): 100 requests/s sustained, burst 100.
    public var scimRateLimit = RateLimit(ratePerSecond: 100, burst: 100)

    /// The Events API limit per organization (the stand-in for one API key): 6,000 requests per 60 s
    /// (https://workos.com/docs/reference/rate-limits.md), i.e. 100/s; burst 100 is an **assumption**.
    public var eventsAPIRateLimit = RateLimit(ratePerSecond: 100, burst: 100)

    /// How long events stay listable: 30 days (https://workos.com/docs/reference/events).
    public var eventRetention: Duration = .seconds(30 * 86_400)

    /// Events API page size bounds: `limit` 1...100, default 10
    /// (https://docs.rs/crate/workos/1.0.1/source/src/resources/events.rs).
    public var eventsAPIDefaultLimit = 10
    /// The largest `limit` the Events API accepts (same source).
    public var eventsAPIMaxLimit = 100

    /// Settings of each directory's ``SCIMService`` (its `bearerToken` and `baseLocation` are replaced
    /// per directory). Defaults: the service's own (lenient, IdP-compatible).
    public var scimService = SCIMServiceConfiguration()

    /// The broker's public base URL, prefixed to endpoint paths in `meta.location`. **Assumption**
    /// (a placeholder host; WorkOS's real host is not modelled).
    public var baseURL = "https://api.broker.example.test"

    /// Webhook delivery behaviour.
    public var webhooks = WebhookDeliveryPolicy()

    /// Defaults as documented on each property.
    public init() {}
}

/// How the broker delivers webhooks. WorkOS does not publish its retry schedule; see each property.
public struct WebhookDeliveryPolicy: Sendable, Hashable {
    /// A delivery attempt with no answer after this long counts as failed and is retried. WorkOS
    /// guidance gives both 5 s and 10 s (https://github.com/workos/skills/blob/main/plugins/workos/skills/workos/references/workos-events.md,
    /// .../workos-directory-sync.md); default 10 s.
    public var timeout: Duration = .seconds(10)
    /// Total attempts per event and endpoint: 1 + 8 retries, from a third-party claim of "8 retries,
    /// exponential backoff" (https://raw.githubusercontent.com/api-evangelist/workos/main/rate-limits/workos-rate-limits.yml,
    /// low confidence; **assumption**).
    public var maxAttempts = 9
    /// Delay before the first retry; doubles per retry. **Assumption** (30 s).
    public var initialBackoff: Duration = .seconds(30)
    /// Upper bound on one retry delay. **Assumption** (1 hour).
    public var maxBackoff: Duration = .seconds(3600)
    /// At most this many attempts in flight per endpoint; the rest wait in order. **Assumption** (32).
    public var maxInFlightPerEndpoint = 32

    /// How bodies travel and what is signed. Default ``WebhookWire/value`` (fast; see ``WebhookSignature``).
    public var wire = WebhookWire.value

    /// Defaults as documented on each property.
    public init() {}

    /// The delay before retry number `retry` (1 for the first retry): `initialBackoff * 2^(retry-1)`,
    /// capped at `maxBackoff`.
    public func backoff(retry: Int) -> Duration {
        var delay = initialBackoff
        var n = 1
        while n < retry && delay < maxBackoff {
            delay *= 2
            n += 1
        }
        return min(delay, maxBackoff)
    }
}

/// How webhook bodies travel from broker to organization (DESIGN.md section 4: value or bytes links).
public enum WebhookWire: String, Sendable, Hashable {
    /// The body travels as the typed event (``WebhookPayload``, no JSON is built); the signature covers
    /// ``WebhookSignature/signedPayload(of:)-(DirectoryEvent)``, the same bytes as the documented canonical payload
    /// of the JSON envelope.
    case value
    /// The body is encoded with ``JSONCodec`` and the signature covers the raw bytes, as WorkOS does.
    case bytes
}
