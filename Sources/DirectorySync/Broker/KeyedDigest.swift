/// A keyed 128-bit digest written in-house for webhook signatures and opaque token text.
///
/// **This is NOT a cryptographic MAC.** It is two FNV-1a-style 64-bit lanes seeded from the key and
/// finished with the SplitMix64 mixer: good dispersion, deterministic on every platform, cheap, and
/// enough for a simulation to tell a right secret from a wrong one. It offers no resistance to a
/// deliberate forger. The real WorkOS scheme is HMAC-SHA256
/// (https://github.com/workos/workos-node/blob/main/src/common/crypto/signature-provider.ts); the
/// simulation only needs its shape (`t=<ms>, v1=<hex digest>` over `"<t>.<payload>"`).
///
/// Complexity: O(key length + message length), no allocation besides the 32-character hex result.
public struct KeyedDigest: Sendable {
    private var a: UInt64
    private var b: UInt64
    private let keyA: UInt64
    private let keyB: UInt64

    /// A digest keyed by the UTF-8 bytes of `key`.
    public init(key: String) {
        var ka: UInt64 = 0xcbf2_9ce4_8422_2325
        var kb: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in key.utf8 {
            ka = (ka ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            kb = (kb ^ UInt64(byte)) &* 0x0000_0100_0000_0193
        }
        keyA = Self.mix(ka)
        keyB = Self.mix(kb ^ 0x9e37_79b9_7f4a_7c15)
        a = keyA
        b = keyB
    }

    /// Absorbs bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_0193
            b = (b << 7) | (b >> 57)
        }
    }

    /// Absorbs the UTF-8 bytes of a string (non-generic loop: this is the hot path of signing).
    public mutating func update(_ text: String) {
        var x = a
        var y = b
        for byte in text.utf8 {
            x = (x ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            y = (y ^ UInt64(byte)) &* 0x0000_0100_0000_0193
            y = (y << 7) | (y >> 57)
        }
        a = x
        b = y
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
        var out = [UInt8](repeating: 0, count: 32)
        Self.hex(x, into: &out, at: 0)
        Self.hex(y, into: &out, at: 16)
        return String(decoding: out, as: UTF8.self)
    }

    /// SplitMix64's finalizer (Steele, Lea, Flood 2014).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func hex(_ value: UInt64, into out: inout [UInt8], at start: Int) {
        for i in 0..<16 {
            out[start + i] = digits[Int((value >> UInt64(60 - 4 * i)) & 0xf)]
        }
    }
}
