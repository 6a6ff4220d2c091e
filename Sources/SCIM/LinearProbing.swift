/// An entry of an open-addressing table with linear probing: its key's hash (the home position is
/// `hash & mask`) and its slot plus one (0 marks an empty entry). ``SCIMUserNameIndex`` and ``SCIMSlotIndex``
/// keep their entries in power-of-two arrays of such values.
protocol LinearProbingEntry {
    /// The key's hash; the entry's home position is `Int(hash) & mask`.
    var hash: UInt32 { get }
    /// The slot the entry points at, plus one; 0 for an empty entry.
    var slotPlusOne: UInt32 { get set }
}

enum LinearProbing {
    /// Backward-shift deletion of the entry at `start` in a linear-probing table of `mask + 1` entries (a power
    /// of two): later entries of the same probe run move back into the hole, so every entry stays reachable
    /// from its home without tombstones. O(length of the probe run).
    static func shiftBack<Entry: LinearProbingEntry>(_ entries: inout [Entry], from start: Int, mask: Int) {
        var hole = start
        entries[hole].slotPlusOne = 0
        var j = hole
        while true {
            j = (j + 1) & mask
            let entry = entries[j]
            if entry.slotPlusOne == 0 { return }
            let home = Int(entry.hash) & mask
            // The entry stays when its home lies cyclically in (hole, j].
            let stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j)
            if stays { continue }
            entries[hole] = entry
            entries[j].slotPlusOne = 0
            hole = j
        }
    }

    /// `entries` moved into a fresh table of `capacity` entries (a power of two), each live entry at the first free
    /// position from its home; `empty` fills the rest. Through buffer pointers: one uniqueness check for the whole
    /// move, not one per entry. The result depends only on the entries' order and hashes (deterministic). O(capacity).
    static func rehashed<Entry: LinearProbingEntry>(_ entries: [Entry], capacity: Int, empty: Entry) -> [Entry] {
        var fresh = [Entry](repeating: empty, count: capacity)
        let mask = capacity - 1
        fresh.withUnsafeMutableBufferPointer { f in
            entries.withUnsafeBufferPointer { old in
                for k in old.indices where old[k].slotPlusOne != 0 {
                    var i = Int(old[k].hash) & mask
                    while f[i].slotPlusOne != 0 { i = (i + 1) & mask }
                    f[i] = old[k]
                }
            }
        }
        return fresh
    }
}
