/// The link value of an occupied `PayloadSlab` slot (a non-generic constant: a static member of the generic type
/// would be a call with type metadata inside unspecialised code).
private let payloadSlabOccupied = -2
/// The link value of a slot whose value was moved out in place and that is not yet on the free list.
private let payloadSlabVacant = -3

/// Storage for values in flight, indexed by small integers with slot reuse: the bookkeeping is non-generic and
/// the values live in one manually managed buffer. Inside unspecialised generic code (a `RequestLink` used from
/// another module) this touches only the value's own type metadata, never `Optional<Value>` or `Array<Value>`
/// metadata, which the runtime would otherwise look up in its generic-metadata cache on every access.
/// Insert, take and discard are O(1) amortised, and always inlined: an out-of-line call on `PayloadSlab<Value>` from
/// unspecialised code would look up that type's metadata (a runtime cache probe) on every call.
struct PayloadSlab<Value> {
    private var storage: UnsafeMutablePointer<Value>
    /// Per slot: `payloadSlabOccupied` while it holds a value, else the next free slot (-1: none), an
    /// intrusive last-in, first-out free list (no array calls on insert or take).
    private var links: UnsafeMutablePointer<Int>
    private var capacity: Int
    /// Slots ever used; valid indices are `0..<used`.
    private var used = 0
    private var freeHead = -1
    /// Number of values stored.
    private(set) var count = 0

    init() {
        capacity = 16
        storage = .allocate(capacity: 16)
        links = .allocate(capacity: 16)
    }

    /// Stores `value` and returns its slot (the most recently freed one, else a new one).
    @inline(__always)
    mutating func insert(_ value: consuming Value) -> Int {
        let index = reserve()
        (storage + index).initialize(to: value)
        return index
    }

    /// Takes a slot (the most recently freed one, else a new one) for a value the caller initialises in place at
    /// `address(_:)` before the slab is used again in any way that reads, moves or grows it.
    @inline(__always)
    mutating func reserve() -> Int {
        let index: Int
        if freeHead >= 0 {
            index = freeHead
            freeHead = links[index]
        } else {
            index = used
            if index == capacity { grow() }
            used &+= 1
        }
        links[index] = payloadSlabOccupied
        count &+= 1
        return index
    }

    /// The address of slot `index`'s value; valid until the slab grows.
    @inline(__always)
    func address(_ index: Int) -> UnsafeMutablePointer<Value> {
        storage + index
    }

    /// Marks the value in `index` (which must hold one) as about to be moved out in place by the caller: from
    /// here the slot holds nothing (`contains` is false, growth leaves it alone) but is not reused until
    /// `freeVacated(_:)`.
    @inline(__always)
    mutating func vacate(_ index: Int) {
        links[index] = payloadSlabVacant
        count &-= 1
    }

    /// Puts a slot emptied with `vacate(_:)` on the free list.
    @inline(__always)
    mutating func freeVacated(_ index: Int) {
        links[index] = freeHead
        freeHead = index
    }

    /// Whether `index` holds a value.
    @inline(__always)
    func contains(_ index: Int) -> Bool {
        index >= 0 && index < used && links[index] == payloadSlabOccupied
    }

    /// A copy of the value in `index`, which stays stored; `index` must hold a value.
    @inline(__always)
    func peek(_ index: Int) -> Value {
        storage[index]
    }

    /// Replaces the value in `index`, which must hold one.
    @inline(__always)
    func update(_ index: Int, to value: consuming Value) {
        storage[index] = value
    }

    /// Calls `body` with every slot that holds a value, in slot order. O(slots ever used).
    func forEachStoredIndex(_ body: (Int) -> Void) {
        for index in 0..<used where links[index] == payloadSlabOccupied { body(index) }
    }

    /// Moves the value out of `index` and frees the slot; `index` must hold a value.
    @inline(__always)
    mutating func take(_ index: Int) -> Value {
        release(index)
        return (storage + index).move()
    }

    /// Destroys the value in `index`, if any, and frees the slot.
    @inline(__always)
    mutating func discard(_ index: Int) {
        guard contains(index) else { return }
        release(index)
        (storage + index).deinitialize(count: 1)
    }

    @inline(__always)
    private mutating func release(_ index: Int) {
        links[index] = freeHead
        freeHead = index
        count &-= 1
    }

    /// Destroys every value and frees the buffers; the slab must not be used afterwards.
    mutating func destroy() {
        for index in 0..<used where links[index] == payloadSlabOccupied {
            (storage + index).deinitialize(count: 1)
        }
        storage.deallocate()
        links.deallocate()
        used = 0
        count = 0
        freeHead = -1
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
        let newLinks = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        for index in 0..<used {
            let link = links[index]
            newLinks[index] = link
            if link == payloadSlabOccupied {
                (newStorage + index).moveInitialize(from: storage + index, count: 1)
            }
        }
        storage.deallocate()
        links.deallocate()
        storage = newStorage
        links = newLinks
        capacity = newCapacity
    }
}
