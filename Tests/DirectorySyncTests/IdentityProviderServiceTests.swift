import SCIM
import Testing

@testable import DirectorySync

/// The IdP state machine against the real `SCIMService`: every request of both profiles (both Entra
/// dialects) is accepted and leaves the service in the state the IdP believes it holds.
@Suite struct IdentityProviderServiceTests {
    static let token = "tok_1"
    static let minute = Duration.seconds(60)

    static func service() -> SCIMService {
        SCIMService(
            configuration: SCIMServiceConfiguration(bearerToken: token), ids: SCIMSequentialIDSource(),
            clock: SCIMSteppingClock())
    }

    /// Answers every request at once until nothing is due before `limit`; returns the statuses.
    @discardableResult
    static func drain(
        _ m: inout IdentityProviderStateMachine, _ s: inout SCIMService, from start: Duration, until limit: Duration
    ) -> [Int] {
        var rng = TestRNG(seed: 5)
        var statuses: [Int] = []
        var t = start
        while t <= limit {
            if let o = m.nextRequest(now: t) {
                var next: IdentityProviderOutgoing? = o
                while let n = next {
                    let r = s.handle(n.request).response
                    statuses.append(r.status)
                    next = m.handleResponse(n.ticket, r, now: t, using: &rng).outgoing
                }
                continue
            }
            guard let w = m.nextWakeTime, w <= limit else { break }
            t = max(t, w)
        }
        return statuses
    }

    static func user(_ s: inout SCIMService, _ id: String) -> SCIMResponse {
        s.handle(SCIMRequest(method: .get, path: "/Users/" + id, headers: ["Authorization": "Bearer " + token]))
            .response
    }

    static func groupMembers(_ s: inout SCIMService, _ id: String) -> [String] {
        let r = s.handle(
            SCIMRequest(method: .get, path: "/Groups/" + id, headers: ["Authorization": "Bearer " + token])
        ).response
        return r.body?["members"]?.arrayValue?.compactMap { $0["value"]?.stringValue } ?? []
    }

    static func directory(pushed: Bool) -> IdentityProviderDirectory {
        let group = IdentityProviderGroup(
            name: "Engines", externalId: "g-ext", members: [0, 1, 2], assignedToApp: !pushed, pushed: pushed)
        return IdentityProviderDirectory(people: (0..<5).map(IdPFixture.person), groups: [group])
    }

    static func churn(_ m: inout IdentityProviderStateMachine, at t: Duration) {
        m.apply(.deactivate(person: 0), now: t)
        m.apply(
            .updateProfile(person: 1, givenName: "Ada", familyName: "King", department: "R&D", title: "Eng"), now: t)
        m.apply(.rename(person: 2, userName: "mover@example.com", email: "mover@example.com"), now: t)
        m.apply(.removeFromGroup(person: 1, group: 0), now: t)
        m.apply(.addToGroup(person: 3, group: 0), now: t)
    }

