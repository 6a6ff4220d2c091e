/// A binary min-heap of elements keyed by (virtual time, tie), smallest first: the one priority queue behind
/// the IdP's deferred work (`TimedQueue`, tie = insertion sequence) and the broker's webhook timers
/// (`DeliveryQueue`, tie = delivery index). Order depends only on the keys and the calls made, never on
/// hashing. Push and pop are O(log n).
struct TimeOrderedHeap<Element: Sendable>: Sendable {
    private var heap: [(time: Duration, tie: Int, element: Element)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The smallest entry, or `nil` when empty.
    var first: (time: Duration, tie: Int, element: Element)? { heap.first }

    mutating func push(_ element: Element, at time: Duration, tie: Int) {
        heap.append((time, tie, element))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the smallest entry, or `nil` when empty.
    mutating func popFirst() -> (time: Duration, tie: Int, element: Element)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < heap.count && Self.less(heap[l], heap[m]) { m = l }
                if r < heap.count && Self.less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return first
    }

    mutating func removeAll() { heap.removeAll() }

    private static func less(
        _ a: (time: Duration, tie: Int, element: Element), _ b: (time: Duration, tie: Int, element: Element)
    ) -> Bool {
        a.time < b.time || (a.time == b.time && a.tie < b.tie)
    }
}
