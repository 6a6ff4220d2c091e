import SCIM
import Testing

@testable import DirectorySync

/// The broker's SCIM fast paths (routing, token check, one-pass user mapping, counters, ids) agree with the
/// general code they shortcut.
/// Case-insensitive names, an exact name after a case-insensitive one, duplicates (the first wins).
private let mixedCaseMembers: [(String, JSONValue)] = [
    ("USERNAME", "first@x.example"), ("userName", "exact@x.example"), ("username", "later"), ("Active", "False"),
    ("EXTERNALID", "e-1"), ("externalId", "e-2"), ("Title", "Boss"), ("name", ["givenName": "G", "FamilyName": "F"]),
    ("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER", ["Department": "Ops", "employeeNumber": "7"]),
    ("emails", [["value": "b@x", "primary": "TRUE"], ["value": "c@x", "type": "home"]]),
]

/// Nothing mapped: a userName without `@`, no emails, odd types.
private let unmappableMembers: [(String, JSONValue)] = [
    ("userName", "plain"), ("active", 3), ("emails", "none"), ("name", "x"),
]

@Suite struct BrokerFastPathTests {
    /// The general per-attribute mapping the one-pass reader replaces (RFC 7643 section 2.1 names).
    private static func reference(_ resource: JSONValue) -> MappedUserFields.Reference {
        let emails = SCIMResourceReader.emails(resource)
        let userName = SCIMResourceReader.string(SCIMResourceReader.attribute(resource, "userName"))
        let name = SCIMResourceReader.attribute(resource, "name")?.objectValue
        return MappedUserFields.Reference(
            email: (emails.first(where: \.primary) ?? emails.first)?.value
                ?? (userName?.contains("@") == true ? userName : nil),
            emails: emails, username: userName,
            firstName: SCIMResourceReader.string(SCIMResourceReader.member(name, "givenName")),
            lastName: SCIMResourceReader.string(SCIMResourceReader.member(name, "familyName")),
            active: SCIMResourceReader.active(resource),
            customAttributes: SCIMResourceReader.customAttributes(resource),
            externalID: SCIMResourceReader.string(SCIMResourceReader.attribute(resource, "externalId")))
    }

    @Test(
        arguments: [
            Fixture.user("ada@x.example", externalId: "okta-1"),
            Fixture.user("grace", active: false),
            .object(JSONObject(mixedCaseMembers)),
            .object(JSONObject(unmappableMembers)),
            ["userName": "u@x", "emails": [["type": "work"]]],
            .string("not an object"),
        ] as [JSONValue])
    func onePassMappingEqualsPerAttributeReads(resource: JSONValue) {
        let fields = MappedUserFields(resource)
        #expect(fields.reference == Self.reference(resource))
    }

    @Test(
        arguments: [
            ["value": "a@x", "type": "work", "primary": true],
            ["VALUE": "b@x", "value": "a@x", "Type": "home", "PRIMARY": "True"],
            ["Value": "b@x", "vAlUe": "c@x", "TYPE": "other", "Type": "home"],
            ["values": "a@x", "typ": "work", "primary ": true, "display": "A"],
            ["väl": "x", "primary": "false"],
            [:],
        ] as [JSONValue])
    func oneEmailScanEqualsPerMemberReads(value: JSONValue) throws {
        let entry = try #require(value.objectValue)
        let scanned = entry.members.withUnsafeBufferPointer { m in
            let found = MappedUserFields.EmailMembers(m)
            return [found.value, found.type, found.primary].map { $0 >= 0 ? m[$0].value : JSONValue?.none }
        }
        #expect(scanned == ["value", "type", "primary"].map { SCIMResourceReader.member(entry, $0) })
    }

