/// The names of one list of attribute definitions, kept apart from the definitions so that finding a name
/// reads only a plain array of strings (no definition box, no reference counting per candidate).
///
/// Lookup follows ``SCIMResourceInput/named(_:in:)``: the exact spelling first, then ignoring ASCII case
/// (RFC 7643 section 2.1). Schema names are ASCII, so only names of the key's UTF-8 length can match.
struct SCIMNameTable: Sendable {
    /// The names, in the order of the definitions.
    private let names: [String]

    /// The table of `attributes`' names.
    init(_ attributes: [SCIMAttribute]) { names = attributes.map(\.name) }

    /// The position of the definition called `key`, exact spelling first, then ignoring ASCII case. O(names).
    func index(of key: String) -> Int? {
        let n = key.utf8.count
        if let k = names.firstIndex(where: { $0.utf8.count == n && $0 == key }) { return k }
        return names.firstIndex(where: { $0.utf8.count == n && asciiCaseInsensitiveEquals($0, key) })
    }

    /// The position of the first name equal to `key` ignoring ASCII case (no exact-spelling preference). O(names).
    func firstIndex(ignoringCaseOf key: String) -> Int? {
        let n = key.utf8.count
        return names.firstIndex(where: { $0.utf8.count == n && asciiCaseInsensitiveEquals($0, key) })
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
