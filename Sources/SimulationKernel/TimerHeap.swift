/// One heap entry: when a timer is due and which slot of the executor's timer table it fires.
struct TimerEntry {
    /// Virtual deadline in nanoseconds since the run's start.
    var deadline: Int64
    /// Insertion sequence: breaks ties between equal deadlines, first scheduled fires first. The insertion
    /// counter sits above the low 16 bits, which hold the entry's timer-lane tag (`laneMask`, TimerLanes.swift);
    /// counters are unique, so the tag never decides an order.
    var sequence: UInt64

    /// The bits of `sequence` that hold the lane tag.
    static var laneMask: UInt64 { 0xFFFF }
    /// The slot in the executor's timer table.
    var slot: Int32
    /// The slot generation when scheduled; a mismatch marks a tombstone (fired or cancelled).
    var generation: UInt32

    @inline(__always)
    static func precedes(_ a: TimerEntry, _ b: TimerEntry) -> Bool {
        a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence)
    }
}

/// Something the executor calls back at a virtual deadline (subclass and override `timerFired(token:)`).
///
/// Used by links so that a message in flight costs one heap entry, not one task. The executor retains the
/// target while its timer is pending and calls `timerFired` on the driver thread, outside any actor.
/// `@unchecked Sendable`: subclasses keep mutable state that only the driver thread touches (timer callbacks and
/// the simulation's jobs all run there, one at a time), so no two threads ever access it at once.
open class TimerTarget: @unchecked Sendable {
    /// Pending kernel callbacks on this target (timers, deferred callbacks, replies, mailbox handoffs); the kernel
    /// holds one retain while this is above zero (see TimerTarget+Holds.swift). Driver thread only.
    @exclusivity(unchecked) final var kernelHolds = 0

    /// Creates a target.
    public init() {}

    /// Called once per scheduled timer, in (deadline, sequence) order, with the token given when scheduling.
    open func timerFired(token: Int) {}

    /// Called instead of `timerFired` when `Simulation.shutdown()` discards a pending timer (the payload it
    /// stands for will never be delivered). The default does nothing.
    open func timerDiscarded(token: Int) {}
}

/// A binary min-heap of timers keyed by (deadline, insertion sequence), sifting with a hole instead of swaps, in
/// one manually managed buffer (no uniqueness or bounds checks; grows by doubling, never shrinks). Push and pop
/// are O(log n); `first` is O(1). `TimerEntry` is trivial, so the owner only calls `deallocate()` once, when done.
struct TimerHeap {
    private var heap: UnsafeMutablePointer<TimerEntry>
    private var capacity: Int
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var first: TimerEntry? {
        @inline(__always) get { count > 0 ? heap[0] : nil }
    }

    init() {
        capacity = 1024
        heap = .allocate(capacity: 1024)
    }

    @inline(__always)
    mutating func push(_ entry: TimerEntry) {
        if count == capacity { grow() }
        var index = count
        count &+= 1
        while index > 0 {
            let parent = (index &- 1) >> 1
            if !TimerEntry.precedes(entry, heap[parent]) { break }
            heap[index] = heap[parent]
            index = parent
        }
        heap[index] = entry
    }

    @inline(__always)
    mutating func pop() -> TimerEntry? {
        guard count > 0 else { return nil }
        count &-= 1
        let last = heap[count]
        if count == 0 { return last }
        let top = heap[0]
        replaceFirst(last)
        return top
    }

    /// Replaces the first entry (the heap is not empty) with `entry` and restores the heap order: one sift-down,
    /// the cost of a pop without the push. O(log n).
    @inline(__always)
    mutating func replaceFirst(_ entry: TimerEntry) {
        var index = 0
        while true {
            let left = 2 &* index &+ 1
            if left >= count { break }
            let right = left &+ 1
            let child = (right < count && TimerEntry.precedes(heap[right], heap[left])) ? right : left
            if !TimerEntry.precedes(heap[child], entry) { break }
            heap[index] = heap[child]
            index = child
        }
        heap[index] = entry
    }

    /// Drops every entry (live or tombstone), keeping the storage.
    mutating func removeAll() {
        count = 0
    }

    /// Frees the storage; the heap must not be used afterwards.
    mutating func deallocate() {
        heap.deallocate()
        count = 0
        capacity = 0
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newHeap = UnsafeMutablePointer<TimerEntry>.allocate(capacity: newCapacity)
        newHeap.moveInitialize(from: heap, count: count)
        heap.deallocate()
        heap = newHeap
        capacity = newCapacity
    }
}
