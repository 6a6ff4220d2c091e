import SimulationKernel

/// The scheduling core of ``BareLoopSync``: a binary heap of timers keyed by (virtual deadline, insertion
/// sequence) and a first-in, first-out queue of ready jobs, with the kernel executor's rule that every ready job
/// runs before the next timer fires (`SimulationExecutor.drive`). Timers can be cancelled (they become
/// tombstones that never fire and never move time). No actors, no tasks, no executor.
///
/// Its own heap rather than ``TimeOrderedHeap``: with integer deadlines and entries stored flat it is the baseline's
/// fastest form; over `TimeOrderedHeap` (Duration keys, tuple elements) the bare loop took 45% more instructions.
struct BareEventQueue<Event, Job> {
    private struct Entry {
        var deadline: Int64
        var sequence: UInt64
        var event: Event
        var handle: Int
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0
    /// Live flags by handle (false once fired or cancelled).
    private var live: [Bool] = []
    private var freeHandles: [Int] = []
    private var ready = FIFOQueue<Job>()
    /// Virtual time in nanoseconds since the start.
    private(set) var now: Int64 = 0

    /// Schedules `event` at `deadline` (clamped to now, as the kernel does); returns a handle for ``cancel(_:)``.
    /// O(log n).
    @discardableResult
    mutating func schedule(at deadline: Int64, _ event: Event) -> Int {
        let handle: Int
        if let reused = freeHandles.popLast() {
            handle = reused
            live[handle] = true
        } else {
            handle = live.count
            live.append(true)
        }
        heap.append(Entry(deadline: max(deadline, now), sequence: nextSequence, event: event, handle: handle))
        nextSequence &+= 1
        siftUp(heap.count - 1)
        return handle
    }

    /// Cancels a scheduled timer (a stale handle is ignored by the caller keeping handles current).
    mutating func cancel(_ handle: Int) { live[handle] = false }

    /// Appends a ready job (runs after every job already ready, before any timer).
    mutating func enqueue(_ job: Job) { ready.append(job) }

    /// The next ready job, if any. O(1) amortised.
    mutating func nextJob() -> Job? { ready.popFirst() }

    /// Pops the earliest live timer at or before `limit`, moving time to its deadline; `nil` when none remains
    /// (or the next lies beyond `limit`). Tombstones are dropped without moving time. O(log n).
    mutating func nextTimer(limit: Int64) -> Event? {
        while let top = heap.first {
            if !live[top.handle] {
                pop()
                freeHandles.append(top.handle)
                continue
            }
            guard top.deadline <= limit else { return nil }
            pop()
            live[top.handle] = false
            freeHandles.append(top.handle)
            now = top.deadline
            return top.event
        }
        return nil
    }

    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence)
    }

    private mutating func pop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var index = 0
        while true {
            let left = 2 * index + 1
            guard left < heap.count else { break }
            var child = left
            if left + 1 < heap.count, Self.before(heap[left + 1], heap[left]) { child = left + 1 }
            guard Self.before(heap[child], heap[index]) else { break }
            heap.swapAt(child, index)
            index = child
        }
    }

    private mutating func siftUp(_ start: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard Self.before(heap[index], heap[parent]) else { break }
            heap.swapAt(index, parent)
            index = parent
        }
    }
}

/// A mirror of ``WakeSignal`` for the bare loop: parked service loops (by id) in the order they parked and one
/// armed timer at the earliest deadline any of them asked for.
struct BareWakeSignal {
    private var waiters = FIFOQueue<Int>()
    /// The armed timer: deadline (nanoseconds) and the queue handle.
    var armed: (deadline: Int64, handle: Int)?

    /// Loops parked now.
    var waitingCount: Int { waiters.count }

    /// Parks loop `id`.
    mutating func park(_ id: Int) { waiters.append(id) }

    /// The longest-parked loop, removed from the waiters, if any.
    mutating func popOne() -> Int? { waiters.popFirst() }
}

/// A mirror of the kernel's `Mailbox` for the bare loop: buffered messages and parked receivers (by id), each
/// first in, first out.
struct BareMailbox<Message> {
    private var buffer = FIFOQueue<Message>()
    private var receivers = FIFOQueue<Int>()

    /// The longest-parked receiver, removed, or `nil` (the caller then buffers with ``buffer(_:)``).
    mutating func takeReceiver() -> Int? { receivers.popFirst() }

    /// Buffers a message nobody waits for.
    mutating func buffer(_ message: Message) { buffer.append(message) }

    /// The oldest buffered message, if any.
    mutating func tryReceive() -> Message? { buffer.popFirst() }

    /// Parks receiver `id` until a message arrives.
    mutating func park(_ id: Int) { receivers.append(id) }
}
