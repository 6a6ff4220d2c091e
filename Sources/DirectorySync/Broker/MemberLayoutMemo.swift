import SCIM

/// The result of a scan over a JSON object's member names (such as ``MappedUserFields``' attribute positions),
/// remembered with the names it was computed from, so that the next object laid out the same way (the same
/// names in the same order, as the SCIM service stores every resource of one IdP) reuses it instead of
/// comparing names again.
///
/// A name is recognised by identity: the `String`'s representation bits
/// (``DirectorySyncBrokerState/sameStringBits(_:_:)``), which for a short name are its bytes and for a long one
/// its storage. The memo keeps a reference to every remembered name, so that storage can be neither freed (and
/// its address reused) nor mutated in place: equal bits mean equal text, hence the same scan result. Names that
/// are equal text but not equal bits only miss the memo (the scan then runs). Holds one layout; a miss replaces
/// it. Lookup O(members), no hashing or allocation; a miss costs the scan and one array of the names.
struct MemberLayoutMemo<Result: Sendable>: Sendable {
    /// The member names the result was computed from, in order.
    private var names: [String] = []
    /// The remembered result (`nil`: nothing remembered yet).
    private var result: Result?

    /// An empty memo.
    init() {}

    /// `scan(members)`, answered from the memo when `members` has the remembered names (same bits, same order),
    /// else computed and remembered. `scan` must depend only on the member names. O(members) on a hit.
    @inline(__always)
    mutating func result(
        _ members: UnsafeBufferPointer<(key: String, value: JSONValue)>,
        scan: (UnsafeBufferPointer<(key: String, value: JSONValue)>) -> Result
    ) -> Result {
        if let result, holds(members) { return result }
        let computed = scan(members)
        names = members.map(\.key)
        result = computed
        return computed
    }

    /// Whether `members`' names are the remembered ones, bit for bit. O(members).
    @inline(__always)
    private func holds(_ members: UnsafeBufferPointer<(key: String, value: JSONValue)>) -> Bool {
        guard names.count == members.count else { return false }
        return names.withUnsafeBufferPointer { n in
            for k in n.indices where !DirectorySyncBrokerState.sameStringBits(n[k], members[k].key) { return false }
            return true
        }
    }
}

/// The member-layout memos of user mapping: the user resource's top level, its `name`, and an `emails` entry.
struct UserLayoutMemos: Sendable {
    /// Top-level attribute positions.
    var attributes = MemberLayoutMemo<MappedUserFields.Found>()
    /// `name.givenName` / `name.familyName` positions.
    var name = MemberLayoutMemo<MappedUserFields.NameMembers>()
    /// `emails[]` entry member positions.
    var email = MemberLayoutMemo<MappedUserFields.EmailMembers>()
}
