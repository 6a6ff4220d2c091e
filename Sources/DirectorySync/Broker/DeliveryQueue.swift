/// The broker's webhook timers: (virtual time, delivery index, generation), ordered by time then delivery
/// index so equal times fire in event order (a ``TimeOrderedHeap`` with the delivery index as the tie).
/// Entries are invalidated lazily: an entry whose generation no longer matches its delivery record is skipped.
/// Push and pop are O(log n).
struct DeliveryQueue: Sendable {
    struct Entry: Sendable {
        var time: Duration
        var delivery: Int
        var generation: Int
    }

    private var heap = TimeOrderedHeap<Entry>()

    var peek: Entry? { heap.first?.element }
    var count: Int { heap.count }

    mutating func push(_ entry: Entry) { heap.push(entry, at: entry.time, tie: entry.delivery) }

    mutating func pop() -> Entry? { heap.popFirst()?.element }
}
