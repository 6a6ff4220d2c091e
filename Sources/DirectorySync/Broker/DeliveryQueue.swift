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

    /// One FIFO of entries in (time, delivery) order, with the key of its last entry: a ring buffer whose capacity
    /// is a power of two (grown by doubling), so a push or pop is a few instructions and emptying it frees or
    /// resets nothing.
    private struct OrderedRun: Sendable {
        private var slots: [Entry] = []
        private var head = 0
        /// Entries held.
        private(set) var count = 0
        var last: Entry?

        /// The oldest entry, or `nil`.
        @inline(__always)
        var first: Entry? { count > 0 ? slots[head] : nil }

        /// Appends `entry` when it does not come before the last one; returns whether it did.
        @inline(__always)
        mutating func append(_ entry: Entry) -> Bool {
            if let last, DeliveryQueue.less(entry, last) { return false }
            if count == slots.count { grow() }
            slots[(head &+ count) & (slots.count &- 1)] = entry
            count &+= 1
            last = entry
            return true
        }

        /// Removes the oldest entry (the FIFO must not be empty).
        @inline(__always)
        mutating func removeFirst() {
            head = (head &+ 1) & (slots.count &- 1)
            count &-= 1
        }

        /// Doubles the capacity (at least 16), keeping the entries in order from slot 0. O(count).
        private mutating func grow() {
            let capacity = max(16, slots.count &* 2)
            var grown: [Entry] = []
            grown.reserveCapacity(capacity)
            for k in 0..<count { grown.append(slots[(head &+ k) & (slots.count &- 1)]) }
            grown.append(
                contentsOf: repeatElement(Entry(time: .zero, delivery: 0, generation: 0), count: capacity &- count))
            slots = grown
            head = 0
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
    var count: Int { heap.count + fresh.count + deadlines.count }

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
        let (entry, source) = smallest()
        remove(source)
        return entry
    }

    /// Removes and returns the smallest entry when its time is at most `now`, else `nil` (nothing removed): ``peek``
    /// then ``pop()`` in one search of the three fronts.
    mutating func pop(dueAt now: Duration) -> Entry? {
        let (entry, source) = smallest()
        guard let entry, Self.notAfter(entry.time, now) else { return nil }
        remove(source)
        return entry
    }

    /// The smallest entry, or `nil`, and the source ``removeSmallest(_:)`` removes it from.
    @inline(__always)
    func peekWithSource() -> (entry: Entry?, source: Int) { smallest() }

    /// Removes the entry ``peekWithSource()`` returned with `source` (nothing changed since).
    @inline(__always)
    mutating func removeSmallest(_ source: Int) { remove(source) }

    /// Removes the front of `source` (0 the heap, 1 the fresh FIFO, 2 the deadline FIFO; -1: nothing).
    @inline(__always)
    private mutating func remove(_ source: Int) {
        switch source {
        case 0: _ = heap.popFirst()
        case 1: fresh.removeFirst()
        case 2: deadlines.removeFirst()
        default: break
        }
    }

    /// The smallest entry and where it is: 0 the heap, 1 the fresh FIFO, 2 the deadline FIFO (-1: empty).
    @inline(__always)
    private func smallest() -> (entry: Entry?, source: Int) {
        var best = Entry(time: Duration(_high: 0, low: 0), delivery: 0, generation: 0)
        var source = -1
        if let top = heap.first {
            best = top.element
            source = 0
        }
        if let a = fresh.first, source < 0 || Self.less(a, best) {
            best = a
            source = 1
        }
        if let b = deadlines.first, source < 0 || Self.less(b, best) {
            best = b
            source = 2
        }
        return (source < 0 ? nil : best, source)
    }

    /// Whether `a <= b`, compared as 128-bit attosecond counts (`Duration`'s `_high`, `_low`: the order of `<` on
    /// durations), inline rather than through the standard library's `<` and `==` calls.
    @inline(__always)
    private static func notAfter(_ a: Duration, _ b: Duration) -> Bool {
        a._high < b._high || (a._high == b._high && a._low <= b._low)
    }

    /// (time, delivery) order, the time compared as in ``notAfter(_:_:)``.
    @inline(__always)
    fileprivate static func less(_ a: Entry, _ b: Entry) -> Bool {
        if a.time._high != b.time._high { return a.time._high < b.time._high }
        if a.time._low != b.time._low { return a.time._low < b.time._low }
        return a.delivery < b.delivery
    }
}