    @Test func newUserMapsLikeTheFieldsAndSharesTheResource() {
        let resource = Fixture.user("ada@x.example", externalId: "okta-1")
        let user = MappedUserFields.newUser(
            from: resource, id: "directory_user_1", scimID: "u-0001", directoryID: "directory_1",
            organizationID: "org_1", now: .seconds(3))
        var applied = user
        MappedUserFields(resource).apply(to: &applied, resource: resource)
        #expect(applied == user)
        #expect(user.idpID == "okta-1" && user.rawAttributes == resource && user.groups.isEmpty)
        #expect(user.createdAt == .seconds(3) && user.updatedAt == .seconds(3) && user.id == "directory_user_1")
        let plain = MappedUserFields.newUser(
            from: Fixture.user("grace", active: false), id: "d", scimID: "u-0002", directoryID: "directory_1",
            organizationID: "org_1", now: .zero)
        #expect(plain.idpID == "u-0002" && plain.state == .inactive)
    }

    @Test func relativePathMatchesTheGeneralRouter() {
        let base = DirectorySyncBrokerState.endpointPath(directoryID: "directory_1")
        for path in [
            base, base + "/", base + "/Users", base + "/Users/u-1", base + "/Userz", base + "/Groups", base + "x/Users",
            "/scim/v2.0/directory_",
            "/scim/v2.0/directory_2/Users", "", "/", base.uppercased() + "/Users", base + "/Üsers",
        ] {
            let general = DirectorySyncBrokerState.route(path).flatMap { $0.0 == "directory_1" ? $0.1 : nil }
            #expect(DirectorySyncBrokerState.relativePath(path, under: base).map { String($0) } == general, "\(path)")
            #expect(
                DirectorySyncBrokerState.relativeSCIMPath(path, under: base) == general.map { String($0) }, "\(path)")
        }
        #expect(DirectorySyncBrokerState.utf8HasPrefix("abcdefghijklmnopq", "abcdefghijklmnop"))
        #expect(!DirectorySyncBrokerState.utf8HasPrefix("abcdefghijklmnoX", "abcdefghijklmnop"))
        #expect(!DirectorySyncBrokerState.utf8HasPrefix("abcdefgXijklmnop", "abcdefghijklmnop"))
        #expect(!DirectorySyncBrokerState.utf8HasPrefix("abc", "abcd"))
        #expect(DirectorySyncBrokerState.utf8HasPrefix("abc", ""))
        #expect(DirectorySyncBrokerState.utf8HasPrefix("abcd", "abc"))
        #expect(!DirectorySyncBrokerState.utf8HasPrefix("abXd", "abc"))
        #expect(!DirectorySyncBrokerState.utf8HasPrefix("abcdefghi", "abcdefgX"))
    }

    @Test(
        arguments: [
            (["Authorization": "Bearer tok"], true), (["authorization": "Bearer tok"], true),
            (["AUTHORIZATION": "bearer   tok"], true), (["Authorization": "Bearer tok2"], false),
            (["X-Other": "1", "Authorization": "Bearer tok"], true), (["Accept": "x"], false),
            (["authorization": "Bearer bad", "Authorization": "Bearer tok"], false),
        ] as [(HTTPHeaders, Bool)])
    func tokenCheckMatchesTheGeneralParser(headers: HTTPHeaders, expected: Bool) {
        let fast = DirectorySyncBrokerState.presentsToken(headers, token: "tok", authorization: "Bearer tok")
        #expect(fast == expected)
        #expect(fast == (DirectorySyncBrokerState.bearerToken(headers) == "tok"))
        #expect(!DirectorySyncBrokerState.presentsToken(headers, token: nil, authorization: nil))
    }

    @Test func idsAndCountersMatchTheirGeneralForms() {
        for n: Int64 in [0, 1, 9, 10, 12_345, 99_999_999_999, Int64.max, -5] {
            #expect(BrokerID.digits("event_", n) == BrokerID.make("event_", n))
            #expect(BrokerID.digits("directory_user_", n) == BrokerID.make("directory_user_", n))
        }
        for (k, kind) in DirectoryEventKind.allCases.enumerated() { #expect(kind.ordinal == k) }
        var statistics = BrokerStatistics()
        statistics.countEvent(.userCreated)
        statistics.countEvent(.userCreated)
        statistics.countEvent(.deleted)
        statistics.countSCIMResponse(201)
        statistics.countSCIMResponse(99)
        statistics.countSCIMResponse(201)
        #expect(statistics.eventsByKind == [.userCreated: 2, .deleted: 1])
        #expect(statistics.scimResponsesByStatus == [201: 2, 99: 1])
        var copy = BrokerStatistics()
        copy.eventsByKind = statistics.eventsByKind
        copy.scimResponsesByStatus = statistics.scimResponsesByStatus
        #expect(copy == statistics)
    }

    @Test func routingFollowsTheRequestedDirectoryAcrossDirectories() {
        var broker = Fixture.broker()
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let b = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .zero)
        for (k, setup) in [a, b, a, a, b].enumerated() {
            let r = broker.handleSCIM(
                Fixture.request(setup, .post, "/Users", body: Fixture.user("u\(k)@x.example")), now: .seconds(1))
            #expect(r.status == 201)
        }
        // Another directory's token on the remembered directory's path is refused.
        let wrong = broker.handleSCIM(Fixture.request(b, .get, "/Users", token: a.bearerToken), now: .seconds(2))
        #expect(wrong.status == 401)
        let users = broker.retainedEvents.filter { $0.kind == .userCreated }
        #expect(users.map(\.directoryID) == [a, b, a, a, b].map(\.directoryID))
    }

    /// A path string reused across requests (as an identity provider sends it) is routed from the cache, still
    /// to its own directory and still behind that directory's token.
    @Test func aReusedPathStringRoutesToItsOwnDirectory() {
        var broker = Fixture.broker()
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let b = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .zero)
        let pathA = a.endpointPath + "/Users"
        let pathB = b.endpointPath + "/Users"
        let order = [(a, pathA), (a, pathA), (b, pathB), (a, pathA), (b, pathB)]
        for (k, (setup, path)) in order.enumerated() {
            var request = Fixture.request(setup, .post, "", body: Fixture.user("r\(k)@x.example"))
            request.path = path
            #expect(broker.handleSCIM(request, now: .seconds(1)).status == 201)
        }
        let users = broker.retainedEvents.filter { $0.kind == .userCreated }
        #expect(users.map(\.directoryID) == order.map(\.0.directoryID))
        var wrong = Fixture.request(a, .get, "", token: b.bearerToken)
        wrong.path = pathA
        #expect(broker.handleSCIM(wrong, now: .seconds(2)).status == 401)
        #expect(DirectorySyncBrokerState.sameStringBits(pathA, pathA))
        #expect(!DirectorySyncBrokerState.sameStringBits(pathA, pathB))
    }

    /// A header list that carried the token passes again on its identity, but only while that token is current:
    /// after a rotation, a revocation or a deletion the same list (the same storage) is refused, and a list
    /// remembered for one directory opens no other.
    @Test func aRememberedHeaderListPassesOnlyWithTheCurrentToken() throws {
        var broker = Fixture.broker()
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let b = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .zero)
        let get = Fixture.request(a, .get, "/Users")
        let headersA = get.headers
        #expect(broker.handleSCIM(get, now: .seconds(1)).status == 200)
        #expect(broker.handleSCIM(get, now: .seconds(2)).status == 200)  // remembered: the same list passes
        var onB = Fixture.request(b, .get, "/Users")
        onB.headers = headersA  // directory A's remembered list, sent to directory B
        #expect(broker.handleSCIM(onB, now: .seconds(3)).status == 401)
        let rotated = try broker.rotateToken(directoryID: a.directoryID, organizationID: Fixture.orgA, now: .seconds(4))
            .get()
        var stale = get
        stale.headers = headersA
        #expect(broker.handleSCIM(stale, now: .seconds(5)).status == 401)
        let fresh = Fixture.request(a, .get, "/Users", token: rotated)
        #expect(broker.handleSCIM(fresh, now: .seconds(6)).status == 200)
        #expect(broker.handleSCIM(fresh, now: .seconds(7)).status == 200)
        try broker.revokeToken(directoryID: a.directoryID, organizationID: Fixture.orgA, now: .seconds(8)).get()
        #expect(broker.handleSCIM(fresh, now: .seconds(9)).status == 401)
        let getB = Fixture.request(b, .get, "/Users")
        #expect(broker.handleSCIM(getB, now: .seconds(10)).status == 200)
        _ = broker.deleteDirectory(
            DirectoryDeletionRequest(organizationID: Fixture.orgB, directoryID: b.directoryID), now: .seconds(11))
        #expect(broker.handleSCIM(getB, now: .seconds(12)).status == 401)
    }

    /// A backend that implements only `handle(_:now:)` gets the relative path through the default
    /// `handle(_:path:now:)`.
    @Test func theDefaultPathEntryHandsTheRelativePath() {
        struct Recorder: DirectorySCIMBackend {
            var paths: [String] = []
            mutating func handle(_ request: SCIMRequest, now: Duration) -> SCIMResult {
                paths.append(request.path)
                return SCIMResult(response: SCIMResponse(status: 204))
            }
        }
        var recorder = Recorder()
        let request = SCIMRequest(method: .get, path: "/scim/v2.0/directory_1/Users/u-0001")
        #expect(recorder.handle(request, path: "/Users/u-0001", now: .zero).response.status == 204)
        #expect(recorder.paths == ["/Users/u-0001"])
    }
}

