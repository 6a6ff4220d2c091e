import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// The member-layout memo of user mapping and the monitor's memo of verified request parts: a remembered
/// answer is reused only for an input of the same identity, and every answer equals the one computed afresh.
@Suite struct BrokerLayoutMemoTests {
    /// Resources laid out differently (key order, key case, missing and extra members, another email layout).
    private static let resources: [JSONValue] = [
        Fixture.user("ada@x.example", externalId: "okta-1"),
        Fixture.user("grace@x.example", active: false),
        [
            "USERNAME": "lin@x.example", "Name": ["FAMILYNAME": "Lin", "givenname": "Li"],
            "Emails": [["Value": "lin@home.example", "PRIMARY": true, "type": "home"], ["value": "l@x"]],
            "ACTIVE": "False", "externalID": "e-9", "Title": "Lead",
        ],
        ["userName": "no-email", "emails": [], "name": "not an object", "active": true],
        ["emails": [["primary": false, "value": "b@x"], ["value": "c@x", "primary": true]], "userName": "b"],
        ["userName": "x", "userName ": "y", "username": "z"],
        "not an object",
    ]

    @Test func newUserWithRememberedLayoutsMapsLikeAFreshOne() {
        var memos = UserLayoutMemos()
        // Twice through, so every resource meets both a memo holding its own layout and one holding another's.
        for round in 0..<2 {
            for (k, resource) in Self.resources.enumerated() {
                let id = "directory_user_\(round)_\(k)"
                let remembered = MappedUserFields.newUser(
                    from: resource, id: id, scimID: "u-\(k)", directoryID: "directory_1", organizationID: "org_1",
                    now: .seconds(Int64(k)), memos: &memos)
                let fresh = MappedUserFields.newUser(
                    from: resource, id: id, scimID: "u-\(k)", directoryID: "directory_1", organizationID: "org_1",
                    now: .seconds(Int64(k)))
                #expect(remembered == fresh, "resource \(k), round \(round)")
                // The same resource again: now a memo hit.
                let again = MappedUserFields.newUser(
                    from: resource, id: id, scimID: "u-\(k)", directoryID: "directory_1", organizationID: "org_1",
                    now: .seconds(Int64(k)), memos: &memos)
                #expect(again == fresh, "resource \(k) repeated")
            }
        }
        let lin = MappedUserFields.newUser(
            from: Self.resources[2], id: "d", scimID: "u-2", directoryID: "directory_1", organizationID: "org_1",
            now: .zero, memos: &memos)
        #expect(lin.username == "lin@x.example" && lin.firstName == "Li" && lin.lastName == "Lin")
        #expect(lin.email == "lin@home.example" && lin.state == .inactive && lin.idpID == "e-9")
        #expect(lin.customAttributes["job_title"] == "Lead")
    }

    @Test func memoAnswersOnlyForTheSameNames() {
        var memo = MemberLayoutMemo<Int>()
        var scans = 0
        let a: [(key: String, value: JSONValue)] = [("userName", .null), ("emails", .null)]
        let b: [(key: String, value: JSONValue)] = [("userName", .null), ("Emails", .null)]
        let long = String(repeating: "x", count: 40)
        let c: [(key: String, value: JSONValue)] = [(long, .null)]
        let d: [(key: String, value: JSONValue)] = [(String(repeating: "y", count: 40), .null)]
        func run(_ members: [(key: String, value: JSONValue)], _ answer: Int) -> Int {
            members.withUnsafeBufferPointer { m in
                memo.result(m) { _ in
                    scans += 1
                    return answer
                }
            }
        }
        #expect(run(a, 1) == 1 && scans == 1)
        #expect(run(a, 2) == 1 && scans == 1)  // same names: remembered
        #expect(run(b, 3) == 3 && scans == 2)  // a differently spelled name: scanned
        #expect(run(c, 4) == 4 && scans == 3)
        #expect(run(c, 5) == 4 && scans == 3)  // the same long name (same storage): remembered
        #expect(run(d, 6) == 6 && scans == 4)  // another long name of the same length: scanned
        #expect(run([], 7) == 7 && scans == 5)
    }

    @Test func verifiedPartsRecogniseOnlyRememberedValues() {
        var parts = VerifiedRequestParts()
        let path = "/scim/v2.0/directory_00000000000000000000000001/Users"
        let other = "/scim/v2.0/directory_00000000000000000000000002/Users"
        #expect(!parts.holds(path: path))
        parts.remember(path: path)
        #expect(parts.holds(path: path) && !parts.holds(path: other))
        let headers = HTTPHeaders([("Authorization", "Bearer t")])
        let same = HTTPHeaders([("Authorization", "Bearer t")])  // equal text, another array
        #expect(!parts.holds(fields: headers.fields))
        parts.remember(fields: headers.fields)
        #expect(parts.holds(fields: headers.fields) && !parts.holds(fields: same.fields))
        parts.remember(fields: same.fields)
        parts.remember(fields: HTTPHeaders([("Authorization", "Bearer u")]).fields)  // the older one goes
        #expect(!parts.holds(fields: headers.fields) && parts.holds(fields: same.fields))
    }

