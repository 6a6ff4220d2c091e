// Benchmarks: `swift run -c release Benchmarks [--json] [--runs N] [--scale X] [--only NAME] [--list] [suite ...]`.
// With no suite names every registered suite runs. Each figure is the median of N runs (default 5) with min and
// max; each suite ends with its process peak resident memory (VmHWM). --json prints one JSON object per line.
import Foundation

var json = false
var runs = 5
var scale = 1.0
var names: [String] = []
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--json": json = true
    case "--runs":
        guard let value = arguments.popFirst(), let parsed = Int(value), parsed > 0 else {
            FileHandle.standardError.write(Data("--runs needs a positive integer\n".utf8))
            exit(2)
        }
        runs = parsed
    case "--scale":
        guard let value = arguments.popFirst(), let parsed = Double(value), parsed > 0, parsed <= 100 else {
            FileHandle.standardError.write(Data("--scale needs a number above 0 and at most 100\n".utf8))
            exit(2)
        }
        scale = parsed
    case "--only":
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("--only needs a benchmark name (substring)\n".utf8))
            exit(2)
        }
        only = value
    case "--list":
        for suite in SuiteRegistry.all { print("\(suite.name)\t\(suite.summary)") }
        exit(0)
    case "--help", "-h":
        print("usage: Benchmarks [--json] [--runs N] [--scale X] [--only NAME] [--list] [suite ...]")
        print("suites: " + SuiteRegistry.all.map(\.name).joined(separator: ", "))
        exit(0)
    default:
        if argument.hasPrefix("-") {
            FileHandle.standardError.write(Data("unknown flag \(argument); see --help\n".utf8))
            exit(2)
        }
        names.append(argument)
    }
}

var selected: [any BenchmarkSuite] = []
for name in names {
    guard let suite = SuiteRegistry.suite(named: name) else {
        let known = SuiteRegistry.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("unknown suite '\(name)'; registered suites: \(known)\n".utf8))
        exit(2)
    }
    selected.append(suite)
}
if selected.isEmpty { selected = SuiteRegistry.all }

var failed = false
for suite in selected {
    let context = BenchmarkContext(suite: suite.name, runs: runs, scale: scale, only: only)
    do {
        try suite.run(context)
    } catch {
        FileHandle.standardError.write(Data("suite \(suite.name) failed: \(error)\n".utf8))
        failed = true
    }
    if let only, context.figures.isEmpty {
        FileHandle.standardError.write(Data("suite \(suite.name): no benchmark matches --only \(only)\n".utf8))
        failed = true
    }
    if let peak = peakResidentKiB() {
        context.add("process", metric: "peak_rss", unit: "MiB", values: [Double(peak) / 1024], extra: [])
    }
    if json {
        print(Report.jsonLines(context.figures))
    } else {
        print(Report.table(context.figures))
        print("")
    }
}
exit(failed ? 1 : 0)
