/// The Entra calibration of `Benchmarks calibration`: the profile's default parameters against Microsoft's
/// published initial-cycle estimate.
public enum EntraCalibration {
    /// Microsoft's published initial-cycle estimate, in minutes per assigned object (N = assigned users + groups
    /// + group members): 0.01 x N minutes at best to 0.08 x N at worst ([MS-WHEN], research/broker-and-app.md
    /// section 3.3).
    public static let publishedMinutesPerObject: ClosedRange<Double> = 0.01...0.08

    /// The run whose initial cycle is measured: `people` assigned users (no groups), the Entra profile's
    /// defaults, no faults, value mode.
    public static func configuration(people: Int, seed: UInt64 = 3) -> RunConfiguration {
        SyncWorkload.initialSync(.entra, people: people, faults: .none, seed: seed)
    }

    /// Assigned objects of a run of ``configuration(people:seed:)``: the users (no groups, no members).
    public static func assignedObjects(people: Int) -> Int { people }

    /// The predicted initial-cycle duration in minutes per assigned object: the virtual time until the
    /// organization matched the IdP, over the assigned objects. `nil` if the run did not converge.
    public static func minutesPerObject(_ report: RunReport) -> Double? {
        guard report.converged, let time = report.convergenceTime, report.directoryPeople > 0 else { return nil }
        let minutes = Double(time.simulationNanoseconds) / 60e9
        return minutes / Double(assignedObjects(people: report.directoryPeople))
    }
}
