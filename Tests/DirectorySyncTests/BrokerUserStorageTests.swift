import SCIM
import Testing

@testable import DirectorySync

/// The shared, copy-on-write storage of ``DirectoryUser`` and the in-place helpers of the broker's hot path
/// (ASCII test, index keys) behave like the plain values and general code they replace.
@Suite struct BrokerUserStorageTests {
    private static func user() -> DirectoryUser {
        MappedUserFields.newUser(
            from: Fixture.user("ada@x.example", externalId: "okta-1"), id: "directory_user_1", scimID: "u-0001",
            directoryID: "directory_1", organizationID: "org_1", now: .seconds(1))
    }

    @Test func aWriteChangesOnlyTheCopyWritten() {
        let original = Self.user()
        var copy = original
        #expect(copy == original && copy.hashValue == original.hashValue)
        copy.email = "grace@x.example"
        copy.groups.append(DirectoryGroupReference(id: "directory_group_1", name: "Eng"))
        copy.updatedAt = .seconds(2)
        #expect(original.email == "ada@x.example" && original.groups.isEmpty && original.updatedAt == .seconds(1))
        #expect(copy.email == "grace@x.example" && copy.groups.map(\.name) == ["Eng"])
        #expect(copy.updatedAt == .seconds(2) && copy.id == original.id && copy.idpID == "okta-1")
        #expect(copy != original)
        // Equal fields in different storage are equal, with equal hashes.
        var rebuilt = Self.user()
        #expect(rebuilt == original && rebuilt.hashValue == original.hashValue)
        rebuilt.state = .inactive
        #expect(rebuilt != original && original.state == .active)
    }

    @Test func logSnapshotsKeepTheirValuesAfterTheUserChanges() {
        var broker = Fixture.broker()
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let id = Fixture.createUser(&broker, setup, "ada@example.com", at: .seconds(1))
        let rename = Fixture.patchReplace(["userName": "ada.l@example.com", "emails": [["value": "ada.l@example.com"]]])
        _ = broker.handleSCIM(Fixture.request(setup, .patch, "/Users/" + id, body: rename), now: .seconds(2))
        let group = broker.handleSCIM(
            Fixture.request(setup, .post, "/Groups", body: Fixture.group("Eng", members: [id])), now: .seconds(3))
        #expect(group.status == 201)
        let users = broker.retainedEvents.compactMap { event -> DirectoryUser? in
            switch event.data {
            case .user(let u): u
            case .membership(let u, _): u
            default: nil
            }
        }
        #expect(users.map(\.email) == ["ada@example.com", "ada.l@example.com", "ada.l@example.com"])
        #expect(users.map(\.groups.count) == [0, 0, 1])
        #expect(users.map(\.updatedAt) == [.seconds(1), .seconds(2), .seconds(2)])
    }

    @Test(arguments: ["", "Accept", "Content-Type", "Authorization", "Äccept", "Content-Typé", "abcdefgh", "abcdefgÄ"])
    func asciiTestMatchesTheByteLoop(text: String) {
        #expect(DirectorySyncBrokerState.isASCII(text) == text.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test(
        arguments: [
            (["Äccept-Encoding": "x", "Authorization": "Bearer tok"], true),
            (["Content-Typé": "x", "authorization": "Bearer tok"], true),
            (["Content-Type": "application/scim+json", "Authorization": "Bearer tok"], true),
        ] as [(HTTPHeaders, Bool)])
    func tokenCheckAfterOtherHeadersMatchesTheGeneralParser(headers: HTTPHeaders, expected: Bool) {
        let fast = DirectorySyncBrokerState.presentsToken(headers, token: "tok", authorization: "Bearer tok")
        #expect(fast == expected)
        #expect(fast == (DirectorySyncBrokerState.bearerToken(headers) == "tok"))
    }

    @Test func keyedLookupAndInsertMatchTheSubscript() {
        var keyed = SCIMIDIndex(prefix: "u")
        var plain = SCIMIDIndex(prefix: "u")
        let ids = ["u-0001", "u-0005", "u-0003", "u-12345", "u-001", "x-1", "u-0005", "u-99999999"]
        for (slot, id) in ids.enumerated() {
            let key = keyed.key(id)
            #expect(keyed[id, key] == plain[id])
            keyed.set(slot, id: id, number: key)
            plain[id] = slot
        }
        for id in ids { #expect(keyed[id, keyed.key(id)] == plain[id] && keyed[id] == plain[id]) }
        keyed.set(nil, id: "u-0003", number: keyed.key("u-0003"))
        keyed.set(nil, id: "x-1", number: keyed.key("x-1"))
        #expect(keyed["u-0003"] == nil && keyed["x-1"] == nil && keyed["u-0001"] == 0)
        #expect(keyed.key("u-0001") == 1 && keyed.key("u-001") == nil && keyed.key("g-0001") == nil)
    }
}
