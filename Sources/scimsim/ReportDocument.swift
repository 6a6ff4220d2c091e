import DirectorySync
import SCIM

/// The run report as one ordered JSON object (`scimsim run --json`), and the per-seed line of a sweep.
///
/// Member order follows the report: seed and derived fault settings first, then the scenario, the
/// directory, times, organization, requests, events, webhooks, throughput, trace hash and violations.
/// Keys are camelCase; durations are seconds of virtual time (`virtualSeconds`) or wall time (`wallSeconds`).
enum ReportDocument {
    /// The full report. `reproduce` is added (as `reproduce`) when the run violated an invariant.
    static func json(_ report: RunReport, metrics: RunMetrics, reproduce: String?) -> JSONValue {
        var object = JSONObject()
        func add(_ key: String, _ value: JSONValue) { object.append(key: key, value: value) }
        add("seed", seedValue(report.configuration.seed))
        add("faults", .string(ValueParsing.text(of: report.configuration.faults)))
        add("faultSettings", .object(JSONObject(report.faultSettings.map { ($0.key, JSONValue.string($0.value)) })))
        add("scenario", .string(report.configuration.scenario.rawValue))
        add("identityProvider", .string(report.configuration.identityProvider.rawValue))
        add("policy", .string(report.configuration.policy.rawValue))
        add("wire", .string(report.configuration.wire.rawValue))
        add("peopleSource", .string(report.peopleSourceText))
        add("directoryPeople", .int(Int64(report.directoryPeople)))
        add("virtualSeconds", .double(VirtualDuration.seconds(report.virtualDuration)))
        add("convergenceSeconds", report.convergenceTime.map { .double(VirtualDuration.seconds($0)) } ?? .null)
        add("converged", .bool(report.converged))
        add("ending", .string(report.ending))
        add("organizationMembers", .int(Int64(report.organizationMembers)))
        add("syncedMembers", .int(Int64(report.syncedMembers)))
        add(
            "requests",
            .array(
                report.requests.map { request in
                    .object(
                        JSONObject([
                            ("method", .string(request.method)), ("status", .int(Int64(request.status))),
                            ("count", .int(Int64(request.count))),
                        ]))
                }))
        add("events", .object(JSONObject(report.events.map { ($0.key, JSONValue.int(Int64($0.count))) })))
        add(
            "webhooks",
            .object(
                JSONObject([
                    ("attempts", .int(Int64(report.webhooks.attempts))),
                    ("retries", .int(Int64(report.webhooks.retries))),
                    ("duplicates", .int(Int64(report.webhooks.duplicates))),
                    ("rejected", .int(Int64(report.webhooks.rejected))),
                ])))
        add("steps", stepsValue(report.steps))
        add("wallSeconds", .double(metrics.wallSeconds))
        add("stepsPerWallSecond", .double(metrics.stepsPerWallSecond.rounded()))
        add("usersSynced", .int(Int64(metrics.usersSynced)))
        add("usersSyncedPerWallSecond", .double(metrics.usersSyncedPerWallSecond.rounded()))
        add("usersSyncedPerVirtualHour", .double(metrics.usersSyncedPerVirtualHour.rounded()))
        add("traceHash", .string(report.traceHashHex))
        add("violations", violations(report.violations))
        if let reproduce { add("reproduce", .string(reproduce)) }
        return .object(object)
    }

    /// One sweep line: `seed`, `traceHash`, `converged`, `violations`, `wallSeconds`, then a few figures
    /// for context, and `reproduce` when the seed failed.
    static func sweepLine(_ report: RunReport, wallSeconds: Double, reproduce: String?) -> JSONValue {
        var object = JSONObject()
        object.append(key: "seed", value: seedValue(report.configuration.seed))
        object.append(key: "traceHash", value: .string(report.traceHashHex))
        object.append(key: "converged", value: .bool(report.converged))
        object.append(key: "violations", value: violations(report.violations))
        object.append(key: "wallSeconds", value: .double(wallSeconds))
        object.append(key: "virtualSeconds", value: .double(VirtualDuration.seconds(report.virtualDuration)))
        object.append(key: "steps", value: stepsValue(report.steps))
        object.append(key: "directoryPeople", value: .int(Int64(report.directoryPeople)))
        object.append(key: "organizationMembers", value: .int(Int64(report.organizationMembers)))
        if let reproduce { object.append(key: "reproduce", value: .string(reproduce)) }
        return .object(object)
    }

    /// The violations as an array of `{invariant, detail, virtualSeconds, step, seed}` objects.
    static func violations(_ violations: [InvariantViolation]) -> JSONValue {
        .array(
            violations.map { violation in
                .object(
                    JSONObject([
                        ("invariant", .string(violation.invariant)), ("detail", .string(violation.detail)),
                        ("virtualSeconds", .double(VirtualDuration.seconds(violation.virtualTime))),
                        ("step", stepsValue(violation.step)), ("seed", seedValue(violation.seed)),
                    ]))
            })
    }

    /// A seed as a JSON integer when it fits in `Int64` (every practical seed), else as decimal text.
    static func seedValue(_ seed: UInt64) -> JSONValue {
        seed <= UInt64(Int64.max) ? .int(Int64(seed)) : .string(String(seed))
    }

    private static func stepsValue(_ steps: UInt64) -> JSONValue {
        .int(Int64(clamping: steps))
    }
}
