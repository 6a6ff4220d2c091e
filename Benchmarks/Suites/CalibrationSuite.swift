import DirectorySync

extension SuiteSlots {
    static var calibration: (any BenchmarkSuite)? { CalibrationSuite() }
}

/// Calibration, not speed: the Entra profile's default parameters predict the initial-cycle duration of 1,000,
/// 10,000 and 100,000 assigned people (no faults), printed in minutes per assigned object beside Microsoft's
/// published 0.01 to 0.08 (research/broker-and-app.md section 3.3). Fails when a prediction leaves the range.
struct CalibrationSuite: BenchmarkSuite {
    let name = "calibration"
    let summary = "Entra initial-cycle prediction (minutes per assigned object) vs Microsoft's 0.01 to 0.08"

    func run(_ context: BenchmarkContext) throws {
        let range = EntraCalibration.publishedMinutesPerObject
        var outside: [String] = []
        for size in [1_000, 10_000, 100_000] {
            let people = context.scaled(size)
            let label = "entra-initial-cycle-\(RunMeasurement.sizeLabel(people))"
            guard context.wants(label) else { continue }
            let run = try RunMeasurement.measure(EntraCalibration.configuration(people: people), label: label)
            guard let perObject = EntraCalibration.minutesPerObject(run.report) else {
                throw RunMeasurement.Failure(description: "\(label) did not converge")
            }
            let minutes = run.virtualSeconds / 60
            let inside = range.contains(perObject)
            if !inside { outside.append(label) }
            context.add(
                label, metric: "minutes_per_object", unit: "min",
                values: [perObject],
                extra: [
                    ("objects", .int(EntraCalibration.assignedObjects(people: people))),
                    ("published_min", .double(range.lowerBound)), ("published_max", .double(range.upperBound)),
                    ("inside", .bool(inside)),
                ])
            context.add(
                label, metric: "initial_cycle", unit: "min", values: [minutes],
                extra: [
                    ("published_range_min", .double(range.lowerBound * Double(people))),
                    ("published_range_max", .double(range.upperBound * Double(people))),
                    ("wall_s", .double(run.seconds)),
                ])
        }
        guard outside.isEmpty else {
            throw RunMeasurement.Failure(
                description: "prediction outside \(range.lowerBound)...\(range.upperBound) min/object: \(outside)")
        }
    }
}
