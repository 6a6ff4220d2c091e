import DirectorySync
import Testing

/// The Entra profile's defaults predict an initial cycle inside Microsoft's published 0.01 to 0.08 minutes per
/// assigned object (research/broker-and-app.md section 3.3), computed by running the simulation.
@Suite struct BenchmarkCalibrationTests {
    @Test func entraInitialCycleOfAThousandPeopleIsInsideThePublishedRange() throws {
        let report = try SimulationRunner.run(EntraCalibration.configuration(people: 1_000), progress: nil)
        #expect(report.converged && report.violations.isEmpty)
        #expect(SyncWorkload.syncedPeople(report) == 1_000)
        let perObject = try #require(EntraCalibration.minutesPerObject(report))
        #expect(EntraCalibration.publishedMinutesPerObject.contains(perObject), "\(perObject) min per object")
    }

    @Test func aRunThatDidNotConvergeHasNoPrediction() throws {
        var configuration = EntraCalibration.configuration(people: 50)
        configuration.until = .seconds(10)
        let report = try SimulationRunner.run(configuration, progress: nil)
        #expect(!report.converged)
        #expect(EntraCalibration.minutesPerObject(report) == nil)
    }
}
