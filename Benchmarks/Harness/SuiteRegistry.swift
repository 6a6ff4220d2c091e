/// Named slots for the suites of this benchmark executable. Each slot defaults to nil here; a suite file fills
/// its slot by declaring the same static property in an extension of `SuiteSlots`, which shadows the default:
///
/// ```swift
/// extension SuiteSlots { static var scim: (any BenchmarkSuite)? { SCIMSuite() } }
/// ```
///
/// So adding one of the planned suites is a one-file change (a new `Benchmarks/Suites/<Name>Suite.swift`).
/// A suite with a new name needs one more slot line below and in `SuiteRegistry.all`.
protocol SuiteSlotDefaults {
    static var kernel: (any BenchmarkSuite)? { get }
    static var scim: (any BenchmarkSuite)? { get }
    static var sync: (any BenchmarkSuite)? { get }
    static var baseline: (any BenchmarkSuite)? { get }
    static var churn: (any BenchmarkSuite)? { get }
    static var reference: (any BenchmarkSuite)? { get }
    static var calibration: (any BenchmarkSuite)? { get }
}

extension SuiteSlotDefaults {
    static var kernel: (any BenchmarkSuite)? { nil }
    static var scim: (any BenchmarkSuite)? { nil }
    static var sync: (any BenchmarkSuite)? { nil }
    static var baseline: (any BenchmarkSuite)? { nil }
    static var churn: (any BenchmarkSuite)? { nil }
    static var reference: (any BenchmarkSuite)? { nil }
    static var calibration: (any BenchmarkSuite)? { nil }
}

/// The slots; suite files extend this type.
enum SuiteSlots: SuiteSlotDefaults {}

/// Every registered suite, in a fixed order.
enum SuiteRegistry {
    static var all: [any BenchmarkSuite] {
        [
            SuiteSlots.kernel, SuiteSlots.scim, SuiteSlots.sync, SuiteSlots.baseline, SuiteSlots.churn,
            SuiteSlots.reference, SuiteSlots.calibration,
        ].compactMap { $0 }
    }

    /// The suite with this name, if registered.
    static func suite(named name: String) -> (any BenchmarkSuite)? {
        all.first { $0.name == name }
    }
}
