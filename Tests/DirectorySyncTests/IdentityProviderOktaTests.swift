import SCIM
import Testing

@testable import DirectorySync

@Suite struct IdentityProviderOktaTests {
    var rng = TestRNG(seed: 7)

    func machine(_ people: [DirectoryPerson] = [IdPFixture.ada], groups: [IdentityProviderGroup] = [])
        -> IdentityProviderStateMachine
    {
        var m = IdentityProviderStateMachine(
            profile: .okta(), directory: IdentityProviderDirectory(people: people, groups: groups))
        m.configure(IdPFixture.config, now: .zero)
        return m
    }

    /// Drives person 0 through create and returns the machine with id "u1" acknowledged.
    func created() -> IdentityProviderStateMachine {
        var m = machine()
        var r = rng
        let get = m.nextRequest(now: .zero)!
        let post = m.handleResponse(get.ticket, IdPFixture.emptyList(), now: IdPFixture.ms(80), using: &r).outgoing!
        _ = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: IdPFixture.ms(160), using: &r)
        return m
    }

    @Test mutating func createSequenceIsLookupThenPost() throws {
        var m = machine()
        let get = try m.take(.zero)
        #expect(get.baseURL == "https://broker.test/scim/v2/d_1")
        #expect(get.request.method == .get)
        #expect(get.request.path == "/Users")
        #expect(
            IdPFixture.query(get.request) == ["filter=userName eq \"ada@example.com\"", "startIndex=1", "count=100"])
        #expect(get.request.headers["Authorization"] == "Bearer tok_1")
        #expect(get.request.headers["User-Agent"] == "Okta SCIM Client 1.0.0")
        #expect(get.request.headers["Content-Type"] == nil)
        #expect(get.request.body == nil)

        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: IdPFixture.ms(80), using: &rng)
        #expect(post.request.method == .post)
        #expect(post.request.path == "/Users")
        #expect(post.request.headers["Content-Type"] == "application/scim+json; charset=utf-8")
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@example.com",
            "name": ["givenName": "Ada", "familyName": "Lovelace"],
            "emails": [["primary": true, "value": "ada@example.com", "type": "work"]],
            "displayName": "Ada Lovelace", "locale": "en-US", "externalId": "00uAda", "groups": [],
            "password": "pl4ceh0lder", "active": true,
        ]
        #expect(IdPFixture.body(post.request) == expected)
        let followUp508 = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: IdPFixture.ms(160), using: &rng)
        #expect(followUp508 == .idle)
        #expect(m.syncStatus(ofPerson: 0, now: IdPFixture.ms(160))! == ("u1", true, true))
        #expect(m.nextRequest(now: IdPFixture.ms(160)) == nil)
        #expect(m.nextWakeTime == nil)
        #expect(m.requestsSent == 2)
    }

    @Test mutating func foundInactiveUserIsReactivatedThenProfilePushed() throws {
        var m = machine()
        let get = try m.take(.zero)
        let patch = try m.send(get.ticket, IdPFixture.listWith(id: "u9", active: false), now: .zero, using: &rng)
        #expect(patch.request.method == .patch)
        #expect(patch.request.path == "/Users/u9")
        let expected: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["active": true]]],
        ]
        #expect(IdPFixture.body(patch.request) == expected)
        // Okta then pushes the profile (PUT, no second GET since the lookup read the user).
        let put = try m.send(patch.ticket, IdPFixture.ok("u9"), now: .zero, using: &rng)
        #expect(put.request.method == .put)
        #expect(put.request.path == "/Users/u9")
        let followUp42 = m.handleResponse(put.ticket, IdPFixture.ok("u9"), now: .zero, using: &rng)
        #expect(followUp42 == .idle)
        #expect(m.isConverged(.person(0), now: .zero))
    }

    @Test mutating func knownUserDeactivateAndReactivateArePathlessPatches() throws {
        var m = created()
        m.apply(.deactivate(person: 0), now: .seconds(1))
        let off = try m.take(.seconds(1))
        #expect(off.request.method == .patch && off.request.path == "/Users/u1")
        let offBody: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["active": false]]],
        ]
        #expect(IdPFixture.body(off.request) == offBody)
        let followUp262 = m.handleResponse(off.ticket, IdPFixture.noContent, now: .seconds(1), using: &rng)
        #expect(followUp262 == .idle)
        #expect(m.syncStatus(ofPerson: 0, now: .seconds(1))! == ("u1", false, true))

        m.apply(.reactivate(person: 0), now: .seconds(2))
        let on = try m.take(.seconds(2))
        let onBody: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["active": true]]],
        ]
        #expect(IdPFixture.body(on.request) == onBody)
        let followUp446 = m.handleResponse(on.ticket, IdPFixture.ok("u1"), now: .seconds(2), using: &rng)
        #expect(followUp446 == .idle)
        #expect(m.isConverged(.person(0), now: .seconds(2)))
    }

    @Test mutating func unassignAndDeleteDeactivateButNeverDelete() throws {
        var m = created()
        m.apply(.unassign(person: 0), now: .seconds(1))
        let off = try m.take(.seconds(1))
        #expect(off.request.method == .patch)
        _ = m.handleResponse(off.ticket, IdPFixture.ok("u1"), now: .seconds(1), using: &rng)
        m.apply(.delete(person: 0), now: .seconds(2))
        #expect(m.nextRequest(now: .seconds(2)) == nil)
        #expect(m.nextRequest(now: .seconds(90 * 86_400)) == nil)
        #expect(m.isConverged(.person(0), now: .seconds(90 * 86_400)))
    }

    @Test mutating func profileUpdateIsReadThenFullPut() throws {
        var m = created()
        m.apply(
            .updateProfile(person: 0, givenName: "Ada", familyName: "King", department: "R&D", title: nil),
            now: .seconds(1))
        let read = try m.take(.seconds(1))
        #expect(read.request.method == .get && read.request.path == "/Users/u1" && read.request.query.isEmpty)
        let put = try m.send(read.ticket, IdPFixture.ok("u1"), now: .seconds(1), using: &rng)
        let expected: JSONValue = [
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            ],
            "id": "u1", "userName": "ada@example.com", "name": ["givenName": "Ada", "familyName": "King"],
            "emails": [["primary": true, "value": "ada@example.com", "type": "work"]], "displayName": "Ada King",
            "locale": "en-US", "externalId": "00uAda",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": "R&D"], "groups": [],
            "active": true, "meta": ["resourceType": "User"],
        ]
        #expect(put.request.method == .put && put.request.path == "/Users/u1")
        #expect(IdPFixture.body(put.request) == expected)
        #expect(!m.isConverged(.person(0), now: .seconds(1)))
        let followUp851 = m.handleResponse(put.ticket, IdPFixture.ok("u1"), now: .seconds(1), using: &rng)
        #expect(followUp851 == .idle)
        #expect(m.isConverged(.person(0), now: .seconds(1)))
    }

    @Test mutating func notFoundOnUpdateRecreates() throws {
        var m = created()
        m.apply(.rename(person: 0, userName: "ada.king@example.com", email: "ada.king@example.com"), now: .seconds(1))
        let read = try m.take(.seconds(1))
        let get = try m.send(read.ticket, IdPFixture.status(404), now: .seconds(1), using: &rng)
        #expect(IdPFixture.query(get.request).first == "filter=userName eq \"ada.king@example.com\"")
        #expect(m.failureCounts[.notFound] == 1)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        #expect(post.request.method == .post)
        _ = m.handleResponse(post.ticket, IdPFixture.created("u2"), now: .seconds(1), using: &rng)
        #expect(m.syncStatus(ofPerson: 0, now: .seconds(1))! == ("u2", true, true))
    }

    @Test mutating func conflictOnCreateStopsTheJobUntilRetried() throws {
        var m = machine()
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .zero, using: &rng)
        let followUp304 = m.handleResponse(post.ticket, IdPFixture.status(409), now: IdPFixture.ms(5), using: &rng)
        #expect(followUp304 == .idle)
        #expect(
            m.failures == [
                IdentityProviderFailure(
                    target: .person(0), step: .createUser, time: IdPFixture.ms(5), reason: .conflict, status: 409,
                    gaveUp: true)
            ])
        #expect(m.nextRequest(now: .seconds(1)) == nil)
        #expect(!m.isConverged(.person(0), now: .seconds(1)))
        #expect(m.retryFailedJobs(now: .seconds(2)) == 1)
        let again = try m.take(.seconds(2))
        #expect(again.request.method == .get)
    }

    @Test mutating func unauthorizedSuspendsUntilNewToken() throws {
        var m = machine([IdPFixture.person(0), IdPFixture.person(1)])
        let a = try m.take(.zero)
        let b = try m.take(.zero)
        let followUp659 = m.handleResponse(a.ticket, IdPFixture.status(401), now: .seconds(1), using: &rng)
        #expect(followUp659 == .idle)
        #expect(m.isProvisioningSuspended)
        #expect(m.nextRequest(now: .seconds(2)) == nil)
        let followUp968 = m.handleResponse(b.ticket, IdPFixture.status(401), now: .seconds(1), using: &rng)
        #expect(followUp968 == .idle)
        #expect(m.failureCounts[.unauthorized] == 2)
        #expect(m.failures.map(\.target) == [.person(0), .person(1)])
        m.configure(
            IdentityProviderConfiguration(baseURL: "https://broker.test/scim/v2/d_1", bearerToken: "tok_2"),
            now: .seconds(3))
        #expect(!m.isProvisioningSuspended)
        let retry = try m.take(.seconds(3))
        #expect(retry.request.headers["Authorization"] == "Bearer tok_2")
        #expect(retry.request.method == .get)
    }

    @Test mutating func groupPushCreatesThenRenamesAndPatchesMembers() throws {
        let group = IdentityProviderGroup(name: "Engines", externalId: "00gE", members: [0, 1], pushed: true)
        var m = machine([IdPFixture.person(0), IdPFixture.person(1)], groups: [group])
        var target = FakeSCIMTarget()
        var pending: [IdentityProviderOutgoing] = []
        while let o = m.nextRequest(now: .zero) { pending.append(o) }
        #expect(pending.count == 3)
        #expect(pending[2].request.method == .post && pending[2].request.path == "/Groups")
        let groupBody: JSONValue = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engines", "members": [],
        ]
        #expect(IdPFixture.body(pending[2].request) == groupBody)
        var sent: [SCIMRequest] = []
        while let o = pending.first {
            pending.removeFirst()
            sent.append(o.request)
            if let next = m.handleResponse(o.ticket, target.handle(o.request), now: .zero, using: &rng).outgoing {
                pending.append(next)
            }
            while let more = m.nextRequest(now: .zero) { pending.append(more) }
        }
        let groupID = try #require(m.syncStatus(ofGroup: 0)?.remoteID)
        let patches = sent.filter { $0.path == "/Groups/" + groupID }
        let rename: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "value": ["id": .string(groupID), "displayName": "Engines"]]],
        ]
        #expect(patches.count == 2)
        #expect(IdPFixture.body(patches[0]) == rename)
        let u0 = m.syncStatus(ofPerson: 0, now: .zero)!.remoteID!
        let u1 = m.syncStatus(ofPerson: 1, now: .zero)!.remoteID!
        let add: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                [
                    "op": "add", "path": "members",
                    "value": [
                        ["value": .string(u0), "display": "user0@example.com"],
                        ["value": .string(u1), "display": "user1@example.com"],
                    ],
                ]
            ],
        ]
        #expect(IdPFixture.body(patches[1]) == add)
        #expect(m.syncStatus(ofGroup: 0)?.members == [u0, u1])

        m.apply(.removeFromGroup(person: 0, group: 0), now: .seconds(1))
        let r = try m.take(.seconds(1))
        #expect(IdPFixture.body(r.request) == rename)
        let remove = try m.send(r.ticket, IdPFixture.noContent, now: .seconds(1), using: &rng)
        let removeBody: JSONValue = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "remove", "path": .string("members[value eq \"\(u0)\"]")]],
        ]
        #expect(IdPFixture.body(remove.request) == removeBody)
        let followUp126 = m.handleResponse(remove.ticket, IdPFixture.noContent, now: .seconds(1), using: &rng)
        #expect(followUp126 == .idle)
        #expect(m.syncStatus(ofGroup: 0)?.members == [u1])
        #expect(!sent.contains { $0.method == .delete })
    }
}
