import SCIM
import Testing

@testable import DirectorySync

/// The state machine under a simulated worker loop and an in-memory SCIM target.
@Suite struct IdentityProviderEndToEndTests {
    static let minute = Duration.seconds(60)

    /// With default Entra parameters, the initial cycle for N created users takes between 0.01 and
    /// 0.08 minutes per user, the published estimate [MS-WHEN] (research/broker-and-app.md 3.3).
    /// N = users + groups + memberships (here 100 users, with 0 or 2 groups holding everyone).
    @Test(arguments: [0, 2]) func entraInitialCycleLandsInThePublishedRange(groupCount: Int) throws {
        let users = 100
        let groups = (0..<groupCount).map {
            IdentityProviderGroup(name: "G\($0)", externalId: "g\($0)", members: Array(0..<users), assignedToApp: true)
        }
        let objects = users + groupCount * (1 + users)
        var m = IdentityProviderStateMachine(
            profile: .entra(),
            directory: IdentityProviderDirectory(people: (0..<users).map(IdPFixture.person), groups: groups))
        m.configure(IdPFixture.config, now: .zero)
        var sim = WorkerLoopSimulation(machine: m, oneWay: .milliseconds(40))
        sim.run(until: Self.minute * 39)
        let cycles = sim.machine.entraCycles
        #expect(cycles.count == 1)
        let end = try #require(cycles.first?.end)
        #expect(end >= Self.minute * objects / 100 && end <= Self.minute * objects * 8 / 100)
        #expect(sim.machine.convergedPeopleCount(now: end) == users)
        #expect((0..<groupCount).allSatisfy { sim.machine.syncStatus(ofGroup: $0)?.members.count == users })
        #expect(sim.target.ids.count == users + groupCount)
    }

