import DirectorySync

/// Wall-clock figures the CLI measures around one run (the simulation itself never reads the wall clock).
struct RunMetrics: Equatable {
    /// Wall seconds the run took, measured by the CLI with `ContinuousClock`.
    var wallSeconds: Double
    /// Kernel steps per wall second.
    var stepsPerWallSecond: Double
    /// People counted as synced: the organization's members linked to a directory user by sync at the end
    /// (``RunReport/syncedMembers``; not the Primary Owner or the Owner added by hand, nor inactive people in the
    /// directory), capped at the directory's size.
    var usersSynced: Int
    /// `usersSynced` per wall second.
    var usersSyncedPerWallSecond: Double
    /// `usersSynced` per virtual hour of the time to convergence (or of the whole run when it did not
    /// converge); 0 when that virtual time is zero.
    var usersSyncedPerVirtualHour: Double

    /// The figures for `report`, which took `wallSeconds` of wall time.
    init(report: RunReport, wallSeconds: Double) {
        self.wallSeconds = wallSeconds
        usersSynced = max(0, min(report.syncedMembers, report.directoryPeople))
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
