/// Timer lanes: first-in, first-out queues of timers that arrive in deadline order, merged into the executor's
/// heap through their heads only.
///
/// A link direction delivers its messages in order (a fault-free link with fixed latency schedules every copy at
/// `now + latency`, never before the previous one), so its delivery timers are already sorted by (deadline,
/// insertion sequence). Such a source schedules on a lane: the lane's oldest timer sits in the heap, the others
/// wait in the lane's ring, and when the head fires (or is found cancelled) the next one replaces it at the top of
/// the heap (one sift-down instead of a push and a pop). The heap then holds one entry per busy lane plus the
/// other timers, so it stays small. The order timers fire in is exactly the heap-only order: every lane is sorted
/// by (deadline, sequence), because a timer whose deadline lies before the lane's latest goes to the heap instead
/// (so any source may use a lane; an out-of-order timer only costs a heap push), and the heap's minimum over the
/// lanes' heads and the other timers is the minimum over all timers.
///
/// A lane is named in a heap entry by a tag in the low 16 bits of its `sequence` (1 + the lane's index; 0: no
/// lane); the insertion counter sits above them, so comparisons of sequences are unchanged. Driver thread only.
struct TimerLane {
    /// Timers waiting behind the head (the head itself is in the heap), oldest first.
    private var waiting = MessageRing<TimerEntry>()
    /// Timers waiting behind the head.
    var count: Int { waiting.count }
    /// Whether the lane's head is in the heap (the lane is busy).
    var headInHeap = false
    /// The deadline of the lane's latest timer (valid while `headInHeap`).
    var lastDeadline: Int64 = 0

    /// Adds a timer behind the others. O(1) amortised.
    @inline(__always)
    mutating func append(_ entry: TimerEntry) { waiting.append(entry) }

    /// Removes and returns the oldest waiting timer (`count > 0`). O(1).
    @inline(__always)
    mutating func popFirst() -> TimerEntry { waiting.popFirst() }

    /// Forgets every timer (the heap was emptied too).
    mutating func removeAll() {
        waiting.removeAll()
        headInHeap = false
    }

    /// Frees the storage; the lane must not be used afterwards.
    mutating func deallocate() { waiting.destroy() }
}

/// The executor's timer lanes in one manually managed buffer (grows by doubling). Driver thread only.
struct TimerLaneTable {
    /// The most lanes (tags are 16 bits, 0 means none).
    static let maximum = 0xFFFF
    private var lanes: UnsafeMutablePointer<TimerLane>
    private var capacity = 8
    private(set) var count = 0

    init() {
        lanes = .allocate(capacity: 8)
    }

    /// The lane with index `index` (`tag - 1`).
    subscript(index: Int) -> TimerLane {
        @inline(__always) unsafeAddress { UnsafePointer(lanes + index) }
        @inline(__always) nonmutating unsafeMutableAddress { lanes + index }
    }

    /// Adds a lane; returns its tag (1 + index), or 0 when there are `maximum` lanes already.
    mutating func add() -> UInt64 {
        guard count < TimerLaneTable.maximum else { return 0 }
        if count == capacity {
            let bigger = UnsafeMutablePointer<TimerLane>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: lanes, count: count)
            lanes.deallocate()
            lanes = bigger
            capacity *= 2
        }
        (lanes + count).initialize(to: TimerLane())
        count += 1
        return UInt64(count)
    }

    /// Empties every lane.
    func removeAllEntries() {
        for index in 0..<count { lanes[index].removeAll() }
    }

    /// Frees every lane and the table; it must not be used afterwards.
    mutating func deallocate() {
        for index in 0..<count { lanes[index].deallocate() }
        lanes.deallocate()
        count = 0
    }
}

extension SimulationExecutor {
    /// A new timer lane for a source whose timers mostly come in deadline order (see TimerLanes.swift); its tag
    /// for `schedule(atNanoseconds:target:token:lane:)`, or 0 (no lane) past 65,535 lanes. Driver thread only.
    func makeTimerLane() -> UInt64 {
        core.pointee.timerLanes.add()
    }

    /// Puts `entry` (tagged with lane `tag`, not 0) on its lane, or in the heap when the lane is idle (as its
    /// head) or the entry would break the lane's order (untagged).
    @inline(__always)
    func pushLaned(_ entry: TimerEntry, tag: UInt64) {
        let index = Int(tag &- 1)
        let lanes = core.pointee.timerLanes
        if !lanes[index].headInHeap {
            lanes[index].headInHeap = true
            lanes[index].lastDeadline = entry.deadline
            timers.push(entry)
        } else if entry.deadline >= lanes[index].lastDeadline {
            lanes[index].lastDeadline = entry.deadline
            lanes[index].append(entry)
        } else {
            var untagged = entry
            untagged.sequence &= ~TimerEntry.laneMask
            timers.push(untagged)
        }
    }

    /// Removes the heap's first entry `entry` (fired or a tombstone); a lane head is replaced by the lane's next
    /// timer, if any.
    @inline(__always)
    func popTimer(_ entry: TimerEntry) {
        let tag = entry.sequence & TimerEntry.laneMask
        if tag != 0 {
            let index = Int(tag &- 1)
            let lanes = core.pointee.timerLanes
            if lanes[index].count > 0 {
                timers.replaceFirst(lanes[index].popFirst())
                return
            }
            lanes[index].headInHeap = false
        }
        _ = timers.pop()
    }
}
