/// The consumer's per-directory-user bookkeeping: the newest `updated_at` seen for each directory user id and
/// the member slot linked to it. The broker's canonical ids (`directory_user_` + 26 digits,
/// ``canonicalNumber(_:)``) live in an array indexed by their number (no hashing); any other id (injected or
/// forged events) lives in a dictionary. Which store an id uses is a pure function of the id, so an id always
/// finds its own entry. Nothing iterates either store.
struct DirectoryUserTable: Sendable {
    /// One directory user's entry.
    struct Entry: Sendable {
        /// Newest `updated_at` seen (Unix milliseconds), when ``hasVersion``.
        var version: Int64 = 0
        /// Whether an `updated_at` was seen.
        var hasVersion = false
        /// The slot of the member linked to the user, or -1.
        var slot: Int32 = -1
    }

    /// Where an id's entry lives: its canonical number, or the id itself.
    enum Key {
        case number(Int)
        case name(String)
    }

    /// Canonical numbers at or above this bound use the dictionary (bounds the array for injected ids).
    static let numberLimit = 1 << 22
    private var numbered: [Entry] = []
    private var named: [String: Entry] = [:]
    /// Users with a linked member slot.
    private(set) var linkedCount = 0

    /// The key of `id`; `number` must be ``canonicalNumber(_:)`` of `id` when the caller already has it.
    @inline(__always)
    static func key(_ id: String, number: Int?) -> Key {
        if let number { return .number(number) }
        return .name(id)
    }

    /// The key of `id`, parsing it. O(length of `id`).
    @inline(__always)
    static func key(_ id: String) -> Key { key(id, number: canonicalNumber(id)) }

    /// The number of `directory_user_` + 26 ASCII digits when it is below ``numberLimit``, else `nil`. Distinct
    /// ids give distinct numbers. O(length), no allocation.
    static func canonicalNumber(_ id: String) -> Int? {
        number(id, prefix: "directory_user_", limit: numberLimit)
    }

    /// The value of `prefix` + 26 ASCII digits when below `limit` (zero-padded, so the text is a function of
    /// the value), else `nil`.
    static func number(_ id: String, prefix: StaticString, limit: Int) -> Int? {
        let p = prefix.utf8CodeUnitCount
        guard id.utf8.count == p + 26 else { return nil }
        let parse = { (bytes: UnsafeBufferPointer<UInt8>) -> Int? in
            for k in 0..<p where bytes[k] != prefix.utf8Start[k] { return nil }
            var value = 0
            for k in p..<(p + 26) {
                let digit = Int(bytes[k]) &- 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
                guard value < limit else { return nil }
            }
            return value
        }
        if let result = id.utf8.withContiguousStorageIfAvailable(parse) { return result }
        var copy = id
        return copy.withUTF8(parse)
    }

    /// The entry of `key` (an empty one when absent). O(1) for a number, one hash otherwise.
    @inline(__always)
    subscript(key: Key) -> Entry {
        switch key {
        case .number(let n): n < numbered.count ? numbered[n] : Entry()
        case .name(let id): named[id] ?? Entry()
        }
    }

    /// The linked member slot of `key`, or `nil`.
    @inline(__always)
    func slot(_ key: Key) -> Int? {
        let s = self[key].slot
        return s < 0 ? nil : Int(s)
    }

    /// Applies `change` to the entry of `key` in place (created when absent) and keeps ``linkedCount``.
    @inline(__always)
    mutating func update<R>(_ key: Key, _ change: (inout Entry) -> R) -> R {
        switch key {
        case .number(let n):
            if n == numbered.count {
                numbered.append(Entry())  // the broker's counter: the next number
            } else if n > numbered.count {
                numbered.append(contentsOf: repeatElement(Entry(), count: n + 1 - numbered.count))
            }
            return Self.apply(&numbered[n], &linkedCount, change)
        case .name(let id):
            return Self.apply(&named[id, default: Entry()], &linkedCount, change)
        }
    }

    @inline(__always)
    private static func apply<R>(_ entry: inout Entry, _ linked: inout Int, _ change: (inout Entry) -> R) -> R {
        let wasLinked = entry.slot >= 0
        let result = change(&entry)
        let isLinked = entry.slot >= 0
        if wasLinked != isLinked { linked += isLinked ? 1 : -1 }
        return result
    }

    /// Reserves room for `count` canonical users.
    mutating func reserveCapacity(_ count: Int) { numbered.reserveCapacity(count + 1) }
}

/// The set of processed event ids. The broker's canonical ids (`event_` + 26 digits) are bits indexed by their
/// number; any other id is kept in a set of strings. Which store an id uses is a pure function of the id.
struct EventIDSet: Sendable {
    /// Canonical numbers at or above this bound use the string set.
    static let numberLimit = 1 << 28
    private var bits: [UInt64] = []
    private var named: Set<String> = []

    /// The number of `event_` + 26 digits when below ``numberLimit``, else `nil`.
    static func canonicalNumber(_ id: String) -> Int? {
        DirectoryUserTable.number(id, prefix: "event_", limit: numberLimit)
    }

    /// Inserts `id` (`number`: ``canonicalNumber(_:)`` of it); returns whether it was new. O(1).
    @inline(__always)
    mutating func insert(_ id: String, number: Int?) -> Bool {
        guard let n = number else { return named.insert(id).inserted }
        let word = n >> 6
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: word + 1 - bits.count)) }
        let mask: UInt64 = 1 << UInt64(n & 63)
        if bits[word] & mask != 0 { return false }
        bits[word] |= mask
        return true
    }

    /// Reserves room for canonical numbers up to `count`.
    mutating func reserveCapacity(_ count: Int) { bits.reserveCapacity(count / 64 + 1) }
}
