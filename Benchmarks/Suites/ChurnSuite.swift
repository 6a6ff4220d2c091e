import DirectorySync

extension SuiteSlots {
    static var churn: (any BenchmarkSuite)? { ChurnSuite() }
}

/// Long-run throughput: a 50,000-person directory (times `--scale`), initially synced by Okta, then 5 % daily
/// churn (40 % leavers, 40 % joiners, 20 % movers) for 30 virtual days, pushed through the World API
/// (`ChurnWorkload`). Figures: wall and CPU seconds, steps per second, directory changes per wall second, the
/// virtual days covered, members at the end, peak memory. `--only okta` or `--only entra` picks the IdP (Entra
/// runs its 40-minute cycles over the whole month).
struct ChurnSuite: BenchmarkSuite {
    let name = "churn"
    let summary = "50k-person directory, 5% daily churn for 30 virtual days (Okta; Entra with --only entra)"

    func run(_ context: BenchmarkContext) throws {
        let people = context.scaled(50_000)
        let days = 30
        for idp in [IdentityProviderKind.okta, .entra] {
            let label = "\(idp.rawValue)-churn-\(RunMeasurement.sizeLabel(people))-\(days)d"
            // Entra's month of cycles is long: only on request.
            guard context.wants(label), idp == .okta || context.only != nil else { continue }
            let plan = ChurnWorkload.plan(people: people, days: days, rate: 0.05, seed: 11)
            let configuration = ChurnWorkload.configuration(people: people, identityProvider: idp)
            RunMeasurement.resetPeakResident()
            let prepared = try ChurnWorkload.prepare(configuration, plan: plan)
            let timing = try timedWithCPU { try prepared.run() }
            let report = timing.value
            guard report.converged, report.violations.isEmpty, SyncWorkload.syncedPeople(report) == plan.finalActive
            else {
                throw RunMeasurement.Failure(
                    description: "\(label): \(report.ending), members \(report.organizationMembers), expected "
                        + "\(plan.finalActive) synced, violations \(report.violations.map(\.invariant))")
            }
            let changes = plan.entries.count
            let virtualDays = Double(report.virtualDuration.simulationNanoseconds) / 86_400e9
            let extra: [(String, ExtraValue)] = [
                ("people", .int(people)), ("changes", .int(changes)), ("joiners", .int(plan.joiners)),
                ("leavers", .int(plan.leavers)), ("movers", .int(plan.movers)),
                ("members_end", .int(report.organizationMembers)), ("steps", .int(Int(report.steps))),
                ("trace_hash", .text(report.traceHashHex)),
            ]
            context.add(
                label, metric: "wall_s", unit: "s", values: [timing.seconds], extra: extra + RunMeasurement.load)
            context.add(label, metric: "cpu_s", unit: "s", values: [timing.cpuSeconds])
            context.add(label, metric: "steps_per_s", unit: "1/s", values: [Double(report.steps) / timing.seconds])
            context.add(label, metric: "changes_per_wall_s", unit: "1/s", values: [Double(changes) / timing.seconds])
            context.add(label, metric: "virtual_days", unit: "d", values: [virtualDays])
            context.add(
                label, metric: "peak_rss", unit: "MiB", values: [Double(peakResidentKiB() ?? 0) / 1024])
        }
    }
}
