import DirectorySync
import Foundation

/// One timed world run: the report, wall and thread-CPU seconds of `World.run` alone (the world is built
/// untimed), and the resident memory the run added.
struct MeasuredRun {
    var report: RunReport
    var seconds: Double
    var cpuSeconds: Double
    /// Peak resident memory of the process during build and run (VmHWM after resetting it), MiB.
    var peakMiB: Double
    /// Peak resident memory minus the resident memory before the world was built, bytes.
    var addedBytes: Double

    var people: Int { report.directoryPeople }
    var virtualSeconds: Double {
        Double((report.convergenceTime ?? report.virtualDuration).simulationNanoseconds) / 1e9
    }
}

enum RunMeasurement {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Builds and runs `configuration`, timing the run; throws unless it converged without violation with every
    /// person synced.
    static func measure(_ configuration: RunConfiguration, label: String) throws -> MeasuredRun {
        resetPeakResident()
        let before = Double(residentKiB() ?? 0) * 1024
        let prepared = try PreparedRun(configuration)
        let timing = try timedWithCPU { try prepared.run() }
        let report = timing.value
        let peak = Double(peakResidentKiB() ?? 0) * 1024
        guard report.converged, report.violations.isEmpty,
            SyncWorkload.syncedPeople(report) == report.directoryPeople
        else {
            let violation = report.violations.first.map { "\($0.invariant): \($0.detail)" } ?? "none"
            throw Failure(
                description: "\(label) did not converge: \(report.ending), members \(report.organizationMembers), "
                    + "violation \(violation)")
        }
        return MeasuredRun(
            report: report, seconds: timing.seconds, cpuSeconds: timing.cpuSeconds, peakMiB: peak / 1_048_576,
            addedBytes: max(0, peak - before))
    }

    /// Resets the process's peak resident memory (VmHWM) to the current resident size (Linux: writing 5 to
    /// /proc/self/clear_refs); a no-op elsewhere.
    static func resetPeakResident() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }

    /// Current resident memory (VmRSS) in KiB.
    static func residentKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "")
        }
        return nil
    }

    /// `12k` for 12,000, else the number.
    static func sizeLabel(_ people: Int) -> String {
        people % 1_000_000 == 0 ? "\(people / 1_000_000)M" : people % 1000 == 0 ? "\(people / 1000)k" : "\(people)"
    }

    /// The 1-minute load average as an extra key, if known.
    static var load: [(String, ExtraValue)] {
        loadAverage().map { [("loadavg_1m", .double($0))] } ?? []
    }
}
