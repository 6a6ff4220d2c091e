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

    /// ``displayName(_:)`` from the three attributes it reads (so a caller holding the person in an array passes
    /// them without copying the whole person).
    static func displayName(givenName: String, familyName: String, userName: String) -> String {
        if givenName.isEmpty { return familyName.isEmpty ? userName : familyName }
        if familyName.isEmpty { return givenName }
        return concatenated(givenName, " ", familyName)
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
