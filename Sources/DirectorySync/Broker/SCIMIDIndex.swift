/// A map from SCIM resource ids to record slots, for one resource type of one directory.
///
/// Ids of the canonical sequential form `<prefix>-NNNN` (``SCIMSequentialIDSource``: the prefix letter, a
/// hyphen, the number in decimal zero-padded to at least 4 digits) are kept in an array indexed by the
/// number, so the common lookup and insert neither hash nor allocate per id; every other id (another
/// backend's, or a number far beyond the array) goes to a dictionary. The canonical form is one-to-one with
/// the number, so two different ids never share an array entry. Never iterated, so no order is exposed.
/// Lookup, insert and removal are O(1) (amortized for inserts).
struct SCIMIDIndex: Sendable {
    /// The id prefix letter of the canonical form (`u` for Users, `g` for Groups).
    let prefix: UInt8
    /// `dense[n]`: 1 + the slot of id `<prefix>-n`, or 0 when absent.
    private var dense: [Int] = []
    /// Ids not in canonical form (or out of the array's reach).
    private var sparse: [String: Int] = [:]

    /// An empty index for ids with this prefix letter.
    init(prefix: Character) { self.prefix = prefix.asciiValue ?? 0 }

    /// The slot of `id`, or `nil`; setting `nil` removes it.
    subscript(id: String) -> Int? {
        get { self[id, number(id)] }
        set { set(newValue, id: id, number: number(id)) }
    }

    /// The canonical number of `id` (``number(_:)``): compute it once to look an id up and then insert it
    /// (``subscript(_:_:)``, ``set(_:id:number:)``). O(length).
    @inline(__always)
    func key(_ id: String) -> Int? { number(id) }

    /// The slot of `id` and its ``key(_:)``, in one call. `mutating` although it changes nothing, so that a caller
    /// reaching the index inside an array element does so in place (see `DirectorySyncBrokerState.userSlot`).
    /// O(length of `id`).
    @inline(__always)
    mutating func lookup(_ id: String) -> (slot: Int?, key: Int?) {
        let n = number(id)
        return (self[id, n], n)
    }

    /// The slot of `id`, whose ``key(_:)`` is `n`. O(1).
    @inline(__always)
    subscript(id: String, n: Int?) -> Int? {
        if let n, n < dense.count, dense[n] != 0 { return dense[n] - 1 }
        return sparse.isEmpty ? nil : sparse[id]
    }

    /// Sets (or, for `nil`, removes) the slot of `id`, whose ``key(_:)`` is `n`. Amortized O(1).
    mutating func set(_ slot: Int?, id: String, number n: Int?) {
        if let n, n <= dense.count + 4096, sparse.isEmpty || sparse[id] == nil {
            setDense(slot, n)
        } else {
            sparse[id] = slot
        }
    }

    /// ``set(_:id:number:)`` without the id, for the common case it covers: a canonical id (`n` not `nil`) within
    /// the array's reach while no id is in the dictionary. Returns `false`, changing nothing, in any other case
    /// (then call ``set(_:id:number:)``). Amortized O(1).
    @inline(__always)
    mutating func setCanonical(_ slot: Int?, number n: Int?) -> Bool {
        guard let n, n <= dense.count + 4096, sparse.isEmpty else { return false }
        setDense(slot, n)
        return true
    }

    /// Sets the dense entry of number `n` (at most 4,096 past the end).
    @inline(__always)
    private mutating func setDense(_ slot: Int?, _ n: Int) {
        if n >= dense.count {
            guard let slot else { return }  // absent already
            if n > dense.count { dense.append(contentsOf: repeatElement(0, count: n - dense.count)) }
            dense.append(slot + 1)
            return
        }
        dense[n] = slot.map { $0 + 1 } ?? 0
    }

    /// The number of a canonical id `<prefix>-NNNN`, else `nil`. Reads the bytes in place. O(length).
    private func number(_ id: String) -> Int? {
        let count = id.utf8.count
        guard count >= 6, count <= 20 else { return nil }
        if let n = id.utf8.withContiguousStorageIfAvailable({ parse($0) }) { return n }
        var id = id
        return id.withUTF8 { parse($0) }
    }

    /// ``number(_:)`` of the id's UTF-8 bytes (6 to 20 of them).
    @inline(__always)
    private func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = b.count
        guard b[0] == prefix, b[1] == UInt8(ascii: "-") else { return nil }
        var n = 0
        var leadingZeros = 0
        for k in 2..<count {
            let d = b[k] &- 48
            guard d < 10 else { return nil }
            if n == 0 && d == 0 { leadingZeros += 1 }
            n = n &* 10 &+ Int(d)
        }
        // Canonical: zero-padded to exactly 4 digits when shorter, no padding otherwise.
        let digits = count - 2
        let significant = digits - leadingZeros
        return (digits == 4 && significant <= 4) || (digits > 4 && leadingZeros == 0) ? n : nil
    }
}
