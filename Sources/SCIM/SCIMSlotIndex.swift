/// The slots of a ``SCIMResourceTable`` by an exact string key (`id`, `externalId`), possibly shared by several
/// slots, compared by Swift string equality (canonical equivalence), as the `[String: ...]` dictionaries it replaces.
///
/// Keys that are ASCII, or canonically equivalent to ASCII text (see ``SCIMUserNameIndex``: only U+037E, U+1FEF and
/// U+212A are), live in an open-addressing table of 8-byte entries (the key's 32-bit hash and `slot + 1`) that does
/// not store the key: a lookup hashes the key's UTF-8 bytes eight at a time (no `Hasher`) and asks the caller
/// whether the resource in a candidate slot has that key. So an entry costs 8 bytes at most half load, and the key
/// text stays in the resource alone. Other keys live in a `[String: SlotBucket]`.
///
/// Deterministic (unseeded hash; nothing iterates the dictionary). Removal shifts entries back (linear probing, no
/// tombstones). All operations O(key length) expected, plus the work of the caller's key check.
struct SCIMSlotIndex: Sendable {
    private struct Entry: Sendable, LinearProbingEntry {
        var hash: UInt32
        var slotPlusOne: UInt32
    }

    private var entries: [Entry] = []
    private var live = 0
    private var other: [String: SCIMResourceTable.SlotBucket] = [:]

    /// An empty index.
    init() {}

    /// Makes room for `count` keys without rehashing. O(count).
    mutating func reserveCapacity(_ count: Int) {
        let wanted = SCIMUserNameIndex.capacity(for: count)
        if wanted > entries.count { rehash(capacity: wanted) }
    }

    /// Drops every key, keeping no capacity.
    mutating func removeAll() { self = SCIMSlotIndex() }

    /// Records `slot` under `key` (a key may have several slots; the caller does not add one slot twice).
    mutating func insert(_ key: String, slot: Int) {
        guard let h = Self.hash(key), slot < Int(UInt32.max) - 1 else {
            if let existing = other.updateValue(.one(slot), forKey: key) { other[key] = existing.adding(slot) }
            return
        }
        if (live + 1) * 2 > entries.count { rehash(capacity: SCIMUserNameIndex.capacity(for: live + 1)) }
        let mask = entries.count - 1
        var i = Int(h) & mask
        while entries[i].slotPlusOne != 0 { i = (i + 1) & mask }
        entries[i] = Entry(hash: h, slotPlusOne: UInt32(slot + 1))
        live += 1
    }

    /// For a unique key (`id`): the slot recorded under `key` for which `hasKey(slot)` holds, if any (nothing changes
    /// then); else records `slot` under `key` and returns `nil`. One hash and probe for the check and the insertion
    /// (``first(_:hasKey:)`` then ``insert(_:slot:)`` hash twice). O(key length) expected.
    mutating func insertIfAbsent(_ key: String, slot: Int, hasKey: (Int) -> Bool) -> Int? {
        guard let h = Self.hash(key), slot < Int(UInt32.max) - 1 else {
            if let s = first(key, hasKey: hasKey) { return s }
            insert(key, slot: slot)
            return nil
        }
        if (live + 1) * 2 > entries.count { rehash(capacity: SCIMUserNameIndex.capacity(for: live + 1)) }
        let found: Int? = entries.withUnsafeMutableBufferPointer { e in
            let mask = e.count - 1
            var i = Int(h) & mask
            while e[i].slotPlusOne != 0 {
                if e[i].hash == h, hasKey(Int(e[i].slotPlusOne) - 1) { return Int(e[i].slotPlusOne) - 1 }
                i = (i + 1) & mask
            }
            e[i] = Entry(hash: h, slotPlusOne: UInt32(slot + 1))
            return nil
        }
        if found == nil { live += 1 }
        return found
    }

    /// Removes `slot` from `key`'s slots, if there.
    mutating func remove(_ key: String, slot: Int) {
        guard let h = Self.hash(key), slot < Int(UInt32.max) - 1 else {
            if let bucket = other[key] { other[key] = bucket.removing(slot) }
            return
        }
        guard live > 0 else { return }
        let mask = entries.count - 1
        var i = Int(h) & mask
        while entries[i].slotPlusOne != 0 {
            if entries[i].hash == h && Int(entries[i].slotPlusOne) - 1 == slot {
                live -= 1
                LinearProbing.shiftBack(&entries, from: i, mask: mask)
                return
            }
            i = (i + 1) & mask
        }
    }

