/// Deriving change records: which client-visible attributes differ between two stored representations.
extension SCIMService {
    /// Whether `old == new`, and ``changedAttributes(_:_:type:)``, in one comparison of the members when both
    /// objects have the same keys in the same order (the usual PUT and PATCH case).
    static func compare(_ old: JSONObject, _ new: JSONObject, type: SCIMResourceType) -> (
        equal: Bool, changed: [String]
    ) {
        // Members are read in place through buffer pointers (no copy, so no retain, of each pair).
        let sameKeys =
            old.count == new.count
            && old.members.withUnsafeBufferPointer { o in
                new.members.withUnsafeBufferPointer { n in
                    for i in 0..<o.count where o[i].key != n[i].key { return false }
                    return true
                }
            }
        guard sameKeys else { return (old == new, changedAttributes(old, new, type: type)) }
        var equal = true
        var names: [String] = []
        old.members.withUnsafeBufferPointer { o in
            new.members.withUnsafeBufferPointer { n in
                for i in 0..<o.count where o[i].value != n[i].value {
                    equal = false
                    let key = o[i].key
                    if type == .group && key == "members" { continue }
                    if key == "schemas" || key == "id" || key == "meta" { continue }
                    recordChange(key, o[i].value, n[i].value, into: &names)
                }
            }
        }
        return (equal, names.count > 1 ? names.sorted() : names)
    }

    /// Appends the changed name(s) for `key`: its lower-cased name, or for an extension object the lower-cased
    /// `urn:...:attr` of each of its attributes that differ.
    static func recordChange(_ key: String, _ a: JSONValue?, _ b: JSONValue?, into names: inout [String]) {
        if key.hasPrefix("urn:") {
            let ao = a?.objectValue ?? JSONObject()
            let bo = b?.objectValue ?? JSONObject()
            for k in ao.keys + bo.keys.filter({ ao[$0] == nil }) where ao[k] != bo[k] {
                names.append((key + ":" + k).lowercased())
            }
        } else {
            names.append(key.lowercased())
        }
    }

    /// Lower-cased names of the top-level attributes whose values differ, extension attributes as
    /// `urn:...:attr`, sorted; `schemas`, `id`, `meta` and group `members` are left out (membership has
    /// its own records).
    static func changedAttributes(_ old: JSONObject, _ new: JSONObject, type: SCIMResourceType) -> [String] {
        var names: [String] = []
        func visit(_ key: String) {
            if type == .group && key == "members" { return }
            if key == "schemas" || key == "id" || key == "meta" { return }
            let a = old[key]
            let b = new[key]
            if a == b { return }
            record(key, a, b)
        }
        func record(_ key: String, _ a: JSONValue?, _ b: JSONValue?) { recordChange(key, a, b, into: &names) }
        if old.count == new.count && zip(old.members, new.members).allSatisfy({ $0.key == $1.key }) {
            // Common case (PATCH of present attributes): same keys in the same order, compared pairwise.
            // Stored objects have unique keys (built by JSONObject's mutators), so the pair at one position
            // is the key's value in each object: no lookup, and no second comparison.
            for (a, b) in zip(old.members, new.members) where a.value != b.value {
                if type == .group && a.key == "members" { continue }
                if a.key == "schemas" || a.key == "id" || a.key == "meta" { continue }
                record(a.key, a.value, b.value)
            }
        } else {
            for m in old.members { visit(m.key) }
            for m in new.members where old[m.key] == nil { visit(m.key) }
        }
        return names.count > 1 ? names.sorted() : names
    }
}
