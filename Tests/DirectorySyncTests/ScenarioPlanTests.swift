import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Scenario plans as pure functions of (seed, configuration), without running a world.
@Suite struct ScenarioPlanTests {
    private func context(_ people: Int, _ idp: IdentityProviderKind = .okta) -> ScenarioContext {
        ScenarioContext(
            WorldConfiguration(seed: 1, identityProvider: idp, people: WorldConfiguration.generatedPeople(people)))
    }

    /// The same seed and configuration give the same plan; another seed gives another one.
    @Test(arguments: ScenarioKind.allCases)
    func plansArePureFunctionsOfTheSeed(_ kind: ScenarioKind) {
        let a = Scenario.plan(kind, seed: 7, context: context(300))
        #expect(a == Scenario.plan(kind, seed: 7, context: context(300)))
        #expect(a.kind == kind)
        #expect(zip(a.steps, a.steps.dropFirst()).allSatisfy { $0.time <= $1.time })
        if [.churn, .reactivation, .emailRename, .mix].contains(kind) {
            #expect(a != Scenario.plan(kind, seed: 8, context: context(300)))
        }
    }

    /// The initial-sync estimate: Okta 4 link latencies per round of `concurrency` people, Entra two request
    /// spacings per person; scenario times resolve against it.
    @Test func timesResolveAgainstTheEstimate() {
        #expect(context(100).initialSyncEstimate == .milliseconds(1_600))
        #expect(context(100, .entra).initialSyncEstimate == .seconds(200))
        #expect(ScenarioTime.duringInitialSync(basisPoints: 2_500).resolve(estimate: .seconds(8)) == .seconds(2))
        #expect(ScenarioTime.afterInitialSync(.seconds(1)).resolve(estimate: .seconds(8)) == .seconds(13))
        #expect(ScenarioTime.at(.seconds(-5)).resolve(estimate: .seconds(8)) == .zero)
    }

    /// Churn hires get the indices the directory will give them (its size when applied, in step order), and
    /// later days only act on people who exist by then.
    @Test func churnHireIndicesFollowStepOrder() {
        var p = ChurnParameters()
        p.days = 5
        p.dailyRateBasisPoints = 2_000
        var random = SeededRandom(seed: 3, label: "workload")
        let plan = Scenario.churn(p, context: context(50), random: &random)
        var size = 50
        var hiredAt: [Int: Duration] = [:]
        for entry in plan.steps {
            guard case .change(let change) = entry.step else { continue }
            if case .hire = change {
                hiredAt[size] = entry.time
                size += 1
            } else if let person = change.person {
                #expect(person < size)
                if let t = hiredAt[person] { #expect(entry.time - t >= .seconds(1)) }
            }
        }
        #expect(size == 50 + plan.hires && plan.hires > 0)
    }

    /// `mix`: switching a part off never shifts another part's draws (each has its own stream).
    @Test func mixPartsDrawFromTheirOwnStreams() {
        var all = ScenarioParameters()
        all.mix.partBasisPoints = 10_000
        let full = Scenario.plan(.mix, seed: 12, parameters: all, context: context(40))
        #expect(full.parts.count == 8)
        let churnOnly = Scenario.plan(.churn, seed: 12, parameters: all, context: context(40))
        var mixChurn = all.churn
        mixChurn.days = all.mix.churnDays
        var stream = MixPart.churn.stream(seed: 12)
        mixChurn.dailyRateBasisPoints = stream.uniform(in: all.mix.churnRateBasisPoints)
        let alone = Scenario.churn(mixChurn, context: context(40), random: &stream)
        let changes = Set(full.steps.compactMap { if case .change(let c) = $0.step { return c } else { return nil } })
        #expect(alone.steps.allSatisfy { if case .change(let c) = $0.step { changes.contains(c) } else { true } })
        #expect(churnOnly.parts == ["churn"])
        var none = all
        none.mix.partBasisPoints = 0
        #expect(Scenario.plan(.mix, seed: 12, parameters: none, context: context(40)).steps.isEmpty)
    }

    /// The benchmark's size: 50,000 people, 5 % daily churn for 30 days (about 75,000 changes) plans in about a
    /// second in debug.
    @Test func churnPlanScales() {
        var parameters = ScenarioParameters()
        parameters.churn.days = 30
        let plan = Scenario.plan(.churn, seed: 1, parameters: parameters, context: context(50_000))
        #expect(plan.steps.count > 30 * 2_400 && plan.steps.count < 30 * 2_600)
    }
}
