extension JSONCodec {
    /// Appends the compact encoding of `value` (the rules are on ``JSONCodec``). Recursion depth equals the
    /// value's nesting depth.
    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: appendASCII("null", into: &out)
        case .bool(let b): appendASCII(b ? "true" : "false", into: &out)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d):
            if d.isFinite { appendASCII(String(d), into: &out) } else { appendASCII("null", into: &out) }
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            var first = true
            for e in elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                write(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            for m in object.members {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func appendASCII(_ s: String, into out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }

    /// Decimal digits of `i` without going through `String` (the hot path for counters and ids).
    static func writeInt(_ i: Int64, into out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        if magnitude < 10 {
            out.append(UInt8(truncatingIfNeeded: magnitude) + 0x30)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var k = 20
            while magnitude > 0 {
                k -= 1
                scratch[k] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[k..<20]))
        }
    }
}
