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

    /// A key from its text and that text's ``fnv1a(_:)``.
    private init(text: String, fingerprint: UInt64) {
        self.text = text
        self.fingerprint = fingerprint
    }

    /// The key of an email (lower-cased here when needed): the same value as
    /// `EmailKey(key: OrganizationState.emailKey(email))`. An email with no upper-case ASCII and no non-ASCII
    /// byte (the usual case) is its own key, tested and hashed in one word-at-a-time pass over its contiguous
    /// UTF-8. O(length).
    init(email: String) {
        if case let fingerprint?? = email.utf8.withContiguousStorageIfAvailable(Self.fingerprintIfKey) {
            self.init(text: email, fingerprint: fingerprint)
        } else {
            self.init(key: OrganizationState.emailKey(email))
        }
    }

    /// ``fnv1a(_:)`` of `bytes` when they hold no upper-case ASCII letter and no byte of 0x80 or more (the test
    /// of ``OrganizationState/hasUpperCaseOrNonASCII(_:)``: the text is already its own key), else `nil`. One
    /// pass of 64-bit words (the last partial word is zero-padded, and a zero byte passes the test). O(length).
    @inline(__always)
    private static func fingerprintIfKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        wordFNV1a(bytes, while: isKeyWord)
    }

    /// FNV-1a over the 64-bit little-endian words of `bytes` (the last partial word zero-padded), then the length;
    /// `nil` as soon as a word fails `accept`. O(length).
    @inline(__always)
    private static func wordFNV1a(_ bytes: UnsafeBufferPointer<UInt8>, while accept: (UInt64) -> Bool) -> UInt64? {
        let raw = UnsafeRawBufferPointer(bytes)
        var h = fnvOffset
        var i = 0
        let n = raw.count
        while i &+ 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            guard accept(w) else { return nil }
            h = (h ^ w) &* fnvPrime
            i &+= 8
        }
        if i < n {
            let last = raw.littleEndianTail(from: i)
            guard accept(last) else { return nil }
            h = (h ^ last) &* fnvPrime
        }
        return (h ^ UInt64(n)) &* fnvPrime
    }

    /// Whether no byte of little-endian word `w` is 0x80 or more or an ASCII upper-case letter (65...90): in a
    /// word of ASCII bytes, adding 0x3F to each byte sets its top bit exactly when it is at least 65 and adding
    /// 0x25 exactly when it is at least 91 (no byte carries into the next).
    @inline(__always)
    private static func isKeyWord(_ w: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        if w & high != 0 { return false }
        return (w &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(w &+ 0x2525_2525_2525_2525) & high == 0
    }

    private static var fnvOffset: UInt64 { 0xcbf2_9ce4_8422_2325 }
    private static var fnvPrime: UInt64 { 0x0000_0100_0000_01b3 }

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
        // Never nil: every word is accepted.
        let run = { (bytes: UnsafeBufferPointer<UInt8>) -> UInt64 in wordFNV1a(bytes) { _ in true } ?? 0 }
        if let h = text.utf8.withContiguousStorageIfAvailable(run) { return h }
        var copy = text
        return copy.withUTF8(run)
    }
}
