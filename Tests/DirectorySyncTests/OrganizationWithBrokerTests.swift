import SCIM
import Testing

@testable import DirectorySync

/// Both state machines together, driven by hand: isolation between organizations and reset.
@Suite struct OrganizationWithBrokerTests {
    @Test func twoOrganizationsSharingOneBrokerNeverSeeEachOthersEvents() throws {
        var w = HandWiredWorld(organizations: 2)
        w.enableSCIM(0)
        w.enableSCIM(1)
        for n in 0..<5 {
            _ = w.createUser(0, "a\(n)@a.example", now: .seconds(1))
            _ = w.createUser(1, "b\(n)@b.example", now: .seconds(1))
        }
        w.deliverAll(now: .seconds(1))
        #expect(
            w.emails(0) == [
                "a0@a.example", "a1@a.example", "a2@a.example", "a3@a.example", "a4@a.example",
                HandWiredWorld.ownerEmail,
            ])
        #expect(
            w.emails(1) == [
                "b0@b.example", "b1@b.example", "b2@b.example", "b3@b.example", "b4@b.example",
                HandWiredWorld.ownerEmail,
            ])
        #expect(w.receipts.allSatisfy { $0.status == 200 && $0.outcome == .applied })
        #expect(w.orgs[0].counters.ignoredForeign == 0)

        // a delivery meant for org_0, misrouted to org_1, fails org_1's signature check
        _ = w.createUser(0, "late@a.example", now: .seconds(2))
        let misrouted = try #require(w.broker.dueWebhookDispatches(now: .seconds(2)).first)
        let refused = w.orgs[1].receiveWebhook(
            body: misrouted.body, signatureHeader: misrouted.signatureHeader, now: .seconds(2))
        #expect(refused.outcome == .rejectedSignature)
        // and even correctly signed for org_1, an event of org_0's directory changes nothing there
        let resigned = WebhookSignature.header(
            timestampMillis: 2000, payload: WebhookSignature.signedPayload(of: misrouted.body), secret: "whsec_1")
        let foreign = w.orgs[1].receiveWebhook(body: misrouted.body, signatureHeader: resigned, now: .seconds(2))
        #expect(foreign == WebhookReceipt(status: 200, outcome: .ignoredForeign))
        #expect(w.orgs[1].member(email: "late@a.example") == nil)

        // Events API: each organization lists only its own events
        let page0 = try w.broker.listEvents(organizationID: "org_0", limit: 100, now: .seconds(3)).get()
        let page1 = try w.broker.listEvents(organizationID: "org_1", limit: 100, now: .seconds(3)).get()
        #expect(page0.data.allSatisfy { $0.organizationID == "org_0" } && page0.data.count == 7)
        #expect(page1.data.allSatisfy { $0.organizationID == "org_1" } && page1.data.count == 6)
        var polled = OrganizationState(
            id: "org_1", primaryOwnerEmail: HandWiredWorld.ownerEmail, primaryOwnerName: "PO",
            configuration: OrganizationConfiguration(webhookSecret: "whsec_1"))
        _ = polled.enableSCIM(actor: polled.primaryOwnerID)
        _ = polled.directoryCreated(try #require(w.setups[1]))
        let outcomes = polled.consumeEventsPage(page1)
        #expect(outcomes.allSatisfy { $0 == .applied })
        #expect(polled.members.map(\.email).sorted() == w.orgs[1].members.map(\.email).sorted())
        #expect(polled.eventsAPICursor == page1.data.last?.id)
    }

    @Test func resetThenNewSetupNewTokenWorksOldIsRejectedLateEventsIgnored() throws {
        var w = HandWiredWorld()
        let enabled = w.enableSCIM()
        let first = try #require(enabled)
        let po = w.orgs[0].primaryOwnerID
        let owner = try w.orgs[0].addMember(actor: po, email: "owner@acme.example", name: "O", role: .owner).get()
        for n in 0..<3 { _ = w.createUser(0, "u\(n)@acme.example", now: .seconds(1)) }
        w.deliverAll(now: .seconds(1))
        #expect(w.orgs[0].memberCount == 5)
        _ = w.createUser(0, "straggler@acme.example", now: .seconds(2))  // event not yet delivered

        let outcome = try w.orgs[0].resetSCIM(actor: owner.id, confirmation: "Reset").get()
        #expect(w.emails() == [HandWiredWorld.ownerEmail])
        let deleted = try w.broker.deleteDirectory(outcome.deletion, now: .seconds(3)).get()
        #expect(deleted.directoryID == first.directoryID)
        w.deliverAll(now: .seconds(3))  // the straggler's created event and dsync.deleted arrive late
        #expect(w.emails() == [HandWiredWorld.ownerEmail])
        #expect(w.orgs[0].counters.ignoredForeign == 2)

        let old = w.broker.handleSCIM(
            Fixture.request(first, .post, "/Users", body: Fixture.user("x@acme.example")), now: .seconds(4))
        #expect(old.status == 401)
        let reenabled = w.enableSCIM(now: .seconds(5))
        let second = try #require(reenabled)
        #expect(second.directoryID != first.directoryID)
        #expect(second.bearerToken != first.bearerToken)
        var stale = Fixture.request(second, .post, "/Users", body: Fixture.user("x@acme.example"))
        stale.headers["Authorization"] = "Bearer " + first.bearerToken
        #expect(w.broker.handleSCIM(stale, now: .seconds(6)).status == 401)
        let fresh = w.broker.handleSCIM(
            Fixture.request(second, .post, "/Users", body: Fixture.user("x@acme.example")), now: .seconds(6))
        #expect(fresh.status == 201)
        w.deliverAll(now: .seconds(6))
        #expect(w.emails() == [HandWiredWorld.ownerEmail, "x@acme.example"])
        #expect(w.orgs[0].scimSetup == .configured(directoryID: second.directoryID, linked: true))
    }

    @Test func bytesModeSignsTheRawBodyAndRejectsAnyChangedByte() throws {
        var w = HandWiredWorld { $0.webhooks.wire = .bytes }
        w.enableSCIM()
        _ = w.createUser(0, "ada@acme.example", now: .seconds(1))
        let out = w.broker.dueWebhookDispatches(now: .seconds(1))
        #expect(out.count == 2)
        for d in out {
            let raw = try #require(d.rawBody)
            #expect(try JSONCodec.decode(raw) == d.body)
            var tampered = raw
            tampered[raw.count / 2] ^= 1  // any one bit, anywhere in the body
            let refused = w.orgs[0].receiveWebhook(
                rawBody: tampered, signatureHeader: d.signatureHeader, now: .seconds(1))
            #expect(refused.outcome == .rejectedSignature)
            let receipt = w.orgs[0].receiveWebhook(rawBody: raw, signatureHeader: d.signatureHeader, now: .seconds(1))
            #expect(receipt == WebhookReceipt(status: 200, outcome: .applied))
        }
        #expect(w.emails() == ["ada@acme.example", HandWiredWorld.ownerEmail])
        let garbage = Array("not json".utf8)
        let header = WebhookSignature.header(timestampMillis: 1000, rawBody: garbage, secret: "whsec_0")
        let bad = w.orgs[0].receiveWebhook(rawBody: garbage, signatureHeader: header, now: .seconds(1))
        #expect(bad == WebhookReceipt(status: 400, outcome: .malformed))
    }
}
