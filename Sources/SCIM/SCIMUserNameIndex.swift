/// The userName index of a User table: folded userName -> slot, unique (RFC 7643 section 4.1.1: userName is
/// caseExact false and unique).
///
/// Keys are folded the way the table always did: `lowercased()` (Unicode lower-casing), compared by Swift string
/// equality (canonical equivalence). Keys whose folded form is ASCII (nearly all userNames: e-mail addresses) are
/// kept in a compact open-addressing table of 16-byte entries over one byte arena, hashed eight folded bytes at a
/// time (multiply-xorshift), so a lookup from filter text hashes and compares the bytes in place: no `String` is
/// built, no `Hasher` runs, and a hit touches one table entry and the arena. Other keys live in a `[String: Int]`.
///
/// Canonical equivalence between the two halves: the only non-ASCII scalars canonically equivalent to ASCII text
/// are U+037E (`;`), U+1FEF (`` ` ``) and U+212A (`K`, lower-cased to `k`), checked over every scalar; folding maps
/// them to their ASCII equivalents first, so equal keys always land in the same half.
///
/// Deterministic: the hash has no seed and nothing iterates the `[String: Int]`. Removal shifts entries back
/// (linear probing, no tombstones); arena bytes of removed keys are reclaimed by ``compactArena()`` when they
/// outnumber the live ones. All operations O(key length) expected.
struct SCIMUserNameIndex: Sendable {
    /// One table entry: the key's 32-bit hash, `slot + 1` (0 marks an empty entry) and the key's arena range.
    struct Entry: Sendable, LinearProbingEntry {
        var hash: UInt32
        var slotPlusOne: UInt32
        var start: UInt32
        var count: UInt32
    }

    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private var live = 0
    private var deadBytes = 0
    private var fallback: [String: Int] = [:]
    /// `true` once an ASCII key had to go to `fallback` (see `insertASCII`), so ASCII lookups check it too.
    private var asciiInFallback = false

    /// An empty index.
    init() {}

    /// Makes room for `count` keys without rehashing. O(count).
    mutating func reserveCapacity(_ count: Int) {
        let wanted = Self.capacity(for: count)
        if wanted > entries.count { rehash(capacity: wanted) }
        arena.reserveCapacity(count * 24)
    }

    /// The slot of the key equal to `key` after folding, or `nil`.
    func slot(for key: String) -> Int? {
        var key = key
        if let s = key.withUTF8({ slot(asciiBytes: $0) }) { return s }
        return lookupFolded(Self.fold(key))
    }

    /// The slot of the key equal to the UTF-8 text `bytes` after folding, or `nil`; no allocation when the text is
    /// ASCII.
    func slot(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let s = slot(asciiBytes: bytes) { return s }
        return lookupFolded(Self.fold(String(decoding: bytes, as: UTF8.self)))
    }

    /// Records `key` (any case) at `slot`, replacing what an equal key pointed at.
    mutating func insert(_ key: String, slot: Int) {
        if let folded = Self.foldedNonASCII(key, ascii: { insertASCII($0, slot: slot) }) { fallback[folded] = slot }
    }

    /// Records `key` (any case) at `slot` unless an equal key is recorded, whose slot is returned (nothing changes
    /// then); `nil` when recorded. One hash and probe for an ASCII key.
    mutating func insertIfAbsent(_ key: String, slot: Int) -> Int? {
        // The key's bytes are read where they lie (`withContiguousStorageIfAvailable` does not mutate, so the key is
        // not copied, retained and released, as `withUTF8` on a copy would); a key without contiguous UTF-8 storage
        // takes the general path below.
        let done: Int?? =
            key.utf8.withContiguousStorageIfAvailable { b -> Int?? in
                guard !asciiInFallback, arena.count + b.count < Int(UInt32.max), slot < Int(UInt32.max) - 1,
                    let h = Self.hash(b)
                else { return nil }
                if (live + 1) * 2 > entries.count { rehash(capacity: Self.capacity(for: live + 1)) }
                let (i, found) = probe(b, hash: h)
                if found { return .some(Int(entries[i].slotPlusOne) - 1) }
                store(b, hash: h, slot: slot, at: i)
                return .some(nil)
            } ?? nil
        if let done { return done }
        // Non-ASCII text or a full arena: the general search, then the general insertion.
        if let existing = self.slot(for: key) { return existing }
        insert(key, slot: slot)
        return nil
    }