extension MappedUserFields {
    /// The mapped values in comparable form.
    struct Reference: Equatable {
        var email: String?
        var emails: [DirectoryEmail]
        var username: String?
        var firstName: String?
        var lastName: String?
        var active: Bool
        var customAttributes: JSONObject
        var externalID: String?
    }

    var reference: Reference {
        Reference(
            email: email, emails: emails, username: username, firstName: firstName, lastName: lastName,
            active: state == .active, customAttributes: customAttributes, externalID: externalID)
    }
}

@Suite struct SCIMIDIndexTests {
    @Test func behavesLikeADictionaryForCanonicalAndOtherIds() {
        var index = SCIMIDIndex(prefix: "u")
        var reference: [String: Int] = [:]
        let ids = [
            "u-0001", "u-0002", "u-9999", "u-10000", "u-0000", "u-001", "u-00001", "u-010000", "g-0001", "u0001",
            "u-12a4", "user-1", "u-", "u-99999999", "x", "u-0003", "u-123456789012345678901",
        ]
        var state: UInt64 = 7
        for step in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let id = ids[Int(state >> 33) % ids.count]
            if (state >> 20) % 4 == 0 {
                index[id] = nil
                reference[id] = nil
            } else {
                index[id] = step
                reference[id] = step
            }
            #expect(index[id] == reference[id], "\(id)")
        }
        for id in ids { #expect(index[id] == reference[id], "\(id)") }
        // The canonical form is one-to-one: padded and unpadded spellings are different ids.
        var fresh = SCIMIDIndex(prefix: "u")
        fresh["u-0012"] = 1
        fresh["u-012"] = 2
        fresh["u-00012"] = 3
        #expect(fresh["u-0012"] == 1 && fresh["u-012"] == 2 && fresh["u-00012"] == 3)
    }

