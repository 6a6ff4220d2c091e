/// The names of one list of attribute definitions, kept apart from the definitions so that finding a name
/// reads only a plain array of strings (no definition box, no reference counting per candidate).
///
/// Lookup follows ``SCIMResourceInput/named(_:in:)``: the exact spelling first, then ignoring ASCII case
/// (RFC 7643 section 2.1). Schema names are ASCII, so only names of the key's UTF-8 length can match.
struct SCIMNameTable: Sendable {
    /// The names, in the order of the definitions.
    private let names: [String]
    /// The positions of the names, grouped by UTF-8 length (ascending), each group in definition order.
    private let byLength: [Int]
    /// `byLength[starts[n]..<starts[n + 1]]` are the positions of the names of length `n`.
    private let starts: [Int]
    /// The in-line names (up to 15 UTF-8 bytes) by their value bits (see ``SCIMStringBits``), for an exact lookup
    /// without a string comparison.
    private let bits: SCIMStringBits.Table

    /// The table of `attributes`' names.
    init(_ attributes: [SCIMAttribute]) {
        self.init(names: attributes.map(\.name))
    }

    /// The table of `names` (positions are indexes into `names`).
    init(names: [String]) {
        let longest = names.map(\.utf8.count).max() ?? 0
        var starts = [0]
        var byLength: [Int] = []
        for n in 0...longest {
            for (k, name) in names.enumerated() where name.utf8.count == n { byLength.append(k) }
            starts.append(byLength.count)
        }
        self.names = names
        self.byLength = byLength
        self.starts = starts
        bits = SCIMStringBits.Table(names)
    }

    /// The positions (in definition order) of the names as long as `key`.
    @inline(__always)
    private func candidates(_ key: String) -> ArraySlice<Int> {
        let n = key.utf8.count
        guard n + 1 < starts.count else { return [] }
        return byLength[starts[n]..<starts[n + 1]]
    }

    /// The position of the definition called `key`, exact spelling first, then ignoring ASCII case.
    /// O(names of the key's length).
    func index(of key: String) -> Int? {
        if let k = exactIndex(of: key) { return k }
        for k in candidates(key) where asciiCaseInsensitiveEquals(names[k], key) { return k }
        return nil
    }

    /// The position of the definition spelled exactly `key` (no case folding); `nil` otherwise.
    /// O(names of the key's length).
    @inline(__always)
    func exactIndex(of key: String) -> Int? {
        switch bits.lookup(key) {
        case .found(let k): return k
        case .absent: return nil
        case .unknown: break
        }
        let n = key.utf8.count
        guard n + 1 < starts.count else { return nil }
        var i = starts[n]
        let end = starts[n + 1]
        while i < end {
            let k = byLength[i]
            if names[k] == key { return k }
            i += 1
        }
        return nil
    }

    /// The position of the first name equal to `key` ignoring ASCII case (no exact-spelling preference).
    /// O(names of the key's length).
    func firstIndex(ignoringCaseOf key: String) -> Int? {
        for k in candidates(key) where asciiCaseInsensitiveEquals(names[k], key) { return k }
        return nil
    }

    /// The built-in core User schema's attribute names (RFC 7643 section 4.1).
    static let userCore = SCIMNameTable(SCIMSchema.user.attributes)
    /// The built-in core Group schema's attribute names (RFC 7643 section 4.2).
    static let groupCore = SCIMNameTable(SCIMSchema.group.attributes)
    /// The common attributes' names (RFC 7643 section 3.1).
    static let common = SCIMNameTable(SCIMSchema.commonAttributes)

    /// The table for a core schema's attribute list when it is one of the built-in lists (same storage), else
    /// `nil` (callers then search the definitions).
    static func builtIn(_ attributes: [SCIMAttribute]) -> SCIMNameTable? {
        if sameStorage(attributes, SCIMSchema.user.attributes) { return userCore }
        if sameStorage(attributes, SCIMSchema.group.attributes) { return groupCore }
        return nil
    }

    /// `true` when the two arrays share one buffer (so hold the same definitions).
    static func sameStorage(_ a: [SCIMAttribute], _ b: [SCIMAttribute]) -> Bool {
        a.count == b.count
            && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}