    /// Entra churn over cycles: a joiner, a mover, a leaver, all applied at the next 40-minute cycle.
    @Test func entraChurnIsAppliedByTheNextCycle() throws {
        var m = IdentityProviderStateMachine(
            profile: .entra(), directory: IdentityProviderDirectory(people: (0..<5).map(IdPFixture.person)))
        m.configure(IdPFixture.config, now: .zero)
        m.schedule(.hire(IdPFixture.person(5), assigned: true), at: Self.minute * 10)
        m.schedule(.rename(person: 1, userName: "mover@example.com", email: "mover@example.com"), at: Self.minute * 10)
        m.schedule(.unassign(person: 2), at: Self.minute * 10)
        var sim = WorkerLoopSimulation(machine: m, oneWay: .milliseconds(40))
        sim.run(until: Self.minute * 39)
        #expect(sim.target.ids.count == 5)
        sim.run(until: Self.minute * 79)
        #expect(sim.machine.entraCycles.map(\.start) == [.zero, Self.minute * 40])
        #expect(sim.target.ids.count == 6)
        #expect(sim.target.active["3"] == false)
        let renamed = sim.target.log.last { $0.path == "/Users/2" }
        #expect(
            IdPFixture.body(renamed!)?["Operations"]?.arrayValue?.first == [
                "op": "Replace", "path": "userName", "value": "mover@example.com",
            ])
        #expect(sim.machine.convergedPeopleCount(now: sim.now) == 6)
    }

    /// An Okta push after token rotation: requests already sent with the old token get 401 and are
    /// recorded, but do not suspend provisioning; they are retried with the new token.
    @Test func oktaRequestsInFlightDuringRotationAreRetriedWithTheNewToken() throws {
        var m = IdentityProviderStateMachine(
            profile: .okta(), directory: IdentityProviderDirectory(people: (0..<3).map(IdPFixture.person)))
        m.configure(IdPFixture.config, now: .zero)
        var rng = TestRNG(seed: 1)
        let first = try m.take(.zero)
        m.configure(IdentityProviderConfiguration(baseURL: IdPFixture.config.baseURL, bearerToken: "tok_2"), now: .zero)
        let followUp = m.handleResponse(first.ticket, IdPFixture.status(401), now: .milliseconds(80), using: &rng)
        #expect(followUp == .idle)
        #expect(!m.isProvisioningSuspended)
        #expect(m.failures.map(\.reason) == [.unauthorized])
        var target = FakeSCIMTarget()
        target.token = "tok_2"
        var sim = WorkerLoopSimulation(machine: m, target: target, oneWay: .milliseconds(40))
        sim.run(until: .seconds(10))
        #expect(sim.machine.convergedPeopleCount(now: sim.now) == 3)
        #expect(sim.target.log.allSatisfy { $0.headers["Authorization"] == "Bearer tok_2" })
    }

    /// After revocation every Okta request gets 401: recorded once per request, provisioning suspended.
    @Test func oktaRevokedTokenSuspendsProvisioning() {
        var m = IdentityProviderStateMachine(
            profile: .okta(), directory: IdentityProviderDirectory(people: (0..<30).map(IdPFixture.person)))
        m.configure(IdPFixture.config, now: .zero)
        var target = FakeSCIMTarget()
        target.token = "revoked"
        var sim = WorkerLoopSimulation(machine: m, target: target, oneWay: .milliseconds(40))
        sim.run(until: .seconds(3600))
        #expect(sim.machine.isProvisioningSuspended)
        #expect(sim.machine.failureCounts[.unauthorized] == 10)
        #expect(sim.target.log.count == 10)
        #expect(sim.machine.convergedPeopleCount(now: sim.now) == 0)
    }

    @Test func exportGroupNamesBecomeGroups() {
        var a = IdPFixture.person(0)
        a.groups = ["Eng", "Ops"]
        var b = IdPFixture.person(1)
        b.groups = ["Eng"]
        let d = IdentityProviderDirectory(people: [a, b], assigned: false)
        #expect(d.groups.map(\.name) == ["Eng", "Ops"])
        #expect(d.groups[0].members == [0, 1] && d.groupsOf[0] == [0, 1])
        #expect(d.people[0].groups == ["Eng", "Ops"])
        #expect(!d.isInScope(0))
    }

    @Test func directoryChangesApplyAndBadIndicesChangeNothing() {
        var d = IdentityProviderDirectory(people: [IdPFixture.person(0)])
        var ok = d.apply(.hire(IdPFixture.person(1), assigned: false), at: .zero)
        #expect(ok)
        ok = d.apply(.updateProfile(person: 0, givenName: "A", familyName: "B", department: "D", title: "T"), at: .zero)
        #expect(ok)
        ok = d.apply(.rename(person: 0, userName: "new@example.com", email: "new.mail@example.com"), at: .zero)
        #expect(ok)
        ok = d.apply(.createGroup(name: "Eng", externalId: "g1", assigned: true, pushed: true), at: .zero)
        #expect(ok)
        ok = d.apply(.addToGroup(person: 1, group: 0), at: .zero)
        #expect(ok)
        #expect(d.isInScope(1) && d.people[1].groups == ["Eng"])
        ok = d.apply(.renameGroup(group: 0, name: "Engineering"), at: .zero)
        #expect(ok)
        #expect(d.people[1].groups == ["Engineering"])
        ok = d.apply(.deactivate(person: 1), at: .zero)
        #expect(ok && !d.wantsActive(1) && d.isInScope(1))
        ok = d.apply(.reactivate(person: 1), at: .zero)
        #expect(ok && d.wantsActive(1))
        ok = d.apply(.removeFromGroup(person: 1, group: 0), at: .zero)
        #expect(ok && !d.isInScope(1))
        ok = d.apply(.assign(person: 1), at: .zero)
        #expect(ok && d.isInScope(1))
        ok = d.apply(.unassign(person: 1), at: .zero)
        #expect(ok && !d.isInScope(1))
        ok = d.apply(.delete(person: 0), at: .seconds(9))
        #expect(ok && d.deletedAt[0] == .seconds(9) && !d.isInScope(0))
        let p0 = d.people[0]
        #expect(p0.userName == "new@example.com" && p0.email == "new.mail@example.com" && p0.title == "T")
        #expect(p0.givenName == "A" && p0.familyName == "B" && p0.department == "D" && p0.externalId == "ext0")
        let before = d
        ok = d.apply(.deactivate(person: 5), at: .zero)
        #expect(!ok)
        ok = d.apply(.addToGroup(person: 1, group: 3), at: .zero)
        #expect(!ok)
        ok = d.apply(.reactivate(person: 0), at: .zero)
        #expect(!ok, "a deleted person stays deleted")
        ok = d.apply(.delete(person: 0), at: .seconds(20))
        #expect(ok && d.deletedAt[0] == .seconds(9))
        #expect(d == before)
    }

    @Test func everInScopeRemembersPastAssignment() {
        var d = IdentityProviderDirectory(people: [IdPFixture.person(0), IdPFixture.person(1)], assigned: false)
        d.apply(.createGroup(name: "Eng", externalId: "g1", assigned: false, pushed: false), at: .zero)
        d.apply(.addToGroup(person: 1, group: 0), at: .zero)
        #expect(d.everInScope == [false, false])
        d.apply(.setGroup(group: 0, assigned: true, pushed: false), at: .seconds(1))
        d.apply(.assign(person: 0), at: .seconds(1))
        d.apply(.unassign(person: 0), at: .seconds(2))
        d.apply(.setGroup(group: 0, assigned: false, pushed: false), at: .seconds(2))
        d.apply(.hire(IdPFixture.person(2), assigned: false), at: .seconds(3))
        #expect(d.everInScope == [true, true, false])
        #expect(!d.isInScope(0) && !d.isInScope(1))
    }
}
