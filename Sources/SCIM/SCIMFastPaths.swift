/// Allocation-light helpers for the service's hot paths (header and member lookup ignoring ASCII case,
/// path splitting), so that value-mode requests cost microseconds (perf-limits.md section 4).
extension HTTPHeaders {
    /// The value of the first field named `name`, compared ignoring ASCII case (RFC 9110 section 5.1),
    /// without allocating. Same answer as the subscript for ASCII names.
    func value(named name: String) -> String? {
        guard let i = fields.firstIndex(where: { asciiCaseInsensitiveEquals($0.name, name) }) else { return nil }
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
    /// The first non-empty segment, e.g. `Users`.
    var endpoint: Substring
    /// The second segment, e.g. the id, if any.
    var id: Substring?
    /// `true` when there are more than two segments.
    var tooDeep: Bool

    /// Splits `path` at `/`, ignoring empty segments (`/Users/abc/` is `Users`, `abc`). `nil` for no segment.
    /// O(length), no array allocation.
    init?(_ path: String) {
        var first: Substring?
        var second: Substring?
        var count = 0
        var start: String.Index?
        var i = path.startIndex
        func close(_ end: String.Index) {
            if let s = start {
                if count == 0 { first = path[s..<end] } else if count == 1 { second = path[s..<end] }
                count += 1
                start = nil
            }
        }
        while i < path.endIndex {
            if path.utf8[i] == 0x2F {
                close(i)
            } else if start == nil {
                start = i
            }
            i = path.utf8.index(after: i)
        }
        close(path.endIndex)
        guard let first else { return nil }
        endpoint = first
        id = second
        tooDeep = count > 2
    }
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
func asciiEqualsLowercased(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
    guard a.count == b.utf8CodeUnitCount else { return false }
    let p = b.utf8Start
    for k in 0..<a.count {
        let c = a[k]
        if ((c >= 0x41 && c <= 0x5A) ? c | 0x20 : c) != p[k] { return false }
    }
    return true
}
