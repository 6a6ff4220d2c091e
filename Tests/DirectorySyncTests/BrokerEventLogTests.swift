import SCIM
import Testing

@testable import DirectorySync

@Suite struct BrokerEventLogTests {
    private func linked(_ configure: (inout DirectorySyncBrokerConfiguration) -> Void = { _ in }) -> (
        DirectorySyncBrokerState, DirectorySetup
    ) {
        var broker = Fixture.broker(configure)
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        return (broker, setup)
    }

    private func users(_ broker: DirectorySyncBrokerState) -> [DirectoryUser] {
        broker.retainedEvents.compactMap { if case .user(let u) = $0.data { u } else { nil } }
    }

    @Test func userIsMappedToWorkOSFields() throws {
        var (broker, setup) = linked()
        var body = Fixture.user("Ada@Example.com", given: "Ada", family: "Lovelace", externalId: "okta-00u1")
        if case .object(var o) = body {
            o["emails"] = [
                ["value": "ada.home@example.net", "type": "home", "primary": false],
                ["value": "Ada@Example.com", "type": "work", "primary": true],
            ]
            body = .object(o)
        }
        _ = broker.handleSCIM(Fixture.request(setup, .post, "/Users", body: body), now: .milliseconds(1500))
        let event = try #require(broker.retainedEvents.last)
        #expect(event.kind == .userCreated)
        guard case .user(let u) = event.data else {
            Issue.record("not a user event")
            return
        }
        #expect(u.id.hasPrefix("directory_user_"))
        #expect(u.idpID == "okta-00u1")
        #expect(u.directoryID == setup.directoryID)
        #expect(u.organizationID == Fixture.orgA)
        #expect(u.email == "Ada@Example.com")
        #expect(u.emails.count == 2)
        #expect(u.firstName == "Ada")
        #expect(u.lastName == "Lovelace")
        #expect(u.state == .active)
        #expect(u.customAttributes["department"] == "R&D")
        #expect(u.customAttributes["job_title"] == "Engineer")
        #expect(u.rawAttributes["externalId"] == "okta-00u1")
        #expect(u.rawAttributes["meta"]?["created"] == "2026-01-01T00:00:01.500Z")  // SCIMService on virtual time
        let json = event.body
        #expect(json["event"] == "dsync.user.created")
        #expect(json["id"]?.stringValue == event.id)
        #expect(json["created_at"] == "2026-01-01T00:00:01.500Z")
        #expect(json["data"]?["object"] == "directory_user")
        #expect(json["data"]?["first_name"] == "Ada")
        #expect(json["data"]?["idp_id"] == "okta-00u1")
        #expect(json["data"]?["state"] == "active")
    }

    @Test func eventIdsAreStrictlyIncreasingAndTimesNonDecreasing() {
        var (broker, setup) = linked()
        for n in 0..<20 { _ = Fixture.createUser(&broker, setup, "u\(n)@example.com", at: .milliseconds(n / 3)) }
        let events = Array(broker.retainedEvents)
        #expect(events.count == 21)
        for (a, b) in zip(events, events.dropFirst()) {
            #expect(a.sequence + 1 == b.sequence)
            #expect(a.id < b.id)
            #expect(a.createdAt <= b.createdAt)
        }
    }

