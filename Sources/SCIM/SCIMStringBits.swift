/// Exact lookup of short names (attribute names, sub-attribute names) by the bits of the `String` value, with no
/// string comparison: the hot input paths match each body key against a schema's names.
///
/// On 64-bit platforms a `String` is two machine words, and a string of up to 15 UTF-8 bytes is stored in line
/// (its bytes, their count and flags make up the two words; the standard library's own `==` starts by comparing
/// these words). So two `String` values with equal words are equal strings, whatever their form; and an in-line
/// key whose words match no in-line name equals none of the names (names longer than 15 bytes cannot equal it,
/// and every shorter name is kept in line here). A key held out of line (long, or built in a large buffer) gets
/// ``Lookup/unknown`` and the caller compares strings as before. The in-line flag is the standard library's
/// `isSmall` discriminator bit; ``layoutHolds`` checks it once on this platform, and without it no lookup answers
/// ``Lookup/absent``.
enum SCIMStringBits {
    /// The outcome of a lookup.
    enum Lookup {
        /// The key equals the name at this position.
        case found(Int)
        /// The key equals no name.
        case absent
        /// The key is not in line: compare strings.
        case unknown
    }

    /// The two words of `s`; `nil` where a `String` is not two words (then callers compare strings).
    @inline(__always)
    static func words(_ s: String) -> (UInt64, UInt64)? {
        guard MemoryLayout<String>.size == 16 else { return nil }
        return unsafeBitCast(s, to: (UInt64, UInt64).self)
    }

    /// The standard library's in-line (`isSmall`) discriminator bit in the second word.
    static let inlineBit: UInt64 = 1 << 61

    /// `true` when the in-line flag reads as expected on this platform: set for a short string, clear for a long
    /// native one, and a short string's first word holds its bytes.
    static let layoutHolds: Bool = {
        guard let short = words(String(decoding: [0x61, 0x62], as: UTF8.self)),
            let long = words(String(decoding: [UInt8](repeating: 0x78, count: 40), as: UTF8.self))
        else { return false }
        return short.1 & inlineBit != 0 && long.1 & inlineBit == 0 && short.0 == 0x6261
    }()

    /// `true` when an in-line string's UTF-8 count reads as expected from bits 56 to 59 of its second word.
    static let countLayoutHolds: Bool = {
        guard layoutHolds, let two = words(String(decoding: [0x61, 0x62], as: UTF8.self)),
            let nine = words(String(decoding: [UInt8](repeating: 0x31, count: 9), as: UTF8.self))
        else { return false }
        return (two.1 >> 56) & 0xF == 2 && nine.1 & inlineBit != 0 && (nine.1 >> 56) & 0xF == 9
    }()

    /// The bytes of `s` (first byte lowest) and their count when `s` is held in line and has at most 8 UTF-8 bytes
    /// (short values such as `1` or `100`), read from its bits without a copy; `nil` otherwise.
    @inline(__always)
    static func shortBytes(_ s: String) -> (word: UInt64, count: Int)? {
        guard let w = words(s), w.1 & inlineBit != 0, countLayoutHolds else { return nil }
        let n = Int(truncatingIfNeeded: (w.1 >> 56) & 0xF)
        return n <= 8 ? (w.0, n) : nil
    }

    /// The top four bits of the second word of an in-line ASCII string (its discriminator), read from a string the
    /// standard library built; `nil` when in-line ASCII strings cannot be built from their bits here (see
    /// ``inlineASCII(_:_:count:)``).
    static let inlineASCIITag: UInt64? = {
        guard countLayoutHolds else { return nil }
        var found: UInt64?
        // Reference texts of 6, 8 and 15 bytes (an id, a long id, the in-line maximum), built by the standard library.
        for n in [6, 8, 15] {
            let bytes = (0..<n).map { UInt8(0x30 + $0 % 10) }
            let reference = String(decoding: bytes, as: UTF8.self)
            guard let w = words(reference), w.1 & inlineBit != 0 else { return nil }
            let tag = w.1 >> 60
            guard found == nil || found == tag else { return nil }
            found = tag
            var lo: UInt64 = 0
            var hi: UInt64 = 0
            for (k, b) in bytes.enumerated() {
                if k < 8 { lo |= UInt64(b) << UInt64(8 * k) } else { hi |= UInt64(b) << UInt64(8 * (k - 8)) }
            }
            let built = unsafeBitCast((lo, hi | tag << 60 | UInt64(n) << 56), to: String.self)
            guard w == (lo, hi | tag << 60 | UInt64(n) << 56), built == reference, built.utf8.count == n,
                Array(built.utf8) == bytes
            else { return nil }
        }
        return found
    }()