    /// Removes `key` (any case) if it points at `slot`.
    mutating func remove(_ key: String, slot: Int) {
        if let folded = Self.foldedNonASCII(key, ascii: { removeASCII($0, slot: slot) }), fallback[folded] == slot {
            fallback[folded] = nil
        }
    }

    /// Calls `ascii` with the folded bytes of `key` and returns `nil` when its folded form is ASCII (the common
    /// case: an ASCII key goes straight from its own bytes, folded on the fly); else returns the folded `String`
    /// for the fallback dictionary without calling `ascii`. Inlined, so the shared path costs nothing.
    @inline(__always)
    private static func foldedNonASCII(_ key: String, ascii: (UnsafeBufferPointer<UInt8>) -> Void) -> String? {
        var text = key
        if text.withUTF8({ b in
            guard isASCII(b) else { return false }
            ascii(b)
            return true
        }) {
            return nil
        }
        switch fold(key) {
        case .ascii(let bytes):
            bytes.withUnsafeBufferPointer(ascii)
            return nil
        case .other(let folded):
            return folded
        }
    }

    /// Drops every key, keeping no capacity.
    mutating func removeAll() { self = SCIMUserNameIndex() }

    // MARK: Folding

    /// A folded key: ASCII bytes for the compact table, or a `String` for the fallback dictionary.
    enum Folded {
        case ascii([UInt8])
        case other(String)
    }

