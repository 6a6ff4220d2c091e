/// An email's case-insensitive key (``OrganizationState/emailKey(_:)``) with its hash computed once, so that
/// the organization's email index hashes one integer per lookup instead of the whole text. Equal keys have
/// equal text; the hash is FNV-1a 64 over the words of the text's UTF-8 (a pure function of it, the same in every run).
struct EmailKey: Hashable, Sendable {
    /// The key text (already lower-cased).
    let text: String
    /// ``text``'s hash (FNV-1a 64 over its UTF-8 words).
    let fingerprint: UInt64

    /// The key of an already lower-cased key text. O(length).
    init(key text: String) {
        self.text = text
        fingerprint = Self.fnv1a(text)
    }

    /// The key of an email (lower-cased here when needed). O(length).
    init(email: String) { self.init(key: OrganizationState.emailKey(email)) }

    /// Equal texts (the fingerprints are compared first).
    static func == (a: EmailKey, b: EmailKey) -> Bool { a.fingerprint == b.fingerprint && a.text == b.text }

    /// Feeds the fingerprint only.
    func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }

    /// The hash `Dictionary` and `Set` use: the fingerprint and the table's seed through the SplitMix64 finalizer
    /// (every bit of the fingerprint reaches the low bits a table indexes by), without running a `Hasher` per
    /// lookup. A function of the fingerprint and the seed only, so equal keys hash equally. Nothing iterates a
    /// table keyed by ``EmailKey`` in hash order (callers sort), so behaviour does not depend on it.
    func _rawHashValue(seed: Int) -> Int {
        var z = fingerprint ^ UInt64(UInt(bitPattern: seed)) &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int(truncatingIfNeeded: z ^ (z >> 31))
    }

    /// FNV-1a 64 over 64-bit little-endian words of the UTF-8 (the last word zero-padded), then the length.
    private static func fnv1a(_ text: String) -> UInt64 {
        let run = { (bytes: UnsafeBufferPointer<UInt8>) -> UInt64 in
            let prime: UInt64 = 0x0000_0100_0000_01b3
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            let raw = UnsafeRawBufferPointer(bytes)
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* prime
                i += 8
            }
            if i < raw.count {
                var last: UInt64 = 0
                var shift: UInt64 = 0
                while i < raw.count {
                    last |= UInt64(raw[i]) << shift
                    shift += 8
                    i += 1
                }
                h = (h ^ last) &* prime
            }
            return (h ^ UInt64(raw.count)) &* prime
        }
        if let h = text.utf8.withContiguousStorageIfAvailable(run) { return h }
        var copy = text
        return copy.withUTF8(run)
    }
}
