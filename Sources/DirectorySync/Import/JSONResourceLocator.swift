/// Finds where each element of a ListResponse's top-level `Resources` array starts, so an error about
/// `Resources[i]` can name a line and column although the decoded `JSONValue` keeps no positions.
///
/// A small scanner over well-formed JSON (the caller parsed it already): it tracks nesting depth and skips
/// string contents (with `\` escapes); at depth 1 it remembers the last key, and inside the array value of
/// the key `Resources` (matched case-insensitively) it records the offset of each element's first byte.
/// O(n) in the document's bytes.
enum JSONResourceLocator {
    static func resourceOffsets(in bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var depth = 0
        var lastString: [UInt8] = []
        var key: [UInt8] = []
        var resourcesDepth = -1
        var expectElement = false
        var i = 0
        let target = Array("resources".utf8)
        while i < bytes.count {
            let byte = bytes[i]
            if depth == resourcesDepth && expectElement && !isWhitespace(byte) && byte != 0x5D {
                offsets.append(i)
                expectElement = false
            }
            switch byte {
            case 0x22:  // string: skip to its closing quote, keep its bytes when at depth 1
                let start = i + 1
                i += 1
                while i < bytes.count && bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
                if depth == 1 { lastString = Array(bytes[start..<min(i, bytes.count)]) }
            case 0x3A:  // ':'
                if depth == 1 { key = lastString.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } }
            case 0x7B, 0x5B:  // '{' '['
                depth += 1
                if byte == 0x5B && depth == 2 && resourcesDepth < 0 && key == target {
                    resourcesDepth = 2
                    expectElement = true
                }
            case 0x7D, 0x5D:  // '}' ']'
                if depth == resourcesDepth && byte == 0x5D { resourcesDepth = -2 }  // done; never match again
                depth -= 1
            case 0x2C:  // ','
                if depth == resourcesDepth { expectElement = true }
            default: break
            }
            i += 1
        }
        return offsets
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
