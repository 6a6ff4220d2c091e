import Foundation
import SCIM
import Testing

@testable import scimsim

/// `{name}` placeholders in replay logs: bound names are replaced, unknown ones fail naming the placeholder,
/// the file and line, and the bound names; and the `replay` flags parse like `run`'s.
@Suite struct ReplayPlaceholderTests {
    static let create = #"{"method":"POST","path":"/Users","as":"ada","body":{"userName":"ada@example.com"}}"#

    @Test func unknownPlaceholderFailsNamingItTheLineAndTheKnownNames() {
        let text = [
            Self.create, #"{"method":"GET","path":"/Users/{bob}"}"#, #"{"method":"GET","path":"/Users/{ada}"}"#,
        ].joined(separator: "\n")
        let (lines, out) = ReplayTests.run(text, token: nil)
        #expect(lines.map { $0["status"]?.intValue } == [201, 200])
        #expect(out.malformedLines == 1)
        #expect(out.stderr == "log.jsonl:2: unknown placeholder {bob}; known placeholders: {ada}\n")
    }

    @Test func placeholderBeforeAnyBindingSaysHowToBindOne() {
        let (lines, out) = ReplayTests.run(#"{"method":"DELETE","path":"/Users/{ada}"}"#, token: nil)
        #expect(lines.isEmpty)
        #expect(out.stderr.hasPrefix("log.jsonl:1: unknown placeholder {ada}; no placeholder is bound yet"))
    }

    @Test func failedBindingIsExplainedWithItsLineAndStatus() {
        let text = [
            Self.create, Self.create.replacingOccurrences(of: #""as":"ada""#, with: #""as":"twin""#),
            #"{"method":"GET","path":"/Users/{twin}"}"#,
        ].joined(separator: "\n")
        let (lines, out) = ReplayTests.run(text, token: nil)
        #expect(lines.map { $0["status"]?.intValue } == [201, 409])
        #expect(
            out.stderr == "log.jsonl:3: unknown placeholder {twin} (line 2 binds it with \"as\", but its request "
                + "got status 409, not 201); known placeholders: {ada}\n")
    }

    @Test func bracesThatAreNotPlaceholdersPassThrough() throws {
        let bindings = [(name: "ada", id: "u-0001"), (name: "ada.team", id: "g-0001")]
        let text = #"{"a":{},"b":"{ not one }","c":"{ada}/{ada.team}","d":"{{ada}}"}"#
        #expect(
            try ReplayRequestLine.substitute(text, bindings)
                == #"{"a":{},"b":"{ not one }","c":"u-0001/g-0001","d":"{u-0001}"}"#)
        #expect(throws: ReplayLineError.self) { try ReplayRequestLine.substitute(#"{"p":"{ad}"}"#, bindings) }
    }

    @Test func unknownPlaceholderEndToEndExitsOneNamingTheFile() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("scimsim-placeholder-\(ProcessInfo.processInfo.processIdentifier).jsonl")
        try Data((Self.create + "\n" + #"{"method":"GET","path":"/Users/{ava}"}"# + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLIProcess.run(["replay", file.path])
        #expect(result.status == 1)
        #expect(result.lines.count == 1)
        #expect(result.standardError.contains("\(file.path):2: unknown placeholder {ava}; known placeholders: {ada}"))
    }

    @Test func replayFlagsTakeInlineValuesAndErrorsNameTheFlag() throws {
        let options = try ReplayOptions.parse(["--token=t", "log.jsonl", "--max-body-bytes", "10", "--strict"])
        #expect(options.file == "log.jsonl")
        #expect(options.token == "t")
        #expect(options.serviceConfiguration.maxBodyBytes == 10)
        #expect(options.serviceConfiguration.strictFilters)
        #expect(try ReplayOptions.parse(["-"]).file == "-")
        #expect(throws: UsageError(flag: "--tokn", "unknown flag (did you mean --token?)")) {
            try ReplayOptions.parse(["--tokn", "t", "f"])
        }
        #expect(throws: UsageError(flag: "--max-body-bytes", "expected a whole number of bytes, got 'x'")) {
            try ReplayOptions.parse(["--max-body-bytes", "x", "f"])
        }
        #expect(throws: UsageError(flag: "--token", "missing value (expected a bearer token)")) {
            try ReplayOptions.parse(["f", "--token"])
        }
        #expect(throws: UsageError(message: "more than one FILE given ('a' and 'b')")) {
            try ReplayOptions.parse(["a", "b"])
        }
        let unknown = try CLIProcess.run(["replay", "Examples/replay/okta.jsonl", "--chanegs"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("scimsim replay: --chanegs: unknown flag (did you mean --changes?)"))
    }
}