    /// The monitor's SCIM check with its memo: a request whose path and headers passed before passes again, a
    /// request with another token is still refused, and after a rotation the old (remembered) headers are refused.
    @Test func monitorMemoKeepsTheCredentialCheck() {
        let simulation = Simulation(seed: 5)
        let monitor = InvariantMonitor(simulation: simulation)
        let tenant = monitor.addTenant(organizationID: "org_01")
        monitor.directoryCredential(tenant: tenant, directoryID: "directory_1", token: "t1")
        let path = DirectorySyncBrokerState.endpointPath(directoryID: "directory_1") + "/Users"
        let good = SCIMRequest(method: .post, path: path, headers: ["Authorization": "Bearer t1"])
        for _ in 0..<3 {
            monitor.scimRequestHandled(tenant: tenant, request: good, status: 201, appended: 0, events: { [] })
        }
        #expect(monitor.violation == nil)
        monitor.directoryCredential(tenant: tenant, directoryID: "directory_1", token: "t2")
        monitor.scimRequestHandled(tenant: tenant, request: good, status: 201, appended: 0, events: { [] })
        #expect(monitor.violation?.invariant == InvariantMonitor.Name.wrongCredential)
    }

    /// On the memo's fast path, the appended events are still checked: one of the request's own directory passes
    /// whether or not its id is the same string storage, and one of another directory is reported.
    @Test func monitorMemoStillChecksTheAppendedEvents() {
        let simulation = Simulation(seed: 5)
        let monitor = InvariantMonitor(simulation: simulation)
        let tenant = monitor.addTenant(organizationID: "org_01")
        let directoryID = "directory_" + String(repeating: "0", count: 26) + "1"  // a heap string
        monitor.directoryCredential(tenant: tenant, directoryID: directoryID, token: "t1")
        let path = DirectorySyncBrokerState.endpointPath(directoryID: directoryID) + "/Users"
        let good = SCIMRequest(method: .post, path: path, headers: ["Authorization": "Bearer t1"])
        func event(_ directory: String) -> DirectoryEvent {
            let d = Directory(
                id: directory, organizationID: "org_01", name: "D", type: "okta scim v2.0", state: .linked,
                endpointPath: DirectorySyncBrokerState.endpointPath(directoryID: directory), createdAt: .zero,
                updatedAt: .zero)
            return DirectoryEvent(
                sequence: 1, id: "event_1", kind: .activated, organizationID: "org_01", directoryID: directory,
                createdAt: .zero, data: .directory(d))
        }
        for _ in 0..<2 {  // the second request hits the memo
            monitor.scimRequestHandled(
                tenant: tenant, request: good, status: 201, appended: 1, events: { [event(directoryID)] })
        }
        let sameText = String(directoryID.utf8.map { Character(UnicodeScalar($0)) })  // another storage
        monitor.scimRequestHandled(
            tenant: tenant, request: good, status: 201, appended: 1, events: { [event(sameText)] })
        #expect(monitor.violation == nil)
        monitor.scimRequestHandled(
            tenant: tenant, request: good, status: 201, appended: 1, events: { [event("directory_other")] })
        #expect(monitor.violation?.invariant == InvariantMonitor.Name.crossOrganization)
    }

    @Test func monitorMemoRefusesAnotherTokenAfterAPass() {
        let simulation = Simulation(seed: 5)
        let monitor = InvariantMonitor(simulation: simulation)
        let tenant = monitor.addTenant(organizationID: "org_01")
        monitor.directoryCredential(tenant: tenant, directoryID: "directory_1", token: "t1")
        let path = DirectorySyncBrokerState.endpointPath(directoryID: "directory_1") + "/Users"
        let good = SCIMRequest(method: .get, path: path, headers: ["Authorization": "Bearer t1"])
        monitor.scimRequestHandled(tenant: tenant, request: good, status: 200, appended: 0, events: { [] })
        var bad = good
        bad.headers = ["Authorization": "Bearer nope"]
        monitor.scimRequestHandled(tenant: tenant, request: bad, status: 200, appended: 0, events: { [] })
        #expect(monitor.violation?.invariant == InvariantMonitor.Name.wrongCredential)
    }

    /// The epoch constant is the civil date it names.
    @Test func epochConstantIsTheCivilDate() {
        #expect(
            EventTimestamp.epochUnixMilliseconds == SCIMDateTime.daysFromCivil(year: 2026, month: 1, day: 1)
                * 86_400_000)
    }

    /// A mapped user's emails are the resource's (read when asked), the primary email is the one the list
    /// gives, and they stay what they were when `rawAttributes` changes afterwards.
    @Test func emailsAreReadFromTheResourceAndKeptWhenItChanges() {
        for resource in Self.resources {
            var user = MappedUserFields.newUser(
                from: resource, id: "d", scimID: "u-1", directoryID: "directory_1", organizationID: "org_1",
                now: .zero)
            let emails = SCIMResourceReader.emails(resource)
            #expect(user.emails == emails)
            let listed = (emails.first { $0.primary } ?? emails.first)?.value
            if let listed { #expect(user.email == listed) }
            let copy = user
            user.rawAttributes = Fixture.user("other@x.example")
            #expect(user.emails == emails && copy.emails == emails)
            #expect(copy.rawAttributes == resource)
        }
    }
}
