/// A first-in, first-out queue over one array and a head index: `append` at the back, `popFirst` at the front,
/// both O(1) amortised. When the last element is popped the array is emptied, keeping its capacity, so a queue
/// that drains regularly (a ready list, a backlog, parked waiters) never shifts elements and never reallocates
/// once warm. Unlike ``MessageRing`` it is an ordinary value type (no manual `destroy()`), for element types whose
/// `Array` metadata is cheap (concrete structs, integers). Not thread-safe: the owner (the driver thread, or a
/// bare event loop) serialises access.
public struct FIFOQueue<Element> {
    @usableFromInline var elements: [Element] = []
    @usableFromInline var head = 0

    /// An empty queue.
    @inlinable public init() {}

    /// Elements waiting. O(1).
    @inlinable public var count: Int { elements.count &- head }

    /// Whether nothing waits. O(1).
    @inlinable public var isEmpty: Bool { head == elements.count }

    /// The front element without removing it, or `nil` when empty. O(1).
    @inlinable public var first: Element? { head < elements.count ? elements[head] : nil }

    /// Adds `element` at the back. O(1) amortised.
    @inlinable @inline(__always)
    public mutating func append(_ element: Element) { elements.append(element) }

    /// Removes and returns the front element, or `nil` when empty. O(1) amortised.
    @inlinable @inline(__always)
    public mutating func popFirst() -> Element? {
        guard head < elements.count else { return nil }
        let element = elements[head]
        head &+= 1
        if head == elements.count {
            elements.removeAll(keepingCapacity: true)
            head = 0
        }
        return element
    }
}

extension FIFOQueue: Sendable where Element: Sendable {}
