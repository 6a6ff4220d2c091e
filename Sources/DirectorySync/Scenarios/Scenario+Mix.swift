import SimulationKernel

/// A part of the `mix` scenario, in the fixed order in which parts are drawn.
enum MixPart: String, CaseIterable, Sendable {
    case churn
    case reactivation
    case emailRename = "email-rename"
    case resetDuringSync = "reset-during-sync"
    case webhookOutage = "webhook-outage"
    case rateLimiting = "rate-limiting"
    case tokenRotation = "token-rotation"
    case adminRefusals = "admin-refusals"

    /// The part's own random stream, `workload.<part>`.
    func stream(seed: UInt64) -> SeededRandom { SeededRandom(seed: seed, label: "workload." + rawValue) }

    /// The parts that are on for `seed`: one draw per part from the stream `workload`, in ``allCases`` order.
    static func selection(seed: UInt64, parameters: MixParameters) -> [MixPart] {
        var random = SeededRandom(seed: seed, label: "workload")
        return allCases.filter { _ in random.chance(parameters.partBasisPoints, outOf: 10_000) }
    }
}

extension Scenario {
    /// `mix`: the drawn parts, each with numbers drawn from its own stream inside ``MixParameters``' ranges.
    static func mix(_ parameters: ScenarioParameters, seed: UInt64, context: ScenarioContext) -> ScenarioPlan {
        let m = parameters.mix
        let parts = MixPart.selection(seed: seed, parameters: m)
        var plan = ScenarioPlan(kind: .mix)
        let resets = parts.contains(.resetDuringSync)
        for part in parts {
            var random = part.stream(seed: seed)
            switch part {
            case .churn:
                var p = parameters.churn
                p.days = m.churnDays
                p.dailyRateBasisPoints = random.uniform(in: m.churnRateBasisPoints)
                plan.merge(churn(p, context: context, random: &random))
            case .reactivation:
                var p = parameters.reactivation
                p.fractionBasisPoints = random.uniform(in: m.fractionBasisPoints)
                p.start = drawTime(&random)
                p.gap = .milliseconds(1)...Duration.seconds(3600)
                plan.merge(reactivation(p, context: context, random: &random))
            case .emailRename:
                var p = parameters.emailRename
                p.fractionBasisPoints = random.uniform(in: m.fractionBasisPoints)
                p.start = drawTime(&random)
                plan.merge(emailRename(p, context: context, random: &random))
            case .resetDuringSync:
                var p = parameters.resetDuringSync
                p.at = .duringInitialSync(basisPoints: random.uniform(in: 1_000...9_000))
                p.by = random.chance(1, outOf: 2) ? .owner : .primaryOwner
                p.reenableAfter = random.duration(in: .zero...Duration.seconds(60))
                plan.merge(resetDuringSync(p, context: context))
            case .webhookOutage:
                var p = parameters.webhookOutage
                p.at = .duringInitialSync(basisPoints: random.uniform(in: 0...10_000))
                p.length = random.duration(in: m.outageLength)
                plan.merge(webhookOutage(p, context: context))
            case .rateLimiting:
                plan.merge(mixRateLimiting(m, random: &random))
            case .tokenRotation:
                var p = parameters.tokenRotation
                p.at = drawTime(&random)
                // After a reset by the Owner there is no Owner left; the Primary Owner rotates then.
                p.by = resets || random.chance(1, outOf: 2) ? .primaryOwner : .owner
                p.reconfigureAfter = random.duration(in: m.reconfigureAfter)
                p.rotations = random.uniform(in: 1...2)
                plan.merge(tokenRotation(p, context: context))
            case .adminRefusals:
                var p = parameters.adminRefusals
                p.at = .afterInitialSync(random.duration(in: .zero...Duration.seconds(300)))
                let pool = PersonPool(context.people)
                let two = pool.sample(2, &random).map { context.people[$0].email }
                plan.merge(
                    adminRefusals(p, user: two.first, admin: two.count > 1 ? two[1] : nil, context: context))
            }
        }
        plan.kind = .mix
        plan.sortSteps()
        plan.settings.insert(KeyValue("mix.parts", parts.map(\.rawValue).joined(separator: ",")), at: 0)
        return plan
    }

    /// The rate-limiting part of `mix`: a rate drawn from ``MixParameters/ratePerSecond``, burst equal to it.
    static func mixRateLimiting(_ m: MixParameters, random: inout SeededRandom) -> ScenarioPlan {
        var p = RateLimitingParameters()
        p.ratePerSecond = random.uniform(in: m.ratePerSecond)
        p.burst = p.ratePerSecond
        return rateLimiting(p)
    }

    /// During the initial sync (anywhere in it) or up to 10 virtual minutes after it, evenly.
    private static func drawTime(_ random: inout SeededRandom) -> ScenarioTime {
        random.chance(1, outOf: 2)
            ? .duringInitialSync(basisPoints: random.uniform(in: 0...10_000))
            : .afterInitialSync(random.duration(in: .zero...Duration.seconds(600)))
    }
}
