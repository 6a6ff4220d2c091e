import Foundation
import Testing

/// The built `scimsim replay` on the checked-in request logs: exit status, one JSON line per request,
/// and the same output in two processes.
@Suite(.serialized) struct ReplayEndToEndTests {
    @Test(arguments: [("Examples/replay/okta.jsonl", 16), ("Examples/replay/entra.jsonl", 15)])
    func replaysEveryRequestTheSameWayTwice(file: String, requests: Int) throws {
        let first = try CLIProcess.run(["replay", file])
        #expect(first.status == 0, "stderr: \(first.standardError)")
        #expect(first.lines.count == requests)
        for line in first.lines {
            let status = try CLIProcess.object(line)["status"] as? Int
            #expect(status.map { (200..<600).contains($0) } == true, "\(line)")
        }
        #expect(try CLIProcess.object(first.lines[1])["status"] as? Int == 201)
        let second = try CLIProcess.run(["replay", file])
        #expect(second.standardOutput == first.standardOutput)
    }

    @Test func replayUsageErrorsExitTwo() throws {
        #expect(try CLIProcess.run(["replay"]).status == 2)
        #expect(try CLIProcess.run(["replay", "Examples/replay/no-such-log.jsonl"]).status == 2)
        let help = try CLIProcess.run(["replay", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("scimsim replay"))
    }
}
