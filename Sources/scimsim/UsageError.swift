/// A command-line mistake. The message always names the flag (or argument) at fault, and the command
/// exits with status ``ExitStatus/usage`` without running anything.
struct UsageError: Error, Equatable, CustomStringConvertible {
    /// The flag at fault as typed on the command line, e.g. `--users` (`nil` for a stray argument).
    var flag: String?
    /// The whole message, starting with the flag when there is one.
    var message: String

    /// An error about `flag`; the message becomes `"<flag>: <problem>"`.
    init(flag: String, _ problem: String) {
        self.flag = flag
        self.message = "\(flag): \(problem)"
    }

    /// An error not tied to one flag (e.g. an unexpected positional argument).
    init(message: String) {
        self.flag = nil
        self.message = message
    }

    var description: String { message }
}

/// The process exit statuses of every `scimsim` subcommand.
enum ExitStatus {
    /// Every invariant held (`run`), every seed passed (`sweep`), or help was printed.
    static let success: Int32 = 0
    /// An invariant was violated (`run`), or at least one seed failed (`sweep`).
    static let violation: Int32 = 1
    /// Bad usage: unknown flag, missing or malformed value, conflicting flags, unreadable input file.
    static let usage: Int32 = 2
    /// Interrupted by Ctrl-C (SIGINT) during `run --trace`, after the trace was ended on a complete line.
    static let interrupted: Int32 = 130
}
