/// A keyed 128-bit digest written in-house for webhook signatures and opaque token text.
///
/// **This is NOT a cryptographic MAC.** It is two 64-bit lanes seeded from the key that absorb the message
/// eight bytes (one little-endian word) at a time with xxHash64-style multiply-rotate rounds, the byte length
/// folded in at the end, finished with the SplitMix64 mixer: good dispersion, deterministic on every platform,
/// cheap (about two instructions per byte), and enough for a simulation to tell a right secret from a wrong one.
/// It offers no resistance to a deliberate forger. The real WorkOS scheme is HMAC-SHA256
/// (https://github.com/workos/workos-node/blob/main/src/common/crypto/signature-provider.ts); the
/// simulation only needs its shape (`t=<ms>, v1=<hex digest>` over `"<t>.<payload>"`).
///
/// The digest is a function of the byte sequence only, however it is split into `update` calls: bytes that do
/// not yet fill a word wait in a pending word (at most seven), and a final partial word is zero-padded (the
/// length, folded in by ``finalize()``, tells `"ab"` from `"ab\0"`). (Session 2026-11-30 replaced the earlier
/// byte-serial FNV-1a lanes with these word rounds: digests and token text differ from before; no trace record
/// holds one.)
///
/// Complexity: O(key length + message length), no allocation besides the 32-character hex result.
public struct KeyedDigest: Sendable {
    private var a: UInt64
    private var b: UInt64
    /// Bytes not yet absorbed (fewer than eight), the first in the lowest byte.
    private var pending: UInt64 = 0
    /// How many bytes `pending` holds, 0...7.
    private var pendingCount = 0
    /// Bytes absorbed so far, pending ones included.
    private var length: UInt64 = 0
    private let keyA: UInt64
    private let keyB: UInt64

    // The xxHash64 primes (Collet, https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md).
    private static let prime1: UInt64 = 0x9e37_79b1_85eb_ca87
    private static let prime2: UInt64 = 0xc2b2_ae3d_27d4_eb4f
    private static let prime3: UInt64 = 0x1656_67b1_9e37_79f9
    private static let prime4: UInt64 = 0x85eb_ca77_c2b2_ae63

    /// A digest keyed by the UTF-8 bytes of `key`: the key is absorbed by the same rounds from fixed seeds and
    /// its two finished lanes seed (and, at ``finalize()``, re-key) the message lanes.
    public init(key: String) {
        var seed = KeyedDigest(keyA: 0xcbf2_9ce4_8422_2325, keyB: 0x8422_2325_cbf2_9ce4)
        seed.update(key)
        let (x, y) = seed.finalize()
        self.init(keyA: x, keyB: y)
    }

    private init(keyA: UInt64, keyB: UInt64) {
        self.keyA = keyA
        self.keyB = keyB
        a = keyA
        b = keyB
    }

    /// The two key lanes when no message byte was absorbed yet (a digest fresh from ``init(key:)``), else `nil`:
    /// two fresh digests with equal lanes give equal digests for every message.
    var freshKeyLanes: (UInt64, UInt64)? { length == 0 ? (keyA, keyB) : nil }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 &- r)) }

    /// One little-endian word through both lanes.
    @inline(__always)
    private static func round(_ x: inout UInt64, _ y: inout UInt64, _ word: UInt64) {
        x = rotl(x &+ word &* prime2, 31) &* prime1
        y = rotl(y ^ (word &* prime3), 27) &* prime1 &+ prime4
    }

    /// Absorbs bytes (contiguous collections take the word-at-a-time path of ``update(_:)-(UnsafeRawBufferPointer)``).
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        for byte in bytes { update(byte: byte) }
    }

    /// Absorbs one byte.
    @inline(__always)
    public mutating func update(byte: UInt8) {
        pending |= UInt64(byte) << UInt64(truncatingIfNeeded: pendingCount &* 8)
        pendingCount &+= 1
        length &+= 1
        if pendingCount == 8 {
            Self.round(&a, &b, pending)
            pending = 0
            pendingCount = 0
        }
    }

    /// Absorbs the UTF-8 bytes of a string (read in place: the hot path of signing).
    @inline(__always)
    public mutating func update(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        var copy = text
        copy.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Absorbs raw bytes: first completes the pending word, then one round per eight bytes read with one
    /// unaligned load, and keeps the rest pending. O(count).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let n = bytes.count
        length &+= UInt64(truncatingIfNeeded: n)
        var x = a
        var y = b
        var i = 0
        if pendingCount != 0 {
            var p = pending
            var c = pendingCount
            while c < 8 && i < n {
                p |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << UInt64(truncatingIfNeeded: c &* 8)
                c &+= 1
                i &+= 1
            }
            guard c == 8 else {
                pending = p
                pendingCount = c
                return
            }
            Self.round(&x, &y, p)
        }
        // Two words per iteration (the same rounds in the same order: fewer loop steps per word).
        while i &+ 16 <= n {
            let w0 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let w1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self))
            Self.round(&x, &y, w0)
            Self.round(&x, &y, w1)
            i &+= 16
        }
        if i &+ 8 <= n {
            Self.round(&x, &y, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i &+= 8
        }
        // The last 0...7 bytes stay pending.
        let rest = n &- i
        let p = bytes.littleEndianTail(from: i)
        pending = p
        pendingCount = rest
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

    /// The two finished 64-bit lanes: the pending bytes (zero-padded) as a last round when there are any, the
    /// length folded into the first lane, each lane mixed with the other's key.
    public func finalize() -> (UInt64, UInt64) {
        var x = a
        var y = b
        if pendingCount != 0 { Self.round(&x, &y, pending) }
        let fx = Self.mix(x ^ keyB ^ (length &* Self.prime3))
        let fy = Self.mix(y ^ keyA ^ fx)
        return (fx, fy)
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
