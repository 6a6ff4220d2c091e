import SCIM
import Testing

@testable import DirectorySync

/// Minimal reproductions of the bugs the scenarios and the seed sweep found, each fixed in the IdP state
/// machine. Each test failed before its fix.
@Suite struct ScenarioRegressionTests {
    var rng = TestRNG(seed: 5)

    private func okta(_ people: [DirectoryPerson]) -> IdentityProviderStateMachine {
        var profile = IdentityProviderProfile.okta()
        profile.retry.jitter = 0
        var m = IdentityProviderStateMachine(profile: profile, directory: IdentityProviderDirectory(people: people))
        m.configure(IdPFixture.config, now: .zero)
        return m
    }

    /// `rate-limiting`, Okta, 100 people at 5 requests/s: every create after its lookup met a 429, the job
    /// restarted with a new lookup, and lookups took every token: no create got through in 6 virtual hours
    /// (1.86 M 429s, liveness violation). Now the 200 requests finish at the limit's pace.
    @Test func rateLimitDoesNotStarveCreates() throws {
        let run = try ScenarioTesting.run(ScenarioTesting.configuration(.rateLimiting, .okta, people: 100, seed: 3))
        ScenarioTesting.expectConverged(run)
        #expect(run.report.convergenceTime.map { $0 < .seconds(60) } == true)
        #expect(run.requests(status: 429) < 2_000)
    }

    /// Mix seed 10 (Okta): a deactivation timed out (lost response, but applied) and the person was reassigned
    /// meanwhile; the IdP trusted its cached `active: true`, never re-activated, and the member stayed removed.
    @Test mutating func timedOutDeactivationIsFollowedByReactivation() throws {
        var m = okta([IdPFixture.person(0)])
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        #expect(m.handleResponse(post.ticket, IdPFixture.created("u-1"), now: .seconds(2), using: &rng) == .idle)
        m.apply(.unassign(person: 0), now: .seconds(10))
        let deactivate = try m.take(.seconds(10))
        #expect(deactivate.request.method == .patch)
        m.apply(.assign(person: 0), now: .seconds(11))
        #expect(m.handleTimeout(deactivate.ticket, now: .seconds(40), using: &rng) == .idle)
        let next = try m.take(.seconds(60))
        #expect(next.request.method == .patch)
        let operation = IdPFixture.body(next.request)?["Operations"]?.arrayValue?.first
        #expect(operation?["value"]?["active"] == .bool(true))
    }

    /// Mix seeds 1 and 145: a create timed out (applied at the app) and the person was unassigned before the
    /// retry; with no cached id the IdP planned nothing, leaving a member nobody wants. Now it looks the user
    /// up and deactivates it.
    @Test mutating func timedOutCreateOfALeaverIsLookedUpAndDeactivated() throws {
        var m = okta([IdPFixture.person(0)])
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        m.apply(.unassign(person: 0), now: .seconds(2))
        #expect(m.handleTimeout(post.ticket, now: .seconds(31), using: &rng) == .idle)
        let lookup = try m.take(.seconds(60))
        #expect(lookup.request.method == .get)
        let deactivate = try m.send(
            lookup.ticket, IdPFixture.listWith(id: "u-1", active: true), now: .seconds(61), using: &rng)
        #expect(deactivate.request.method == .patch && deactivate.request.path == "/Users/u-1")
    }

    /// Mix seed 77: a create timed out (applied) and the person was renamed before the retry; the retry looked
    /// up the new userName, found nothing and created a second user, orphaning the first. Now it looks up the
    /// userName it sent, adopts the user and renames it with a PUT.
    @Test mutating func timedOutCreateOfARenamedPersonIsAdopted() throws {
        var m = okta([IdPFixture.person(0)])
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        m.apply(.rename(person: 0, userName: "new0@example.com", email: "new0@example.com"), now: .seconds(2))
        #expect(m.handleTimeout(post.ticket, now: .seconds(31), using: &rng) == .idle)
        let lookup = try m.take(.seconds(60))
        #expect(IdPFixture.query(lookup.request).contains { $0.contains("user0@example.com") })
        let put = try m.send(
            lookup.ticket, IdPFixture.listWith(id: "u-1", active: true), now: .seconds(61), using: &rng)
        #expect(put.request.method == .put && put.request.path == "/Users/u-1")
        #expect(IdPFixture.body(put.request)?["userName"] == "new0@example.com")
    }
}
