import Foundation
import Testing

@testable import DirectorySync

/// RFC 4180 reading: encodings, line ends, quoting, and the line/column of every syntax error.
@Suite struct ImportCSVReaderTests {
    private typealias F = ImportFixture

    @Test func byteOrderMarkIsSkippedAndNotCounted() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array(
                (F.oktaHeader + "\n\"00u1\",\"ACTIVE\",\"ann@example.com\",\"Ann\",\"Lee\",\"ann@example.com\"\n").utf8)
        let result = try DirectoryImport.parse(bytes: bytes, fileName: "bom.csv")
        #expect(result.format == .oktaUserExport)
        #expect(result.people.map(\.externalId) == ["00u1"])
        // A syntax error on line 1 after the BOM reports columns without the BOM.
        let bad: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("User Id,Sta\"tus\n".utf8)
        let error = try #require(F.error(bytes: bad))
        #expect(error.reason == .quoteInUnquotedField)
        #expect((error.line, error.column) == (1, 12))
    }

    @Test func crlfLoneCRAndLFLineEndsAreAllAccepted() throws {
        for end in ["\r\n", "\n", "\r"] {
            let text =
                [F.oktaHeader, "00u1,ACTIVE,a@example.com,A,One,a@example.com", "00u2,ACTIVE,b@example.com,B,Two,"]
                .joined(separator: end) + end
            let result = try F.parse(text)
            #expect(result.people.map(\.userName) == ["a@example.com", "b@example.com"])
            #expect(result.lines == [2, 3])
            #expect(result.people[1].email == "b@example.com")  // empty Primary email falls back to the login
            #expect(result.people[0].familyName == "One")  // no CR left on the last field
        }
    }

    @Test func quotedFieldsHoldCommasDoubledQuotesAndNewlines() throws {
        let text =
            F.oktaHeader + ",Title,Department\n"
            + "00u1,ACTIVE,a@example.com,\"Robert \"\"Bob\"\"\",Lee,a@example.com,\"VP, Sales\",\"Research\r\nand Development\"\n"
            + "\"00u2\",\"SUSPENDED\",\"b@example.com\",\"\",\"\",\"\",\"\",\"\"\n"
        let result = try F.parse(text)
        #expect(result.people.count == 2)
        #expect(result.people[0].givenName == "Robert \"Bob\"")
        #expect(result.people[0].title == "VP, Sales")
        #expect(result.people[0].department == "Research\r\nand Development")
        #expect(result.lines == [2, 4])  // the quoted line break moves the next record to line 4
        #expect(result.people[1].givenName == "" && result.people[1].title == nil && result.people[1].active == false)
    }

    @Test func unterminatedQuotedFieldIsReportedAtItsOpeningQuote() throws {
        let text =
            F.oktaHeader + "\n00u1,ACTIVE,a@example.com,\"Ann,Lee,a@example.com\n00u2,ACTIVE,b@example.com,B,C,D\n"
        let error = try #require(F.error(text))
        #expect(error.reason == .unterminatedQuotedField)
        #expect((error.line, error.column) == (2, 27))
        #expect(error.description == "test.csv:2:27: unterminated quoted field")
    }

    @Test func quoteInsideUnquotedFieldIsReportedAtTheQuote() throws {
        let text =
            F.oktaHeader + "\n00u1,ACTIVE,a@example.com,Ann,Lee,a@example.com\n00u2,ACTIVE,b@example.com,Bo \"B\",C,D\n"
        let error = try #require(F.error(text))
        #expect(error.reason == .quoteInUnquotedField)
        #expect((error.line, error.column) == (3, 30))
    }

    @Test func characterAfterClosingQuoteIsReportedWhereItIs() throws {
        let text =
            F.oktaHeader + "\n\"00u1\",\"ACTIVE\",\"a@example.com\",\"Ann \"Annie\" Lee\",\"Lee\",\"a@example.com\"\n"
        let error = try #require(F.error(text))
        #expect(error.reason == .characterAfterClosingQuote)
        #expect((error.line, error.column) == (2, 39))  // the "A" of "Annie"
    }

    @Test func rowsWithTooManyOrTooFewFieldsAreErrors() throws {
        let long = try #require(F.error(F.oktaHeader + "\n00u1,ACTIVE,a@example.com,Ann,Lee,a@example.com,extra\n"))
        #expect(long.reason == .wrongFieldCount(expected: 6, found: 7))
        #expect((long.line, long.column) == (2, 49))  // the first extra field
        #expect(
            long.message == "this row has 7 fields but the header has 6 (a value that holds a comma must be quoted)")
        let short = try #require(
            F.error(F.oktaHeader + "\n00u1,ACTIVE,a@example.com,Ann,Lee,a@example.com\n00u2,ACTIVE,b@x.org\n"))
        #expect(short.reason == .wrongFieldCount(expected: 6, found: 3))
        #expect((short.line, short.column) == (3, 20))  // just past the last field
    }

    @Test func invalidUTF8IsReportedAtTheBadByteCountingScalars() throws {
        var bytes = Array((F.oktaHeader + "\n00u1,ACTIVE,a@example.com,Zoë,").utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by a non-continuation byte
        bytes += Array("Lee,a@example.com\n".utf8)
        let error = try #require(F.error(bytes: bytes))
        #expect(error.reason == .invalidUTF8)
        #expect((error.line, error.column) == (2, 31))  // "ë" counts as one column
        // Overlong encodings and surrogates are rejected too (Unicode Table 3-7).
        #expect(ImportBytes.firstInvalidOffset([0x41, 0xC0, 0xAF]) == 1)
        #expect(ImportBytes.firstInvalidOffset([0xED, 0xA0, 0x80]) == 0)
        #expect(ImportBytes.firstInvalidOffset(Array("Zoë 日本 🙂".utf8)) == nil)
    }

    @Test func blankLinesAreSkippedWithAWarning() throws {
        let result = try F.parse("\n" + F.oktaHeader + "\n\n00u1,ACTIVE,a@example.com,A,B,a@example.com\n\n")
        #expect(result.people.count == 1)
        #expect(result.lines == [4])
        #expect(result.warnings.map(\.line) == [1, 3, 5])
    }

    @Test func emptyFileIsAnError() throws {
        let error = try #require(F.error(""))
        #expect(error.reason == .emptyFile)
        #expect(error.description == "test.csv:1:1: the file is empty; expected a header row")
    }

    @Test func loadOfAMissingFileNamesTheFile() throws {
        #expect {
            _ = try DirectoryImport.load(path: "/nonexistent/dir/users.csv")
        } throws: { error in
            guard let error = error as? DirectoryImportError, case .unreadableFile = error.reason else { return false }
            return error.description == "/nonexistent/dir/users.csv: cannot read the file: no such file"
        }
        let folder = try #require(F.error(path: F.examples))
        #expect(folder.description == F.examples + ": cannot read the file: it is a directory")
    }

    /// Devices and pipes read like files (`--directory <(gunzip -c users.csv.gz)`): `/dev/null` is an empty file,
    /// not a permission error, and a pipe's bytes load as the file's.
    @Test func devicesAndPipesReadLikeFiles() throws {
        #expect {
            _ = try DirectoryImport.load(path: "/dev/null")
        } throws: { error in
            (error as? DirectoryImportError)?.reason == .emptyFile
        }
        let file = try DirectoryImport.load(path: F.examples + "/okta-users.csv")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: F.examples + "/okta-users.csv"))
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(bytes)  // the example (a few KB) fits in the pipe's buffer
        try pipe.fileHandleForWriting.close()
        let loaded = try DirectoryImport.load(path: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
        #expect(loaded.people.map(\.userName) == file.people.map(\.userName))
        #expect(!loaded.people.isEmpty)
    }
}
