import Testing

@testable import DirectorySync

/// ``AssignedEmails`` holds exactly the inserted key texts, like a `Set<String>`, across growth.
@Suite struct AssignedEmailsTests {
    @Test func membershipMatchesASetOfTheTexts() {
        var emails = AssignedEmails()
        var reference = Set<String>()
        #expect(!emails.contains(EmailKey(key: "a@example.com")))
        for n in 0..<3000 {
            let text = "user\(n % 1700)@example.com"
            let inserted = emails.insert(text)
            #expect(inserted == reference.insert(text).inserted, "\(text)")
        }
        #expect(emails.count == reference.count)
        for n in 0..<2000 {
            let text = "user\(n)@example.com"
            #expect(emails.contains(EmailKey(key: text)) == reference.contains(text), "\(text)")
        }
        #expect(!emails.contains(EmailKey(key: "USER1@example.com")))  // texts compare exactly
        #expect(emails.contains(EmailKey(email: "USER1@example.com")))  // the lower-cased key does
    }

    @Test func reservedTablesKeepEveryKey() {
        var emails = AssignedEmails()
        emails.reserveCapacity(100)
        for n in 0..<100 {
            let inserted = emails.insert(EmailKey(key: "p\(n)@x.org"))
            #expect(inserted)
        }
        emails.reserveCapacity(10)  // never shrinks
        let again = emails.insert("p7@x.org")
        #expect(!again)
        #expect((0..<100).allSatisfy { emails.contains(EmailKey(key: "p\($0)@x.org")) })
        #expect(!emails.contains(EmailKey(key: "p100@x.org")))
        #expect(emails.count == 100)
    }
}
