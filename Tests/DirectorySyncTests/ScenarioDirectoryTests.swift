import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Seeded end-to-end runs of the scenarios that change the IdP's directory: churn, reactivation, email
/// rename. Each checks the final state and counts, and that the same seed gives the same trace hash twice.
@Suite struct ScenarioDirectoryTests {
    static let idps = [IdentityProviderKind.okta, .entra]

    /// Runs `configuration` twice: the second run must give the same trace hash, steps and requests.
    private func runTwice(_ configuration: RunConfiguration) throws -> ScenarioRun {
        let run = try ScenarioTesting.run(configuration)
        let again = try SimulationRunner.run(configuration, progress: nil)
        #expect(again.traceHash == run.report.traceHash && again.steps == run.report.steps)
        #expect(again.requests == run.report.requests && again.events == run.report.events)
        return run
    }

    private func count(_ plan: ScenarioPlan, _ key: String) -> Int {
        plan.settings.first { $0.key == key }.flatMap { Int($0.value) } ?? -1
    }

    /// 200 people, 5 % daily churn for 3 virtual days: every joiner becomes a member, every leaver's member
    /// is removed, movers are updated; created minus deleted events equals the wanted people.
    @Test(arguments: idps)
    func churn(_ idp: IdentityProviderKind) throws {
        var parameters = ScenarioParameters()
        parameters.churn.days = 3
        let run = try runTwice(
            ScenarioTesting.configuration(.churn, idp, people: 200, seed: 41, parameters: parameters))
        ScenarioTesting.expectConverged(run)
        let joiners = count(run.plan, "churn.joiners")
        let movers = count(run.plan, "churn.movers")
        let leavers = count(run.plan, "churn.leavers")
        #expect(joiners > 0 && movers > 0 && leavers > 0)
        #expect(joiners + movers + leavers == run.plan.steps.count)
        #expect(run.plan.hires == joiners)
        #expect(run.identityProvider.directory.people.count == 200 + joiners)
        #expect(run.wantedEmails.count == 200 + joiners - leavers)
        #expect(ScenarioTesting.events(run, .userCreated) == 200 + joiners)
        #expect(ScenarioTesting.events(run, .userDeleted) == leavers)
        #expect(ScenarioTesting.events(run, .userUpdated) >= 1)
        #expect(run.report.virtualDuration > .seconds(2 * 86_400 + 8 * 3600))
        for n in 0..<joiners { #expect(run.organization.member(email: "joiner\(n)@example.com")?.role == .user) }
        // A mover's new department reached the broker's directory user.
        for entry in run.plan.steps {
            guard case .change(.updateProfile(let person, _, _, let department, _)) = entry.step,
                run.identityProvider.directory.wantsActive(person),
                run.identityProvider.directory.people[person].department == department
            else { continue }
            let email = run.identityProvider.directory.people[person].email
            #expect(run.organization.member(email: email) != nil)
        }
    }

    /// 150 people, 20 % leave (deactivated or unassigned) and most come back, some within milliseconds:
    /// the same SCIM user is reactivated (no second POST, no 409, field case F12), and the organization
    /// ends with exactly those still wanted.
    @Test(arguments: idps)
    func reactivation(_ idp: IdentityProviderKind) throws {
        let run = try runTwice(ScenarioTesting.configuration(.reactivation, idp, people: 150, seed: 42))
        ScenarioTesting.expectConverged(run)
        let left = count(run.plan, "reactivation.left")
        let returned = count(run.plan, "reactivation.returned")
        #expect(left == 30 && returned > 0 && returned < left)
        #expect(run.wantedEmails.count == 150 - left + returned)
        #expect(WorldTesting.requests(run.report, "POST", 201) == 150)
        #expect(run.requests(status: 409) == 0)
        #expect(run.report.requests.contains { $0.method == "PATCH" && $0.status == 200 })
        let created = ScenarioTesting.events(run, .userCreated)
        let deleted = ScenarioTesting.events(run, .userDeleted)
        #expect(created - deleted == run.wantedEmails.count)
        #expect(deleted >= left - returned && created > 150)
    }

    /// 150 people, 20 % renamed (some only in letter case): Okta pushes PUT, Entra PATCH; the organization
    /// ends with every new email, none of the old ones, and no duplicate member.
    @Test(arguments: idps)
    func emailRename(_ idp: IdentityProviderKind) throws {
        let run = try runTwice(ScenarioTesting.configuration(.emailRename, idp, people: 150, seed: 43))
        ScenarioTesting.expectConverged(run)
        var renamed = 0
        var caseOnly = 0
        for entry in run.plan.steps {
            guard case .change(.rename(let person, _, let email)) = entry.step else { continue }
            renamed += 1
            let old = "user\(person)@example.com"
            let member = run.organization.member(email: email)
            #expect(member?.email == email, "person \(person) should be \(email)")
            #expect(member?.directoryUserID != nil)
            if email.lowercased() == old {
                caseOnly += 1
            } else {
                #expect(run.organization.member(email: old) == nil, "\(old) is still a member")
            }
        }
        #expect(renamed == 30 && caseOnly == count(run.plan, "rename.case-only") && caseOnly > 0)
        #expect(run.report.organizationMembers == 152)
        #expect(ScenarioTesting.events(run, .userCreated) == 150)
        #expect(ScenarioTesting.events(run, .userDeleted) == 0)
        #expect(ScenarioTesting.events(run, .userUpdated) == renamed)
        if idp == .okta {
            #expect(WorldTesting.requests(run.report, "PUT", 200) == renamed)
        } else {
            #expect(run.report.requests.allSatisfy { $0.method != "PUT" })
            #expect(WorldTesting.requests(run.report, "PATCH", 200) == renamed)
        }
    }
}
