import SCIM
import Testing

@testable import DirectorySync

/// The profile a person write sends and the one the app acknowledged are not copied per person: they are the
/// directory's own profile until a directory change to the person (``IdentityProviderStateMachine/sentProfiles``,
/// ``SyncedProfile``). These tests change the person at the moments that matter and check the IdP still acts on
/// the profile it actually sent or had acknowledged.
@Suite struct IdentityProviderSyncedProfileTests {
    var rng = TestRNG(seed: 11)

    func machine() -> IdentityProviderStateMachine {
        var m = IdentityProviderStateMachine(
            profile: .okta(), directory: IdentityProviderDirectory(people: [IdPFixture.ada]))
        m.configure(IdPFixture.config, now: .zero)
        return m
    }

    static let renamed = DirectoryChange.rename(person: 0, userName: "ada.king@example.com", email: "ada@example.com")

    @Test mutating func renameWhileCreateInFlightIsPushedAfterTheCreate() throws {
        var m = machine()
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: IdPFixture.ms(10), using: &rng)
        #expect(IdPFixture.body(post.request)?["userName"] == "ada@example.com")
        let r1 = m.apply(Self.renamed, now: IdPFixture.ms(20))
        #expect(r1)
        // The create acknowledged the old userName: Okta reads the user, then PUTs the new one.
        let read = try m.send(post.ticket, IdPFixture.created("u1"), now: IdPFixture.ms(30), using: &rng)
        #expect(read.request.method == .get && read.request.path == "/Users/u1")
        let put = try m.send(read.ticket, IdPFixture.ok("u1"), now: IdPFixture.ms(40), using: &rng)
        #expect(put.request.method == .put && put.request.path == "/Users/u1")
        #expect(IdPFixture.body(put.request)?["userName"] == "ada.king@example.com")
        let r2 = m.handleResponse(put.ticket, IdPFixture.ok("u1"), now: IdPFixture.ms(50), using: &rng)
        #expect(r2 == .idle)
        #expect(m.isConverged(.person(0), now: IdPFixture.ms(50)))
        let r3 = m.nextRequest(now: IdPFixture.ms(50))
        #expect(r3 == nil)
    }

    @Test mutating func changeAndChangeBackAfterTheCreateSendsNothing() throws {
        var m = machine()
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: IdPFixture.ms(10), using: &rng)
        let r4 = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: IdPFixture.ms(20), using: &rng)
        #expect(r4 == .idle)
        #expect(m.isConverged(.person(0), now: IdPFixture.ms(20)))
        let r5 = m.apply(Self.renamed, now: IdPFixture.ms(30))
        #expect(r5)
        #expect(!m.isConverged(.person(0), now: IdPFixture.ms(30)))
        let back = DirectoryChange.rename(person: 0, userName: "ada@example.com", email: "ada@example.com")
        let r6 = m.apply(back, now: IdPFixture.ms(40))
        #expect(r6)
        // The acknowledged profile (kept when the first change came) equals the directory's again.
        let r7 = m.nextRequest(now: IdPFixture.ms(40))
        #expect(r7 == nil)
        #expect(m.isConverged(.person(0), now: IdPFixture.ms(40)))
        #expect(m.requestsSent == 2)
    }

    @Test mutating func timedOutCreateIsLookedUpByTheUserNameItSent() throws {
        var m = machine()
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: IdPFixture.ms(10), using: &rng)
        let r8 = m.apply(Self.renamed, now: IdPFixture.ms(20))
        #expect(r8)
        let r9 = m.handleTimeout(post.ticket, now: IdPFixture.ms(30), using: &rng)
        #expect(r9 == .idle)
        let retry = try #require(m.nextWakeTime)
        let lookup = try m.take(retry)
        #expect(lookup.request.method == .get && lookup.request.path == "/Users")
        #expect(IdPFixture.query(lookup.request).first == "filter=userName eq \"ada@example.com\"")
    }
}
