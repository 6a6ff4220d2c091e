import DirectorySync

/// Parsers for flag values. Each error names the flag and shows the value it got.
enum ValueParsing {
    /// A whole number in `range`, written in decimal digits with optional `_` separators (`10_000`).
    /// - Throws: `UsageError` naming `flag` for anything else, including values out of `range`.
    static func count(_ text: String, flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        let problem = "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'"
        guard let value = decimal(text), value <= UInt64(range.upperBound), Int(value) >= range.lowerBound else {
            throw UsageError(flag: flag, problem)
        }
        return Int(value)
    }

    /// A seed: a whole number from 0 to 2^64 - 1, decimal (optional `_` separators) or `0x` hexadecimal.
    /// - Throws: `UsageError` naming `flag` otherwise.
    static func seed(_ text: String, flag: String) throws(UsageError) -> UInt64 {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2).filter { $0 != "_" }
            if !digits.isEmpty, let value = UInt64(digits, radix: 16) { return value }
        } else if let value = decimal(text) {
            return value
        }
        throw UsageError(flag: flag, "expected a seed (a whole number from 0 to \(UInt64.max)), got '\(text)'")
    }

    /// One of `cases` by its raw value (`okta`, `initial-sync`, ...), compared exactly.
    /// - Parameter noun: what the value is, for the message ("scenario").
    /// - Throws: `UsageError` naming `flag` and listing every accepted value.
    static func choice<T: RawRepresentable>(
        _ text: String, flag: String, noun: String, among cases: [T]
    ) throws(UsageError) -> T where T.RawValue == String {
        if let value = cases.first(where: { $0.rawValue == text }) { return value }
        let accepted = cases.map(\.rawValue).joined(separator: ", ")
        throw UsageError(flag: flag, "unknown \(noun) '\(text)' (expected one of: \(accepted))")
    }

    /// `none`, `swarm`, or a comma-separated list of fault kinds. The list is normalised to
    /// `FaultKind.allCases` order without repeats, so `reorder,loss` and `loss,reorder` are the same run.
    /// - Throws: `UsageError` naming `flag` for an empty list or an unknown kind.
    static func faults(_ text: String, flag: String) throws(UsageError) -> FaultSelection {
        switch text {
        case "none": return FaultSelection.none
        case "swarm": return .swarm
        default: break
        }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var kinds: [FaultKind] = []
        for name in names {
            guard let kind = FaultKind(rawValue: name) else {
                if name == "none" || name == "swarm" {
                    throw UsageError(
                        flag: flag, "'\(name)' stands alone: give --faults \(name), or a comma list of fault kinds")
                }
                let accepted = FaultKind.allCases.map(\.rawValue).joined(separator: ", ")
                let shown = name.isEmpty ? "an empty name" : "unknown fault kind '\(name)'"
                throw UsageError(flag: flag, "\(shown) (expected none, swarm, or a comma list of: \(accepted))")
            }
            kinds.append(kind)
        }
        return .only(FaultKind.allCases.filter { kinds.contains($0) })
    }

    /// The flag text of a fault selection: `none`, `swarm` or `loss,reorder`; inverse of ``faults(_:flag:)``.
    static func text(of faults: FaultSelection) -> String {
        switch faults {
        case .none: return "none"
        case .swarm: return "swarm"
        case .only(let kinds): return kinds.map(\.rawValue).joined(separator: ",")
        }
    }

    /// Decimal digits with optional single `_` separators between digits; `nil` on overflow or other text.
    static func decimal(_ text: String) -> UInt64? {
        guard let first = text.first, first.isASCII, first.isNumber, text.last != "_", !text.contains("__") else {
            return nil
        }
        let digits = text.filter { $0 != "_" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(digits)
    }
}
