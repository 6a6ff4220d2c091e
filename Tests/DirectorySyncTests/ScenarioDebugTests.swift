import Foundation
import Testing

@testable import DirectorySync

@Suite struct ScenarioDebugTests {
    @Test func debugSeed() throws {
        guard let s = ProcessInfo.processInfo.environment["DEBUG_SEED"], let seed = UInt64(s) else { return }
        let idp: IdentityProviderKind = ProcessInfo.processInfo.environment["DEBUG_IDP"] == "entra" ? .entra : .okta
        let configuration = PropertyMixTests.configuration(seed, idp)
        let run = try ScenarioTesting.run(configuration)
        print("FAULTS", run.report.faultSettings.filter { $0.value != "off" }.map { "\($0.key)=\($0.value)" })
        print("PLAN", run.plan.settings.map { "\($0.key)=\($0.value)" })
        print(
            "POLICY", configuration.policy, configuration.wire, configuration.bystanderPeople, "people",
            run.report.directoryPeople)
        print("VIOLATIONS", run.report.violations)
        let mismatch = run.world.monitor.tracker(tenant: 0).sampleMismatches(limit: 5)
        print("MISMATCH", mismatch)
        let dir = run.identityProvider.directory
        for key in mismatch {
            let people = dir.people.indices.filter {
                dir.people[$0].email.lowercased() == key || "user\($0)@example.com" == key
            }
            for p in people {
                print("PERSON", p, dir.people[p], "wants", dir.wantsActive(p), "inScope", dir.isInScope(p))
                print(
                    "  SYNC", run.identityProvider.syncStatus(ofPerson: p, now: run.report.virtualDuration) as Any,
                    run.identityProvider.personSync[p])
                for e in run.plan.steps {
                    if case .change(let c) = e.step, c.person == p { print("  STEP", e.time, c) }
                }
                for f in run.identityProvider.failures where f.target == .person(p) { print("  FAIL", f) }
            }
            print("  MEMBER", run.organization.member(email: key) as Any)
        }
        for e in run.plan.steps { if case .admin(let a) = e.step { print("ADMIN", e.time, a) } }
        for e in run.world.adminLog { print("LOG", e.time, e.action.name, e.refusal as Any) }
        print("OUTAGES", run.plan.webhookOutages)
        print("STATS", run.broker.statistics)
    }
}
