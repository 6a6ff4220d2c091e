import Foundation
import Testing

@testable import DirectorySync

/// Helpers shared by the Import*Tests files.
enum ImportFixture {
    /// The repository's `Examples/` folder, found from this source file's path.
    static let examples: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Examples").path
    }()

    /// Loads `Examples/<name>`.
    static func load(_ name: String) throws -> DirectoryImport {
        try DirectoryImport.load(path: examples + "/" + name)
    }

    /// Parses `text` (UTF-8) as a file called `test.csv`.
    static func parse(_ text: String, fileName: String = "test.csv") throws(DirectoryImportError) -> DirectoryImport {
        try DirectoryImport.parse(bytes: Array(text.utf8), fileName: fileName)
    }

    /// The error `text` raises, or `nil` when it parses.
    static func error(_ text: String) -> DirectoryImportError? {
        error(bytes: Array(text.utf8))
    }

    /// The error `bytes` raise, or `nil` when they parse.
    static func error(bytes: [UInt8]) -> DirectoryImportError? {
        do {
            _ = try DirectoryImport.parse(bytes: bytes, fileName: "test.csv")
            return nil
        } catch {
            return error
        }
    }

    /// The error loading `path` raises, or `nil` when it loads.
    static func error(path: String) -> DirectoryImportError? {
        do {
            _ = try DirectoryImport.load(path: path)
            return nil
        } catch {
            return error
        }
    }

    /// A minimal Okta export header (the tool's default column selection).
    static let oktaHeader = "User Id,Status,Username,First name,Last name,Primary email"
}
