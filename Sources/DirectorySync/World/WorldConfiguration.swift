import SimulationKernel

/// Everything that shapes a ``World``: the parties' parameters, the links, the faults and the people.
///
/// Defaults (each an assumption unless a source is named): the IdP link has 40 ms and the organization link
/// 30 ms one-way latency (the values of `research/simpy_pipeline.py`); an IdP request times out after 30 s of
/// virtual time when link faults are on (without link faults no response can be lost, so no timeout is
/// armed); the broker applies no inbound SCIM rate limit (WorkOS publishes none, `research/broker-and-app.md`
/// section 7) unless ``scimRateLimit`` is set; webhook delivery follows ``WebhookDeliveryPolicy``'s defaults.
public struct WorldConfiguration: Sendable {
    /// The root seed.
    public var seed: UInt64
    /// Which IdP (for names and defaults); the behaviour comes from ``profile``.
    public var identityProviderKind: IdentityProviderKind
    /// The IdP profile (request sequences, concurrency, retries).
    public var profile: IdentityProviderProfile
    /// The IdP's people, all assigned to the app individually, in directory order.
    public var people: [DirectoryPerson]
    /// Value or bytes mode.
    public var wire: WireMode
    /// Scheduler policy.
    public var policy: SchedulePolicy
    /// Trace sink (hash only by default).
    public var traceSink: TraceSink
    /// The faults of the run and their heal time.
    public var faults: FaultPlan
    /// One-way latency between the IdP and the broker.
    public var idpLinkLatency: Duration
    /// One-way latency between the broker and the organization.
    public var organizationLinkLatency: Duration
    /// How long an IdP request waits for its response while link faults are on.
    public var idpRequestTimeout: Duration
    /// The broker's parameters (webhook policy, event retention, ...).
    public var broker: DirectorySyncBrokerConfiguration
    /// How organizations consume events: webhooks (default) or the Events API.
    public var consumer: EventConsumerMode
    /// The broker's inbound SCIM limit per directory (`nil`: unlimited).
    public var scimRateLimit: RateLimit?
    /// The Primary Owner's email (a manual member, not in the IdP).
    public var primaryOwnerEmail: String
    /// The Owner's email (a manual member beside the Primary Owner; `nil` for none).
    public var ownerEmail: String?
    /// People of a second organization on the same broker, with its own IdP (0: no second organization).
    /// Its members are `guest<i>@bystander.example.org`; it exists to check that nothing crosses between
    /// organizations.
    public var bystanderPeople: Int
    /// Whether each tenant's Primary Owner enables SCIM at virtual time 0 (default true). Turn it off to script
    /// the setup yourself (for example a non-owner's refused attempt first).
    public var enableSCIMAtStart: Bool
    /// How long after the heal time (or the last scripted action, if later) the organization may take to
    /// converge before the run reports a liveness violation.
    public var livenessBound: Duration

    /// A configuration for `people` under `kind`'s default profile, without faults.
    public init(seed: UInt64, identityProvider kind: IdentityProviderKind = .okta, people: [DirectoryPerson]) {
        self.seed = seed
        identityProviderKind = kind
        profile = kind == .okta ? .okta() : .entra()
        self.people = people
        wire = .value
        policy = .fifo
        traceSink = .hashOnly
        faults = .none
        idpLinkLatency = .milliseconds(40)
        organizationLinkLatency = .milliseconds(30)
        idpRequestTimeout = .seconds(30)
        broker = DirectorySyncBrokerConfiguration()
        scimRateLimit = nil
        consumer = .webhooks
        primaryOwnerEmail = "primary.owner@claude-org.example.test"
        ownerEmail = "owner@claude-org.example.test"
        bystanderPeople = 0
        enableSCIMAtStart = true
        livenessBound = Self.defaultLivenessBound(people: people.count, kind: kind)
    }

    /// The default liveness bound: 6 virtual hours plus 2 s per person, plus 2 days for Entra (whose failed
    /// objects are retried from escrow after 6 to 24 hours [MS-QUAR]). An assumption with wide slack: the
    /// Okta reference pipeline needs 16 ms per person.
    public static func defaultLivenessBound(people: Int, kind: IdentityProviderKind) -> Duration {
        .seconds(6 * 3600) + .seconds(2 * people) + (kind == .entra ? .seconds(2 * 86_400) : .zero)
    }

    /// The `count` invented people of the SimPy reference model: `user<i>@example.com` (login and email),
    /// `Given<i>` / `Family<i>`, external id `00u<i>`, all active.
    public static func generatedPeople(_ count: Int, domain: String = "example.com", prefix: String = "user")
        -> [DirectoryPerson]
    {
        var people: [DirectoryPerson] = []
        people.reserveCapacity(max(0, count))
        // Each string is written once, in place, from the decimal digits of `i` (no intermediate strings).
        let login = Array(prefix.utf8)
        let at = Array(("@" + domain).utf8)
        let given = Array("Given".utf8)
        let family = Array("Family".utf8)
        let external = Array("00u".utf8)
        var digits = [UInt8](repeating: 0, count: 20)
        for i in 0..<max(0, count) {
            var value = i
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            } while value > 0
            let n = digits[start...]
            let email = Self.text(login, n, at)
            people.append(
                DirectoryPerson(
                    userName: email, email: email, givenName: Self.text(given, n), familyName: Self.text(family, n),
                    externalId: Self.text(external, n)))
        }
        return people
    }

    /// `head`, then `number`, then `tail`, as one string built in place (all three are valid UTF-8).
    private static func text(_ head: [UInt8], _ number: ArraySlice<UInt8>, _ tail: [UInt8] = []) -> String {
        String(unsafeUninitializedCapacity: head.count + number.count + tail.count) { buffer in
            var index = 0
            for byte in head {
                buffer[index] = byte
                index += 1
            }
            for byte in number {
                buffer[index] = byte
                index += 1
            }
            for byte in tail {
                buffer[index] = byte
                index += 1
            }
            return index
        }
    }
}
