import SCIM

/// Up to two HTTP header lists remembered by identity (the address of their array storage), for checks whose
/// answer depends only on the list: the broker's token check (``DirectoryRecord``) and the invariant monitor's
/// credential fast path (``VerifiedRequestParts``).
///
/// The memo holds each remembered list, so that storage can be neither freed (and its address reused) nor changed
/// in place: the same identity means the same fields, hence the same answer. Identity providers send the same header
/// list with every request, so a check usually compares two integers. Remembering a third list replaces the older
/// of the two. O(1).
struct HeaderListMemo: Sendable {
    /// The identities of the remembered lists (0: none).
    private var identities: (UInt, UInt) = (0, 0)
    private var lists: ([(name: String, value: String)], [(name: String, value: String)]) = ([], [])
    private var replaceSecond = false

    /// The identity of `fields`: the address of its array storage, equal for lists that share storage (hence
    /// fields). O(1).
    @inline(__always)
    static func identity(of fields: [(name: String, value: String)]) -> UInt {
        fields.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    /// Whether the list with identity `identity` (``identity(of:)``) is remembered. O(1).
    @inline(__always)
    func holds(_ identity: UInt) -> Bool {
        identity != 0 && (identity == identities.0 || identity == identities.1)
    }

    /// Remembers `fields`, whose identity is `identity`, replacing the older of the two remembered lists. O(1).
    mutating func remember(_ fields: [(name: String, value: String)], identity: UInt) {
        if replaceSecond {
            identities.1 = identity
            lists.1 = fields
        } else {
            identities.0 = identity
            lists.0 = fields
        }
        replaceSecond.toggle()
    }
}
