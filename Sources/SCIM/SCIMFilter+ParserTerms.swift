extension SCIMFilterParser {
    /// `attrExp` or `valuePath` (RFC 7644 section 3.4.2.2), plus the tolerated `valuePath "." subAttr
    /// compareOp compValue` form (see ``SCIMFilterParseOptions/allowsValuePathComparison``).
    mutating func parseAttributeExpression() throws(SCIMError) -> SCIMFilter {
        let pathStart = position
        terms += 1
        guard terms <= SCIMFilter.maxTerms else {
            throw fail("more than \(SCIMFilter.maxTerms) attribute expressions", at: pathStart)
        }
        let path = try parsePath()
        if position < bytes.count && bytes[position] == UInt8(ascii: "[") {
            guard !insideValuePath else { throw fail("value paths cannot be nested") }
            guard path.subAttribute == nil else {
                throw fail("a value path's attribute cannot have a sub-attribute", at: pathStart)
            }
            let open = position
            try enter()
            position += 1
            insideValuePath = true
            let inner = try parseOr()
            insideValuePath = false
            skipWhitespace()
            guard position < bytes.count && bytes[position] == UInt8(ascii: "]") else {
                throw fail("expected ']' to close the '[' at offset \(open)")
            }
            position += 1
            depth -= 1
            guard position < bytes.count && bytes[position] == UInt8(ascii: ".") else {
                return .valuePath(path, inner)
            }
            guard options.allowsValuePathComparison else {
                throw fail("a value path in a filter ends at ']' (RFC 7644 section 3.4.2.2)")
            }
            position += 1
            let subStart = position
            let sub = try parsePath()
            guard sub.schema == nil && sub.subAttribute == nil else {
                throw fail("expected a sub-attribute name after ']'", at: subStart)
            }
            return .valuePath(path, .and(inner, try parseOperatorAndValue(sub)))
        }
        if insideValuePath && (path.schema != nil || path.subAttribute != nil) {
            throw fail("inside '[...]' attributes are plain sub-attribute names", at: pathStart)
        }
        return try parseOperatorAndValue(path)
    }

    /// Reads a path token and parses it with ``AttributePath``.
    mutating func parsePath() throws(SCIMError) -> AttributePath {
        let start = position
        while position < bytes.count && isPathCharacter(bytes[position]) { position += 1 }
        guard position > start else { throw fail("expected an attribute path") }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<position])
        guard let path = AttributePath.scan(token) else {
            throw fail("'\(String(decoding: token, as: UTF8.self))' is not an attribute path", at: start)
        }
        return path
    }

    /// `SP "pr"` or `SP compareOp SP compValue` after `path`.
    mutating func parseOperatorAndValue(_ path: AttributePath) throws(SCIMError) -> SCIMFilter {
        guard position < bytes.count && (bytes[position] == 0x20 || bytes[position] == 0x09) else {
            throw fail("expected an operator after '\(path)'")
        }
        skipWhitespace()
        let opStart = position
        while position < bytes.count && isLetter(bytes[position]) { position += 1 }
        guard position > opStart else { throw fail("expected an operator after '\(path)'") }
        let op: SCIMFilterOperator
        switch position - opStart == 2 ? (asciiLower(bytes[opStart]), asciiLower(bytes[opStart + 1])) : (0, 0) {
        case (0x70, 0x72): return .present(path)  // pr
        case (0x65, 0x71): op = .eq
        case (0x6E, 0x65): op = .ne
        case (0x63, 0x6F): op = .co
        case (0x73, 0x77): op = .sw
        case (0x65, 0x77): op = .ew
        case (0x67, 0x74): op = .gt
        case (0x67, 0x65): op = .ge
        case (0x6C, 0x74): op = .lt
        case (0x6C, 0x65): op = .le
        default:
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[opStart..<position]), as: UTF8.self)
            throw fail("unknown operator '\(word)'", at: opStart)
        }
        skipWhitespace()
        return .compare(path, op, try parseValue(after: op))
    }

    /// `compValue = false / null / true / number / string` (JSON literals; the keywords in any case), or a
    /// bare word when ``SCIMFilterParseOptions/allowsBareStringValues`` is set.
    mutating func parseValue(after op: SCIMFilterOperator) throws(SCIMError) -> SCIMFilterValue {
        guard position < bytes.count else { throw fail("expected a value after '\(op.rawValue)'") }
        if bytes[position] == UInt8(ascii: "\"") {
            var scanner = JSONParser(bytes)
            scanner.position = position
            scanner.errorType = .invalidFilter
            do throws(SCIMError) {
                let s = try scanner.parseString()
                position = scanner.position
                return .string(s)
            } catch {
                let reason =
                    error.detail.hasPrefix("Invalid JSON: ") ? String(error.detail.dropFirst(14)) : error.detail
                throw SCIMError.invalidFilter("Invalid filter: bad string literal, \(reason) in '\(text)'")
            }
        }
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x20 || b == 0x09 || b == 0x29 || b == 0x5D || b == 0x28 || b == 0x5B || b == 0x22 { break }
            position += 1
        }
        guard position > start else { throw fail("expected a value after '\(op.rawValue)'") }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        switch word.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if let first = word.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
            if let number = try? JSONCodec.decode(word) {
                switch number {
                case .int(let i): return .int(i)
                case .double(let d): return .decimal(d)
                default: break
                }
            }
        }
        guard options.allowsBareStringValues else {
            throw fail("'\(word)' is not a value; strings must be in double quotes", at: start)
        }
        return .string(word)
    }
}
