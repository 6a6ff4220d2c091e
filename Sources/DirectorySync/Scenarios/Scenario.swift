import SimulationKernel

/// The scenarios: each a pure function of (seed, configuration) producing a ``ScenarioPlan``.
///
/// Random choices come from `SeededRandom(seed:label:)` streams: `workload` for a plain scenario; for `mix`,
/// `workload` draws which parts are on and `workload.<part>` each part's numbers and choices, so extra draws
/// in one part never shift another (nor any other subsystem of the run).
public enum Scenario {
    /// The plan of scenario `kind` for a run with `seed`, `parameters` and `context`.
    /// - Complexity: O(people + steps log steps); churn is O(days * changes per day * log).
    public static func plan(
        _ kind: ScenarioKind, seed: UInt64, parameters: ScenarioParameters = ScenarioParameters(),
        context: ScenarioContext
    ) -> ScenarioPlan {
        var random = SeededRandom(seed: seed, label: "workload")
        var plan: ScenarioPlan
        switch kind {
        case .initialSync:
            plan = ScenarioPlan(kind: .initialSync)
            plan.parts = [kind.rawValue]
        case .churn: plan = churn(parameters.churn, context: context, random: &random)
        case .reactivation: plan = reactivation(parameters.reactivation, context: context, random: &random)
        case .emailRename: plan = emailRename(parameters.emailRename, context: context, random: &random)
        case .resetDuringSync: plan = resetDuringSync(parameters.resetDuringSync, context: context)
        case .webhookOutage: plan = webhookOutage(parameters.webhookOutage, context: context)
        case .rateLimiting: plan = rateLimiting(parameters.rateLimiting)
        case .tokenRotation: plan = tokenRotation(parameters.tokenRotation, context: context)
        case .mix: return mix(parameters, seed: seed, context: context)
        }
        plan.kind = kind
        plan.sortSteps()
        return plan
    }

    /// Applies what scenario `kind` changes in the world's configuration before the world is built (the same
    /// as its plan's ``ScenarioPlan/scimRateLimit``, without needing the people): for `rate-limiting`, or a `mix`
    /// with that part, the broker's SCIM rate limit and Entra's request spacing
    /// (``RateLimitingParameters/entraRequestSpacing``). O(1).
    public static func configure(
        _ kind: ScenarioKind, seed: UInt64, parameters: ScenarioParameters, world: inout WorldConfiguration
    ) {
        let limit: RateLimit?
        switch kind {
        case .rateLimiting:
            limit = rateLimiting(parameters.rateLimiting).scimRateLimit
        case .mix:
            guard MixPart.selection(seed: seed, parameters: parameters.mix).contains(.rateLimiting) else { return }
            var random = MixPart.rateLimiting.stream(seed: seed)
            limit = mixRateLimiting(parameters.mix, random: &random).scimRateLimit
        default:
            return
        }
        world.scimRateLimit = limit
        if case .entra(var entra) = world.profile.kind, let spacing = parameters.rateLimiting.entraRequestSpacing {
            entra.requestSpacing = spacing
            world.profile.kind = .entra(entra)
        }
    }

    /// `reset-during-sync`: wrong confirmations one second before, the reset, then a new setup.
    static func resetDuringSync(_ p: ResetDuringSyncParameters, context: ScenarioContext) -> ScenarioPlan {
        var plan = ScenarioPlan(kind: .resetDuringSync)
        plan.parts = [ScenarioKind.resetDuringSync.rawValue]
        let at = context.time(p.at)
        let fumble = at > .seconds(1) ? at - .seconds(1) : at
        for text in p.wrongConfirmations where text != OrganizationState.resetConfirmationText {
            plan.add(fumble, .admin(.resetSCIM(by: p.by, confirmation: text)), refused: true)
        }
        plan.add(at, .admin(.resetSCIM(by: p.by, confirmation: OrganizationState.resetConfirmationText)))
        plan.add(at + p.reenableAfter, .admin(.enableSCIM(by: .primaryOwner)))
        plan.note("reset.at", FaultPlan.ms(at))
        plan.note("reset.by", Self.name(p.by))
        plan.note("reset.reenable", FaultPlan.ms(at + p.reenableAfter))
        return plan
    }

