/// A keyed 128-bit digest written in-house for webhook signatures and opaque token text.
///
/// **This is NOT a cryptographic MAC.** It is two FNV-1a-style 64-bit lanes seeded from the key and
/// finished with the SplitMix64 mixer: good dispersion, deterministic on every platform, cheap, and
/// enough for a simulation to tell a right secret from a wrong one. It offers no resistance to a
/// deliberate forger. The real WorkOS scheme is HMAC-SHA256
/// (https://github.com/workos/workos-node/blob/main/src/common/crypto/signature-provider.ts); the
/// simulation only needs its shape (`t=<ms>, v1=<hex digest>` over `"<t>.<payload>"`).
///
/// Each byte goes through both lanes in order (the digest is a function of the byte sequence only, however it
/// is split into `update` calls); contiguous input is read eight bytes per load.
///
/// Complexity: O(key length + message length), no allocation besides the 32-character hex result.
public struct KeyedDigest: Sendable {
    private var a: UInt64
    private var b: UInt64
    private let keyA: UInt64
    private let keyB: UInt64

    private static let primeA: UInt64 = 0x0000_0100_0000_01b3
    private static let primeB: UInt64 = 0x0000_0100_0000_0193

    /// A digest keyed by the UTF-8 bytes of `key`.
    public init(key: String) {
        var ka: UInt64 = 0xcbf2_9ce4_8422_2325
        var kb: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in key.utf8 {
            ka = (ka ^ UInt64(byte)) &* Self.primeA
            kb = (kb ^ UInt64(byte)) &* Self.primeB
        }
        keyA = Self.mix(ka)
        keyB = Self.mix(kb ^ 0x9e37_79b9_7f4a_7c15)
        a = keyA
        b = keyB
    }

    /// One byte through both lanes.
    @inline(__always)
    private static func absorb(_ x: inout UInt64, _ y: inout UInt64, _ byte: UInt64) {
        x = (x ^ byte) &* primeA
        y = (y ^ byte) &* primeB
        y = (y << 7) | (y >> 57)
    }

    /// Absorbs bytes (contiguous collections take the word-at-a-time path of ``update(_:)-(UnsafeRawBufferPointer)``).
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        var x = a
        var y = b
        for byte in bytes { Self.absorb(&x, &y, UInt64(byte)) }
        a = x
        b = y
    }

    /// Absorbs one byte.
    @inline(__always)
    public mutating func update(byte: UInt8) { Self.absorb(&a, &b, UInt64(byte)) }

    /// Absorbs the UTF-8 bytes of a string (read in place: the hot path of signing).
    @inline(__always)
    public mutating func update(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        var copy = text
        copy.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Absorbs raw bytes: eight per load, each byte still mixed on its own, so the result is the same as
    /// absorbing them one at a time. O(count).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var x = a
        var y = b
        var i = 0
        while i &+ 8 <= n {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            Self.absorb(&x, &y, w & 0xff)
            Self.absorb(&x, &y, (w >> 8) & 0xff)
            Self.absorb(&x, &y, (w >> 16) & 0xff)
            Self.absorb(&x, &y, (w >> 24) & 0xff)
            Self.absorb(&x, &y, (w >> 32) & 0xff)
            Self.absorb(&x, &y, (w >> 40) & 0xff)
            Self.absorb(&x, &y, (w >> 48) & 0xff)
            Self.absorb(&x, &y, w >> 56)
            i &+= 8
        }
        while i < n {
            Self.absorb(&x, &y, UInt64(base.load(fromByteOffset: i, as: UInt8.self)))
            i &+= 1
        }
        a = x
        b = y
    }

    /// Absorbs the decimal digits of a non-negative integer (a leading `-` for a negative one), exactly the
    /// bytes of `String(value)`, without building the string.
    public mutating func update(decimal value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 19 digits and a sign
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var v = value.magnitude
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: 48 &+ v % 10)
                v /= 10
            } while v > 0
            if value < 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            count = buffer.count - i
        }
        withUnsafeBytes(of: &digits) { update(UnsafeRawBufferPointer(rebasing: $0[($0.count - count)...])) }
    }

    /// The two finished 64-bit lanes.
    public func finalize() -> (UInt64, UInt64) {
        let x = Self.mix(a ^ keyB)
        let y = Self.mix(b ^ keyA ^ x)
        return (x, y)
    }

    /// The finished digest as 32 lower-case hex characters.
    public func hexDigest() -> String {
        let (x, y) = finalize()
        return Self.hex(x, y)
    }

    /// 32 lower-case hex characters: `x` then `y`, each as 16 digits, most significant first.
    static func hex(_ x: UInt64, _ y: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { out in
            for i in 0..<16 {
                out[i] = digits[Int((x >> UInt64(60 - 4 * i)) & 0xf)]
                out[16 + i] = digits[Int((y >> UInt64(60 - 4 * i)) & 0xf)]
            }
            return 32
        }
    }

    /// SplitMix64's finalizer (Steele, Lea, Flood 2014).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}
