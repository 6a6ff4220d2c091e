import DirectorySync
import Foundation

/// The human-readable run report (`scimsim run` without `--json`): two aligned columns in sections,
/// in the same order as the JSON report.
enum ReportTable {
    /// The report as text ending in a newline. `reproduce` is printed under the violations when given.
    static func render(_ report: RunReport, metrics: RunMetrics, reproduce: String?) -> String {
        var rows: [(String, String)] = []
        func row(_ label: String, _ value: String) { rows.append((label, value)) }
        func heading(_ title: String) {
            rows.append(("", ""))
            rows.append((title, ""))
        }

        row("seed", String(report.configuration.seed))
        row("faults", ValueParsing.text(of: report.configuration.faults))
        for setting in report.faultSettings { row("  " + setting.key, setting.value) }
        row("scenario", report.configuration.scenario.rawValue)
        row("identity provider", report.configuration.identityProvider.rawValue)
        row("policy / wire", "\(report.configuration.policy.rawValue) / \(report.configuration.wire.rawValue)")
        row("people in the directory", "\(grouped(report.directoryPeople)) (\(report.peopleSourceText))")
        row("virtual duration", VirtualDuration.humanText(report.virtualDuration))
        row("time to convergence", report.convergenceTime.map(VirtualDuration.humanText) ?? "not converged")
        row("converged", report.converged ? "yes (\(report.ending))" : "no (\(report.ending))")
        row("members in the organization", grouped(report.organizationMembers))
        row("  linked by sync", grouped(report.syncedMembers))

        heading("SCIM requests (method, status)")
        if report.requests.isEmpty { row("  (none)", "") }
        for request in report.requests { row("  \(request.method) \(request.status)", grouped(request.count)) }
        heading("events (kind)")
        if report.events.isEmpty { row("  (none)", "") }
        for event in report.events { row("  " + event.key, grouped(event.count)) }
        heading("webhook deliveries")
        row("  attempts", grouped(report.webhooks.attempts))
        row("  retries", grouped(report.webhooks.retries))
        row("  duplicates", grouped(report.webhooks.duplicates))
        row("  rejected", grouped(report.webhooks.rejected))

        heading("throughput")
        row("  steps", grouped(Int(clamping: report.steps)))
        row("  wall time", VirtualDuration.humanText(seconds: metrics.wallSeconds))
        row("  steps per wall second", grouped(Int(metrics.stepsPerWallSecond.rounded())))
        row("  users synced per wall second", grouped(Int(metrics.usersSyncedPerWallSecond.rounded())))
        row("  users synced per virtual hour", grouped(Int(metrics.usersSyncedPerVirtualHour.rounded())))
        rows.append(("", ""))
        row("trace hash", report.traceHashHex)
        if report.violations.isEmpty {
            row("invariants", "all held")
        } else {
            for violation in report.violations {
                row("VIOLATED", violation.invariant)
                row("  at", "\(VirtualDuration.humanText(violation.virtualTime)) virtual, step \(violation.step)")
                row("  detail", violation.detail)
            }
        }
        var text = layout(rows)
        if let reproduce { text += "\nreproduce with:\n  \(reproduce)\n" }
        return text
    }

    /// Rows with the values aligned in one column after the longest label.
    static func layout(_ rows: [(String, String)]) -> String {
        let width = rows.map { $0.1.isEmpty ? 0 : $0.0.count }.max() ?? 0
        var text = ""
        for (label, value) in rows {
            if value.isEmpty {
                text += label + "\n"
            } else {
                text += label + String(repeating: " ", count: width - label.count + 2) + value + "\n"
            }
        }
        return text
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return number < 0 ? "-" + result : result
    }
}
