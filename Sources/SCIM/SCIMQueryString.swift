/// Parsing of URL query strings into ``SCIMRequest/QueryItem``s, the way SCIM clients encode them.
///
/// `application/x-www-form-urlencoded` rules (WHATWG URL, section 5.1): `&` separates pairs, the
/// first `=` separates name from value, `+` decodes to a space (Entra sends `filter=userName+eq+...`),
/// `%XX` decodes as UTF-8 (Okta sends `%20` and `%22`). An invalid escape is kept literally; bytes
/// that are not valid UTF-8 are replaced by U+FFFD. A name without `=` gets the empty value.
public enum SCIMQueryString {
    /// The decoded parameters of `query` (without the leading `?`), in order. O(length).
    public static func parse(_ query: String) -> [SCIMRequest.QueryItem] {
        var items: [SCIMRequest.QueryItem] = []
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let eq = pair.firstIndex(of: UInt8(ascii: "="))
            let name = decode(eq.map { pair[pair.startIndex..<$0] } ?? pair[...])
            let value = eq.map { decode(pair[pair.index(after: $0)...]) } ?? ""
            items.append(SCIMRequest.QueryItem(name: name, value: value))
        }
        return items
    }

    /// Splits a request target such as `/Users?filter=...` into the path and the decoded query.
    public static func splitTarget(_ target: String) -> (path: String, query: [SCIMRequest.QueryItem]) {
        guard let q = target.firstIndex(of: "?") else { return (target, []) }
        return (String(target[..<q]), parse(String(target[target.index(after: q)...])))
    }

    /// Percent- and plus-decodes one component.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), let h1 = bytes.index(i, offsetBy: 1, limitedBy: bytes.endIndex),
                h1 != bytes.endIndex, let h2 = bytes.index(h1, offsetBy: 1, limitedBy: bytes.endIndex),
                h2 != bytes.endIndex, let hi = hex(bytes[h1]), let lo = hex(bytes[h2])
            {
                out.append(hi << 4 | lo)
                i = h2
            } else {
                out.append(b)
            }
            i = bytes.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
