import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `run --trace` writes: a file, or standard output for `--trace -`, fed whole lines only.
///
/// The simulation writes its JSON Lines trace through a buffered C stream, which reaches the disk in 4 KiB
/// pieces that usually end mid-line. So the CLI gives the simulation a pipe (``simulationPath``,
/// `/dev/fd/N`) instead of the destination, and a relay thread copies what arrives to the destination up to
/// the last complete line, keeping the unfinished rest until its newline comes. After ``stop()`` (Ctrl-C)
/// nothing more is written, so the destination always ends on a complete line. The relay also lets
/// `--trace -` stream to standard output without the simulation opening `/dev/stdout`, which would
/// truncate a file standard output was redirected to with `>>`.
///
/// Thread-safe: ``stop()`` may be called from a signal handler's queue while the relay copies.
final class TraceRelay: Sendable {
    /// The path the simulation should open for writing (`/dev/fd/N`, the write end of the pipe).
    let simulationPath: String
    /// The destination as the user named it (`-` is standard output), for messages.
    let destinationName: String

    private struct State {
        var stopped = false
        var writeFailure: String?
    }

    private let destination: Int32
    private let ownsDestination: Bool
    private let readEnd: Int32
    private let writeEnd: Int32
    private let state = Mutex(State())
    private let finishing = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Opens `path` (created or truncated; `-` is standard output), makes the pipe and starts the relay
    /// thread.
    /// - Throws: `UsageError` naming `--trace` when the file cannot be opened or the pipe cannot be made.
    init(path: String) throws(UsageError) {
        destinationName = path
        if path == "-" {
            destination = STDOUT_FILENO
            ownsDestination = false
        } else {
            destination = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard destination >= 0 else {
                throw UsageError(flag: "--trace", "cannot open trace file \(path): \(Self.reason(errno))")
            }
            ownsDestination = true
        }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            let reason = Self.reason(errno)
            if path != "-" { close(destination) }
            throw UsageError(flag: "--trace", "cannot make a pipe for the trace: \(reason)")
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        simulationPath = "/dev/fd/\(ends[1])"
        let thread = Thread { [self] in
            copyWholeLines()
            finished.signal()
        }
        thread.name = "scimsim trace relay"
        thread.start()
    }

    /// Waits until everything the simulation wrote has reached the destination, then closes the file.
    /// Call once, after the run returned (its trace stream may still hold buffered lines: this flushes every
    /// C stream of the process first).
    /// - Returns: why writing the trace failed (e.g. "No space left on device"), or `nil` when it succeeded.
    func finish() -> String? {
        fflush(nil)
        finishing.store(true, ordering: .releasing)
        finished.wait()
        close(writeEnd)
        // The read end stays open: were the simulation's stream to write again, it must not die of SIGPIPE.
        if ownsDestination { close(destination) }
        return state.withLock { $0.writeFailure }
    }

    /// Stops copying for good: after this returns no byte reaches the destination, which ends on a complete
    /// line (the copy in progress, a run of whole lines, finishes first).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// The relay thread: reads the pipe and writes each run of complete lines to the destination.
    private func copyWholeLines() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            // Read `finishing` before polling: once it is set, everything written is already in the pipe, so
            // a poll that then finds nothing means the trace is complete.
            let draining = finishing.load(ordering: .acquiring)
            var request = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, draining ? 0 : 100)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 {
                if ready < 0 || draining { break }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[..<count])
            guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            deliver(pending[...lastNewline])
            pending.removeSubrange(...lastNewline)
        }
        // The simulation ends every line, so this is empty unless its stream failed mid-line: keep the data.
        if !pending.isEmpty { deliver(pending[...]) }
    }

    /// Writes `bytes` whole unless stopped; records the first failure and stops on it.
    private func deliver(_ bytes: ArraySlice<UInt8>) {
        state.withLock { state in
            guard !state.stopped else { return }
            var rest = bytes
            while !rest.isEmpty {
                let written = rest.withUnsafeBytes { write(destination, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    state.writeFailure = Self.reason(errno)
                    state.stopped = true
                    return
                }
                rest = rest.dropFirst(written)
            }
        }
    }

    /// The C library's text for `code`.
    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
