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

    /// Keyed by ``EmailKey`` (the text with its hash computed once), so that a caller holding the key's hash
    /// (the organization side) hashes one integer per update.
    private var entries: [EmailKey: Entry] = [:]
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
    /// (lower-cased). O(1) amortised; hashes `key` once unless the entry is dropped.
    public mutating func changeWanted(_ key: String, by delta: Int32) { changeWanted(EmailKey(key: key), by: delta) }

    /// ``changeWanted(_:by:)-(String,_)`` with the key's hash already computed.
    mutating func changeWanted(_ key: EmailKey, by delta: Int32) {
        let (before, after) = update(key) { $0.wanted += delta }
        if (before.wanted > 0) != (after.wanted > 0) { wantedCount += after.wanted > 0 ? 1 : -1 }
    }

    /// The organization gained (`true`) or lost (`false`) its SCIM member with email `key` (lower-cased).
    /// O(1) amortised; hashes `key` once unless the entry is dropped.
    public mutating func setPresent(_ key: String, _ present: Bool) { setPresent(EmailKey(key: key), present) }

    /// ``setPresent(_:_:)-(String,_)`` with the key's hash already computed.
    mutating func setPresent(_ key: EmailKey, _ present: Bool) {
        let (before, _) = update(key) { $0.present = present }
        if before.present != present { presentCount += present ? 1 : -1 }
    }

    /// Reserves room for `count` keys, so that loading a directory does not rehash as it grows.
    public mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// Whether the organization holds a SCIM member with email `key` (lower-cased).
    public func isPresent(_ key: String) -> Bool { entries[EmailKey(key: key)]?.present ?? false }

    /// Whether an assigned active IdP person has email `key` (lower-cased).
    public func isWanted(_ key: String) -> Bool { (entries[EmailKey(key: key)]?.wanted ?? 0) > 0 }

    /// Every present key, sorted. O(n log n).
    func presentKeys() -> [String] { entries.compactMap { $0.value.present ? $0.key.text : nil }.sorted() }

    /// Up to `limit` keys that differ, sorted (for a report); O(n log n), never on the hot path.
    public func sampleMismatches(limit: Int) -> [String] {
        let keys = entries.compactMap { $0.value.matches ? nil : $0.key.text }.sorted()
        return Array(keys.prefix(limit))
    }

    /// Applies `change` to the entry of `key` in place (created empty when absent: one hash lookup), keeps
    /// ``mismatches`` in step, and drops the entry when it holds nothing. Returns the entry before and after.
    private mutating func update(_ key: EmailKey, _ change: (inout Entry) -> Void) -> (before: Entry, after: Entry) {
        var before = Entry()
        var after = Entry()
        func apply(_ entry: inout Entry) {
            before = entry
            change(&entry)
            after = entry
        }
        apply(&entries[key, default: Entry()])
        if before.matches != after.matches { mismatches += after.matches ? -1 : 1 }
        if after.wanted == 0 && !after.present { entries[key] = nil }
        return (before, after)
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
