/// One flag as read from the command line: `--name value` or `--name=value`.
struct Flag: Equatable {
    /// The flag as typed, without any `=value` part (e.g. `--users`).
    var name: String
    /// The value after `=` when the flag was written `--name=value`.
    var inlineValue: String?
}

/// A hand-written reader over a subcommand's arguments (no argument-parsing package, by design).
///
/// Grammar: every argument is a flag (`--name`, `-h`), optionally `--name=value`; a flag that takes a
/// value takes the next argument unless it was given inline. Positional arguments are errors.
/// Every flag may appear at most once per command line. O(1) per call.
struct ArgumentReader {
    private let arguments: [String]
    private var position = 0
    private var seen: [String] = []

    /// A reader over `arguments` (the subcommand's arguments, without the program or subcommand name).
    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    /// One command-line word: a flag, or an operand (any word not starting with `-`, and `-` alone).
    enum Argument: Equatable {
        case flag(Flag)
        case operand(String)
    }

    /// The next flag, or `nil` at the end.
    /// - Throws: `UsageError` for a positional argument or a flag given twice.
    mutating func nextFlag() throws(UsageError) -> Flag? {
        switch try nextArgument() {
        case nil: return nil
        case .flag(let flag)?: return flag
        case .operand(let word)?:
            throw UsageError(message: "unexpected argument '\(word)' (every option is a --flag; see --help)")
        }
    }

    /// The next flag or operand (for commands that take operands, such as `replay FILE`), or `nil` at the end.
    /// - Throws: `UsageError` for a flag given twice.
    mutating func nextArgument() throws(UsageError) -> Argument? {
        guard position < arguments.count else { return nil }
        let argument = arguments[position]
        position += 1
        guard argument.hasPrefix("-"), argument.count > 1 else { return .operand(argument) }
        let flag: Flag
        if let equals = argument.firstIndex(of: "=") {
            flag = Flag(
                name: String(argument[..<equals]), inlineValue: String(argument[argument.index(after: equals)...]))
        } else {
            flag = Flag(name: argument, inlineValue: nil)
        }
        if seen.contains(flag.name) {
            throw UsageError(flag: flag.name, "given more than once")
        }
        seen.append(flag.name)
        return .flag(flag)
    }

    /// The value of `flag`: its inline value, or else the next argument.
    /// - Parameter expected: what the value should be, for the error message (e.g. "a number of people").
    /// - Throws: `UsageError` naming the flag when the value is missing or empty.
    mutating func value(of flag: Flag, expected: String) throws(UsageError) -> String {
        if let inline = flag.inlineValue {
            guard !inline.isEmpty else { throw UsageError(flag: flag.name, "missing value (expected \(expected))") }
            return inline
        }
        guard position < arguments.count, !arguments[position].hasPrefix("--") else {
            throw UsageError(flag: flag.name, "missing value (expected \(expected))")
        }
        let value = arguments[position]
        position += 1
        guard !value.isEmpty else { throw UsageError(flag: flag.name, "missing value (expected \(expected))") }
        return value
    }

    /// Rejects an inline value on a flag that takes none (e.g. `--json=yes`).
    func requireNoValue(_ flag: Flag) throws(UsageError) {
        if flag.inlineValue != nil {
            throw UsageError(flag: flag.name, "takes no value")
        }
    }

    /// Whether `arguments` asks for help (`--help` or `-h` anywhere); help wins over every other flag.
    static func wantsHelp(_ arguments: [String]) -> Bool {
        arguments.contains("--help") || arguments.contains("-h")
    }

    /// The error for an unrecognised flag, suggesting the closest known flag when one is near.
    static func unknownFlag(_ flag: Flag, known: [String]) -> UsageError {
        let suggestion = known.min { editDistance(flag.name, $0) < editDistance(flag.name, $1) }
        if let suggestion, editDistance(flag.name, suggestion) <= 2 {
            return UsageError(flag: flag.name, "unknown flag (did you mean \(suggestion)?)")
        }
        return UsageError(flag: flag.name, "unknown flag (see --help)")
    }

    /// Levenshtein distance over Unicode scalars; O(|a| * |b|), flags are short.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
