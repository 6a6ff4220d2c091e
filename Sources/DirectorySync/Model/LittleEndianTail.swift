extension UnsafeRawBufferPointer {
    /// The bytes from `start` to the end (fewer than eight) as one little-endian word, the first byte lowest and
    /// the rest zero: at most one 4-, one 2- and one 1-byte load instead of a loop per byte. Shared by the
    /// word-at-a-time hashes (``KeyedDigest``, ``EmailKey``). `start` must be within the buffer.
    @inline(__always)
    func littleEndianTail(from start: Int) -> UInt64 {
        let rest = count &- start
        var i = start
        var p: UInt64 = 0
        var shift: UInt64 = 0
        if rest & 4 != 0 {
            p = UInt64(UInt32(littleEndian: loadUnaligned(fromByteOffset: i, as: UInt32.self)))
            shift = 32
            i &+= 4
        }
        if rest & 2 != 0 {
            p |= UInt64(UInt16(littleEndian: loadUnaligned(fromByteOffset: i, as: UInt16.self))) << shift
            shift &+= 16
            i &+= 2
        }
        if rest & 1 != 0 { p |= UInt64(load(fromByteOffset: i, as: UInt8.self)) << shift }
        return p
    }
}
