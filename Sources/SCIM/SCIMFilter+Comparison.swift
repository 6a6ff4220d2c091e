/// One compiled `attrPath op value` comparison: the operator and the literal converted to the attribute's
/// type (RFC 7644 section 3.4.2.2; type rules on ``SCIMFilter/compile(for:)``).
struct FilterComparison: Sendable {
    enum Kind: Sendable {
        /// String comparison; `needle` is lower-cased when not `caseExact`.
        case string(needle: String, caseExact: Bool, needleIsASCII: Bool)
        case integer(Int64)
        case decimal(Double)
        case boolean(Bool)
        case dateTime(SCIMDateTime)
        /// `eq null` / `ne null`.
        case null
    }

    let op: SCIMFilterOperator
    let kind: Kind

    init(op: SCIMFilterOperator, value: SCIMFilterValue, attribute: SCIMAttribute, path: AttributePath)
        throws(SCIMError)
    {
        func invalid(_ why: String) -> SCIMError {
            SCIMError.invalidFilter("Invalid filter: '\(path) \(op.rawValue) \(value)': \(why)")
        }
        self.op = op
        if case .null = value {
            guard op == .eq || op == .ne else { throw invalid("null can only be compared with eq or ne") }
            kind = .null
            return
        }
        switch attribute.type {
        case .boolean:
            guard op == .eq || op == .ne else { throw invalid("boolean attributes support only eq and ne") }
            switch value {
            case .bool(let b): kind = .boolean(b)
            case .string(let s) where asciiCaseInsensitiveEquals(s, "true"): kind = .boolean(true)
            case .string(let s) where asciiCaseInsensitiveEquals(s, "false"): kind = .boolean(false)
            default: throw invalid("a boolean attribute needs true or false")
            }
        case .integer, .decimal:
            if op == .co || op == .sw || op == .ew {
                throw invalid("numeric attributes do not support \(op.rawValue)")
            }
            switch value {
            case .int(let i): kind = .integer(i)
            case .decimal(let d): kind = .decimal(d)
            default: throw invalid("a numeric attribute needs a number")
            }
        case .dateTime where op == .co || op == .sw || op == .ew:
            guard case .string(let s) = value else { throw invalid("a dateTime attribute needs a string") }
            kind = Self.stringKind(s, caseExact: false)
        case .dateTime:
            guard case .string(let s) = value, let instant = SCIMDateTime(s) else {
                throw invalid("a dateTime attribute needs an RFC 3339 date-time string")
            }
            kind = .dateTime(instant)
        case .binary where op.isOrdering:
            throw invalid("binary attributes do not support \(op.rawValue)")
        case .complex:
            throw invalid("complex attributes cannot be compared")
        case .string, .reference, .binary:
            let text: String
            switch value {
            case .string(let s): text = s
            case .null: text = ""
            default: text = value.description
            }
            kind = Self.stringKind(text, caseExact: attribute.caseExact || attribute.type == .reference)
        }
    }

    static func stringKind(_ s: String, caseExact: Bool) -> Kind {
        let needle = caseExact ? s : s.lowercased()
        return .string(needle: needle, caseExact: caseExact, needleIsASCII: isASCII(needle))
    }

    /// Whether `value` satisfies the operator (for `ne`, whether it is *equal*: the caller negates).
    func test(_ value: JSONValue) -> Bool {
        switch kind {
        case .null: return false
        case .boolean(let b):
            switch value {
            case .bool(let v): return v == b
            case .string(let s): return asciiCaseInsensitiveEquals(s, b ? "true" : "false")
            default: return false
            }
        case .integer(let needle):
            switch value {
            case .int(let v): return order(v < needle ? -1 : v == needle ? 0 : 1)
            case .double(let v): return order(v < Double(needle) ? -1 : v == Double(needle) ? 0 : 1)
            default: return false
            }
        case .decimal(let needle):
            let v: Double
            switch value {
            case .int(let i): v = Double(i)
            case .double(let d): v = d
            default: return false
            }
            return order(v < needle ? -1 : v == needle ? 0 : 1)
        case .dateTime(let needle):
            guard case .string(let s) = value, let v = SCIMDateTime(s) else { return false }
            return order(v < needle ? -1 : v == needle ? 0 : 1)
        case .string(let needle, let caseExact, let needleIsASCII):
            guard case .string(let s) = value else { return false }
            if !caseExact && needleIsASCII, let result = testASCIIFolded(s, needle) { return result }
            return testString(caseExact ? s : s.lowercased(), needle)
        }
    }

    /// Maps a three-way comparison result (-1, 0, 1) through the operator (`ne` tests equality).
    private func order(_ c: Int) -> Bool {
        switch op {
        case .eq, .ne: return c == 0
        case .gt: return c > 0
        case .ge: return c >= 0
        case .lt: return c < 0
        case .le: return c <= 0
        case .co, .sw, .ew: return false
        }
    }

    /// Unicode comparison (`String` equality is canonical equivalence, so NFC and NFD forms are equal).
    private func testString(_ s: String, _ needle: String) -> Bool {
        switch op {
        case .eq, .ne: return s == needle
        case .co: return needle.isEmpty || s.contains(needle)
        case .sw: return s.hasPrefix(needle)
        case .ew: return s.hasSuffix(needle)
        case .gt: return s > needle
        case .ge: return s >= needle
        case .lt: return s < needle
        case .le: return s <= needle
        }
    }

    /// The same as `testString(s.lowercased(), needle)` for lower-case ASCII `needle`, without allocating;
    /// `nil` when `s` is not all ASCII (the caller then folds with Unicode rules).
    private func testASCIIFolded(_ s: String, _ needle: String) -> Bool? {
        var s = s
        var needle = needle
        return s.withUTF8 { a -> Bool? in
            for byte in a where byte >= 0x80 { return nil }
            return needle.withUTF8 { b in
                switch op {
                case .eq, .ne: return a.count == b.count && foldedEqual(a, 0, b)
                case .sw: return a.count >= b.count && foldedEqual(a, 0, b)
                case .ew: return a.count >= b.count && foldedEqual(a, a.count - b.count, b)
                case .co:
                    guard a.count >= b.count else { return false }
                    for start in 0...(a.count - b.count) where foldedEqual(a, start, b) { return true }
                    return false
                case .gt, .ge, .lt, .le:
                    var c = 0
                    for k in 0..<min(a.count, b.count) where fold(a[k]) != b[k] {
                        c = fold(a[k]) < b[k] ? -1 : 1
                        break
                    }
                    if c == 0 { c = a.count < b.count ? -1 : a.count == b.count ? 0 : 1 }
                    return order(c)
                }
            }
        }
    }

    private func foldedEqual(_ a: UnsafeBufferPointer<UInt8>, _ offset: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<b.count where fold(a[offset + k]) != b[k] { return false }
        return true
    }

    private func fold(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
}

/// `true` when every byte of `s` is ASCII.
func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }
