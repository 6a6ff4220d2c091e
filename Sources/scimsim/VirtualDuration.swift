import Foundation

/// Virtual durations on the command line (`--until 2h`, `--idp-latency 40ms`) and in reports.
///
/// Flag grammar: one or more `<whole number><unit>` terms, units `d`, `h`, `m`, `s`, `ms`, summed
/// (`90s`, `40m`, `1h30m`, `500ms`). The resolution is one millisecond, so every flag value
/// round-trips through ``flagText(_:)`` exactly.
enum VirtualDuration {
    /// Milliseconds per unit, longest unit name first so `ms` is matched before `m`.
    private static let units: [(name: String, milliseconds: Int64)] = [
        ("ms", 1), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
    ]

    /// Parses a flag value.
    /// - Throws: `UsageError` naming `flag` for malformed text or a total beyond about 290 million years.
    static func parse(_ text: String, flag: String) throws(UsageError) -> Duration {
        let problem = "expected a virtual duration like 90s, 40m, 2h, 3d, 500ms or 1h30m, got '\(text)'"
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else { throw UsageError(flag: flag, problem) }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            guard !digits.isEmpty, let amount = Int64(digits),
                let unit = units.first(where: { rest.hasPrefix($0.name) })
            else { throw UsageError(flag: flag, problem) }
            rest = rest.dropFirst(unit.name.count)
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflowSum) = total.addingReportingOverflow(product)
            guard !overflow, !overflowSum, sum <= Int64.max / 1_000 else {
                throw UsageError(flag: flag, "the duration '\(text)' is too long")
            }
            total = sum
        }
        return .milliseconds(total)
    }

    /// The shortest flag text for `duration` in the largest unit that divides it exactly (`90s`, `2h`,
    /// `500ms`); sub-millisecond parts are rounded down, which never happens for values read by ``parse``.
    static func flagText(_ duration: Duration) -> String {
        let milliseconds = wholeMilliseconds(duration)
        for unit in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where milliseconds != 0 && milliseconds % unit.1 == 0 {
            return "\(milliseconds / unit.1)\(unit.0)"
        }
        return "\(milliseconds)ms"
    }

    /// The duration in seconds as a `Double` (for JSON and rates), rounded to the nanosecond so that it
    /// prints without binary noise (`1.504392678`, not `1.5043926779999999`).
    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        guard parts.seconds.magnitude < 9_000_000_000 else {
            return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        }
        return Double(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000) / 1e9
    }

    /// Human text for reports: `250ms`, `12.345s`, `4m 05.123s`, `2h 03m 04s`, `3d 02h 03m 04s`.
    static func humanText(_ duration: Duration) -> String {
        let milliseconds = wholeMilliseconds(duration)
        let totalSeconds = milliseconds / 1_000
        let fraction = milliseconds % 1_000
        if milliseconds < 1_000 {
            let seconds = self.seconds(duration)
            return seconds * 1_000 == Double(milliseconds)
                ? "\(milliseconds)ms" : String(format: "%.3fms", seconds * 1_000)
        }
        if totalSeconds < 60 { return String(format: "%lld.%03llds", totalSeconds, fraction) }
        let minutes = totalSeconds / 60 % 60
        let hours = totalSeconds / 3_600 % 24
        let days = totalSeconds / 86_400
        if totalSeconds < 3_600 {
            return String(format: "%lldm %02lld.%03llds", minutes, totalSeconds % 60, fraction)
        }
        if totalSeconds < 86_400 {
            return String(format: "%lldh %02lldm %02llds", hours, minutes, totalSeconds % 60)
        }
        return String(format: "%lldd %02lldh %02lldm %02llds", days, hours, minutes, totalSeconds % 60)
    }

    /// Human text for a wall-clock span in seconds (`0.412s`, `3m 05.100s`).
    static func humanText(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        return humanText(.milliseconds(Int64((seconds * 1_000).rounded())))
    }

    private static func wholeMilliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
