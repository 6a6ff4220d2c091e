import Foundation
import Testing

@testable import scimsim

/// `scimsim --version` / `scimsim version`, and that every help text still reads as one.
@Suite(.serialized) struct VersionTests {
    @Test func versionLineNamesTheToolTheCompilerAndTheBuild() {
        let line = ToolVersion.line
        #expect(line.hasPrefix("scimsim \(ToolVersion.number) (Swift "))
        #expect(line.contains(" compiler, "))
        #expect(line.contains("debug build") || line.contains("release build"))
        #expect(ToolVersion.number.split(separator: ".").count == 3)
        #expect(ToolVersion.number.split(separator: ".").allSatisfy { Int($0) != nil })
        #expect(!line.contains("\n"))
    }

    @Test func versionFlagAndCommandPrintTheSameLine() throws {
        let flag = try CLIProcess.run(["--version"])
        #expect(flag.status == 0)
        #expect(flag.lines == [ToolVersion.line])
        let command = try CLIProcess.run(["version"])
        #expect(command.status == 0)
        #expect(command.standardOutput == flag.standardOutput)
        let extra = try CLIProcess.run(["version", "--json"])
        #expect(extra.status == 2)
        #expect(extra.standardError.contains("unexpected argument '--json'"))
        let typo = try CLIProcess.run(["--versoin"])
        #expect(typo.status == 2)
        #expect(typo.standardError.contains("--versoin: unknown flag (did you mean --version?)"))
    }

    @Test func everyHelpTextFitsAndNamesItsCommand() throws {
        let texts = [
            ("tool", HelpText.tool), ("run", HelpText.run), ("sweep", HelpText.sweep), ("replay", HelpText.replay),
            ("version", HelpText.version),
        ]
        for (name, text) in texts {
            #expect(text.hasPrefix(name == "tool" ? "scimsim:" : "Usage: scimsim \(name)"), "\(name)")
            for line in text.split(separator: "\n") { #expect(line.count <= 120, "\(name): \(line)") }
        }
        #expect(HelpText.tool.contains("version"))
        #expect(HelpText.run.contains("'-' streams it to"))
        #expect(HelpText.replay.contains("not bound is an error"))
        for arguments in [["help", "replay"], ["replay", "-h"], ["help", "version"], ["version", "--help"]] {
            let result = try CLIProcess.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(
                result.standardOutput.hasPrefix(
                    "Usage: scimsim \(arguments.contains("version") ? "version" : "replay")"))
        }
    }
}
