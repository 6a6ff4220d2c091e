/// The byte-level helpers of ``SCIMUserNameIndex``'s compact table: table sizing, the ASCII case-folding hash
/// (eight bytes at a time, SWAR lower-casing) and folded comparison. Pure functions of their arguments.
extension SCIMUserNameIndex {
    /// The table size for `count` keys: a power of two, at least 16, at most half full.
    static func capacity(for count: Int) -> Int {
        var c = 16
        while c < count * 2 { c <<= 1 }
        return c
    }

    /// `w` with the ASCII capital letters among its eight bytes lower-cased; every byte must be below 0x80.
    /// SWAR: a byte's high bit after adding 0x3F says `>= 0x41`, after adding 0x25 says `> 0x5A`; no carries
    /// cross bytes below 0x80.
    @inline(__always)
    static func lowerWord(_ w: UInt64) -> UInt64 {
        let atLeastA = w &+ 0x3F3F_3F3F_3F3F_3F3F
        let aboveZ = w &+ 0x2525_2525_2525_2525
        return w | ((atLeastA & ~aboveZ & 0x8080_8080_8080_8080) >> 2)
    }

    /// The bytes at `offset..<offset+8` (fewer at the end, zero-padded), little-endian.
    @inline(__always)
    static func word(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        if offset + 8 <= b.count {
            return UInt64(
                littleEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        var w: UInt64 = 0
        var shift: UInt64 = 0
        for k in offset..<b.count {
            w |= UInt64(b[k]) << shift
            shift += 8
        }
        return w
    }

    /// `true` when every byte is below 0x80.
    @inline(__always)
    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt64 = 0
        var i = 0
        while i < b.count {
            high |= word(b, i)
            i += 8
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// A 32-bit hash of the ASCII-lower-cased bytes, eight at a time; `nil` when a byte is not ASCII.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var h = UInt64(truncatingIfNeeded: b.count) &* 0x9E37_79B9_7F4A_7C15
        var high: UInt64 = 0
        var i = 0
        while i < b.count {
            let w = word(b, i)
            high |= w
            h = (h ^ lowerWord(w)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// `true` when the ASCII `text` lower-cased equals the folded `key` of the same length, eight bytes at a time.
    @inline(__always)
    static func equalsFolded(_ text: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < text.count {
            if lowerWord(word(text, i)) != word(key, i) { return false }
            i += 8
        }
        return true
    }
}
