import SCIM

/// A min-heap of elements keyed by (virtual time, insertion sequence): equal times pop in insertion
/// order, so the order never depends on anything but the calls made. Push and pop are O(log n).
struct TimedQueue<Element: Sendable>: Sendable {
    private var heap = TimeOrderedHeap<Element>()
    private var nextSeq = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest time, or `nil` when empty.
    var earliest: Duration? { heap.first?.time }

    mutating func push(_ element: Element, at time: Duration) {
        heap.push(element, at: time, tie: nextSeq)
        nextSeq += 1
    }

    /// Removes and returns the earliest element if its time is at or before `now`.
    mutating func popDue(_ now: Duration) -> Element? { popDueWithTime(now)?.element }

    /// Removes and returns the earliest element and its time if that time is at or before `now`.
    mutating func popDueWithTime(_ now: Duration) -> (time: Duration, element: Element)? {
        guard let first = heap.first, first.time <= now, let top = heap.popFirst() else { return nil }
        return (top.time, top.element)
    }

    mutating func removeAll() { heap.removeAll() }
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
