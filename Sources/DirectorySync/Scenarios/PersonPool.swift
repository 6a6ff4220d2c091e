import Foundation
import SimulationKernel

/// The IdP people a scenario may still act on (wanted: active and assigned, as far as the plan knows), as a
/// set of directory indices with O(1) insert, remove and uniform pick.
///
/// Indices live in an array in insertion order, with swap-remove, and a position table; no `Set` or
/// `Dictionary` decides any order, so picks are a pure function of the random stream.
struct PersonPool: Sendable {
    private(set) var members: [Int] = []
    private var position: [Int] = []

    /// The people of `people` who are active, by index.
    init(_ people: [DirectoryPerson]) {
        members.reserveCapacity(people.count)
        position = Array(repeating: -1, count: people.count)
        for (i, person) in people.enumerated() where person.active { insert(i) }
    }

    /// How many people are in the pool.
    var count: Int { members.count }

    /// Whether person `index` is in the pool.
    func contains(_ index: Int) -> Bool { index >= 0 && index < position.count && position[index] >= 0 }

    /// Adds person `index` (no-op if present). O(1) amortised.
    mutating func insert(_ index: Int) {
        guard index >= 0 else { return }
        while position.count <= index { position.append(-1) }
        guard position[index] < 0 else { return }
        position[index] = members.count
        members.append(index)
    }

    /// Removes person `index` (no-op if absent). O(1).
    mutating func remove(_ index: Int) {
        guard contains(index) else { return }
        let at = position[index]
        let last = members.removeLast()
        if last != index {
            members[at] = last
            position[last] = at
        }
        position[index] = -1
    }

    /// A uniformly chosen person, or `nil` when empty. O(1).
    func pick(_ random: inout SeededRandom) -> Int? {
        members.isEmpty ? nil : members[random.below(members.count)]
    }

    /// A uniformly chosen person, removed from the pool, or `nil` when empty. O(1).
    mutating func take(_ random: inout SeededRandom) -> Int? {
        guard let index = pick(&random) else { return nil }
        remove(index)
        return index
    }

    /// `k` distinct people chosen uniformly (partial Fisher-Yates over a copy), in draw order; fewer when the
    /// pool is smaller. The pool is unchanged. O(count) for the copy plus O(k).
    func sample(_ k: Int, _ random: inout SeededRandom) -> [Int] {
        var copy = members
        let n = min(max(0, k), copy.count)
        for i in 0..<n { copy.swapAt(i, i + random.below(copy.count - i)) }
        return Array(copy.prefix(n))
    }
}

extension SeededRandom {
    /// A weighted choice: index `i` with probability `weights[i] / sum` (non-positive weights never chosen);
    /// 0 when every weight is non-positive. O(weights).
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0) { $0 + max(0, $1) }
        guard total > 0 else { return 0 }
        var r = below(total)
        for (i, w) in weights.enumerated() where w > 0 {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// A duration in `range` whose logarithm is uniform (so short and long gaps are equally likely per
    /// decade); the lower bound is taken as at least 1 ns. O(1).
    mutating func logUniform(_ range: ClosedRange<Duration>) -> Duration {
        let low = Double(max(1, range.lowerBound.simulationNanoseconds))
        let high = Double(max(range.upperBound.simulationNanoseconds, Int64(low)))
        guard high > low else { return .nanoseconds(Int64(low)) }
        let value = low * pow(high / low, unitInterval())
        return .nanoseconds(Int64(min(value, high)))
    }

    /// A duration uniform in `range` (closed). O(1).
    mutating func duration(in range: ClosedRange<Duration>) -> Duration {
        uniform(from: range.lowerBound, to: max(range.lowerBound, range.upperBound))
    }

    /// A duration uniform in `start ..< start + spread` (just `start` for a zero spread). O(1).
    mutating func offset(_ start: Duration, spread: Duration) -> Duration {
        spread > .nanoseconds(1) ? start + uniform(from: .zero, to: spread - .nanoseconds(1)) : start
    }
}
