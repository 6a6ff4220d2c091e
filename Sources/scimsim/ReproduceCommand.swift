/// The exact command line that reproduces a run, printed when an invariant fails.
enum ReproduceCommand {
    /// The prefix every reproduce command starts with (a release build of this package's `scimsim`).
    static let prefix = ["swift", "run", "-c", "release", "scimsim", "run"]

    /// `swift run -c release scimsim run --seed <seed> <model flags> [--trace FILE] [--json]`, each
    /// argument shell-quoted when needed. The seed is always written, even when it is the default.
    static func text(seed: UInt64, model: ModelOptions, tracePath: String? = nil, json: Bool = false) -> String {
        var arguments = prefix + ["--seed", String(seed)] + model.arguments
        if let tracePath { arguments += ["--trace", tracePath] }
        if json { arguments.append("--json") }
        return arguments.map(shellQuoted).joined(separator: " ")
    }

    /// `argument` as a POSIX shell word: unchanged when it holds only safe characters, otherwise in
    /// single quotes with each `'` written as `'\''`.
    static func shellQuoted(_ argument: String) -> String {
        let safe = argument.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "@%+=:,./_-".unicodeScalars.contains(scalar))
        }
        if safe && !argument.isEmpty { return argument }
        return "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
