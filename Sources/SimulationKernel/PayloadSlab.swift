/// Storage for values in flight, indexed by small integers with slot reuse: the bookkeeping is non-generic and
/// the values live in one manually managed buffer. Inside unspecialised generic code (a `RequestLink` used from
/// another module) this touches only the value's own type metadata, never `Optional<Value>` or `Array<Value>`
/// metadata, which the runtime would otherwise look up in its generic-metadata cache on every access.
/// Insert, take and discard are O(1) amortised, and always inlined: an out-of-line call on `PayloadSlab<Value>` from
/// unspecialised code would look up that type's metadata (a runtime cache probe) on every call.
struct PayloadSlab<Value> {
    private var storage: UnsafeMutablePointer<Value>
    private var capacity: Int
    private var occupied: [Bool] = []
    private var free: [Int] = []

    init() {
        capacity = 16
        storage = .allocate(capacity: 16)
    }

    /// Number of values stored.
    var count: Int { occupied.count - free.count }

    /// Stores `value` and returns its slot.
    @inline(__always)
    mutating func insert(_ value: Value) -> Int {
        let index: Int
        if let reused = free.popLast() {
            index = reused
        } else {
            index = occupied.count
            if index == capacity { grow() }
            occupied.append(false)
        }
        (storage + index).initialize(to: value)
        occupied[index] = true
        return index
    }

    /// Whether `index` holds a value.
    @inline(__always)
    func contains(_ index: Int) -> Bool {
        index >= 0 && index < occupied.count && occupied[index]
    }

    /// A copy of the value in `index`, which stays stored; `index` must hold a value.
    @inline(__always)
    func peek(_ index: Int) -> Value {
        storage[index]
    }

    /// Moves the value out of `index` and frees the slot; `index` must hold a value.
    @inline(__always)
    mutating func take(_ index: Int) -> Value {
        occupied[index] = false
        free.append(index)
        return (storage + index).move()
    }

    /// Destroys the value in `index`, if any, and frees the slot.
    @inline(__always)
    mutating func discard(_ index: Int) {
        guard contains(index) else { return }
        occupied[index] = false
        free.append(index)
        (storage + index).deinitialize(count: 1)
    }

    /// Destroys every value and frees the buffer; the slab must not be used afterwards.
    mutating func destroy() {
        for index in occupied.indices where occupied[index] { (storage + index).deinitialize(count: 1) }
        storage.deallocate()
        occupied = []
        free = []
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
        for index in occupied.indices where occupied[index] {
            (newStorage + index).moveInitialize(from: storage + index, count: 1)
        }
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
