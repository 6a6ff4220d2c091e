import SimulationKernel

/// The broker's webhook timers: (virtual time, delivery index, generation), ordered by time then delivery
/// index so equal times fire in event order (a ``TimeOrderedHeap`` with the delivery index as the tie).
/// Entries are invalidated lazily: an entry whose generation no longer matches its delivery record is skipped.
///
/// A new delivery's first entry (``pushFresh(_:)``) goes to a FIFO instead of the heap: the broker creates
/// deliveries with growing indexes at a virtual time that never goes back, so those entries arrive already in
/// (time, index) order, and ``peek``/``pop`` take the smaller of the FIFO's front and the heap's top. The order
/// is exactly the heap's alone (at most one entry per delivery is valid at a time, so equal keys never compete).
/// Push and pop are O(log n); a fresh push and its pop are O(1).
struct DeliveryQueue: Sendable {
    struct Entry: Sendable {
        var time: Duration
        var delivery: Int
        var generation: Int
    }

    private var heap = TimeOrderedHeap<Entry>()
    /// First entries of new deliveries, in (time, delivery) order.
    private var fresh = FIFOQueue<Entry>()
    /// The key of the last entry appended to `fresh` (a smaller one goes to the heap).
    private var lastFresh: (time: Duration, delivery: Int)?

    /// The smallest entry by (time, delivery), or `nil`.
    var peek: Entry? {
        let top = heap.first?.element
        guard let front = fresh.first else { return top }
        guard let top else { return front }
        return Self.less(top, front) ? top : front
    }

    /// Entries held, stale ones included.
    var count: Int { heap.count + fresh.count }

    /// Adds a timer entry (a retry or an attempt deadline). O(log n).
    mutating func push(_ entry: Entry) { heap.push(entry, at: entry.time, tie: entry.delivery) }

    /// Adds the first entry of a new delivery: O(1) when its (time, delivery) is not below the last fresh entry's
    /// (always, for the broker's deliveries), else as ``push(_:)``.
    mutating func pushFresh(_ entry: Entry) {
        if let last = lastFresh, entry.time < last.time || (entry.time == last.time && entry.delivery < last.delivery) {
            push(entry)
            return
        }
        fresh.append(entry)
        lastFresh = (entry.time, entry.delivery)
    }

    /// Removes and returns the smallest entry by (time, delivery), or `nil`.
    mutating func pop() -> Entry? {
        guard let front = fresh.first else { return heap.popFirst()?.element }
        if let top = heap.first?.element, Self.less(top, front) { return heap.popFirst()?.element }
        return fresh.popFirst()
    }

    @inline(__always)
    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.delivery < b.delivery)
    }
}
