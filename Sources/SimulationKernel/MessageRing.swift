/// A first-in, first-out ring of values in one manually managed buffer (power-of-two capacity, grows by
/// doubling, never shrinks). Like `PayloadSlab`, it touches only the element's own type metadata inside
/// unspecialised generic code, never `Array<Element>` or `Optional<Element>` metadata. Append and pop are O(1)
/// amortised. Not thread-safe; the owner must call `destroy()` before it goes away.
struct MessageRing<Element> {
    private var buffer: UnsafeMutablePointer<Element>
    private var capacity: Int
    private var head = 0
    /// Values stored.
    private(set) var count = 0

    init() {
        capacity = 16
        buffer = .allocate(capacity: 16)
    }

    /// Adds `value` at the back.
    @inline(__always)
    mutating func append(_ value: consuming Element) {
        if count == capacity { grow() }
        (buffer + ((head &+ count) & (capacity &- 1))).initialize(to: value)
        count &+= 1
    }

    /// Moves the front value out; the ring must not be empty.
    @inline(__always)
    mutating func popFirst() -> Element {
        let value = (buffer + head).move()
        head = (head &+ 1) & (capacity &- 1)
        count &-= 1
        return value
    }

    /// Destroys every value, keeping the buffer. O(count).
    mutating func removeAll() {
        while count > 0 { _ = popFirst() }
        head = 0
    }

    /// Destroys every value and frees the buffer; the ring must not be used afterwards.
    mutating func destroy() {
        removeAll()
        buffer.deallocate()
        capacity = 0
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBuffer = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        for index in 0..<count {
            (newBuffer + index).moveInitialize(from: buffer + ((head &+ index) & (capacity &- 1)), count: 1)
        }
        buffer.deallocate()
        buffer = newBuffer
        capacity = newCapacity
        head = 0
    }
}
