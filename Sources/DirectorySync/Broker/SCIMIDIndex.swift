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
        get {
            if let n = number(id), n < dense.count, dense[n] != 0 { return dense[n] - 1 }
            return sparse.isEmpty ? nil : sparse[id]
        }
        set {
            if let n = number(id), n <= dense.count + 4096, sparse.isEmpty || sparse[id] == nil {
                if n >= dense.count {
                    guard newValue != nil else { return }  // absent already
                    dense.append(contentsOf: repeatElement(0, count: n + 1 - dense.count))
                }
                dense[n] = newValue.map { $0 + 1 } ?? 0
            } else {
                sparse[id] = newValue
            }
        }
    }

    /// The number of a canonical id `<prefix>-NNNN`, else `nil`. O(length).
    private func number(_ id: String) -> Int? {
        let count = id.utf8.count
        guard count >= 6, count <= 20 else { return nil }
        var id = id
        return id.withUTF8 { b -> Int? in
            guard b[0] == prefix, b[1] == UInt8(ascii: "-") else { return nil }
            var n = 0
            var leadingZeros = 0
            for k in 2..<count {
                let d = b[k] &- 48
                guard d < 10 else { return nil }
                if n == 0 && d == 0 { leadingZeros += 1 }
                n = n * 10 + Int(d)
            }
            // Canonical: zero-padded to exactly 4 digits when shorter, no padding otherwise.
            let digits = count - 2
            let significant = digits - leadingZeros
            return (digits == 4 && significant <= 4) || (digits > 4 && leadingZeros == 0) ? n : nil
        }
    }
}
