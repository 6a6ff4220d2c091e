import DirectorySync

extension SuiteSlots {
    static var sync: (any BenchmarkSuite)? { SyncSuite() }
}

/// Initial-sync throughput: Okta and Entra, 10,000, 50,000 and 100,000 people, without faults and with swarm
/// faults (seed 7), value mode; plus 10,000 people in bytes mode. Per case: wall and CPU seconds of the run,
/// steps per second, people synced per wall second, virtual time to converge, people per virtual hour, peak
/// resident memory and resident bytes added per person (by the first run in the process). Each case runs in its own child process
/// (`ChildProcess`), so its peak memory is its own.
///
/// `--scale X` multiplies the sizes (`--scale 0.1` for a quick run, `--scale 10 --only okta-none-1M` for
/// a million people); `--only TEXT` picks cases by name (`okta-none-100k`, `entra-swarm-10k`,
/// `okta-none-10k-bytes`). Cases of 50,000 people or more run once (no warm-up); smaller ones run
/// `min(--runs, 3)` times after a warm-up.
struct SyncSuite: BenchmarkSuite {
    let name = "sync"
    let summary = "Okta/Entra initial sync of 10k, 50k, 100k people, no faults and swarm faults; 10k in bytes mode"

    func run(_ context: BenchmarkContext) throws {
        var cases: [(IdentityProviderKind, FaultSelection, Int, WireMode)] = []
        for size in [10_000, 50_000, 100_000] {
            for idp in [IdentityProviderKind.okta, .entra] {
                for faults in [FaultSelection.none, .swarm] { cases.append((idp, faults, size, .value)) }
            }
        }
        cases.append((.okta, .none, 10_000, .bytes))
        cases.append((.entra, .none, 10_000, .bytes))
        for (idp, faults, size, wire) in cases {
            let people = context.scaled(size)
            let label =
                "\(idp.rawValue)-\(faults == .none ? "none" : "swarm")-\(RunMeasurement.sizeLabel(people))"
                + (wire == .bytes ? "-bytes" : "")
            let configuration = SyncWorkload.initialSync(idp, people: people, faults: faults, wire: wire)
            if let only = ChildProcess.currentCase {
                // A child process: run exactly this case.
                if only == label { try measure(context, label: label, configuration: configuration, people: people) }
                continue
            }
            guard context.wants(label) else { continue }
            if try !ChildProcess.run(suite: name, label: label, context: context) {
                try measure(context, label: label, configuration: configuration, people: people)
            }
        }
    }

    private func measure(_ context: BenchmarkContext, label: String, configuration: RunConfiguration, people: Int)
        throws
    {
        let large = people >= 50_000
        let repetitions = large ? 1 : max(1, min(context.runs, 3))
        // The first run in this process measures the memory a run adds (later runs reuse freed heap).
        let first = try RunMeasurement.measure(configuration, label: label)
        var runs: [MeasuredRun] = large ? [first] : []
        for _ in runs.count..<repetitions { runs.append(try RunMeasurement.measure(configuration, label: label)) }
        guard let last = runs.last else { return }
        let report = last.report
        let steps = Double(report.steps)
        let virtualHours = last.virtualSeconds / 3600
        let faultNote = report.faultSettings.filter { $0.value != "off" && $0.value != "0ms" && $0.value != "0" }
            .map { "\($0.key):\($0.value)" }.joined(separator: ",")
        let extra: [(String, ExtraValue)] = [
            ("people", .int(people)), ("steps", .int(Int(report.steps))), ("trace_hash", .text(report.traceHashHex)),
            ("faults", .text(faultNote.isEmpty ? "none" : faultNote)),
        ]
        let peak = Double(peakResidentKiB() ?? 0) / 1024
        ChildProcess.deliver(
            [
                .init(
                    name: label, metric: "wall_s", unit: "s", values: runs.map(\.seconds),
                    extra: extra + RunMeasurement.load),
                .init(name: label, metric: "cpu_s", unit: "s", values: runs.map(\.cpuSeconds)),
                .init(name: label, metric: "steps_per_s", unit: "1/s", values: runs.map { steps / $0.seconds }),
                .init(
                    name: label, metric: "people_per_wall_s", unit: "1/s",
                    values: runs.map { Double(people) / $0.seconds }),
                .init(
                    name: label, metric: "people_per_cpu_s", unit: "1/s",
                    values: runs.map { Double(people) / $0.cpuSeconds }),
                .init(
                    name: label, metric: "virtual_time_to_converge", unit: "s", values: [last.virtualSeconds],
                    extra: [("virtual_h", .double(virtualHours))]),
                .init(
                    name: label, metric: "people_per_virtual_h", unit: "1/h", values: [Double(people) / virtualHours]),
                .init(
                    name: label, metric: "peak_rss", unit: "MiB", values: [peak],
                    extra: [("own_process", .bool(ChildProcess.currentCase != nil))]),
                .init(
                    name: label, metric: "bytes_per_person", unit: "B",
                    values: [first.addedBytes / Double(people)]),
            ], to: context)
    }
}
