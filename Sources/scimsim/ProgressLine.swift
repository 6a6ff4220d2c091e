import Foundation
import Synchronization

/// The progress line on standard error while a run lasts more than a second: virtual time, people
/// converged and steps per wall second, rewritten in place with `\r` at most ten times a second and
/// cleared by ``finish()``. Only created when standard error is a terminal.
///
/// Thread-safe: the runner may report from its own thread.
final class ProgressLine: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drawnWidth = 0
    }

    private let start: ContinuousClock.Instant
    private let state = Mutex(State())

    /// A progress line for a run starting now.
    init() {
        self.start = ContinuousClock.now
    }

    /// Redraws the line if the run has lasted over a second and the last draw is 100 ms old.
    func update(_ sample: ProgressSample) {
        let now = ContinuousClock.now
        let elapsed = now - start
        guard elapsed > .seconds(1) else { return }
        state.withLock { state in
            if let last = state.lastDraw, now - last < .milliseconds(100) { return }
            state.lastDraw = now
            let line = Self.text(sample, wallSeconds: VirtualDuration.seconds(elapsed))
            let padding = String(repeating: " ", count: max(0, state.drawnWidth - line.count))
            state.drawnWidth = line.count
            Console.error("\r" + line + padding)
        }
    }

    /// Erases the line if it was drawn.
    func finish() {
        state.withLock { state in
            guard state.drawnWidth > 0 else { return }
            Console.error("\r" + String(repeating: " ", count: state.drawnWidth) + "\r")
            state.drawnWidth = 0
        }
    }

    /// The line's text: `virtual 2h 03m 04s | 8,123/10,000 people converged | 612,345 steps/s`.
    static func text(_ sample: ProgressSample, wallSeconds: Double) -> String {
        let rate = wallSeconds > 0 ? Int((Double(sample.steps) / wallSeconds).rounded()) : 0
        return "virtual \(VirtualDuration.humanText(sample.virtualTime)) | "
            + "\(ReportTable.grouped(sample.peopleConverged))/\(ReportTable.grouped(sample.peopleWanted)) people converged | "
            + "\(ReportTable.grouped(rate)) steps/s"
    }
}
