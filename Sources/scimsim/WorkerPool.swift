import Foundation
import Synchronization

/// A small pool of Foundation threads that runs `count` independent work items and hands the results
/// back on the calling thread in index order, each as soon as it and every earlier one are done.
///
/// Each item runs entirely on one worker thread (a simulation is single-threaded). The only state the
/// workers share is the lock-protected next index and results array.
enum WorkerPool {
    /// Stack size of each worker thread: 16 MiB, generous for a deep simulation.
    static let stackSize = 16 << 20

    /// Runs `work(0) ..< work(count - 1)` on `threads` worker threads and calls `deliver(index, result)`
    /// on the calling thread for each index in increasing order. Returns when every item is delivered.
    static func run<Result: Sendable>(
        count: Int, threads: Int, work: @escaping @Sendable (Int) -> Result, deliver: (Int, Result) -> Void
    ) {
        guard count > 0 else { return }
        let shared = Shared<Result>(count: count)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, min(threads, count)) {
            let thread = Thread {
                while let index = shared.claim() {
                    shared.store(work(index), at: index)
                    finished.signal()
                }
            }
            thread.stackSize = stackSize
            thread.start()
        }
        var next = 0
        while next < count {
            finished.wait()
            while next < count, let result = shared.take(at: next) {
                deliver(next, result)
                next += 1
            }
        }
    }

    private final class Shared<Result: Sendable>: Sendable {
        private struct State {
            var nextIndex = 0
            var results: [Result?]
        }

        private let count: Int
        private let state: Mutex<State>

        init(count: Int) {
            self.count = count
            state = Mutex(State(results: Array(repeating: nil, count: count)))
        }

        /// The next index to work on, or `nil` when every item has been claimed.
        func claim() -> Int? {
            state.withLock { state in
                guard state.nextIndex < count else { return nil }
                defer { state.nextIndex += 1 }
                return state.nextIndex
            }
        }

        func store(_ result: sending Result, at index: Int) {
            state.withLock { $0.results[index] = result }
        }

        /// The result at `index` if it is done (removed from the array), else `nil`.
        func take(at index: Int) -> Result? {
            state.withLock { state in
                defer { state.results[index] = nil }
                return state.results[index]
            }
        }
    }
}
