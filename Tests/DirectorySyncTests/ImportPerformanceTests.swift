import Testing

@testable import DirectorySync

/// A sanity check that a large export parses in one linear pass. No wall-time assertion (the machine is
/// shared); the time measured ad hoc in release is in the import report.
@Suite struct ImportPerformanceTests {
    /// `count` rows of the Okta default column selection, every value quoted as the export writes it;
    /// every 50th person is SUSPENDED.
    static func oktaExport(rows count: Int) -> [UInt8] {
        var text = ImportFixture.oktaHeader + "\n"
        text.reserveCapacity(count * 110)
        for i in 0..<count {
            let status = i % 50 == 49 ? "SUSPENDED" : "ACTIVE"
            text +=
                "\"00u\(i)\",\"\(status)\",\"user\(i)@example.com\",\"Given \(i)\",\"Family, \(i)\",\"user\(i)@example.com\"\n"
        }
        return Array(text.utf8)
    }

    @Test func hundredThousandRowOktaExport() throws {
        let bytes = Self.oktaExport(rows: 100_000)
        let result = try DirectoryImport.parse(bytes: bytes, fileName: "big.csv")
        #expect(result.people.count == 100_000)
        #expect(result.people.filter { !$0.active }.count == 2_000)
        #expect(result.people[99_999].familyName == "Family, 99999")
        #expect(result.lines.last == 100_001)
        #expect(result.warnings.isEmpty)
    }
}
