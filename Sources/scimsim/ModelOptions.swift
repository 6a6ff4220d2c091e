import DirectorySync

/// The flags that describe the simulated world, shared by `scimsim run` and `scimsim sweep`.
///
/// `nil` means "not given": the runner then uses the profile's documented default. Parsing is
/// one flag at a time through ``accept(_:from:)`` so each subcommand adds its own flags around these.
struct ModelOptions: Equatable {
    /// People generated when neither `--users` nor `--directory` is given.
    static let defaultUsers = 10_000

    /// `--users N`: generated people.
    var users: Int?
    /// `--directory FILE`: a directory export to import.
    var directoryPath: String?
    /// `--idp okta|entra`.
    var identityProvider: IdentityProviderKind = .okta
    /// `--scenario NAME`.
    var scenario: ScenarioKind = .initialSync
    /// `--faults none|swarm|<list>`.
    var faults: FaultSelection = .swarm
    /// `--policy fifo|random`.
    var policy: SchedulePolicy = .fifo
    /// `--until DUR`: stop at this virtual time.
    var until: Duration?
    /// `--wire value|bytes`.
    var wire: WireMode = .value
    /// `--idp-concurrency N`.
    var idpConcurrency: Int?
    /// `--idp-latency DUR`: one-way latency of the IdP to broker link.
    var idpLatency: Duration?
    /// `--org-latency DUR`: one-way latency of the broker to organization link.
    var organizationLatency: Duration?
    /// `--webhook-window N`.
    var webhookWindow: Int?
    /// `--webhook-retry-base DUR`.
    var webhookRetryBase: Duration?
    /// `--webhook-max-attempts N`.
    var webhookMaxAttempts: Int?
    /// `--rate-limit N`: broker SCIM requests per second per directory.
    var rateLimitPerSecond: Int?

    /// Every flag this type reads, for "did you mean" suggestions.
    static let flags = [
        "--users", "--directory", "--idp", "--scenario", "--faults", "--policy", "--until", "--wire",
        "--idp-concurrency", "--idp-latency", "--org-latency", "--webhook-window", "--webhook-retry-base",
        "--webhook-max-attempts", "--rate-limit",
    ]

    /// Reads `flag` if it is a model flag (taking its value from `reader`); returns `false` otherwise.
    /// - Throws: `UsageError` naming the flag for a missing or malformed value, or `--users` together
    ///   with `--directory`.
    mutating func accept(_ flag: Flag, from reader: inout ArgumentReader) throws(UsageError) -> Bool {
        let name = flag.name
        switch name {
        case "--users":
            users = try ValueParsing.count(
                try reader.value(of: flag, expected: "a number of people"), flag: name, in: 0...10_000_000)
            if directoryPath != nil { throw Self.peopleConflict(name) }
        case "--directory":
            directoryPath = try reader.value(of: flag, expected: "a directory export file")
            if users != nil { throw Self.peopleConflict(name) }
        case "--idp":
            identityProvider = try ValueParsing.choice(
                try reader.value(of: flag, expected: "okta or entra"), flag: name, noun: "identity provider",
                among: IdentityProviderKind.allCases)
        case "--scenario":
            scenario = try ValueParsing.choice(
                try reader.value(of: flag, expected: "a scenario name"), flag: name, noun: "scenario",
                among: ScenarioKind.allCases)
        case "--faults":
            faults = try ValueParsing.faults(
                try reader.value(of: flag, expected: "none, swarm or a list of fault kinds"), flag: name)
        case "--policy":
            policy = try ValueParsing.choice(
                try reader.value(of: flag, expected: "fifo or random"), flag: name, noun: "policy",
                among: [SchedulePolicy.fifo, .random])
        case "--wire":
            wire = try ValueParsing.choice(
                try reader.value(of: flag, expected: "value or bytes"), flag: name, noun: "wire mode",
                among: [WireMode.value, .bytes])
        case "--until":
            let duration = try Self.duration(flag, from: &reader)
            guard duration > .zero else { throw UsageError(flag: name, "must be longer than zero") }
            until = duration
        case "--idp-latency": idpLatency = try Self.latency(flag, from: &reader)
        case "--org-latency": organizationLatency = try Self.latency(flag, from: &reader)
        case "--webhook-retry-base":
            let duration = try Self.duration(flag, from: &reader)
            guard duration > .zero else { throw UsageError(flag: name, "must be longer than zero") }
            webhookRetryBase = duration
        case "--idp-concurrency": idpConcurrency = try Self.count(flag, from: &reader, in: 1...100_000)
        case "--webhook-window": webhookWindow = try Self.count(flag, from: &reader, in: 1...100_000)
        case "--webhook-max-attempts": webhookMaxAttempts = try Self.count(flag, from: &reader, in: 1...1_000)
        case "--rate-limit": rateLimitPerSecond = try Self.count(flag, from: &reader, in: 1...10_000_000)
        default:
            return false
        }
        return true
    }

