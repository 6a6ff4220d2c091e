/// Incremental liveness bookkeeping: whether the organization's SCIM members equal the IdP's assigned
/// active people, kept up to date in O(1) per change so that it can be asked after every message.
///
/// Keys are lower-cased email addresses (the organization upserts members by email, case-insensitively).
/// For every key the tracker holds two bits: *wanted* (an assigned, active person of the IdP has this
/// email) and *present* (the organization has a member from SCIM with this email). ``mismatches`` counts
/// the keys whose bits differ, so the two sets are equal exactly when it is zero. A key may be wanted by
/// more than one IdP person at once (a rename in progress); the tracker counts them.
///
/// Not thread-safe: used only on the simulation's driver thread.
public struct ConvergenceTracker: Sendable {
    private struct Entry: Sendable {
        var wanted: Int32 = 0
        var present = false
        var matches: Bool { (wanted > 0) == present }
    }

    private var entries: [String: Entry] = [:]
    /// Keys whose wanted and present bits differ; zero means converged.
    public private(set) var mismatches = 0
    /// Keys that are wanted (assigned active people, counted once per email).
    public private(set) var wantedCount = 0
    /// Keys present in the organization as SCIM members.
    public private(set) var presentCount = 0

    /// An empty tracker (converged: both sets are empty).
    public init() {}

    /// Whether the organization's SCIM members equal the IdP's assigned active people.
    @inline(__always)
    public var isConverged: Bool { mismatches == 0 }

    /// One more (or, with `delta` -1, one fewer) assigned active IdP person has the email `key`
    /// (lower-cased). O(1) amortised.
    public mutating func changeWanted(_ key: String, by delta: Int32) {
        var entry = entries[key] ?? Entry()
        let before = entry
        entry.wanted += delta
        if (before.wanted > 0) != (entry.wanted > 0) { wantedCount += entry.wanted > 0 ? 1 : -1 }
        store(key, before: before, after: entry)
    }

    /// The organization gained (`true`) or lost (`false`) its SCIM member with email `key` (lower-cased).
    /// O(1) amortised.
    public mutating func setPresent(_ key: String, _ present: Bool) {
        var entry = entries[key] ?? Entry()
        let before = entry
        if entry.present != present { presentCount += present ? 1 : -1 }
        entry.present = present
        store(key, before: before, after: entry)
    }

    /// Whether the organization holds a SCIM member with email `key` (lower-cased).
    public func isPresent(_ key: String) -> Bool { entries[key]?.present ?? false }

    /// Whether an assigned active IdP person has email `key` (lower-cased).
    public func isWanted(_ key: String) -> Bool { (entries[key]?.wanted ?? 0) > 0 }

    /// Every present key, sorted. O(n log n).
    func presentKeys() -> [String] { entries.compactMap { $0.value.present ? $0.key : nil }.sorted() }

    /// Up to `limit` keys that differ, sorted (for a report); O(n log n), never on the hot path.
    public func sampleMismatches(limit: Int) -> [String] {
        let keys = entries.compactMap { $0.value.matches ? nil : $0.key }.sorted()
        return Array(keys.prefix(limit))
    }

    private mutating func store(_ key: String, before: Entry, after: Entry) {
        if before.matches != after.matches { mismatches += after.matches ? -1 : 1 }
        if after.wanted == 0 && !after.present {
            entries[key] = nil
        } else {
            entries[key] = after
        }
    }
}

extension ConvergenceTracker {
    /// Makes exactly `keys` present (after a bulk change such as a reset). O(entries + keys); the outcome does
    /// not depend on iteration order.
    public mutating func replacePresent(with keys: Set<String>) {
        for key in presentKeys() where !keys.contains(key) { setPresent(key, false) }
        for key in keys.sorted() { setPresent(key, true) }
    }
}
