/// An in-house, order-sensitive 64-bit hash that is identical in every process and on every run.
///
/// Swift's `Hasher` is seeded randomly per process (unless `SWIFT_DETERMINISTIC_HASHING` is set), so it can
/// never back a trace hash or a random-stream label. `StableHash` folds 64-bit words with a multiply-rotate
/// round in the style of xxHash64 (Collet, "xxHash specification", round function) and finishes with the
/// SplitMix64 avalanche. Strings are folded as their UTF-8 bytes, eight at a time, followed by their length,
/// so `"ab" + "c"` and `"a" + "bc"` hash differently when combined as separate strings.
///
/// Value semantics: copy it to fork a hash state. Every operation is O(1) per word, O(n) per string of n bytes,
/// and allocates nothing.
public struct StableHash: Sendable, Hashable {
    /// The running state; `value` applies the final avalanche to it.
    public var state: UInt64 { running }

    /// The running state (stored; inlinable code folds into it).
    @usableFromInline var running: UInt64

    /// Starts a hash with an optional seed (default 0).
    public init(seed: UInt64 = 0) {
        running = seed &+ 0x27D4_EB2F_1656_67C5
    }

    @usableFromInline static var prime1: UInt64 { 0x9E37_79B1_85EB_CA87 }
    @usableFromInline static var prime2: UInt64 { 0xC2B2_AE3D_27D4_EB4F }

    /// Folds one 64-bit word into the state; order-sensitive. Inlinable, so that callers in other modules (trace
    /// records) fold constant words at compile time.
    @inlinable @inline(__always)
    public mutating func combine(_ word: UInt64) {
        var k = word &* Self.prime2
        k = (k << 31) | (k >> 33)
        k &*= Self.prime1
        running ^= k
        running = ((running << 27) | (running >> 37)) &* Self.prime1 &+ 0x85EB_CA77_C2B2_AE63
    }

    /// Folds a signed 64-bit word (two's complement bits).
    @inlinable @inline(__always)
    public mutating func combine(_ value: Int64) {
        combine(UInt64(bitPattern: value))
    }

    /// Folds a platform integer.
    @inlinable @inline(__always)
    public mutating func combine(_ value: Int) {
        combine(UInt64(bitPattern: Int64(value)))
    }

    /// Folds the UTF-8 bytes of a string followed by its byte count. No allocation for native strings.
    /// Inlined: the byte rounds run in the caller, with no call per string.
    @inlinable @inline(__always)
    public mutating func combine(_ text: String) {
        // Native and small strings expose their bytes in place (no copy of the string, no retain); others are
        // made contiguous in a copy first. Same bytes either way.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { buffer in
            combineBytes(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            var copy = text
            copy.withUTF8 { buffer in combineBytes(UnsafeRawBufferPointer(buffer)) }
        }
    }

    /// ``combine(_:)-(String)`` as a call, for inlined code that should stay small (a trace record's text field).
    @usableFromInline @inline(never)
    mutating func combineOutOfLine(_ text: String) {
        combine(text)
    }

    /// Folds the bytes of a static string (for example a trace kind) followed by its byte count; exactly like
    /// the same bytes as a `String`. Inlined into the caller: for a string literal the length and the bytes are
    /// compile-time constants, so the compiler unrolls the rounds and folds the loads (a kind or field name then
    /// costs a few instructions per 8 bytes instead of a call and a loop).
    @inlinable @inline(__always)
    public mutating func combine(_ text: StaticString) {
        if text.hasPointerRepresentation {
            combineBytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        } else {
            text.withUTF8Buffer { combineBytes(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Folds raw bytes, eight per round (little-endian), then the length.
    public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        combineBytes(bytes)
    }

    /// The body of ``combine(_:)-(UnsafeRawBufferPointer)``: inlinable so that constant inputs fold away.
    @inlinable @inline(__always)
    mutating func combineBytes(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            combine(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian)
            index += 8
        }
        if index < count, let base = bytes.baseAddress {
            // The last 1 to 7 bytes, little-endian, zero-padded: at most three loads instead of a loop per byte.
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            if count - index >= 4 {
                tail = UInt64(base.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian)
                shift = 32
                index += 4
            }
            if count - index >= 2 {
                tail |= UInt64(base.loadUnaligned(fromByteOffset: index, as: UInt16.self).littleEndian) << shift
                shift += 16
                index += 2
            }
            if count - index >= 1 { tail |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift }
            combine(tail)
        }
        combine(UInt64(count) | 0xA5A5_0000_0000_0000)
    }

    /// The finished 64-bit hash (SplitMix64 avalanche of the state); does not change the state.
    @inline(__always)
    public var value: UInt64 {
        StableHash.avalanche(state)
    }

    /// The SplitMix64 finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", 2014).
    @inline(__always)
    public static func avalanche(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The stable 64-bit hash of a string label (used to name random streams and trace parties).
    public static func of(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text)
        return hash.value
    }

    /// Formats a 64-bit value as exactly 16 lowercase hexadecimal digits.
    public static func hex(_ value: UInt64) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        var v = value
        for index in stride(from: 15, through: 0, by: -1) {
            out[index] = digits[Int(v & 0xF)]
            v >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}
