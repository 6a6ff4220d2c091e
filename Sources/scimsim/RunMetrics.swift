import DirectorySync

/// Wall-clock figures the CLI measures around one run (the simulation itself never reads the wall clock).
struct RunMetrics: Equatable {
    /// Wall seconds the run took, measured by the CLI with `ContinuousClock`.
    var wallSeconds: Double
    /// Kernel steps per wall second.
    var stepsPerWallSecond: Double
    /// People counted as synced: every person in the directory when the run converged; otherwise the
    /// organization's members other than the Primary Owner, capped at the directory's size.
    var usersSynced: Int
    /// `usersSynced` per wall second.
    var usersSyncedPerWallSecond: Double
    /// `usersSynced` per virtual hour of the time to convergence (or of the whole run when it did not
    /// converge); 0 when that virtual time is zero.
    var usersSyncedPerVirtualHour: Double

    /// The figures for `report`, which took `wallSeconds` of wall time.
    init(report: RunReport, wallSeconds: Double) {
        self.wallSeconds = wallSeconds
        usersSynced =
            report.converged
            ? report.directoryPeople : max(0, min(report.organizationMembers - 1, report.directoryPeople))
        stepsPerWallSecond = wallSeconds > 0 ? Double(report.steps) / wallSeconds : 0
        usersSyncedPerWallSecond = wallSeconds > 0 ? Double(usersSynced) / wallSeconds : 0
        let virtualHours = VirtualDuration.seconds(report.convergenceTime ?? report.virtualDuration) / 3_600
        usersSyncedPerVirtualHour = virtualHours > 0 ? Double(usersSynced) / virtualHours : 0
    }
}

extension RunReport {
    /// Where the people came from, for reports: `generated` or the directory export's file name.
    var peopleSourceText: String {
        switch configuration.people {
        case .generated: return "generated"
        case .directory(let name, _): return name
        }
    }
}
