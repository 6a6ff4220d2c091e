import Testing

@testable import scimsim

/// `sweep` flags, seed ranges and the deterministic shard split.
struct SweepOptionsTests {
    @Test func seedRangeForms() throws {
        #expect(try SeedSelection.parseRange("3...7", flag: "--seeds").seeds == [3, 4, 5, 6, 7])
        #expect(try SeedSelection.parseRange("3..7", flag: "--seeds").seeds == [3, 4, 5, 6, 7])
        #expect(try SeedSelection.parseRange("9", flag: "--seeds").seeds == [9])
        #expect(try SeedSelection.parseRange("0x1e...0x20", flag: "--seeds").seeds == [30, 31, 32])
        #expect(try SeedSelection.parseRange("0x10..18", flag: "--seeds").seeds == [16, 17, 18])
        let top = try SeedSelection.parseRange("18446744073709551614...18446744073709551615", flag: "--seeds")
        #expect(top.seeds == [UInt64.max - 1, UInt64.max])
        for bad in ["7...3", "a...b", "...5", "3...", "1....4", "0...10000000", ""] {
            #expect(throws: UsageError.self, "\(bad)") { try SeedSelection.parseRange(bad, flag: "--seeds") }
        }
    }

    @Test func countFromAndDefaults() throws {
        let options = try SweepOptions.parse(["--count", "4", "--from", "10", "--users", "20"], defaultJobs: 3)
        #expect(options.selection.seeds == [10, 11, 12, 13])
        #expect(options.jobs == 3)
        #expect(options.model.users == 20)
        #expect(try SweepOptions.parse(["--count", "2"]).selection.seeds == [1, 2])
        #expect(try SweepOptions.parse(["--seeds", "1...2", "--jobs", "7"]).jobs == 7)
    }

    @Test(arguments: [
        ([String](), "--seeds"),
        (["--seeds", "1...3", "--count", "3"], "--count"),
        (["--seeds", "1...3", "--from", "3"], "--from"),
        (["--from", "3"], "--from"),
        (["--count", "0"], "--count"),
        (["--count", "3", "--from", "18446744073709551614"], "--from"),
        (["--count", "3", "--jobs", "0"], "--jobs"),
        (["--count", "3", "--shard", "2/2"], "--shard"),
        (["--count", "3", "--shard", "1"], "--shard"),
        (["--count", "3", "--shard", "0/0"], "--shard"),
        (["--count", "3", "--seed", "4"], "--seed"),
        (["--count", "3", "--trace", "x"], "--trace"),
        (["--count", "3", "--scenario", "bogus"], "--scenario"),
        (["--count", "3", "--users", "x"], "--users"),
        (["--count", "3", "--jbos", "2"], "--jbos"),
    ])
    func sweepErrorsNameTheFlag(arguments: [String], flag: String) {
        do {
            _ = try SweepOptions.parse(arguments, defaultJobs: 2)
            Issue.record("expected a usage error for \(arguments)")
        } catch {
            #expect(error.flag == flag)
            #expect(error.message.hasPrefix(flag + ":"))
        }
    }

    @Test(arguments: [(1, 1), (10, 3), (7, 7), (5, 8), (100, 4), (1_000, 13)])
    func shardsPartitionTheRangeExactly(count: Int, shards: Int) throws {
        let whole = try SweepOptions.parse(["--seeds", "50...\(50 + count - 1)"]).selection.seeds
        #expect(whole == (0..<count).map { UInt64(50 + $0) })
        var union: [UInt64] = []
        var sizes: [Int] = []
        for index in 0..<shards {
            let seeds = try SweepOptions.parse(["--seeds", "50...\(50 + count - 1)", "--shard", "\(index)/\(shards)"])
                .selection.seeds
            #expect(seeds == seeds.sorted())
            for seed in seeds { #expect(Int(seed - 50) % shards == index) }
            sizes.append(seeds.count)
            union += seeds
        }
        #expect(union.count == whole.count)
        #expect(union.sorted() == whole)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
    }

    @Test func shardSplitIsDeterministicAndByPosition() throws {
        let parse = { try SweepOptions.parse(["--seeds", "100...109", "--shard", "1/4"]).selection.seeds }
        #expect(try parse() == [101, 105, 109])
        #expect(try parse() == parse())
        let counted = try SweepOptions.parse(["--count", "10", "--from", "100", "--shard", "1/4"]).selection.seeds
        #expect(counted == [101, 105, 109])
    }

    @Test func workerPoolDeliversEveryResultInIndexOrder() {
        var delivered: [Int] = []
        WorkerPool.run(
            count: 200, threads: 4,
            work: { index in
                // Uneven work so results finish out of order.
                var total = 0
                for step in 0..<((200 - index) * 50) { total &+= step }
                return (index, total)
            },
            deliver: { index, result in
                #expect(result.0 == index)
                delivered.append(index)
            })
        #expect(delivered == Array(0..<200))
    }
}
