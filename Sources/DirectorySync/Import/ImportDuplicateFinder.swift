/// Finds logins equal without regard to case (SCIM `userName` is caseExact=false, RFC 7643 section 4.1.1)
/// and repeated externalIds, and different logins sharing one email (the organization upserts members by email,
/// case-insensitively, so both people would become one member), reporting every pair with both lines.
///
/// Each key is hashed with FNV-1a 64 (ASCII letters folded on the fly; other text through `lowercased()`)
/// into an open-addressing table, and only equal hashes are compared as strings, so 100,000 distinct logins
/// cost no string allocation. Nothing is iterated in hash order. O(n + pairs).
enum ImportDuplicateFinder {
    /// One warning per pair, ordered by the later person's position, then the earlier one's; logins first,
    /// then externalIds, then shared emails.
    static func warnings(people: [DirectoryPerson], lines: [Int]) -> [DirectoryImportWarning] {
        var result: [DirectoryImportWarning] = []
        let loginPairs = pairs(
            hashes: people.indices.map { foldedHash(people[$0].userName) },
            equal: { people[$0].userName.lowercased() == people[$1].userName.lowercased() })
        for (earlier, later) in loginPairs {
            result.append(
                DirectoryImportWarning(
                    .loginsEqualIgnoringCase(
                        first: people[earlier].userName, firstLine: lines[earlier], second: people[later].userName,
                        secondLine: lines[later])))
        }
        let idPairs = pairs(
            hashes: people.indices.map { exactHash(people[$0].externalId) },
            equal: { people[$0].externalId == people[$1].externalId })
        for (earlier, later) in idPairs {
            result.append(
                DirectoryImportWarning(
                    .duplicateExternalId(
                        people[earlier].externalId, firstLine: lines[earlier], secondLine: lines[later])
                ))
        }
        let emailPairs = pairs(
            hashes: people.indices.map { foldedHash(people[$0].email) },
            equal: {
                people[$0].email.lowercased() == people[$1].email.lowercased()
                    && people[$0].userName.lowercased() != people[$1].userName.lowercased()
            })
        for (earlier, later) in emailPairs {
            result.append(
                DirectoryImportWarning(
                    .sharedEmail(people[later].email, firstLine: lines[earlier], secondLine: lines[later])))
        }
        return result
    }

    /// Every (earlier, later) index pair whose keys are `equal`, ordered by `later`, then `earlier`; `hashes`
    /// holds each key's hash and must agree with `equal` (equal keys, equal hashes).
    private static func pairs(hashes: [UInt64], equal: (Int, Int) -> Bool) -> [(Int, Int)] {
        var first = FirstIndexTable(capacity: hashes.count)
        var sameHash: [UInt64: [Int]] = [:]
        var result: [(Int, Int)] = []
        for (index, key) in hashes.enumerated() {
            let firstIndex = first.insertOrFind(key, index)
            guard firstIndex != index else { continue }
            let earlier = sameHash[key] ?? [firstIndex]
            for candidate in earlier where equal(candidate, index) { result.append((candidate, index)) }
            sameHash[key] = earlier + [index]
        }
        return result
    }

    /// An open-addressing table from a 64-bit hash to the first index that had it (linear probing, power-of-two
    /// size at least twice the count, so it never fills); faster than `Dictionary`, which re-hashes every key.
    private struct FirstIndexTable {
        private var keys: [UInt64]
        private var values: [Int]
        private let mask: Int

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            keys = Array(repeating: 0, count: size)
            values = Array(repeating: -1, count: size)
            mask = size - 1
        }

        /// The index stored for `key`, after storing `index` if there was none (then the result is `index`).
        mutating func insertOrFind(_ key: UInt64, _ index: Int) -> Int {
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while values[slot] >= 0 {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & mask
            }
            keys[slot] = key
            values[slot] = index
            return index
        }
    }

    /// FNV-1a 64 of `text` lower-cased: ASCII letters are folded byte by byte; text with any non-ASCII byte is
    /// hashed through `lowercased()` so it agrees with the comparison.
    static func foldedHash(_ text: String) -> UInt64 {
        var utf8 = text
        return utf8.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                if byte >= 0x80 { return exactHash(text.lowercased()) }
                let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                hash = (hash ^ UInt64(folded)) &* 0x0000_0100_0000_01b3
            }
            return hash
        }
    }

    /// FNV-1a 64 of `text`'s UTF-8 bytes.
    static func exactHash(_ text: String) -> UInt64 {
        var utf8 = text
        return utf8.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return hash
        }
    }
}