    /// `webhook-outage`: one window in which the organization's endpoint answers 503.
    static func webhookOutage(_ p: WebhookOutageParameters, context: ScenarioContext) -> ScenarioPlan {
        var plan = ScenarioPlan(kind: .webhookOutage)
        plan.parts = [ScenarioKind.webhookOutage.rawValue]
        let at = context.time(p.at)
        let length = max(.nanoseconds(1), p.length)
        plan.webhookOutages = [at..<(at + length)]
        plan.note("outage.window", FaultPlan.ms(at) + ".." + FaultPlan.ms(at + length))
        return plan
    }

    /// `rate-limiting`: the broker's SCIM token bucket for the whole run.
    static func rateLimiting(_ p: RateLimitingParameters) -> ScenarioPlan {
        var plan = ScenarioPlan(kind: .rateLimiting)
        plan.parts = [ScenarioKind.rateLimiting.rawValue]
        plan.scimRateLimit = RateLimit(ratePerSecond: Int64(max(1, p.ratePerSecond)), burst: Int64(max(1, p.burst)))
        plan.note("ratelimit", "\(max(1, p.ratePerSecond))/s burst \(max(1, p.burst))")
        return plan
    }

    /// `token-rotation`: rotations, each followed by the IdP's reconfiguration.
    static func tokenRotation(_ p: TokenRotationParameters, context: ScenarioContext) -> ScenarioPlan {
        var plan = ScenarioPlan(kind: .tokenRotation)
        plan.parts = [ScenarioKind.tokenRotation.rawValue]
        let first = context.time(p.at)
        for r in 0..<max(0, p.rotations) {
            let at = first + p.interval * r
            if p.reconfigureAfter <= .zero {
                plan.add(at, .admin(.rotateToken(by: p.by, reconfigureIdP: true)))
            } else {
                plan.add(at, .admin(.rotateToken(by: p.by, reconfigureIdP: false)))
                plan.add(at + p.reconfigureAfter, .admin(.configureIdP))
            }
            plan.note("rotation.\(r + 1)", FaultPlan.ms(at) + " reconfigured +" + FaultPlan.ms(p.reconfigureAfter))
        }
        return plan
    }

    /// Refused admin attempts: a User and a promoted Admin try to enable and reset SCIM, and the Primary Owner
    /// types wrong confirmations. `user` and `admin` are two people's emails (nil: those attempts are skipped).
    static func adminRefusals(_ p: AdminRefusalParameters, user: String?, admin: String?, context: ScenarioContext)
        -> ScenarioPlan
    {
        var plan = ScenarioPlan(kind: .mix)
        plan.parts = ["admin-refusals"]
        var t = context.time(p.at)
        func next() -> Duration {
            defer { t += .seconds(1) }
            return t
        }
        if let user {
            plan.add(next(), .admin(.enableSCIM(by: .member(email: user))), refused: true)
            plan.add(next(), .admin(.resetSCIM(by: .member(email: user), confirmation: "Reset")), refused: true)
        }
        if let admin {
            plan.add(next(), .admin(.changeRole(by: .primaryOwner, email: admin, to: .admin)))
            plan.add(next(), .admin(.resetSCIM(by: .member(email: admin), confirmation: "Reset")), refused: true)
            plan.add(next(), .admin(.enableSCIM(by: .member(email: admin))), refused: true)
            plan.add(next(), .admin(.rotateToken(by: .member(email: admin), reconfigureIdP: true)), refused: true)
        }
        for text in p.wrongConfirmations where text != OrganizationState.resetConfirmationText {
            plan.add(next(), .admin(.resetSCIM(by: .primaryOwner, confirmation: text)), refused: true)
        }
        plan.note("refusals.at", FaultPlan.ms(context.time(p.at)))
        return plan
    }

    /// A short name for an admin identity in settings.
    static func name(_ who: AdminIdentity) -> String {
        switch who {
        case .primaryOwner: "primary-owner"
        case .owner: "owner"
        case .member(let email): email
        }
    }
}
