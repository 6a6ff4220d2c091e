/// One part of a seed list split for many machines: `--shard i/n` (0-based `i`, `0 <= i < n`).
///
/// Shard `i` of `n` takes the seeds whose position in the list (0-based) is congruent to `i` modulo `n`:
/// for `--seeds 100...109 --shard 1/4` that is 101, 105, 109. The shards of one list are disjoint,
/// together cover it exactly, and depend on nothing but `(list, i, n)`, so batch jobs on many machines
/// can each take one shard and concatenate their JSON lines.
struct Shard: Equatable {
    /// This shard's index, from 0.
    var index: Int
    /// How many shards the list is split into.
    var count: Int

    /// The whole list (`0/1`).
    static let whole = Shard(index: 0, count: 1)

    /// Parses `i/n`.
    /// - Throws: `UsageError` naming `flag` unless `i` and `n` are whole numbers with `0 <= i < n`.
    static func parse(_ text: String, flag: String) throws(UsageError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = ValueParsing.decimal(String(parts[0])),
            let count = ValueParsing.decimal(String(parts[1])), count >= 1, count <= 1_000_000, index < count
        else {
            throw UsageError(flag: flag, "expected i/n with 0 <= i < n (e.g. 0/4 for the first of four), got '\(text)'")
        }
        return Shard(index: Int(index), count: Int(count))
    }
}

/// The seeds a sweep runs: the inclusive range `first ... first + count - 1`, then one shard of it.
struct SeedSelection: Equatable {
    /// The most seeds one range may hold.
    static let maximumCount: UInt64 = 10_000_000

    /// The first seed of the whole range.
    var first: UInt64
    /// Seeds in the whole range (at least 1).
    var count: UInt64
    /// The part of the range this process runs.
    var shard: Shard = .whole

    /// This shard's seeds in increasing order. O(count / shard.count).
    var seeds: [UInt64] {
        stride(from: UInt64(shard.index), to: count, by: shard.count).map { first + $0 }
    }

    /// The range as `--seeds` text (`A...B`).
    var rangeText: String { "\(first)...\(first + (count - 1))" }

    /// Parses `--seeds`: `A...B` or `A..B` (both inclusive of `B`), or a single seed `A`; each bound is
    /// written as `--seed` takes it (decimal with optional `_`, or `0x` hexadecimal, as traces print seeds).
    /// - Throws: `UsageError` naming `flag` for malformed seeds, `B < A`, or more than ``maximumCount`` seeds.
    static func parseRange(_ text: String, flag: String) throws(UsageError) -> SeedSelection {
        let bounds: (String, String)
        if let dots = text.firstRange(of: "...") {
            bounds = (String(text[..<dots.lowerBound]), String(text[dots.upperBound...]))
        } else if let dots = text.firstRange(of: "..") {
            bounds = (String(text[..<dots.lowerBound]), String(text[dots.upperBound...]))
        } else {
            bounds = (text, text)
        }
        let problem = "expected a seed range like 1...100 or 0x1f...0x2f (inclusive), got '\(text)'"
        guard let first = try? ValueParsing.seed(bounds.0, flag: flag),
            let last = try? ValueParsing.seed(bounds.1, flag: flag)
        else {
            throw UsageError(flag: flag, problem)
        }
        guard last >= first else {
            throw UsageError(flag: flag, "the range '\(text)' is empty (the last seed must be at least the first)")
        }
        guard last - first < maximumCount else {
            throw UsageError(flag: flag, "the range '\(text)' holds more than \(maximumCount) seeds")
        }
        return SeedSelection(first: first, count: last - first + 1)
    }

    /// `--count N --from S`: N seeds starting at S.
    /// - Throws: `UsageError` naming `--from` when the range would pass 2^64 - 1.
    static func counted(_ count: Int, from first: UInt64) throws(UsageError) -> SeedSelection {
        guard UInt64(count) - 1 <= UInt64.max - first else {
            throw UsageError(flag: "--from", "\(count) seeds from \(first) would pass the largest seed, \(UInt64.max)")
        }
        return SeedSelection(first: first, count: UInt64(count))
    }
}