    /// The run configuration for `seed` with `people` (generated or imported by the caller).
    /// Settings that parse but cannot lead to a converged run, each as one sentence naming its flag: an
    /// `--org-latency` at or above the organization's webhook signature tolerance (a delivery then always
    /// arrives with a stale `t=` timestamp and is refused, as WorkOS's verification would refuse it).
    var warnings: [String] {
        var found: [String] = []
        let tolerance = OrganizationConfiguration(webhookSecret: "").signatureTolerance
        if let organizationLatency, organizationLatency >= tolerance {
            found.append(
                "--org-latency \(VirtualDuration.flagText(organizationLatency)) is not below the organization's "
                    + "webhook signature tolerance (\(VirtualDuration.flagText(tolerance))): every webhook will "
                    + "arrive stale and be refused, so the run cannot converge")
        }
        return found
    }

    func configuration(seed: UInt64, people: PeopleSource, tracePath: String? = nil) -> RunConfiguration {
        var configuration = RunConfiguration(
            seed: seed, identityProvider: identityProvider, scenario: scenario, people: people, faults: faults,
            policy: policy, until: until, tracePath: tracePath, wire: wire)
        configuration.idpConcurrency = idpConcurrency
        configuration.idpLinkLatency = idpLatency
        configuration.organizationLinkLatency = organizationLatency
        configuration.webhookWindow = webhookWindow
        configuration.webhookRetryBase = webhookRetryBase
        configuration.webhookMaxAttempts = webhookMaxAttempts
        configuration.rateLimitPerSecond = rateLimitPerSecond
        return configuration
    }

    /// The flags that reproduce these options, in a fixed order, omitting values left at their default.
    var arguments: [String] {
        var result: [String] = []
        func add(_ flag: String, _ value: String?) {
            if let value { result += [flag, value] }
        }
        add("--users", users.map(String.init))
        add("--directory", directoryPath)
        add("--idp", identityProvider == .okta ? nil : identityProvider.rawValue)
        add("--scenario", scenario == .initialSync ? nil : scenario.rawValue)
        add("--faults", faults == .swarm ? nil : ValueParsing.text(of: faults))
        add("--policy", policy == .fifo ? nil : policy.rawValue)
        add("--until", until.map(VirtualDuration.flagText))
        add("--wire", wire == .value ? nil : wire.rawValue)
        add("--idp-concurrency", idpConcurrency.map(String.init))
        add("--idp-latency", idpLatency.map(VirtualDuration.flagText))
        add("--org-latency", organizationLatency.map(VirtualDuration.flagText))
        add("--webhook-window", webhookWindow.map(String.init))
        add("--webhook-retry-base", webhookRetryBase.map(VirtualDuration.flagText))
        add("--webhook-max-attempts", webhookMaxAttempts.map(String.init))
        add("--rate-limit", rateLimitPerSecond.map(String.init))
        return result
    }

    private static func peopleConflict(_ flag: String) -> UsageError {
        UsageError(flag: flag, "--users and --directory cannot be combined (people are generated or imported)")
    }

    private static func duration(_ flag: Flag, from reader: inout ArgumentReader) throws(UsageError) -> Duration {
        try VirtualDuration.parse(try reader.value(of: flag, expected: "a virtual duration like 40ms"), flag: flag.name)
    }

    /// The longest one-way link latency a flag may set: 365 days. Virtual time counts nanoseconds in 64 bits
    /// (about 292 years), so a latency near that range would overflow the clock once requests and retries add up.
    static let maximumLatency: Duration = .seconds(365 * 86_400)

    /// `--idp-latency` / `--org-latency`: a duration of at most ``maximumLatency``.
    private static func latency(_ flag: Flag, from reader: inout ArgumentReader) throws(UsageError) -> Duration {
        let latency = try duration(flag, from: &reader)
        guard latency <= maximumLatency else {
            throw UsageError(
                flag: flag.name, "must be at most 365d (a one-way latency), got '\(VirtualDuration.flagText(latency))'")
        }
        return latency
    }

    private static func count(
        _ flag: Flag, from reader: inout ArgumentReader, in range: ClosedRange<Int>
    ) throws(UsageError) -> Int {
        try ValueParsing.count(try reader.value(of: flag, expected: "a whole number"), flag: flag.name, in: range)
    }
}