    @Test func deleteInactiveOnDeactivationDeletesAndReactivationRecreates() {
        var (broker, setup) = linked()
        let id = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Users/" + id, body: Fixture.patchActive(false)), now: .seconds(2))
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Users/" + id, body: Fixture.patchActive(true)), now: .seconds(3))
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated, .userCreated, .userDeleted, .userCreated])
        let u = users(broker)
        #expect(u[1].state == .inactive)
        #expect(u[0].id == u[1].id)
        #expect(u[2].id != u[0].id)  // re-created in the directory: new directory user id
        // an inactive user's profile change while deleted from the directory emits nothing
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Users/" + id, body: Fixture.patchActive(false)), now: .seconds(4))
        let before = broker.retainedEvents.count
        _ = broker.handleSCIM(
            Fixture.request(
                setup, .patch, "/Users/" + id, body: Fixture.patchReplace(["title": "CTO"])),
            now: .seconds(5))
        #expect(broker.retainedEvents.count == before)
    }

    @Test func deleteInactiveOffEmitsUpdatedWithInactiveState() {
        var (broker, setup) = linked { $0.deleteInactiveUsers = false }
        let id = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Users/" + id, body: Fixture.patchActive(false)), now: .seconds(2))
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Users/" + id, body: Fixture.patchActive(true)), now: .seconds(3))
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated, .userCreated, .userUpdated, .userUpdated])
        let u = users(broker)
        #expect(u.map(\.state) == [.active, .inactive, .active])
        #expect(Set(u.map(\.id)).count == 1)
    }

    @Test func userCreatedInactiveIsInvisibleUnderDeleteInactive() {
        var (on, setupOn) = linked()
        _ = Fixture.createUser(&on, setupOn, "ada@example.com", active: false, at: .seconds(1))
        #expect(Fixture.kinds(on.retainedEvents) == [.activated])
        var (off, setupOff) = linked { $0.deleteInactiveUsers = false }
        _ = Fixture.createUser(&off, setupOff, "ada@example.com", active: false, at: .seconds(1))
        #expect(Fixture.kinds(off.retainedEvents) == [.activated, .userCreated])
    }

    @Test func updatedAtIsStrictlyIncreasingPerUserWithinOneMillisecond() {
        var (broker, setup) = linked { $0.deleteInactiveUsers = false }
        let id = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        for n in 0..<4 {
            _ = broker.handleSCIM(
                Fixture.request(
                    setup, .patch, "/Users/" + id,
                    body: Fixture.patchReplace(["title": .string("T\(n)")])),
                now: .seconds(1))
        }
        let stamps = users(broker).map(\.updatedAt)
        #expect(stamps.count == 5)
        for (a, b) in zip(stamps, stamps.dropFirst()) { #expect(a < b) }
    }

    @Test func groupLifecycleAndMembershipEvents() throws {
        var (broker, setup) = linked()
        let a = Fixture.createUser(&broker, setup, "a@example.com", at: .seconds(1))
        let b = Fixture.createUser(&broker, setup, "b@example.com", at: .seconds(1))
        let created = broker.handleSCIM(
            Fixture.request(setup, .post, "/Groups", body: Fixture.group("Eng", members: [a])),
            now: .seconds(2))
        let g = try #require(created.body?["id"]?.stringValue)
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Groups/" + g, body: Fixture.patchMembers("add", [b, a])), now: .seconds(3))
        _ = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Groups/" + g, body: Fixture.patchMembers("remove", [a])), now: .seconds(4))
        _ = broker.handleSCIM(Fixture.request(setup, .delete, "/Groups/" + g), now: .seconds(5))
        #expect(
            Fixture.kinds(broker.retainedEvents.dropFirst(3)) == [
                .groupCreated, .groupUserAdded, .groupUserAdded, .groupUserRemoved, .groupDeleted,
            ])
        let added = broker.retainedEvents.filter { $0.kind == .groupUserAdded }
        guard case .membership(let user, let group) = added[1].data else {
            Issue.record("membership")
            return
        }
        #expect(group.name == "Eng")
        #expect(user.email == "b@example.com")
        #expect(user.groups.map(\.name) == ["Eng"])
        #expect(group.rawAttributes["members"] == nil)
        let body = added[1].body
        #expect(body["data"]?["user"]?["email"] == "b@example.com")
        #expect(body["data"]?["group"]?["name"] == "Eng")
    }

    @Test func deletingAUserEmitsUserDeletedOnce() {
        var (broker, setup) = linked()
        let id = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        _ = broker.handleSCIM(Fixture.request(setup, .delete, "/Users/" + id), now: .seconds(2))
        _ = broker.handleSCIM(Fixture.request(setup, .delete, "/Users/" + id), now: .seconds(3))
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated, .userCreated, .userDeleted])
    }

    @Test func putEmitsUpdatedOnlyWhenSomethingChanged() throws {
        var (broker, setup) = linked()
        let id = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        let same = broker.handleSCIM(
            Fixture.request(setup, .put, "/Users/" + id, body: Fixture.user("ada@example.com")), now: .seconds(2))
        #expect(same.status == 200)
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated, .userCreated])
        let renamed = broker.handleSCIM(
            Fixture.request(setup, .put, "/Users/" + id, body: Fixture.user("ada@example.com", family: "King")),
            now: .seconds(3))
        #expect(renamed.status == 200)
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated, .userCreated, .userUpdated])
        let last = try #require(users(broker).last)
        #expect(last.lastName == "King")
    }

    @Test func failedSCIMRequestsEmitNothing() {
        var (broker, setup) = linked()
        _ = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        let duplicate = broker.handleSCIM(
            Fixture.request(setup, .post, "/Users", body: Fixture.user("ADA@example.com")), now: .seconds(2))
        #expect(duplicate.status == 409)
        let missing = broker.handleSCIM(
            Fixture.request(setup, .patch, "/Users/nope", body: Fixture.patchActive(false)), now: .seconds(2))
        #expect(missing.status == 404)
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated, .userCreated])
        #expect(broker.statistics.scimResponsesByStatus == [201: 1, 409: 1, 404: 1])
    }
}
