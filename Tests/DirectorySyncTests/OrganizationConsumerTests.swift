import SCIM
import Testing

@testable import DirectorySync

@Suite struct OrganizationConsumerTests {
    @Test func signedEventsCreateUserMembersAndActivateTheDirectory() throws {
        var w = HandWiredWorld()
        let enabled = w.enableSCIM()
        let setup = try #require(enabled)
        _ = w.createUser(0, "ada@acme.example", now: .seconds(1))
        w.deliverAll(now: .seconds(1))
        #expect(w.orgs[0].scimSetup == .configured(directoryID: setup.directoryID, linked: true))
        let ada = try #require(w.orgs[0].member(email: "ADA@acme.example"))
        #expect(ada.role == .user)
        #expect(ada.source == .scim)
        #expect(ada.seat == .standard)
        #expect(ada.name == "Ada Lovelace")
        #expect(ada.directoryID == setup.directoryID)
        #expect(w.orgs[0].counters.applied == 2)
        #expect(w.orgs[0].counters.membersCreated == 1)
        #expect(w.broker.statistics.webhooksDelivered == 2)
    }

    @Test func badSignaturesAreRejectedWithoutChange() throws {
        var w = HandWiredWorld()
        w.enableSCIM()
        _ = w.createUser(0, "ada@acme.example", now: .seconds(1))
        let dispatches = w.broker.dueWebhookDispatches(now: .seconds(1))
        let created = try #require(dispatches.last)
        let wrongKey = WebhookSignature.header(
            timestampMillis: 1000, payload: WebhookSignature.signedPayload(of: created.body), secret: "whsec_other")
        var tampered = try #require(created.body.objectValue)
        var data = try #require(tampered["data"]?.objectValue)
        data["email"] = "mallory@evil.example"
        tampered["data"] = .object(data)
        let cases: [(JSONValue, String?)] = [
            (created.body, nil), (created.body, "garbage"), (created.body, wrongKey),
            (.object(tampered), created.signatureHeader),
        ]
        for (body, header) in cases {
            let receipt = w.orgs[0].receiveWebhook(body: body, signatureHeader: header, now: .seconds(1))
            #expect(receipt == WebhookReceipt(status: 401, outcome: .rejectedSignature))
        }
        #expect(w.emails() == [HandWiredWorld.ownerEmail])
        #expect(w.orgs[0].counters.rejectedSignatures == 4)
        // a refused delivery is not remembered: the genuine one still applies
        let genuine = w.orgs[0].receiveWebhook(
            body: created.body, signatureHeader: created.signatureHeader, now: .seconds(1))
        #expect(genuine.outcome == .applied)
        #expect(w.emails() == ["ada@acme.example", HandWiredWorld.ownerEmail])
    }

    @Test func timestampToleranceIsThreeMinutes() throws {
        var w = HandWiredWorld()
        w.enableSCIM()
        _ = w.createUser(0, "ada@acme.example", now: .zero)
        let d = w.broker.dueWebhookDispatches(now: .zero)
        #expect(d.count == 2)
        let atLimit = w.orgs[0].receiveWebhook(
            body: d[0].body, signatureHeader: d[0].signatureHeader, now: .seconds(180))
        #expect(atLimit.outcome == .applied)
        let late = w.orgs[0].receiveWebhook(
            body: d[1].body, signatureHeader: d[1].signatureHeader, now: .milliseconds(180_001))
        #expect(late == WebhookReceipt(status: 401, outcome: .rejectedTimestamp))
        #expect(w.orgs[0].member(email: "ada@acme.example") == nil)
        // the broker's retry is re-signed, so it is accepted
        w.broker.recordWebhookOutcome(
            d[1].deliveryID, attempt: 1, outcome: .response(status: 401), now: .milliseconds(180_001))
        let retry = try #require(w.broker.dueWebhookDispatches(now: .seconds(240)).first)
        let ok = w.orgs[0].receiveWebhook(body: retry.body, signatureHeader: retry.signatureHeader, now: .seconds(240))
        #expect(ok.outcome == .applied)
        #expect(w.orgs[0].member(email: "ada@acme.example") != nil)
    }

