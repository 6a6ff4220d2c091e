#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends trace events to a file, one JSON object per line, through a buffered C stream.
struct JSONLinesWriter {
    private var file: UnsafeMutablePointer<FILE>?

    /// Opens (creating or truncating) `path`. Throws `SimulationError.traceFile` naming the path on failure.
    init(path: String) throws(SimulationError) {
        guard let handle = fopen(path, "w") else {
            throw SimulationError.traceFile(path: path, reason: String(cString: strerror(errno)))
        }
        file = handle
    }

    /// Writes one event as `{"step":..,"t_ns":..,"party":"..","kind":"..",<fields>}` and a newline.
    mutating func write(_ event: TraceEvent) {
        guard let file else { return }
        var line = "{\"step\":\(event.step),\"t_ns\":\(event.virtualNanoseconds),\"party\":"
        JSONLinesWriter.appendQuoted(event.party, to: &line)
        line += ",\"kind\":"
        JSONLinesWriter.appendQuoted(event.kind, to: &line)
        for field in event.fields {
            line += ","
            JSONLinesWriter.appendQuoted(field.name, to: &line)
            line += ":"
            switch field.value {
            case .text(let text): JSONLinesWriter.appendQuoted(text, to: &line)
            default: line += field.value.description
            }
        }
        line += "}\n"
        fputs(line, file)
    }

    /// Closes the file.
    mutating func close() {
        if let file { fclose(file) }
        file = nil
    }

    /// Appends `text` as a JSON string literal (RFC 8259 section 7 escaping).
    static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
