import SCIM
import Testing

@testable import DirectorySync

@Suite struct BrokerDirectoryTests {
    @Test func createDirectoryIssuesEndpointAndTokenAndActivatesOnFirstRequest() {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .seconds(1))
        #expect(setup.directoryID == "directory_00000000000000000000000001")
        #expect(setup.endpointPath == "/scim/v2.0/" + setup.directoryID)
        #expect(broker.directory(setup.directoryID)?.state == .validating)
        #expect(broker.retainedEvents.isEmpty)
        let r1 = broker.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .seconds(2))
        #expect(r1.status == 200)
        #expect(r1.body?["totalResults"] == 0)
        #expect(broker.directory(setup.directoryID)?.state == .linked)
        _ = broker.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .seconds(3))
        #expect(Fixture.kinds(broker.retainedEvents) == [.activated])
        let second = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .seconds(4))
        #expect(second.directoryID > setup.directoryID)
        #expect(second.bearerToken != setup.bearerToken)
    }

    @Test(arguments: [nil, "Bearer wrong", "Basic abc", "Bearer"])
    func wrongOrMissingTokenGets401AndAppliesNothing(header: String?) {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        var request = Fixture.request(setup, .post, "/Users", body: Fixture.user("ada@example.com"))
        request.headers["Authorization"] = header
        let response = broker.handleSCIM(request, now: .seconds(1))
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(broker.retainedEvents.isEmpty)
        #expect(broker.statistics.scimResponsesByStatus.isEmpty)
        #expect(broker.statistics.unauthorized == 1)
        #expect(broker.directory(setup.directoryID)?.state == .validating)
    }

    @Test func unknownDirectoryGets404() {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        var request = Fixture.request(setup, .get, "/Users")
        request.path = "/scim/v2.0/directory_nope/Users"
        #expect(broker.handleSCIM(request, now: .zero).status == 404)
        request.path = "/elsewhere"
        #expect(broker.handleSCIM(request, now: .zero).status == 404)
    }

    @Test func tokenFromAnotherDirectoryIsRejected() {
        var broker = Fixture.broker()
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let b = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .zero)
        let r = broker.handleSCIM(
            Fixture.request(a, .post, "/Users", body: Fixture.user("x@example.com"), token: b.bearerToken), now: .zero)
        #expect(r.status == 401)
        #expect(broker.retainedEvents.isEmpty)
    }

    @Test func rotateMakesNewTokenWorkAndOldOneFail() throws {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        _ = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        let newToken = try broker.rotateToken(
            directoryID: setup.directoryID, organizationID: Fixture.orgA, now: .seconds(2)
        ).get()
        #expect(newToken != setup.bearerToken)
        #expect(broker.directory(setup.directoryID)?.state == .validating)
        let old = broker.handleSCIM(
            Fixture.request(setup, .post, "/Users", body: Fixture.user("bob@example.com")), now: .seconds(3))
        #expect(old.status == 401)
        #expect(broker.directory(setup.directoryID)?.state == .invalidCredentials)
        let eventsBefore = broker.retainedEvents.count
        let fresh = broker.handleSCIM(
            Fixture.request(setup, .post, "/Users", body: Fixture.user("bob@example.com"), token: newToken),
            now: .seconds(4))
        #expect(fresh.status == 201)
        #expect(broker.directory(setup.directoryID)?.state == .linked)
        #expect(Fixture.kinds(broker.retainedEvents.dropFirst(eventsBefore)) == [.userCreated])
        // rotation never emits a second dsync.activated
        #expect(broker.retainedEvents.filter { $0.kind == .activated }.count == 1)
    }

    @Test func revokeRejectsEverythingAndUnlinks() throws {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        try broker.revokeToken(directoryID: setup.directoryID, organizationID: Fixture.orgA, now: .seconds(1)).get()
        #expect(broker.directory(setup.directoryID)?.state == .unlinked)
        #expect(broker.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .seconds(2)).status == 401)
        #expect(broker.retainedEvents.isEmpty)
        #expect(broker.directory(setup.directoryID)?.state == .invalidCredentials)  // the IdP still uses the old token
    }

    @Test func managementByAnotherOrganizationIsRefused() {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let r = broker.rotateToken(directoryID: setup.directoryID, organizationID: Fixture.orgB, now: .zero)
        #expect(r == .failure(.notOwner(directoryID: setup.directoryID, organizationID: Fixture.orgB)))
        let d = broker.deleteDirectory(
            DirectoryDeletionRequest(organizationID: Fixture.orgB, directoryID: setup.directoryID), now: .zero)
        #expect(throws: BrokerError.self) { try d.get() }
        #expect(broker.directory(setup.directoryID)?.state == .validating)
        #expect(broker.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .zero).status == 200)  // still usable
    }

    @Test func deleteEmitsExactlyOneDeletedEventAndNoPerUserEvents() throws {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        for n in 0..<5 { _ = Fixture.createUser(&broker, setup, "u\(n)@example.com", at: .seconds(1)) }
        _ = broker.handleSCIM(
            Fixture.request(setup, .post, "/Groups", body: Fixture.group("Eng", members: ["u-0001"])),
            now: .seconds(2))
        let before = broker.retainedEvents.count
        let event = try broker.deleteDirectory(
            DirectoryDeletionRequest(organizationID: Fixture.orgA, directoryID: setup.directoryID), now: .seconds(3)
        ).get()
        #expect(event.kind == .deleted)
        #expect(Fixture.kinds(broker.retainedEvents.dropFirst(before)) == [.deleted])
        #expect(broker.directory(setup.directoryID)?.state == .deleting)
        if case .directory(let d) = event.data { #expect(d.id == setup.directoryID) } else { Issue.record("data") }
        // requests after delete: 401, no events
        #expect(broker.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .seconds(4)).status == 401)
        let again = broker.deleteDirectory(
            DirectoryDeletionRequest(organizationID: Fixture.orgA, directoryID: setup.directoryID), now: .seconds(5))
        #expect(again == .failure(.directoryDeleted(setup.directoryID)))
        #expect(broker.retainedEvents.count == before + 1)
    }
}