    /// The id-free insert (the broker's create path) agrees with `set`, and declines whatever needs the id.
    @Test func canonicalInsertAgreesWithSetAndDeclinesTheRest() {
        var fast = SCIMIDIndex(prefix: "u")
        var general = SCIMIDIndex(prefix: "u")
        for (slot, id) in ["u-0001", "u-0005", "u-0002"].enumerated() {
            let lookup = fast.lookup(id)
            #expect(lookup.slot == nil && lookup.key != nil)
            let inserted = fast.setCanonical(slot, number: lookup.key)
            #expect(inserted)
            general.set(slot, id: id, number: general.key(id))
        }
        for id in ["u-0001", "u-0002", "u-0003", "u-0005"] { #expect(fast[id] == general[id], "\(id)") }
        let found = fast.lookup("u-0005")
        #expect(found.slot == 1)
        let notCanonical = fast.setCanonical(7, number: fast.key("user-7"))  // needs the id
        let beyondReach = fast.setCanonical(8, number: 100_000)
        fast.set(9, id: "user-9", number: fast.key("user-9"))
        let dictionaryInUse = fast.setCanonical(10, number: fast.key("u-0006"))
        #expect(!notCanonical && !beyondReach && !dictionaryInUse)
        #expect(fast["u-0006"] == nil && fast["user-9"] == 9)
    }
}