    static func checkChurned(_ m: IdentityProviderStateMachine, _ s: inout SCIMService, now: Duration) throws {
        let ids = try (0..<5).map { try #require(m.syncStatus(ofPerson: $0, now: now)?.remoteID) }
        #expect(user(&s, ids[0]).body?["active"] == false)
        let u1 = user(&s, ids[1]).body
        #expect(u1?["name"]?["familyName"] == "King" && u1?["title"] == "Eng")
        #expect(u1?["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["department"] == "R&D")
        let u2 = user(&s, ids[2]).body
        #expect(u2?["userName"] == "mover@example.com")
        #expect(u2?["emails"]?.arrayValue?.first?["value"] == "mover@example.com")
        let gid = try #require(m.syncStatus(ofGroup: 0)?.remoteID)
        #expect(groupMembers(&s, gid) == [ids[2], ids[3]])
        #expect((0..<5).allSatisfy { m.isConverged(.person($0), now: now) } && m.isConverged(.group(0), now: now))
    }

    @Test func oktaLifecycleAgainstTheService() throws {
        var s = Self.service()
        var m = IdentityProviderStateMachine(profile: .okta(), directory: Self.directory(pushed: true))
        m.configure(IdPFixture.config, now: .zero)
        let initial = Self.drain(&m, &s, from: .zero, until: .seconds(1))
        #expect(initial.allSatisfy { (200..<300).contains($0) })
        #expect(s.users.count == 5)
        Self.churn(&m, at: .seconds(2))
        let churn = Self.drain(&m, &s, from: .seconds(2), until: .seconds(3))
        #expect(churn.allSatisfy { (200..<300).contains($0) }, "\(churn)")
        try Self.checkChurned(m, &s, now: .seconds(3))
        // Reactivation, and unassignment deactivates without DELETE.
        m.apply(.reactivate(person: 0), now: .seconds(4))
        m.apply(.unassign(person: 4), now: .seconds(4))
        Self.drain(&m, &s, from: .seconds(4), until: .seconds(5))
        let ids = try (0..<5).map { try #require(m.syncStatus(ofPerson: $0, now: .seconds(5))?.remoteID) }
        #expect(Self.user(&s, ids[0]).body?["active"] == true)
        #expect(Self.user(&s, ids[4]).body?["active"] == false)
        #expect(m.failures.isEmpty)
    }

    @Test(arguments: EntraDialect.allCases) func entraLifecycleAgainstTheService(dialect: EntraDialect) throws {
        var s = Self.service()
        var p = EntraParameters()
        p.dialect = dialect
        var m = IdentityProviderStateMachine(profile: .entra(p), directory: Self.directory(pushed: false))
        m.configure(IdPFixture.config, now: .zero)
        let initial = Self.drain(&m, &s, from: .zero, until: Self.minute * 39)
        #expect(initial.allSatisfy { (200..<300).contains($0) }, "\(initial)")
        #expect(s.users.count == 5)
        Self.churn(&m, at: Self.minute * 45)
        let churn = Self.drain(&m, &s, from: Self.minute * 45, until: Self.minute * 119)
        #expect(churn.allSatisfy { (200..<300).contains($0) }, "\(churn)")
        #expect(m.entraCycles.map(\.start) == [.zero, Self.minute * 80])
        try Self.checkChurned(m, &s, now: Self.minute * 119)
        // Soft delete, then DELETE after 30 days.
        let id4 = try #require(m.syncStatus(ofPerson: 4, now: .zero)?.remoteID)
        m.apply(.delete(person: 4), now: Self.minute * 130)
        Self.drain(&m, &s, from: Self.minute * 130, until: Self.minute * 170)
        #expect(Self.user(&s, id4).body?["active"] == false)
        Self.drain(&m, &s, from: Self.minute * 170, until: .seconds(31 * 86_400))
        #expect(Self.user(&s, id4).status == 404)
        #expect(m.failures.isEmpty)
    }

    @Test func existingUsersAreAdoptedNotDuplicated() throws {
        for profile in [IdentityProviderProfile.okta(), .entra()] {
            var s = Self.service()
            var seed = IdentityProviderStateMachine(
                profile: .okta(), directory: IdentityProviderDirectory(people: [IdPFixture.person(0)]))
            seed.configure(IdPFixture.config, now: .zero)
            Self.drain(&seed, &s, from: .zero, until: .seconds(1))
            var m = IdentityProviderStateMachine(
                profile: profile, directory: IdentityProviderDirectory(people: [IdPFixture.person(0)]))
            m.configure(IdPFixture.config, now: .zero)
            let statuses = Self.drain(&m, &s, from: .zero, until: .seconds(60))
            #expect(!statuses.contains(409) && s.users.count == 1)
            #expect(
                m.syncStatus(ofPerson: 0, now: .seconds(60))?.remoteID
                    == seed.syncStatus(ofPerson: 0, now: .zero)?.remoteID)
        }
    }
}
