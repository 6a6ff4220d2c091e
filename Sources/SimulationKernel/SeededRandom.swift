/// A seeded xoshiro256** pseudo-random generator (Blackman and Vigna, "Scrambled linear pseudorandom number
/// generators", 2018), the only source of randomness inside a simulation.
///
/// Streams are derived from the simulation seed and a stable label (`Simulation.randomStream(_:)`), with the
/// label hashed by `StableHash` (never `Hasher`), so extra draws in one subsystem never shift another's.
/// The four state words are filled with SplitMix64, as the xoshiro authors recommend. Value type: copying a
/// stream forks it (both copies then produce the same sequence).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator seeded directly with a 64-bit value.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The stream named `label` under the simulation seed `seed`: independent of every other label.
    public init(seed: UInt64, label: String) {
        var hash = StableHash(seed: seed)
        hash.combine(label)
        self.init(seed: hash.value ^ StableHash.avalanche(seed))
    }

    /// The next 64 random bits. O(1), no allocation.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let product = s1 &* 5
        let result = ((product << 7) | (product >> 57)) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A child stream derived from this one and a label; advances this stream by one draw.
    public mutating func split(_ label: String) -> SeededRandom {
        SeededRandom(seed: next(), label: label)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): used to expand one 64-bit seed into generator state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The current state; advanced by the golden-ratio increment on every draw.
    public var state: UInt64

    /// A SplitMix64 generator starting at `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.avalanche(state)
    }
}
