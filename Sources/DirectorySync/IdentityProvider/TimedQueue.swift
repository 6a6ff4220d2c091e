import SCIM

/// A min-heap of elements keyed by (virtual time, insertion sequence): equal times pop in insertion
/// order, so the order never depends on anything but the calls made. Push and pop are O(log n).
struct TimedQueue<Element: Sendable>: Sendable {
    private var heap: [(time: Duration, seq: Int, element: Element)] = []
    private var nextSeq = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest time, or `nil` when empty.
    var earliest: Duration? { heap.first?.time }

    mutating func push(_ element: Element, at time: Duration) {
        heap.append((time, nextSeq, element))
        nextSeq += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the earliest element if its time is at or before `now`.
    mutating func popDue(_ now: Duration) -> Element? { popDueWithTime(now)?.element }

    /// Removes and returns the earliest element and its time if that time is at or before `now`.
    mutating func popDueWithTime(_ now: Duration) -> (time: Duration, element: Element)? {
        guard let first = heap.first, first.time <= now else { return nil }
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
        return (first.time, first.element)
    }

    mutating func removeAll() { heap.removeAll() }

    private static func less(
        _ a: (time: Duration, seq: Int, element: Element), _ b: (time: Duration, seq: Int, element: Element)
    ) -> Bool {
        a.time < b.time || (a.time == b.time && a.seq < b.seq)
    }
}

/// A FIFO of targets: an array with a moving head, compacted when half consumed. O(1) amortised.
struct TargetFIFO: Sendable {
    private var items: [ProvisioningTarget] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func append(_ t: ProvisioningTarget) { items.append(t) }

    mutating func popFirst() -> ProvisioningTarget? {
        guard head < items.count else { return nil }
        let t = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return t
    }

    mutating func removeAll() {
        items.removeAll()
        head = 0
    }
}

extension Duration {
    /// This duration in whole nanoseconds, saturating at `Int64` bounds.
    var wholeNanoseconds: Int64 {
        let c = components
        let (s, o1) = c.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if o1 { return c.seconds < 0 ? .min : .max }
        let (t, o2) = s.addingReportingOverflow(c.attoseconds / 1_000_000_000)
        return o2 ? (s < 0 ? .min : .max) : t
    }
}
