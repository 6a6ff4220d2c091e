import Foundation

/// Unbuffered writes to standard output and standard error (each call is one `write`, so lines
/// from a sweep appear as soon as they are printed, even through a pipe).
enum Console {
    /// Writes `text` to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `text` to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether standard error is a terminal (`isatty(2)`), which enables the progress line.
    static var standardErrorIsTerminal: Bool {
        isatty(FileHandle.standardError.fileDescriptor) == 1
    }

    /// Prints a usage error for `command` (e.g. `run`) and returns ``ExitStatus/usage``.
    static func usage(_ error: UsageError, command: String) -> Int32 {
        Console.error("scimsim \(command): \(error.message)\nRun 'scimsim \(command) --help' for usage.\n")
        return ExitStatus.usage
    }
}