    @Test func duplicatesAreAcknowledgedAndChangeNothing() throws {
        var w = HandWiredWorld()
        w.enableSCIM()
        let id = w.createUser(0, "ada@acme.example", now: .seconds(1))
        _ = w.scim(0, .patch, "/Users/" + id, body: Fixture.patchActive(false), now: .seconds(2))
        let events = Array(w.broker.retainedEvents)
        var org = w.orgs[0]
        for e in events { _ = org.consumeEvent(e.body) }
        #expect(org.memberCount == 1)
        for e in events.reversed() { #expect(org.consumeEvent(e.body) == .duplicate) }
        #expect(org.memberCount == 1)  // the user is never re-created by a re-delivered "created"
        #expect(org.counters.duplicates == 3)
        #expect(org.counters.applied == 3)
    }

    @Test func staleUpdatesAreIgnored() throws {
        var w = HandWiredWorld { $0.deleteInactiveUsers = false }
        w.enableSCIM()
        let id = w.createUser(0, "ada@acme.example", given: "Ada", now: .seconds(1))
        _ = w.scim(
            0, .patch, "/Users/" + id,
            body: Fixture.patchReplace(["name": ["givenName": "Augusta"]]),
            now: .seconds(2))
        let events = Array(w.broker.retainedEvents)
        var org = w.orgs[0]
        #expect(org.consumeEvent(events[0].body) == .applied)
        #expect(org.consumeEvent(events[2].body) == .applied)  // updated (newer) first
        #expect(org.consumeEvent(events[1].body) == .stale)  // then the older "created"
        #expect(org.member(email: "ada@acme.example")?.name == "Augusta Lovelace")
        #expect(org.counters.stale == 1)
    }

    /// Every order of a joiner / mover / leaver / re-joiner / email-rename history ends in the same state.
    @Test(arguments: [true, false])
    func reorderedEventsConverge(deleteInactive: Bool) throws {
        var w = HandWiredWorld { $0.deleteInactiveUsers = deleteInactive }
        w.enableSCIM()
        let id = w.createUser(0, "ada@acme.example", now: .seconds(1))
        let patch: (JSONValue, Duration) -> Void = { body, at in
            _ = w.scim(0, .patch, "/Users/" + id, body: body, now: at)
        }
        patch(Fixture.patchReplace(["name": ["givenName": "Augusta"]]), .seconds(2))
        patch(Fixture.patchActive(false), .seconds(3))
        patch(Fixture.patchActive(true), .seconds(4))
        patch(Fixture.patchReplace(["emails": [["value": "ada.l@acme.example", "primary": true]]]), .seconds(5))
        let bodies = w.broker.retainedEvents.dropFirst().map(\.body)
        #expect(bodies.count == 5)
        var reference = w.orgs[0]
        for b in bodies { _ = reference.consumeEvent(b) }
        #expect(
            reference.members.map { $0.email.lowercased() }.sorted() == [
                "ada.l@acme.example", HandWiredWorld.ownerEmail,
            ])
        let expected = reference.members.map { [$0.email.lowercased(), $0.name, $0.role.rawValue] }.sorted {
            $0[0] < $1[0]
        }
        for order in permutations(Array(bodies.indices)) {
            var org = w.orgs[0]
            for i in order { _ = org.consumeEvent(bodies[i]) }
            let got = org.members.map { [$0.email.lowercased(), $0.name, $0.role.rawValue] }.sorted { $0[0] < $1[0] }
            #expect(got == expected, "order \(order)")
        }
    }

