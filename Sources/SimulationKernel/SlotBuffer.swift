/// A growable array of values in one manually managed buffer, for the kernel's per-slot bookkeeping (pending
/// calls, routes of copies in flight): element reads and writes go through `unsafeAddress`, so they cost no
/// uniqueness check, no bounds check and no copy-on-write, and a `SlotBuffer` held by a class needs no exclusivity
/// check either. Grows by doubling, never shrinks. Indices must lie in `0..<count` (not checked). Not
/// thread-safe: only the driver thread touches it. The owner must call `destroy()` once, when done.
struct SlotBuffer<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Elements stored; valid indices are `0..<count`.
    private(set) var count = 0

    /// An empty buffer with room for `capacity` elements (at least 1).
    init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// The element at `index` (in `0..<count`).
    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress { UnsafePointer(base + index) }
        @inline(__always) nonmutating unsafeMutableAddress { base + index }
    }

    /// Adds `element` at the end. O(1) amortised.
    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// Stores `element` at `index`, which is at most `count` (`count` appends it). O(1) amortised.
    @inline(__always)
    mutating func set(_ index: Int, _ element: Element) {
        if index < count {
            base[index] = element
        } else {
            append(element)
        }
    }

    /// Destroys every element and frees the buffer; the buffer must not be used afterwards.
    mutating func destroy() {
        base.deinitialize(count: count)
        base.deallocate()
        count = 0
        capacity = 0
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
