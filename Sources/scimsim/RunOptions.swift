/// The parsed flags of `scimsim run`.
struct RunOptions: Equatable {
    /// `--seed N` (default 1).
    var seed: UInt64 = 1
    /// The model flags shared with `sweep`.
    var model = ModelOptions()
    /// `--trace FILE`: write every step as JSON Lines; `-` streams them to standard output (the report then
    /// goes to standard error).
    var tracePath: String?
    /// `--json`: print one JSON object instead of the table.
    var json = false

    /// Every flag `run` reads (for suggestions), besides `--help`.
    static let flags = ["--seed", "--trace", "--json"] + ModelOptions.flags

    /// Parses `run`'s arguments (without the program and subcommand names). `--help` is handled before.
    /// - Throws: `UsageError` naming the flag at fault, or both flags of a conflicting pair.
    static func parse(_ arguments: [String]) throws(UsageError) -> RunOptions {
        var options = RunOptions()
        var reader = ArgumentReader(arguments)
        while let flag = try reader.nextFlag() {
            if try options.model.accept(flag, from: &reader) { continue }
            switch flag.name {
            case "--seed":
                options.seed = try ValueParsing.seed(try reader.value(of: flag, expected: "a seed"), flag: flag.name)
            case "--trace":
                options.tracePath = try reader.value(of: flag, expected: "a file to write the trace to")
            case "--json":
                try reader.requireNoValue(flag)
                options.json = true
            default:
                throw ArgumentReader.unknownFlag(flag, known: flags + ["--help"])
            }
        }
        if options.json && options.tracePath == "-" {
            throw UsageError(
                flag: "--json",
                "cannot be combined with --trace - (both would write to standard output); "
                    + "use --trace FILE to get the trace and the JSON report")
        }
        return options
    }

    /// Whether the trace streams to standard output (`--trace -`), so the report goes to standard error.
    var traceToStandardOutput: Bool { tracePath == "-" }

    /// The command that reproduces this run exactly.
    var reproduceCommand: String {
        ReproduceCommand.text(seed: seed, model: model, tracePath: tracePath, json: json)
    }
}
