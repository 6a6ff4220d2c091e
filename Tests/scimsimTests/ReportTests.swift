import DirectorySync
import Foundation
import SCIM
import Testing

@testable import scimsim

/// The run report as JSON and as a table, built from a hand-made `RunReport`.
struct ReportTests {
    static func sample(violated: Bool = false) -> RunReport {
        var configuration = RunConfiguration(seed: 7, people: .generated(count: 200), faults: .only([.loss]))
        configuration.idpConcurrency = 4
        let violations =
            violated
            ? [
                InvariantViolation(
                    invariant: "exactly-one-primary-owner", detail: "no \"Primary Owner\" after event evt_12",
                    virtualTime: .milliseconds(61_500), step: 912, seed: 7)
            ] : []
        var report = RunReport(
            configuration: configuration, faultSettings: [KeyValue("loss", "0.0125"), KeyValue("latency", "40ms")],
            directoryPeople: 200, virtualDuration: .seconds(5_400), convergenceTime: .seconds(1_800),
            converged: !violated, organizationMembers: 201,
            requests: [
                RequestCount(method: "GET", status: 200, count: 200),
                RequestCount(method: "POST", status: 201, count: 200),
            ],
            events: [KeyCount("dsync.user.created", 200)], webhooks: WebhookCounts(attempts: 210, retries: 10),
            steps: 12_345, traceHash: 0xabc, ending: "quiescent", violations: violations)
        report.syncedMembers = 200
        return report
    }

    @Test func jsonHasTheRequiredKeysInReportOrder() throws {
        let report = Self.sample()
        let metrics = RunMetrics(report: report, wallSeconds: 0.5)
        let text = JSONText.encode(ReportDocument.json(report, metrics: metrics, reproduce: nil))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["seed"] as? Int == 7)
        #expect(object["traceHash"] as? String == "0000000000000abc")
        #expect(object["converged"] as? Bool == true)
        #expect((object["violations"] as? [Any])?.isEmpty == true)
        #expect(object["virtualSeconds"] as? Double == 5_400)
        #expect(object["wallSeconds"] as? Double == 0.5)
        #expect(object["steps"] as? Int == 12_345)
        #expect(object["organizationMembers"] as? Int == 201)
        #expect(object["syncedMembers"] as? Int == 200)
        #expect(object["directoryPeople"] as? Int == 200)
        #expect(object["usersSyncedPerWallSecond"] as? Double == 400)
        #expect(object["usersSyncedPerVirtualHour"] as? Double == 400)
        #expect(object["reproduce"] == nil)
        #expect((object["faultSettings"] as? [String: String])?["loss"] == "0.0125")
        // Order: seed first, then the fault settings, ..., trace hash and violations last.
        let keys = try #require(ReportDocument.json(report, metrics: metrics, reproduce: nil).objectValue).keys
        #expect(Array(keys.prefix(3)) == ["seed", "faults", "faultSettings"])
        #expect(Array(keys.suffix(2)) == ["traceHash", "violations"])
        #expect(keys.firstIndex(of: "scenario")! < keys.firstIndex(of: "directoryPeople")!)
        #expect(keys.firstIndex(of: "requests")! < keys.firstIndex(of: "events")!)
        #expect(keys.firstIndex(of: "webhooks")! < keys.firstIndex(of: "steps")!)
    }

    @Test func violationCarriesTheReproduceCommand() throws {
        let report = Self.sample(violated: true)
        let metrics = RunMetrics(report: report, wallSeconds: 0.25)
        let reproduce = ReproduceCommand.text(seed: 7, model: ModelOptions())
        let text = JSONText.encode(ReportDocument.json(report, metrics: metrics, reproduce: reproduce))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let violations = try #require(object["violations"] as? [[String: Any]])
        #expect(violations.count == 1)
        #expect(violations.first?["invariant"] as? String == "exactly-one-primary-owner")
        #expect(violations.first?["detail"] as? String == "no \"Primary Owner\" after event evt_12")
        #expect(violations.first?["virtualSeconds"] as? Double == 61.5)
        #expect(object["reproduce"] as? String == "swift run -c release scimsim run --seed 7")
        let table = ReportTable.render(report, metrics: metrics, reproduce: reproduce)
        #expect(table.contains("VIOLATED"))
        #expect(table.contains("exactly-one-primary-owner"))
        #expect(table.hasSuffix("  swift run -c release scimsim run --seed 7\n"))
    }

    @Test func tableListsEverySectionInOrder() {
        let report = Self.sample()
        let table =
            "\n" + ReportTable.render(report, metrics: RunMetrics(report: report, wallSeconds: 2), reproduce: nil)
        let labels = [
            "seed", "  loss", "  latency", "scenario", "identity provider", "people in the directory",
            "virtual duration", "time to convergence", "members in the organization", "SCIM requests",
            "  POST 201", "events", "  dsync.user.created", "webhook deliveries", "  retries",
            "  steps per wall second",
            "  users synced per wall second", "  users synced per virtual hour", "trace hash", "invariants",
        ]
        var searchStart = table.startIndex
        for label in labels {
            let found = table.range(of: "\n" + label, range: searchStart..<table.endIndex)
            #expect(found != nil, "missing or out of order: \(label)")
            if let found { searchStart = found.upperBound }
        }
        #expect(table.contains("1h 30m 00s"))
        #expect(table.contains("0000000000000abc"))
        #expect(table.contains("12,345"))
    }

    @Test func jsonTextEscapesStrings() {
        let value: JSONValue = ["a\"b": "line\nnext\t\u{1}\\", "n": 1.5, "x": .double(.nan), "l": [true, nil]]
        #expect(JSONText.encode(value) == #"{"a\"b":"line\nnext\t\u0001\\","n":1.5,"x":null,"l":[true,null]}"#)
    }

    /// Users synced are the members linked by sync: not the members added by hand (Primary Owner, Owner), and
    /// never more than the directory holds.
    @Test func usersSyncedCountsMembersLinkedBySync() {
        var report = Self.sample()
        report.converged = false
        report.convergenceTime = nil
        report.organizationMembers = 52
        report.syncedMembers = 50
        let metrics = RunMetrics(report: report, wallSeconds: 0)
        #expect(metrics.usersSynced == 50)
        #expect(metrics.usersSyncedPerWallSecond == 0)
        #expect(metrics.usersSyncedPerVirtualHour == 50 / 1.5)
        report.syncedMembers = 230
        #expect(RunMetrics(report: report, wallSeconds: 1).usersSynced == 200)
    }

    @Test func progressLineText() {
        let sample = ProgressSample(
            virtualTime: .seconds(7_384), peopleConverged: 8_123, peopleWanted: 10_000, steps: 1_000_000)
        #expect(
            ProgressLine.text(sample, wallSeconds: 2)
                == "virtual 2h 03m 04s | 8,123/10,000 people converged | 500,000 steps/s")
    }
}
