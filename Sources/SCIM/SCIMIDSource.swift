/// The source of service-assigned resource `id`s (RFC 7643 section 3.1: issued by the service
/// provider, unique, stable, never reassigned, case-exact, must not be `bulkId`).
///
/// Injected so that ids are deterministic: no `UUID()`. The service calls ``nextID(for:)`` once
/// per successful create, so a failed POST consumes no id. An id that collides with a live or
/// deleted resource is skipped (the service asks again), so implementations need not remember
/// what they issued.
public protocol SCIMIDSource: Sendable {
    /// A fresh id for a resource of type `type`.
    mutating func nextID(for type: SCIMResourceType) -> String
}

/// Ids `u-0001`, `u-0002`, ... for Users and `g-0001`, ... for Groups (one counter per type,
/// at least four digits). Matches the fixtures of `research/field-cases.md`.
public struct SCIMSequentialIDSource: SCIMIDSource {
    /// The number the next User id gets.
    public var nextUser: Int
    /// The number the next Group id gets.
    public var nextGroup: Int

    /// Counters starting at 1.
    public init(nextUser: Int = 1, nextGroup: Int = 1) {
        self.nextUser = nextUser
        self.nextGroup = nextGroup
    }

    /// The next `u-NNNN` or `g-NNNN` id; O(digits).
    public mutating func nextID(for type: SCIMResourceType) -> String {
        let n: Int
        switch type {
        case .user:
            n = nextUser
            nextUser += 1
        case .group:
            n = nextGroup
            nextGroup += 1
        }
        guard n >= 0 else {
            let digits = String(n)
            let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
            return (type == .user ? "u-" : "g-") + padded
        }
        if n < 1_000_000 {
            // Up to six digits (the usual case): the digits, least significant first, are shifted into one word so
            // that the most significant lands lowest (the string's first byte is the word's lowest); the two-byte
            // prefix goes below them. The same text as below, built in line from its bits.
            var v = UInt(bitPattern: n)
            var word: UInt64 = 0
            var digits = 0
            repeat {
                word = word << 8 | UInt64(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
                digits += 1
            } while v > 0
            while digits < 4 {
                word = word << 8 | 0x30
                digits += 1
            }
            let prefix: UInt64 = (type == .user ? 0x75 : 0x67) | 0x2D << 8  // u or g, then -
            if let id = SCIMStringBits.inlineASCII(word << 16 | prefix, 0, count: digits + 2) { return id }
        }
        // Written byte by byte: the same text as the padding above, without the intermediate strings.
        var digits = 1
        var rest = n / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let width = Swift.max(4, digits)
        if width + 2 <= 15 {
            // In line (up to 13 digits): the bytes are put straight into the string's two words, no buffer.
            var lo: UInt64 = (type == .user ? 0x75 : 0x67) | 0x2D << 8  // u or g, then -
            var hi: UInt64 = 0
            var v = n
            for i in stride(from: width + 1, through: 2, by: -1) {
                let d = UInt64(truncatingIfNeeded: 0x30 + v % 10)
                if i < 8 { lo |= d << UInt64(8 * i) } else { hi |= d << UInt64(8 * (i - 8)) }
                v /= 10
            }
            if let id = SCIMStringBits.inlineASCII(lo, hi, count: width + 2) { return id }
        }
        return String(unsafeUninitializedCapacity: width + 2) { out in
            out[0] = type == .user ? 0x75 : 0x67  // u or g
            out[1] = 0x2D  // -
            var v = n
            for i in stride(from: width + 1, through: 2, by: -1) {
                out[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
            }
            return width + 2
        }
    }
}

/// Opaque ids drawn from a seeded SplitMix64 stream: `u_` or `g_` followed by 16 lowercase hex
/// digits. The same seed gives the same ids in the same order.
public struct SCIMSeededIDSource: SCIMIDSource {
    /// The SplitMix64 state.
    public private(set) var state: UInt64

    /// A stream seeded with `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next `u_`/`g_` plus 16 hex digits id from the SplitMix64 stream.
    public mutating func nextID(for type: SCIMResourceType) -> String {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        // `u_`/`g_` and 16 lower-case hex digits, zero-padded, written byte by byte.
        return String(unsafeUninitializedCapacity: 18) { out in
            out[0] = type == .user ? 0x75 : 0x67  // u or g
            out[1] = 0x5F  // _
            var v = z
            for i in stride(from: 17, through: 2, by: -1) {
                let d = UInt8(truncatingIfNeeded: v & 0xF)
                out[i] = d < 10 ? 0x30 + d : 0x57 + d  // 0-9, a-f
                v >>= 4
            }
            return 18
        }
    }
}
