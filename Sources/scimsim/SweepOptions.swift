import Foundation

/// The parsed flags of `scimsim sweep`.
struct SweepOptions: Equatable {
    /// The seeds to run (`--seeds` or `--count`/`--from`, then `--shard`).
    var selection: SeedSelection
    /// `--jobs N`: simulations run at once (default: the machine's active processor count).
    var jobs: Int
    /// The model flags shared with `run`.
    var model = ModelOptions()

    /// Every flag `sweep` reads (for suggestions), besides `--help`.
    static let flags = ["--seeds", "--count", "--from", "--jobs", "--shard", "--json"] + ModelOptions.flags

    /// The default `--jobs`: `ProcessInfo.activeProcessorCount`.
    static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Parses `sweep`'s arguments (without the program and subcommand names). `--help` is handled before.
    /// `--json` is accepted and changes nothing (sweep always prints JSON Lines).
    /// - Throws: `UsageError` naming the flag at fault; `--seeds` when no seeds were chosen.
    static func parse(_ arguments: [String], defaultJobs: Int = SweepOptions.defaultJobs) throws(UsageError)
        -> SweepOptions
    {
        var model = ModelOptions()
        var range: SeedSelection?
        var count: Int?
        var from: UInt64?
        var shard = Shard.whole
        var jobs = defaultJobs
        var reader = ArgumentReader(arguments)
        while let flag = try reader.nextFlag() {
            if try model.accept(flag, from: &reader) { continue }
            switch flag.name {
            case "--seeds":
                range = try SeedSelection.parseRange(
                    try reader.value(of: flag, expected: "a seed range like 1...100"), flag: flag.name)
            case "--count":
                count = try ValueParsing.count(
                    try reader.value(of: flag, expected: "a number of seeds"), flag: flag.name,
                    in: 1...Int(SeedSelection.maximumCount))
            case "--from":
                from = try ValueParsing.seed(try reader.value(of: flag, expected: "the first seed"), flag: flag.name)
            case "--jobs":
                jobs = try ValueParsing.count(
                    try reader.value(of: flag, expected: "a number of parallel runs"), flag: flag.name, in: 1...4_096)
            case "--shard":
                shard = try Shard.parse(try reader.value(of: flag, expected: "i/n, e.g. 0/4"), flag: flag.name)
            case "--json":
                try reader.requireNoValue(flag)
            case "--seed":
                throw UsageError(flag: flag.name, "sweep takes --seeds A...B or --count N --from S (see --help)")
            case "--trace":
                throw UsageError(flag: flag.name, "not available in sweep; trace one seed with scimsim run --trace")
            default:
                throw ArgumentReader.unknownFlag(flag, known: flags + ["--help"])
            }
        }
        var selection: SeedSelection
        switch (range, count, from) {
        case (.some, .some, _):
            throw UsageError(flag: "--count", "cannot be combined with --seeds (choose one way to give seeds)")
        case (.some, nil, .some):
            throw UsageError(flag: "--from", "cannot be combined with --seeds (use --count N --from S)")
        case (.some(let given), nil, nil):
            selection = given
        case (nil, .some(let count), let from):
            selection = try SeedSelection.counted(count, from: from ?? 1)
        case (nil, nil, .some):
            throw UsageError(flag: "--from", "needs --count N (how many seeds from S)")
        case (nil, nil, nil):
            throw UsageError(flag: "--seeds", "missing: give --seeds A...B or --count N [--from S]")
        }
        selection.shard = shard
        return SweepOptions(selection: selection, jobs: jobs, model: model)
    }
}
