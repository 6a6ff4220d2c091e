import Foundation
import Testing

/// Launches the built `scimsim` binary for end-to-end tests and captures what it printed.
struct CLIProcess {
    /// What one invocation produced.
    struct Result {
        /// The exit status.
        var status: Int32
        /// Everything written to standard output.
        var standardOutput: String
        /// Everything written to standard error.
        var standardError: String
        /// Standard output split into lines, without empty ones.
        var lines: [String] { standardOutput.split(separator: "\n").map(String.init) }
    }

    /// The package root (three levels above this file), the working directory of every launch so
    /// `Examples/...` paths resolve.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `scimsim` executable in the build products directory next to the test bundle
    /// (`SCIMSIM_BINARY` overrides), or `nil` when it cannot be found.
    static let executable: URL? = {
        var directories: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SCIMSIM_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        // Linux: the test bundle is an executable in the products directory.
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: path).deletingLastPathComponent())
        }
        // macOS: the .xctest bundle sits in the products directory.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        return directories.map { $0.appendingPathComponent("scimsim") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `scimsim arguments...` from the package root and waits for it to exit.
    static func run(_ arguments: [String]) throws -> Result {
        try launch(arguments).finish()
    }

    /// A launched `scimsim` whose standard output and error go to scratch files.
    struct Launched {
        /// The running process (e.g. to send it SIGINT with `interrupt()`).
        let process: Process
        let scratch: URL
        let out: FileHandle
        let err: FileHandle

        /// Waits for the process to exit and returns what it printed; removes the scratch files.
        func finish() throws -> Result {
            defer { try? FileManager.default.removeItem(at: scratch) }
            process.waitUntilExit()
            try out.close()
            try err.close()
            return Result(
                status: process.terminationStatus,
                standardOutput: String(
                    decoding: try Data(contentsOf: scratch.appendingPathComponent("stdout")), as: UTF8.self),
                standardError: String(
                    decoding: try Data(contentsOf: scratch.appendingPathComponent("stderr")), as: UTF8.self))
        }
    }

    /// Starts `scimsim arguments...` from the package root without waiting for it.
    static func launch(_ arguments: [String]) throws -> Launched {
        let executable = try #require(CLIProcess.executable, "the scimsim binary was not found next to the tests")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "scimsim-e2e-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Launched(process: process, scratch: scratch, out: out, err: err)
    }

    /// `text` parsed as one JSON object.
    static func object(_ text: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }
}
