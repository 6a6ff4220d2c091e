/// Allocation-light helpers for the service's hot paths (header and member lookup ignoring ASCII case,
/// path splitting), so that value-mode requests cost microseconds (perf-limits.md section 4).
extension HTTPHeaders {
    /// The value of the first field named `name`, compared ignoring ASCII case (RFC 9110 section 5.1),
    /// without allocating. Same answer as the subscript for ASCII names.
    func value(named name: String) -> String? {
        // Only names of the same UTF-8 length can be equal ignoring ASCII case; among them the exact spelling
        // short-cuts the comparison of the usual field, and the first match ignoring case still wins.
        guard let i = fields.firstIndex(where: { isName($0.name, name) }) else { return nil }
        return fields[i].value
    }
}

extension JSONObject {
    /// The value of the first member whose key equals `key` ignoring ASCII case (RFC 7643 section 2.1),
    /// trying the exact spelling first; no allocation.
    func value(ignoringCase key: String) -> JSONValue? {
        if let i = members.firstIndex(where: { $0.key == key }) { return members[i].value }
        if let i = members.firstIndex(where: { asciiCaseInsensitiveEquals($0.key, key) }) { return members[i].value }
        return nil
    }
}

/// The endpoint and id parts of a request path, split without building arrays of strings.
struct SCIMRoute {
    /// The endpoints the first segment can name (matched ignoring ASCII case, except `.search`).
    enum Endpoint {
        case users, groups, search, discovery, notImplemented, unknown
    }

    /// The path, with contiguous UTF-8.
    private let path: String
    /// Byte offsets of the first and second segments.
    private let first: Range<Int>
    private let second: Range<Int>?
    /// What ``endpoint`` names.
    let kind: Endpoint
    /// `true` when there are more than two segments.
    let tooDeep: Bool

    /// The first non-empty segment, e.g. `Users`.
    var endpoint: Substring { slice(first) }
    /// The second segment, e.g. the id, if any.
    var id: Substring? { second.map(slice) }

    private func slice(_ r: Range<Int>) -> Substring {
        let u = path.utf8
        let lo = u.index(u.startIndex, offsetBy: r.lowerBound)
        return path[lo..<u.index(lo, offsetBy: r.count)]
    }

    /// Splits `path` at `/`, ignoring empty segments (`/Users/abc/` is `Users`, `abc`). `nil` for no segment.
    /// O(length), one pass over the UTF-8 bytes, no allocation for a native string.
    init?(_ path: String) {
        var path = path
        path.makeContiguousUTF8()
        let scanned = path.utf8.withContiguousStorageIfAvailable { b -> (Range<Int>, Range<Int>?, Int, Endpoint)? in
            var first: Range<Int>?
            var second: Range<Int>?
            var count = 0
            var start = -1
            var i = 0
            while i <= b.count {
                if i == b.count || b[i] == 0x2F {
                    if start >= 0 {
                        if count == 0 { first = start..<i } else if count == 1 { second = start..<i }
                        count += 1
                        start = -1
                    }
                } else if start < 0 {
                    start = i
                }
                i += 1
            }
            guard let first else { return nil }
            return (first, second, count, Self.classify(UnsafeBufferPointer(rebasing: b[first])))
        }
        guard let scanned, let (first, second, count, kind) = scanned else { return nil }
        self.path = path
        self.first = first
        self.second = second
        self.kind = kind
        tooDeep = count > 2
    }

    private static func classify(_ e: UnsafeBufferPointer<UInt8>) -> Endpoint {
        if asciiEqualsLowercased(e, "users") { return .users }
        if asciiEqualsLowercased(e, "groups") { return .groups }
        if e.count == 7 && e.elementsEqual(".search".utf8) { return .search }
        if asciiEqualsLowercased(e, "serviceproviderconfig") || asciiEqualsLowercased(e, "resourcetypes")
            || asciiEqualsLowercased(e, "schemas")
        {
            return .discovery
        }
        if asciiEqualsLowercased(e, "bulk") || asciiEqualsLowercased(e, "me") { return .notImplemented }
        return .unknown
    }
}

/// `true` when `a` equals `b` ignoring ASCII case (a header, parameter or attribute name against a constant),
/// checking the lengths first and the exact spelling next, so that the usual cases cost no byte loop.
@inline(__always)
func isName(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && (a == b || asciiCaseInsensitiveEquals(a, b))
}

/// `true` when `a` equals `b` ignoring ASCII case; `b` is a lower-case ASCII constant.
func asciiEqualsLowercased(_ a: Substring, _ b: StaticString) -> Bool {
    let x = a.utf8
    guard x.count == b.utf8CodeUnitCount else { return false }
    var p = b.utf8Start
    for c in x {
        let l = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
        if l != p.pointee { return false }
        p += 1
    }
    return true
}

/// `true` when the bytes `a` equal `b` ignoring ASCII case; `b` is a lower-case ASCII constant.
@inline(__always)
func asciiEqualsLowercased(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
    guard a.count == b.utf8CodeUnitCount else { return false }
    let p = b.utf8Start
    for k in 0..<a.count {
        let c = a[k]
        if ((c >= 0x41 && c <= 0x5A) ? c | 0x20 : c) != p[k] { return false }
    }
    return true
}
