import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// One finished scenario run: its configuration, plan, world, outcome and report.
struct ScenarioRun {
    var configuration: RunConfiguration
    var plan: ScenarioPlan
    var world: World
    var outcome: WorldOutcome
    var report: RunReport

    var organization: OrganizationState { world.tenants[0].organization.box.state }
    var identityProvider: IdentityProviderStateMachine { world.tenants[0].identityProvider.box.state }
    var broker: DirectorySyncBrokerState { world.broker.box.state }

    /// Lower-cased emails of the people the IdP wants in the organization at the end (assigned and active).
    var wantedEmails: Set<String> {
        let directory = identityProvider.directory
        var wanted = Set<String>()
        for i in directory.people.indices where directory.wantsActive(i) {
            wanted.insert(InvariantMonitor.key(of: directory.people[i]))
        }
        return wanted
    }

    /// Lower-cased emails of the members linked to a directory user.
    var linkedEmails: [String] {
        organization.members.filter { $0.directoryUserID != nil }.map { $0.email.lowercased() }
    }

    /// Failures the IdP recorded for `reason`.
    func idpFailures(_ reason: IdentityProviderFailureReason) -> Int { identityProvider.failureCounts[reason] }

    /// Requests with `status`, whatever the method.
    func requests(status: Int) -> Int { report.requests.filter { $0.status == status }.reduce(0) { $0 + $1.count } }
}

enum ScenarioTesting {
    /// A run of `scenario` with generated people.
    static func configuration(
        _ scenario: ScenarioKind, _ idp: IdentityProviderKind, people: Int, seed: UInt64,
        faults: FaultSelection = .none, parameters: ScenarioParameters? = nil
    ) -> RunConfiguration {
        var run = RunConfiguration(
            seed: seed, identityProvider: idp, scenario: scenario, people: .generated(count: people), faults: faults)
        run.scenarioParameters = parameters
        return run
    }

    /// Builds the world with its scenario, runs it and reports it.
    static func run(_ configuration: RunConfiguration) throws -> ScenarioRun {
        let world = try SimulationRunner.makeWorld(configuration)
        let plan = SimulationRunner.scenarioPlan(configuration, world: world.configuration)
        let outcome = try world.run()
        let report = SimulationRunner.report(configuration, world: world, outcome: outcome)
        return ScenarioRun(configuration: configuration, plan: plan, world: world, outcome: outcome, report: report)
    }

    /// What every scenario run must end with: no violation, converged with nothing in flight, no work escaped
    /// the executor; the organization's linked members are exactly the IdP's wanted people, emails unique, the
    /// Primary Owner present; every step the plan marks as refused was refused; members == wanted people +
    /// Primary Owner (+ the Owner while it exists); sync-created members are Users unless the plan promoted them.
    static func expectConverged(_ run: ScenarioRun, sourceLocation: SourceLocation = #_sourceLocation) {
        let seed = run.configuration.seed
        let tag = "seed \(seed) \(run.configuration.identityProvider.rawValue) \(run.configuration.scenario.rawValue)"
        #expect(run.report.violations.isEmpty, "\(tag): \(run.report.violations)", sourceLocation: sourceLocation)
        #expect(run.report.converged, "\(tag): \(run.report.ending)", sourceLocation: sourceLocation)
        #expect(run.report.ending == "converged", "\(tag)", sourceLocation: sourceLocation)
        #expect(run.outcome.result.foreignEnqueues == 0, "\(tag)", sourceLocation: sourceLocation)
        let wanted = run.wantedEmails
        let linked = run.linkedEmails
        #expect(
            Set(linked) == wanted, "\(tag): linked members differ from wanted people", sourceLocation: sourceLocation)
        #expect(Set(linked).count == linked.count, "\(tag): duplicate linked emails", sourceLocation: sourceLocation)
        let organization = run.organization
        let all = organization.members.map { $0.email.lowercased() }
        #expect(Set(all).count == all.count, "\(tag): duplicate member emails", sourceLocation: sourceLocation)
        #expect(organization.primaryOwner?.role == .primaryOwner, "\(tag)", sourceLocation: sourceLocation)
        #expect(organization.members.filter { $0.role == .primaryOwner }.count == 1, sourceLocation: sourceLocation)
        let owner = organization.member(email: "owner@claude-org.example.test") != nil ? 1 : 0
        #expect(
            run.report.organizationMembers == wanted.count + 1 + owner, "\(tag)", sourceLocation: sourceLocation)
        // Sync never creates a member with another role than User; only the plan's promotions are Admins (a
        // promoted person keeps the role through renames).
        let promoted = promotedEmails(run)
        for member in organization.members where member.source == .scim {
            #expect(
                member.role == .user || promoted.contains(member.email.lowercased()), "\(tag): \(member)",
                sourceLocation: sourceLocation)
        }
        expectRefusals(run, sourceLocation: sourceLocation)
    }

    /// Lower-cased emails a person the plan promotes may have at the end: the promoted email and every email the
    /// plan renames that person to.
    static func promotedEmails(_ run: ScenarioRun) -> Set<String> {
        let people = run.world.configuration.people
        var emails = Set<String>()
        for entry in run.plan.steps {
            guard case .admin(.changeRole(_, let email, _)) = entry.step else { continue }
            emails.insert(email.lowercased())
            guard let index = people.firstIndex(where: { $0.email.lowercased() == email.lowercased() }) else {
                continue
            }
            for rename in run.plan.steps {
                if case .change(.rename(index, _, let new)) = rename.step { emails.insert(new.lowercased()) }
            }
        }
        return emails
    }

    /// Every step the plan expects refused appears in the admin log as refused.
    static func expectRefusals(_ run: ScenarioRun, sourceLocation: SourceLocation = #_sourceLocation) {
        let log = run.world.adminLog
        for expected in run.plan.expectedRefusals {
            guard case .admin(let action) = expected.step else { continue }
            let entry = log.first { $0.action == action && $0.time == expected.time }
            #expect(
                entry != nil, "seed \(run.configuration.seed): \(action) not performed", sourceLocation: sourceLocation)
            #expect(
                entry?.refusal != nil, "seed \(run.configuration.seed): \(action) was not refused",
                sourceLocation: sourceLocation)
        }
    }

    /// The count of events of `kind` in a report (0 when absent).
    static func events(_ run: ScenarioRun, _ kind: DirectoryEventKind) -> Int {
        run.broker.statistics.eventsByKind[kind] ?? 0
    }
}