    /// `key.lowercased()` with U+037E, U+1FEF and U+212A replaced by their canonical ASCII equivalents.
    static func fold(_ key: String) -> Folded {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count)
        var ascii = true
        for b in key.utf8 {
            if b >= 0x80 {
                ascii = false
                break
            }
            bytes.append(asciiLower(b))
        }
        if ascii { return .ascii(bytes) }
        var scalars = String.UnicodeScalarView()
        for u in key.lowercased().unicodeScalars {
            switch u.value {
            case 0x037E: scalars.append(";")
            case 0x1FEF: scalars.append("`")
            case 0x212A: scalars.append("k")
            default: scalars.append(u)
            }
        }
        let folded = String(scalars)
        if folded.utf8.allSatisfy({ $0 < 0x80 }) { return .ascii(Array(folded.utf8)) }
        return .other(folded)
    }

    private func lookupFolded(_ folded: Folded) -> Int? {
        switch folded {
        case .ascii(let bytes): return bytes.withUnsafeBufferPointer { slot(asciiBytes: $0) ?? nil }
        case .other(let s): return fallback[s]
        }
    }

    // MARK: The compact table (hashing and byte helpers in SCIMUserNameIndex+Hashing.swift)

    /// `.some(slot)` for an ASCII text (folded on the fly), `.some(nil)` when absent, `nil` when the text is not
    /// ASCII (the caller folds it with Unicode rules).
    private func slot(asciiBytes b: UnsafeBufferPointer<UInt8>) -> Int?? {
        guard let h = Self.hash(b) else { return nil }
        if asciiInFallback, let s = fallback[String(decoding: b.map(asciiLower), as: UTF8.self)] { return .some(s) }
        guard live > 0 else { return .some(nil) }
        let mask = entries.count - 1
        return entries.withUnsafeBufferPointer { e in
            arena.withUnsafeBufferPointer { a in
                var i = Int(h) & mask
                while true {
                    let entry = e[i]
                    if entry.slotPlusOne == 0 { return .some(nil) }
                    if entry.hash == h && Int(entry.count) == b.count
                        && Self.equalsFolded(
                            b, UnsafeBufferPointer(rebasing: a[Int(entry.start)..<Int(entry.start) + b.count]))
                    {
                        return .some(Int(entry.slotPlusOne) - 1)
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    private mutating func insertASCII(_ b: UnsafeBufferPointer<UInt8>, slot: Int) {
        if deadBytes > 0 && arena.count + b.count >= Int(UInt32.max) { compactArena() }
        guard arena.count + b.count < Int(UInt32.max), slot < Int(UInt32.max) - 1 else {
            // Beyond 4 GiB of keys (never in practice): keep the key as a String.
            asciiInFallback = true
            fallback[String(decoding: b.map(asciiLower), as: UTF8.self)] = slot
            return
        }
        if (live + 1) * 2 > entries.count { rehash(capacity: Self.capacity(for: live + 1)) }
        let h = Self.hash(b) ?? 0  // folded keys are ASCII
        let (i, found) = probe(b, hash: h)
        if found {
            entries[i].slotPlusOne = UInt32(slot + 1)
            return
        }
        store(b, hash: h, slot: slot, at: i)
    }

    /// Writes the new ASCII key `b` (hash `h`) for `slot` into the empty entry `i` that probing stopped at.
    @inline(__always)
    private mutating func store(_ b: UnsafeBufferPointer<UInt8>, hash h: UInt32, slot: Int, at i: Int) {
        let start = arena.count
        // Copied in one go, then folded in place eight bytes at a time (the key is ASCII; a byte-by-byte append
        // checks capacity per byte).
        arena.append(contentsOf: b)
        arena.withUnsafeMutableBufferPointer { a in
            guard let base = a.baseAddress else { return }
            let raw = UnsafeMutableRawPointer(base + start)
            var k = 0
            while k + 8 <= b.count {
                let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                raw.storeBytes(
                    of: UInt64(littleEndian: Self.lowerWord(UInt64(littleEndian: w))), toByteOffset: k,
                    as: UInt64.self)
                k += 8
            }
            while k < b.count {
                base[start + k] = asciiLower(base[start + k])
                k += 1
            }
        }
        entries[i] = Entry(hash: h, slotPlusOne: UInt32(slot + 1), start: UInt32(start), count: UInt32(b.count))
        live += 1
    }

    private mutating func removeASCII(_ b: UnsafeBufferPointer<UInt8>, slot: Int) {
        if asciiInFallback, case let key = String(decoding: b.map(asciiLower), as: UTF8.self), let s = fallback[key] {
            if s == slot { fallback[key] = nil }
            return
        }
        guard live > 0, let h = Self.hash(b) else { return }
        let (i, found) = probe(b, hash: h)
        guard found, Int(entries[i].slotPlusOne) - 1 == slot else { return }
        deadBytes += b.count
        live -= 1
        LinearProbing.shiftBack(&entries, from: i, mask: entries.count - 1)
        if deadBytes > 4096 && deadBytes > arena.count / 2 { compactArena() }
    }

    /// Linear probing for the folded ASCII key `b` with hash `h`: the index of its entry and `true`, or the index of
    /// the empty entry where probing stopped and `false`. The table must hold an empty entry (it is kept at most half
    /// full). Inlined into insertion and removal, so sharing it costs nothing. O(key length) expected.
    @inline(__always)
    private func probe(_ b: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> (index: Int, found: Bool) {
        let mask = entries.count - 1
        return entries.withUnsafeBufferPointer { e in
            arena.withUnsafeBufferPointer { a in
                var i = Int(h) & mask
                while e[i].slotPlusOne != 0 {
                    let entry = e[i]
                    if entry.hash == h && Int(entry.count) == b.count
                        && Self.equalsFolded(
                            b, UnsafeBufferPointer(rebasing: a[Int(entry.start)..<Int(entry.start) + b.count]))
                    {
                        return (i, true)
                    }
                    i = (i + 1) & mask
                }
                return (i, false)
            }
        }
    }

    private mutating func rehash(capacity: Int) {
        entries = LinearProbing.rehashed(
            entries, capacity: capacity, empty: Entry(hash: 0, slotPlusOne: 0, start: 0, count: 0))
    }

    /// Copies the live keys into a fresh arena (in table order, which is deterministic). O(live bytes).
    mutating func compactArena() {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(arena.count - deadBytes)
        for i in entries.indices where entries[i].slotPlusOne != 0 {
            let start = Int(entries[i].start)
            let count = Int(entries[i].count)
            entries[i].start = UInt32(fresh.count)
            fresh.append(contentsOf: arena[start..<start + count])
        }
        arena = fresh
        deadBytes = 0
    }
}