    /// The in-line `String` of the ASCII bytes `lo` (bytes 0 to 7, first byte lowest) and `hi` (bytes 8 to 14) with
    /// `count` (at most 15) bytes, built from its bits with no allocation and no validation: the same string as
    /// `String(decoding:as:)` of those bytes. The caller guarantees every byte is ASCII (below 0x80) and the bytes
    /// past `count` are zero. `nil` when ``inlineASCIITag`` is `nil` (then build it the usual way). O(1).
    @inline(__always)
    static func inlineASCII(_ lo: UInt64, _ hi: UInt64, count: Int) -> String? {
        guard let tag = inlineASCIITag, count <= 15 else { return nil }
        return unsafeBitCast((lo, hi | tag << 60 | UInt64(truncatingIfNeeded: count) << 56), to: String.self)
    }

    /// An open-addressing table from the words of in-line names to their positions. Immutable once built.
    struct Table: Sendable {
        private struct Entry: Sendable {
            var w0: UInt64
            var w1: UInt64
            /// The position of the name, or -1 for an empty entry.
            var index: Int
        }

        private let entries: [Entry]
        private let shift: UInt64
        /// `true` when every name of up to 15 bytes is in the table, so that a miss of an in-line key is certain.
        private let complete: Bool

        /// The table of `names` (positions are indexes into `names`); a repeated name keeps its first position.
        init(_ names: [String]) {
            var size = 16
            while size < names.count * 4 { size <<= 1 }
            var shift: UInt64 = 64
            var s = size
            while s > 1 {
                shift -= 1
                s >>= 1
            }
            var entries = [Entry](repeating: Entry(w0: 0, w1: 0, index: -1), count: size)
            var complete = SCIMStringBits.layoutHolds
            for (k, name) in names.enumerated() where name.utf8.count <= 15 {
                // Rebuilt from its bytes, so that the name is in line whatever form it was given in.
                let fresh = String(decoding: Array(name.utf8), as: UTF8.self)
                guard let w = words(fresh), w.1 & inlineBit != 0 else {
                    complete = false
                    continue
                }
                var i = Int(truncatingIfNeeded: Self.hash(w.0, w.1) >> shift)
                var repeated = false
                while entries[i].index >= 0 {
                    if entries[i].w0 == w.0 && entries[i].w1 == w.1 { repeated = true }
                    i = (i + 1) & (size - 1)
                }
                if !repeated { entries[i] = Entry(w0: w.0, w1: w.1, index: k) }
            }
            self.entries = entries
            self.shift = shift
            self.complete = complete
        }

        @inline(__always)
        private static func hash(_ w0: UInt64, _ w1: UInt64) -> UInt64 {
            (w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        }

        /// The position of the name equal to `key`, ``Lookup/absent``, or ``Lookup/unknown`` for a key not held
        /// in line. O(1) expected, no allocation, no string comparison.
        @inline(__always)
        func lookup(_ key: String) -> Lookup {
            guard let w = words(key) else { return .unknown }
            return entries.withUnsafeBufferPointer { e in
                let mask = e.count - 1
                var i = Int(truncatingIfNeeded: Self.hash(w.0, w.1) >> shift)
                while true {
                    let entry = e[i]
                    if entry.index < 0 { break }
                    if entry.w0 == w.0 && entry.w1 == w.1 { return .found(entry.index) }
                    i = (i + 1) & mask
                }
                return complete && w.1 & inlineBit != 0 ? .absent : .unknown
            }
        }
    }
}
