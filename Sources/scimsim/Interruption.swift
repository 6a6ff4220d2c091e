import Dispatch
import Foundation

/// Ctrl-C (SIGINT) while `run --trace` writes: finish cleanly instead of dying mid-line.
///
/// The signal is handled on a Dispatch queue of the CLI, never inside the simulation (whose thread keeps
/// running until the process exits): the handler runs in ordinary thread context, so it may take locks and
/// print, and then ends the process with ``ExitStatus/interrupted`` (128 + SIGINT, as shells report it).
enum Interruption {
    /// Handles SIGINT from now on: runs `onInterrupt`, then exits with status 130 without running `atexit`
    /// handlers or flushing C streams (the simulation's thread may hold one). Keep the returned source alive
    /// for as long as the handling should last.
    static func handle(_ onInterrupt: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "scimsim.sigint"))
        source.setEventHandler {
            onInterrupt()
            _exit(ExitStatus.interrupted)
        }
        source.resume()
        return source
    }
}
