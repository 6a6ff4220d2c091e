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
        let digits = String(n)
        let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        return (type == .user ? "u-" : "g-") + padded
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
        let hex = String(z, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return (type == .user ? "u_" : "g_") + padded
    }
}
