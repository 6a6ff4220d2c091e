/// A binary min-heap of webhook timers: (virtual time, delivery index, generation), ordered by time then
/// delivery index so equal times fire in event order. Entries are invalidated lazily: an entry whose
/// generation no longer matches its delivery record is skipped. Push and pop are O(log n).
struct DeliveryQueue: Sendable {
    struct Entry: Sendable {
        var time: Duration
        var delivery: Int
        var generation: Int
    }

    private var heap: [Entry] = []

    var peek: Entry? { heap.first }
    var count: Int { heap.count }

    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.delivery < b.delivery)
    }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && Self.less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