    /// The slots recorded under `key`, unordered: those in the table for which `hasKey(slot)` says the resource
    /// there has this key.
    func slots(_ key: String, hasKey: (Int) -> Bool) -> [Int] {
        guard let h = Self.hash(key) else { return other[key]?.slots ?? [] }
        var found: [Int] = []
        forEachCandidate(h) { s in
            if hasKey(s) { found.append(s) }
            return true
        }
        return found
    }

    /// The first slot recorded under `key` (the only one for a unique key), or `nil`.
    @inline(__always)
    func first(_ key: String, hasKey: (Int) -> Bool) -> Int? {
        if live == 0 && other.isEmpty { return nil }
        guard let h = Self.hash(key) else {
            switch other[key] {
            case .one(let s)?: return s
            case .many(let a)?: return a.first
            case nil: return nil
            }
        }
        var hit: Int?
        forEachCandidate(h) { s in
            guard hasKey(s) else { return true }
            hit = s
            return false
        }
        return hit
    }

    /// How many slots `key` has, up to two: `(0, nil)`, `(1, slot)`, or `(2, nil)` for several.
    func unique(_ key: String, hasKey: (Int) -> Bool) -> (count: Int, slot: Int?) {
        guard let h = Self.hash(key) else {
            switch other[key] {
            case .one(let s)?: return (1, s)
            case .many?: return (2, nil)
            case nil: return (0, nil)
            }
        }
        var count = 0
        var hit: Int?
        forEachCandidate(h) { s in
            guard hasKey(s) else { return true }
            count += 1
            hit = s
            return count < 2
        }
        return count == 1 ? (1, hit) : (count, nil)
    }

    /// Calls `body` with the slot of each entry of hash `h` along its probe chain while it returns `true`.
    @inline(__always)
    private func forEachCandidate(_ h: UInt32, _ body: (Int) -> Bool) {
        guard live > 0 else { return }
        entries.withUnsafeBufferPointer { e in
            let mask = e.count - 1
            var i = Int(h) & mask
            while e[i].slotPlusOne != 0 {
                if e[i].hash == h, !body(Int(e[i].slotPlusOne) - 1) { return }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func rehash(capacity: Int) {
        entries = LinearProbing.rehashed(entries, capacity: capacity, empty: Entry(hash: 0, slotPlusOne: 0))
    }

    // MARK: Hashing

    /// The hash of `key`'s UTF-8 bytes when it is ASCII, or of its ASCII equivalent when it is canonically
    /// equivalent to ASCII text; `nil` otherwise (the key goes to the dictionary).
    @inline(__always)
    static func hash(_ key: String) -> UInt32? {
        if let h = key.utf8.withContiguousStorageIfAvailable({ hash(bytes: $0) }) {
            if let h { return h }
        } else if let h = Array(key.utf8).withUnsafeBufferPointer({ hash(bytes: $0) }) {
            return h
        }
        return asciiEquivalentHash(key)
    }

    /// The hash of the ASCII text canonically equivalent to `key` (U+037E, U+1FEF and U+212A replaced by `;`,
    /// `` ` `` and `K`), or `nil` when `key` has another non-ASCII scalar.
    private static func asciiEquivalentHash(_ key: String) -> UInt32? {
        var bytes: [UInt8] = []
        for u in key.unicodeScalars {
            switch u.value {
            case 0..<0x80: bytes.append(UInt8(u.value))
            case 0x037E: bytes.append(0x3B)
            case 0x1FEF: bytes.append(0x60)
            case 0x212A: bytes.append(0x4B)
            default: return nil
            }
        }
        return bytes.withUnsafeBufferPointer { hash(bytes: $0) }
    }

    /// A 32-bit hash of ASCII bytes, eight at a time; `nil` when a byte is not ASCII.
    @inline(__always)
    static func hash(bytes b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var h = UInt64(truncatingIfNeeded: b.count) &* 0x9E37_79B9_7F4A_7C15
        var high: UInt64 = 0
        var i = 0
        while i < b.count {
            let w = SCIMUserNameIndex.word(b, i)
            high |= w
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}
