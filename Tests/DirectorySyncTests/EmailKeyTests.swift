import Testing

@testable import DirectorySync

/// `EmailKey(email:)` tests and hashes a lower-case email in one pass; it must equal the two-step definition
/// (lower-case when needed, then hash the key text) for every length and every kind of byte.
@Suite struct EmailKeyTests {
    /// The two-step definition: the text `OrganizationState.emailKey` returns, hashed by `EmailKey(key:)`.
    private func reference(_ email: String) -> EmailKey { EmailKey(key: OrganizationState.emailKey(email)) }

    @Test func equalsLowerCaseThenHashForEveryLengthAndByteKind() {
        var checked = 0
        for length in 0...19 {
            let base = String(repeating: "a", count: length)
            var samples = [base, base + "@x.org", "user\(length)@example.com"]
            // An upper-case letter, a byte just outside the letters, and non-ASCII at every position.
            for position in 0..<max(length, 1) where length > 0 {
                for insert in ["A", "Z", "@", "[", "`", "{", "é"] {
                    var chars = Array(base)
                    chars[position] = Character(insert)
                    samples.append(String(chars))
                }
            }
            for email in samples {
                let key = EmailKey(email: email)
                let expected = reference(email)
                #expect(key.text == expected.text, "\(email)")
                #expect(key.fingerprint == expected.fingerprint, "\(email)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func upperCaseEmailGetsTheLowerCaseKeyAndItsHash() {
        let key = EmailKey(email: "Alice.Smith@Example.COM")
        #expect(key.text == "alice.smith@example.com")
        #expect(key == EmailKey(key: "alice.smith@example.com"))
        #expect(key.fingerprint == EmailKey(email: "alice.smith@example.com").fingerprint)
        #expect(EmailKey(email: "a@x.org").fingerprint != EmailKey(email: "b@x.org").fingerprint)
    }

    @Test func bridgedOrSubstringBackedEmailsTakeTheSamePath() {
        let long = "someone.with.a.long.name@subdomain.example.org"
        let slice = String(long.dropFirst(8))
        #expect(EmailKey(email: slice) == reference(slice))
        #expect(EmailKey(email: slice).fingerprint == reference(slice).fingerprint)
    }
}
