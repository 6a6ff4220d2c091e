import SimulationKernel

/// The broker's webhook timers: (virtual time, delivery index, generation), ordered by time then delivery
/// index so equal times fire in event order (a ``TimeOrderedHeap`` with the delivery index as the tie).
/// Entries are invalidated lazily: an entry whose generation no longer matches its delivery record is skipped.
///
/// Two kinds of entries arrive already in (time, index) order and skip the heap: a new delivery's first entry
/// (``pushFresh(_:)``: deliveries are created with growing indexes at a virtual time that never goes back) and an
/// attempt's deadline (``pushDeadline(_:)``: `now` plus a fixed timeout, handed out in order in the common case).
/// Each kind has a FIFO; an entry that would break its FIFO's order goes to the heap instead. ``peek`` and ``pop``
/// take the smallest of the two FIFO fronts and the heap's top, so the order is exactly the heap's alone (at
/// most one entry per delivery is valid at a time, so equal keys never compete). Push and pop are O(log n) for
/// the heap, O(1) for the FIFOs.
struct DeliveryQueue: Sendable {
    struct Entry: Sendable {
        var time: Duration
        var delivery: Int
        var generation: Int
    }

    /// One FIFO of entries in (time, delivery) order, with the key of its last entry.
    private struct OrderedRun: Sendable {
        var entries = FIFOQueue<Entry>()
        var last: Entry?

        /// Appends `entry` when it does not come before the last one; returns whether it did.
        @inline(__always)
        mutating func append(_ entry: Entry) -> Bool {
            if let last, DeliveryQueue.less(entry, last) { return false }
            entries.append(entry)
            last = entry
            return true
        }
    }

    private var heap = TimeOrderedHeap<Entry>()
    /// First entries of new deliveries.
    private var fresh = OrderedRun()
    /// Attempt deadlines.
    private var deadlines = OrderedRun()

    /// The smallest entry by (time, delivery), or `nil`.
    var peek: Entry? { smallest().entry }

    /// Entries held, stale ones included.
    var count: Int { heap.count + fresh.entries.count + deadlines.entries.count }

    /// Adds a timer entry (a retry). O(log n).
    mutating func push(_ entry: Entry) { heap.push(entry, at: entry.time, tie: entry.delivery) }

    /// Adds the first entry of a new delivery: O(1) when it does not come before the last one added so (always,
    /// for the broker's deliveries), else as ``push(_:)``.
    mutating func pushFresh(_ entry: Entry) { if !fresh.append(entry) { push(entry) } }

    /// Adds an attempt's deadline: O(1) when it does not come before the last deadline added, else as
    /// ``push(_:)``.
    mutating func pushDeadline(_ entry: Entry) { if !deadlines.append(entry) { push(entry) } }

    /// Removes and returns the smallest entry by (time, delivery), or `nil`.
    mutating func pop() -> Entry? {
        switch smallest().source {
        case 0: heap.popFirst()?.element
        case 1: fresh.entries.popFirst()
        case 2: deadlines.entries.popFirst()
        default: nil
        }
    }

    /// The smallest entry and where it is: 0 the heap, 1 the fresh FIFO, 2 the deadline FIFO (-1: empty).
    @inline(__always)
    private func smallest() -> (entry: Entry?, source: Int) {
        var best = heap.first?.element
        var source = best == nil ? -1 : 0
        if let a = fresh.entries.first, best.map({ Self.less(a, $0) }) ?? true {
            best = a
            source = 1
        }
        if let b = deadlines.entries.first, best.map({ Self.less(b, $0) }) ?? true {
            best = b
            source = 2
        }
        return (best, source)
    }

    @inline(__always)
    fileprivate static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.delivery < b.delivery)
    }
}
