import Testing

@testable import DirectorySync

/// ``Member/name`` kept as two parts: reads join them with one space, writes store the text whole, and equality
/// and hashing follow the joined text however it is split.
@Suite struct OrganizationMemberNameTests {
    private static func member(_ head: String, _ tail: String) -> Member {
        Member(
            id: MemberID(rawValue: 2), email: "ada@acme.example", nameHead: head, nameTail: tail, role: .user,
            source: .scim, seat: .standard, directoryUserID: "directory_user_1", directoryID: "directory_1")
    }

    @Test func nameJoinsItsPartsWithOneSpace() {
        #expect(Self.member("Ada", "Lovelace").name == "Ada Lovelace")
        #expect(Self.member("Ada", "").name == "Ada")
        #expect(Self.member("Ada Augusta", "King-Noel Lovelace").name == "Ada Augusta King-Noel Lovelace")
        #expect(Self.member("Zoë", "Ōsaka").name == "Zoë Ōsaka")
    }

    @Test func settingTheNameStoresItWhole() {
        var m = Self.member("Ada", "Lovelace")
        m.name = "Augusta"
        #expect(m.name == "Augusta")
        #expect(m.nameTail.isEmpty)
    }

    @Test func equalityAndHashFollowTheJoinedText() {
        let a = Self.member("Jo Ann", "Smith")
        let b = Self.member("Jo", "Ann Smith")
        let whole = Self.member("Jo Ann Smith", "")
        #expect(a == b)
        #expect(a == whole)
        #expect(a.hashValue == b.hashValue)
        #expect(a.hashValue == whole.hashValue)
        #expect(a != Self.member("Jo Ann", "Smyth"))
        var other = a
        other.role = .admin
        #expect(a != other)
    }
}
