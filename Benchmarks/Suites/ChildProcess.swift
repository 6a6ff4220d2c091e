import Foundation

/// Runs one benchmark case in a fresh child process of this executable, so that its peak resident memory is
/// its own (memory freed by an earlier case stays mapped by the allocator and would hide or inflate it).
///
/// The parent runs `Benchmarks <suite> --runs N --scale X` with `SCIMSIM_BENCH_CASE=<label>` in the environment;
/// the child runs only that case in-process and prints one `SCIMSIM-FIGURE` line per figure (raw values, not
/// medians); the parent adds those figures to its own context. Without `/proc/self/exe` (not Linux) the case
/// runs in-process.
enum ChildProcess {
    static let caseVariable = "SCIMSIM_BENCH_CASE"
    static let marker = "SCIMSIM-FIGURE"

    /// The case this process must run alone, when it is a child.
    static var currentCase: String? { ProcessInfo.processInfo.environment[caseVariable] }

    /// A measured figure before it is added to a context: its raw values (one per run) and extra keys.
    struct Pending {
        var name: String
        var metric: String
        var unit: String
        var values: [Double]
        var extra: [(String, ExtraValue)] = []
    }

    /// Adds `figures` to `context` (in-process), or prints them for the parent (in a child).
    static func deliver(_ figures: [Pending], to context: BenchmarkContext) {
        guard currentCase != nil else {
            for f in figures { context.add(f.name, metric: f.metric, unit: f.unit, values: f.values, extra: f.extra) }
            return
        }
        for figure in figures {
            let values = figure.values.map { String($0) }.joined(separator: ",")
            let extras = figure.extra.map { key, value -> String in
                switch value {
                case .int(let v): return "\(key)=i:\(v)"
                case .double(let v): return "\(key)=d:\(v)"
                case .bool(let v): return "\(key)=b:\(v)"
                case .text(let v): return "\(key)=t:\(v)"
                }
            }
            print(([marker, figure.name, figure.metric, figure.unit, values] + extras).joined(separator: "\t"))
        }
    }

    /// Runs `label` of `suite` in a child and adds its figures to `context`; returns false when no child could
    /// be started (the caller then runs the case in-process).
    static func run(suite: String, label: String, context: BenchmarkContext) throws -> Bool {
        guard FileManager.default.fileExists(atPath: "/proc/self/exe") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = [suite, "--runs", String(context.runs), "--scale", String(context.scale)]
        var environment = ProcessInfo.processInfo.environment
        environment[caseVariable] = label
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            return false
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RunMeasurement.Failure(
                description: "\(label): child process exited with \(process.terminationStatus)")
        }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 5, parts[0] == marker else { continue }
            let values = parts[4].split(separator: ",").compactMap { Double($0) }
            var extra: [(String, ExtraValue)] = []
            for item in parts.dropFirst(5) {
                guard let equals = item.firstIndex(of: "=") else { continue }
                let key = String(item[..<equals])
                let typed = item[item.index(after: equals)...]
                let payload = String(typed.dropFirst(2))
                switch typed.prefix(2) {
                case "i:": extra.append((key, .int(Int(payload) ?? 0)))
                case "d:": extra.append((key, .double(Double(payload) ?? .nan)))
                case "b:": extra.append((key, .bool(payload == "true")))
                default: extra.append((key, .text(payload)))
                }
            }
            context.add(parts[1], metric: parts[2], unit: parts[3], values: values, extra: extra)
        }
        return true
    }
}
