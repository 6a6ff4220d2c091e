import SCIM

/// SCIM schema URNs the IdP profiles put in request bodies (RFC 7643 section 8.7, RFC 7644 section 3.5.2).
enum ProvisioningURN {
    static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let group = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    /// Extra group schema Entra sends on group create (research/scim-protocol.md section 5, rule 6).
    static let entraADSCIMGroup = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
    /// Entra's full URN path for the enterprise `department` attribute [MS-SCIM].
    static let enterpriseDepartment = enterpriseUser + ":department"
}

/// The members of a JSON object under construction, in order (handed whole to
/// ``JSONObject/init(distinctMembers:)``; keys distinct).
typealias JSONMembers = [(key: String, value: JSONValue)]

/// Small helpers shared by the two request builders.
enum ProvisioningText {
    /// A filter comparison value as a quoted string: `"` and `\` escaped (RFC 7644 section 3.4.2.2,
    /// JSON string rules), after `prefix` (for example `userName eq `); built in one allocation when nothing
    /// needs escaping.
    static func quoted(_ value: String, after prefix: String = "") -> String {
        // One pass over contiguous UTF-8 (a native string's storage): scan, then copy into the result's storage.
        if let fast = value.utf8.withContiguousStorageIfAvailable({ v -> String? in
            guard !v.contains(where: { $0 == 0x22 || $0 == 0x5C }) else { return nil }
            return prefix.utf8.withContiguousStorageIfAvailable { p in
                String(unsafeUninitializedCapacity: p.count + v.count + 2) { b in
                    var k = b[0..<p.count].initialize(fromContentsOf: p)
                    b[k] = 0x22
                    k = b[(k + 1)..<(k + 1 + v.count)].initialize(fromContentsOf: v)
                    b[k] = 0x22
                    return k + 1
                }
            }
        }) {
            if let fast { return fast }
        }
        let needsEscape = value.utf8.contains { $0 == 0x22 || $0 == 0x5C }
        guard needsEscape else { return concatenated(prefix, "\"", value, "\"") }
        var out = prefix + "\""
        for c in value {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        out.append("\"")
        return out
    }

    /// ``quoted(_:after:)`` for a literal prefix (for example `userName eq `), the common case of a filter: the
    /// prefix, the quotes and `value` are written once into storage of the exact size, and `value` is scanned for
    /// `"` and `\` in that copy, eight bytes at a time (a value needing escapes takes ``quoted(_:after:)``).
    /// O(length), one allocation.
    static func quoted(_ value: String, afterLiteral prefix: StaticString) -> String {
        let p = prefix.utf8CodeUnitCount
        var escapes = false
        let out = String(unsafeUninitializedCapacity: p + value.utf8.count + 2) { b -> Int in
            guard let base = b.baseAddress else { return 0 }
            base.update(from: prefix.utf8Start, count: p)
            base[p] = 0x22
            let end = copyUTF8(value, into: b, at: p + 1)
            escapes = containsQuoteOrBackslash(UnsafeRawPointer(base + p + 1), count: end - p - 1)
            b[end] = 0x22
            return end + 1
        }
        return escapes ? quoted(value, after: prefix.description) : out
    }

    /// Whether the `count` bytes at `bytes` hold a `"` (0x22) or a `\` (0x5C): eight bytes per step with the
    /// exact zero-byte test `(x - 0x01..) & ~x & 0x80..` on `x` XOR the repeated byte, then the tail byte by byte.
    @inline(__always)
    private static func containsQuoteOrBackslash(_ bytes: UnsafeRawPointer, count: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var k = 0
        while k + 8 <= count {
            let w = bytes.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let q = w ^ (ones &* 0x22)
            let s = w ^ (ones &* 0x5C)
            if ((q &- ones) & ~q & highs) | ((s &- ones) & ~s & highs) != 0 { return true }
            k += 8
        }
        while k < count {
            let u = bytes.load(fromByteOffset: k, as: UInt8.self)
            if u == 0x22 || u == 0x5C { return true }
            k += 1
        }
        return false
    }

    /// Appends the person's job attributes as both profiles send them: `title` (core schema) when set, then the
    /// enterprise extension object with `department` when set (RFC 7643 section 4.3).
    @inline(__always)
    static func appendJobFields(of p: DirectoryPerson, to o: inout JSONMembers) {
        if let title = p.title { o.append(("title", .string(title))) }
        if let department = p.department {
            let enterprise: JSONMembers = [("department", .string(department))]
            o.append((ProvisioningURN.enterpriseUser, .object(JSONObject(distinctMembers: enterprise))))
        }
    }

    /// The display name a profile derives from a person: "Given Family", either part alone, or the
    /// userName when both are empty.
    static func displayName(_ p: DirectoryPerson) -> String {
        displayName(givenName: p.givenName, familyName: p.familyName, userName: p.userName)
    }

    /// ``displayName(_:)`` of `people[i]`, read in place: the caller passes the array (borrowed, so nothing in it
    /// is retained for the call) instead of the three strings, which it retained and released around the call.
    static func displayName(_ people: [DirectoryPerson], _ i: Int) -> String {
        if people[i].givenName.isEmpty {
            return people[i].familyName.isEmpty ? people[i].userName : people[i].familyName
        }
        if people[i].familyName.isEmpty { return people[i].givenName }
        return joined(people[i].givenName, 0x20, people[i].familyName)
    }

    /// ``displayName(_:)`` from the three attributes it reads (so a caller holding the person in an array passes
    /// them without copying the whole person).
    static func displayName(givenName: String, familyName: String, userName: String) -> String {
        if givenName.isEmpty { return familyName.isEmpty ? userName : familyName }
        if familyName.isEmpty { return givenName }
        return joined(givenName, 0x20, familyName)
    }

    /// `a`, the byte `separator` (ASCII) and `b`, written once into storage of the exact size: one allocation (none
    /// for up to 15 bytes), two copies (``concatenated(_:_:_:_:)`` would make four, the last one empty).
    static func joined(_ a: String, _ separator: UInt8, _ b: String) -> String {
        String(unsafeUninitializedCapacity: a.utf8.count + 1 + b.utf8.count) { buffer in
            let k = copyUTF8(a, into: buffer, at: 0)
            buffer[k] = separator
            return copyUTF8(b, into: buffer, at: k + 1)
        }
    }

    /// `a`, `b`, `c` and `d` one after the other, written once into storage of the exact size (one
    /// allocation, none for a result of up to 15 bytes; `+` or `append` would grow and copy per part).
    static func concatenated(_ a: String, _ b: String, _ c: String, _ d: String = "") -> String {
        let total = a.utf8.count + b.utf8.count + c.utf8.count + d.utf8.count
        return String(unsafeUninitializedCapacity: total) { buffer in
            var k = copyUTF8(a, into: buffer, at: 0)
            k = copyUTF8(b, into: buffer, at: k)
            k = copyUTF8(c, into: buffer, at: k)
            return copyUTF8(d, into: buffer, at: k)
        }
    }

    /// Copies the UTF-8 of `s` into `buffer` from position `k` (which has room); returns the position after it.
    @inline(__always)
    private static func copyUTF8(_ s: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at k: Int) -> Int {
        let copied = s.utf8.withContiguousStorageIfAvailable { source -> Int in
            guard let from = source.baseAddress, let to = buffer.baseAddress, !source.isEmpty else { return 0 }
            (to + k).update(from: from, count: source.count)
            return source.count
        }
        if let copied { return k + copied }
        var j = k
        for u in s.utf8 {
            buffer[j] = u
            j += 1
        }
        return j
    }

    /// A PatchOp body around `operations` (RFC 7644 section 3.5.2).
    static func patchBody(_ operations: [JSONValue]) -> JSONValue {
        ["schemas": [.string(ProvisioningURN.patchOp)], "Operations": .array(operations)]
    }
}