    private func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        var out: [[Int]] = []
        for (i, x) in items.enumerated() {
            var rest = items
            rest.remove(at: i)
            for p in permutations(rest) { out.append([x] + p) }
        }
        return out
    }

    @Test func existingMemberKeepsRoleAndSourceAndThePrimaryOwnerIsNeverRemovedBySync() throws {
        var w = HandWiredWorld()
        let po = w.orgs[0].primaryOwnerID
        let admin = try w.orgs[0].addMember(actor: po, email: "Boss@Acme.example", name: "Boss", role: .admin).get()
        w.enableSCIM()
        let poSCIM = w.createUser(0, HandWiredWorld.ownerEmail, now: .seconds(1))
        let bossSCIM = w.createUser(0, "boss@acme.example", now: .seconds(1))
        w.deliverAll(now: .seconds(1))
        #expect(w.orgs[0].member(admin.id)?.role == .admin)
        #expect(w.orgs[0].member(admin.id)?.source == .manual)
        #expect(w.orgs[0].member(po)?.role == .primaryOwner)
        #expect(w.orgs[0].memberCount == 2)
        _ = w.scim(0, .patch, "/Users/" + poSCIM, body: Fixture.patchActive(false), now: .seconds(2))
        _ = w.scim(0, .delete, "/Users/" + bossSCIM, now: .seconds(2))
        w.deliverAll(now: .seconds(2))
        #expect(w.orgs[0].member(po)?.role == .primaryOwner)
        #expect(w.orgs[0].member(admin.id) == nil)  // a deleted directory user's account is removed
        #expect(w.emails() == [HandWiredWorld.ownerEmail])
    }

    @Test func groupEventsNeverChangeRolesWhenMappingsAreOff() throws {
        var w = HandWiredWorld()
        w.enableSCIM()
        let a = w.createUser(0, "ada@acme.example", now: .seconds(1))
        _ = w.scim(
            0, .post, "/Groups", body: Fixture.group("Owners", members: [a]), now: .seconds(2))
        w.deliverAll(now: .seconds(2))
        #expect(w.orgs[0].member(email: "ada@acme.example")?.role == .user)
        #expect(w.orgs[0].counters.groupEventsWithoutRoleEffect == 2)
        #expect(w.orgs[0].counters.rolesChangedBySync == 0)
        #expect(w.orgs[0].linkedMemberCount == 1)
    }

    @Test func groupMappingsWhenOnSetRolesButNeverTouchThePrimaryOwner() throws {
        var w = HandWiredWorld(groupMappings: [GroupRoleMapping(groupName: "claude-admins", role: .admin)])
        w.enableSCIM()
        let a = w.createUser(0, "ada@acme.example", now: .seconds(1))
        let po = w.createUser(0, HandWiredWorld.ownerEmail, now: .seconds(1))
        let g =
            w.scim(
                0, .post, "/Groups",
                body: Fixture.group("Claude-Admins", members: [a, po]),
                now: .seconds(2)
            ).body?["id"]?.stringValue ?? ""
        w.deliverAll(now: .seconds(2))
        #expect(w.orgs[0].member(email: "ada@acme.example")?.role == .admin)
        #expect(w.orgs[0].primaryOwner?.role == .primaryOwner)
        _ = w.scim(0, .patch, "/Groups/" + g, body: Fixture.patchMembers("remove", [a, po]), now: .seconds(3))
        w.deliverAll(now: .seconds(3))
        #expect(w.orgs[0].member(email: "ada@acme.example")?.role == .user)
        #expect(w.orgs[0].primaryOwner?.role == .primaryOwner)
        #expect(w.orgs[0].counters.rolesChangedBySync == 2)
    }

    @Test func directoryDeletedRemovesThatDirectorysMembersOnly() throws {
        var w = HandWiredWorld()
        let po = w.orgs[0].primaryOwnerID
        _ = try w.orgs[0].addMember(actor: po, email: "manual@acme.example", name: "M").get()
        let enabled = w.enableSCIM()
        let setup = try #require(enabled)
        _ = w.createUser(0, "ada@acme.example", now: .seconds(1))
        _ = w.createUser(0, HandWiredWorld.ownerEmail, now: .seconds(1))
        w.deliverAll(now: .seconds(1))
        #expect(w.orgs[0].memberCount == 3)
        _ = try w.broker.deleteDirectory(
            DirectoryDeletionRequest(organizationID: "org_0", directoryID: setup.directoryID), now: .seconds(2)
        ).get()
        w.deliverAll(now: .seconds(2))
        #expect(w.emails() == ["manual@acme.example", HandWiredWorld.ownerEmail])
        #expect(w.orgs[0].primaryOwner?.directoryUserID == nil)
        #expect(w.orgs[0].scimSetup == .notConfigured)
    }
}
