import Foundation

/// A value for an extra key of a JSON line (strings are quoted, numbers and booleans are not).
enum ExtraValue: CustomStringConvertible {
    case int(Int)
    case double(Double)
    case text(String)
    case bool(Bool)

    var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return formatNumber(value)
        case .text(let value): return value
        case .bool(let value): return value ? "true" : "false"
        }
    }

    var json: String {
        switch self {
        case .text(let value): return jsonQuoted(value)
        default: return description
        }
    }
}

/// One reported figure: the median of several runs with their min and max, plus extra keys.
struct Figure {
    let suite: String
    let name: String
    let metric: String
    let unit: String
    let median: Double
    let min: Double
    let max: Double
    var extra: [(String, ExtraValue)]
}

/// A benchmark suite: a named group of measurements run by `Benchmarks <suite>`.
///
/// To add a suite, create one file under `Benchmarks/Suites/` with a type conforming to this protocol and an
/// extension of `SuiteSlots` that fills the slot named after the suite (see `SuiteRegistry.swift`).
protocol BenchmarkSuite {
    /// The name used on the command line and in the JSON `suite` key.
    var name: String { get }
    /// One line describing what the suite measures.
    var summary: String { get }
    /// Runs the measurements, adding figures to the context.
    func run(_ context: BenchmarkContext) throws
}

/// Collects figures and runs repeated measurements for one suite.
final class BenchmarkContext {
    let suite: String
    /// Runs per figure (`--runs`, default 5).
    let runs: Int
    /// Scale factor for problem sizes (`--scale`, default 1.0); smaller means quicker, noisier runs.
    let scale: Double
    /// Only benchmarks whose name contains this text run (`--only`), nil for all.
    let only: String?
    private(set) var figures: [Figure] = []

    init(suite: String, runs: Int, scale: Double, only: String?) {
        self.suite = suite
        self.runs = runs
        self.scale = scale
        self.only = only
    }

    /// Whether the benchmark named `name` is selected by `--only`.
    func wants(_ name: String) -> Bool {
        only.map { name.contains($0) } ?? true
    }

    /// `size * scale`, at least 1.
    func scaled(_ size: Int) -> Int {
        Swift.max(1, Int(Double(size) * scale))
    }

    /// Runs `sample` `runs` times (after one warm-up unless `warmUp` is false) and adds a figure with the median,
    /// min and max of the returned values. Returns the median.
    @discardableResult
    func measure(
        _ name: String, metric: String, unit: String, extra: [(String, ExtraValue)] = [], warmUp: Bool = true,
        _ sample: () throws -> Double
    ) rethrows -> Double {
        if warmUp { _ = try sample() }
        var values: [Double] = []
        for _ in 0..<runs { values.append(try sample()) }
        return add(name, metric: metric, unit: unit, values: values, extra: extra)
    }

    /// Adds a figure from already measured values (median, min, max computed here). Returns the median.
    @discardableResult
    func add(_ name: String, metric: String, unit: String, values: [Double], extra: [(String, ExtraValue)] = [])
        -> Double
    {
        let sorted = values.sorted()
        let median: Double
        if sorted.isEmpty {
            median = .nan
        } else if sorted.count % 2 == 1 {
            median = sorted[sorted.count / 2]
        } else {
            median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        figures.append(
            Figure(
                suite: suite, name: name, metric: metric, unit: unit, median: median, min: sorted.first ?? .nan,
                max: sorted.last ?? .nan, extra: extra + [("runs", .int(values.count))]))
        return median
    }
}

/// CPU time of the calling thread in nanoseconds (excludes time other processes held the CPU).
func threadCPUNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Wall-clock and thread-CPU seconds taken by `body`, and its result.
func timedWithCPU<T>(_ body: () throws -> T) rethrows -> (seconds: Double, cpuSeconds: Double, value: T) {
    let start = wallNanoseconds()
    let cpuStart = threadCPUNanoseconds()
    let value = try body()
    let cpu = Double(threadCPUNanoseconds() - cpuStart) / 1e9
    return (Double(wallNanoseconds() - start) / 1e9, cpu, value)
}

/// Runs `round` once as a warm-up and then `runs` more times (`repetition` 0 is the warm-up). Each round does its
/// own set-up, times its work with ``timedWithCPU(_:)``, checks it and returns its figure twice: from wall time and
/// from CPU time (a rate, or a time per operation). Returns the measured rounds' figures, in order. Rethrows the
/// first error of a round.
func measuredRounds(
    runs: Int, _ round: (_ repetition: Int) throws -> (wall: Double, cpu: Double)
) rethrows -> (wall: [Double], cpu: [Double]) {
    var wall: [Double] = []
    var cpu: [Double] = []
    for repetition in 0...runs {
        let figure = try round(repetition)
        if repetition == 0 { continue }
        wall.append(figure.wall)
        cpu.append(figure.cpu)
    }
    return (wall, cpu)
}

/// The 1-minute load average (from /proc/loadavg), to judge how noisy a measurement was.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return Double(text.split(separator: " ").first ?? "")
}

/// Monotonic wall-clock nanoseconds (benchmarks only; never used by the simulation).
func wallNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Wall-clock seconds taken by `body`, and its result.
func timed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
    let start = wallNanoseconds()
    let value = try body()
    return (Double(wallNanoseconds() - start) / 1e9, value)
}

/// Peak resident memory of this process in KiB (`VmHWM` in /proc/self/status), or nil where unavailable.
func peakResidentKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "")
    }
    return nil
}

/// A number with up to 4 significant decimals, no exponent for ordinary magnitudes.
func formatNumber(_ value: Double) -> String {
    if value.isNaN || value.isInfinite { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    let magnitude = abs(value)
    let decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : 4
    return String(format: "%.\(decimals)f", value)
}

/// `text` as a JSON string literal.
func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
