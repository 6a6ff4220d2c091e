/// The recursive-descent JSON parser behind ``JSONCodec/decode(_:)-([UInt8])`` (RFC 8259 grammar, strict:
/// no comments, no trailing commas, no single quotes, no leading zeros, no NaN/Infinity).
///
/// It reads an unsafe buffer that the caller keeps alive for the parser's lifetime; every read is bounds
/// checked against `end`, so malformed input throws instead of trapping.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int = 0
    var depth: Int = 0
    /// The error kind to throw (`invalidSyntax` for bodies; the filter parser reuses the string scanner).
    var errorType: SCIMType = .invalidSyntax

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ message: String, at offset: Int? = nil) -> SCIMError {
        SCIMError(status: 400, scimType: errorType, detail: "\(message) at offset \(offset ?? position)")
    }

    /// One whole document: optional BOM, a value, optional whitespace, end of input.
    mutating func parseDocument() throws(SCIMError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw fail("Invalid JSON: unexpected content after the value") }
        return value
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            position += 1
        }
    }

    mutating func parseValue() throws(SCIMError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw fail("Invalid JSON: unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("Invalid JSON: unexpected character")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(SCIMError) -> JSONValue {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { throw fail("Invalid JSON: unexpected end of input") }
        let start = word.utf8Start
        for k in 0..<n where bytes[position + k] != start[k] { throw fail("Invalid JSON: unknown literal") }
        position += n
        return value
    }

    private mutating func enter() throws(SCIMError) {
        depth += 1
        guard depth <= JSONCodec.maxDepth else {
            throw fail("Invalid JSON: nesting deeper than \(JSONCodec.maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(SCIMError) -> JSONObject {
        try enter()
        position += 1
        var object = JSONObject()
        var index: [String: Int]?
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return object
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail("Invalid JSON: expected a member name")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail("Invalid JSON: expected ':' after a member name")
            }
            position += 1
            let value = try parseValue()
            if let existing = index?[key] ?? (index == nil ? object.members.firstIndex { $0.key == key } : nil) {
                object.setValue(value, at: existing)
            } else {
                index?[key] = object.count
                object.append(key: key, value: value)
                if index == nil && object.count > 16 {
                    var built: [String: Int] = [:]
                    for (i, m) in object.members.enumerated() { built[m.key] = i }
                    index = built
                }
            }
            skipWhitespace()
            guard position < bytes.count else { throw fail("Invalid JSON: unterminated object") }
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw fail("Invalid JSON: expected ',' or '}' in an object", at: position - 1)
        }
        depth -= 1
        return object
    }

    private mutating func parseArray() throws(SCIMError) -> [JSONValue] {
        try enter()
        position += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return array
        }
        while true {
            array.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw fail("Invalid JSON: unterminated array") }
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw fail("Invalid JSON: expected ',' or ']' in an array", at: position - 1)
        }
        depth -= 1
        return array
    }

    /// A number per RFC 8259 section 6: exact `Int64` when it has no fraction or exponent and fits, else a
    /// finite `Double`.
    private mutating func parseNumber() throws(SCIMError) -> JSONValue {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        let intStart = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
        let intDigits = position - intStart
        guard intDigits > 0 else { throw fail("Invalid JSON: expected a digit", at: position) }
        guard !(intDigits > 1 && bytes[intStart] == UInt8(ascii: "0")) else {
            throw fail("Invalid JSON: leading zero in a number", at: intStart)
        }
        var isInteger = true
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            let fracStart = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            guard position > fracStart else { throw fail("Invalid JSON: expected a digit after '.'") }
        }
        if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            isInteger = false
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
            {
                position += 1
            }
            let expStart = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            guard position > expStart else { throw fail("Invalid JSON: expected a digit in the exponent") }
        }
        if isInteger && intDigits <= 19 {
            var magnitude: UInt64 = 0
            for k in intStart..<position { magnitude = magnitude &* 10 &+ UInt64(bytes[k] &- 0x30) }
            if negative && magnitude <= UInt64(Int64.max) + 1 {
                return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            if !negative && magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw fail("Invalid JSON: number out of range", at: start) }
        return .double(d)
    }
}
