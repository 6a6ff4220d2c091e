/// Parked tasks waiting for a value, non-generic on purpose (see `PayloadSlab`): each waiter is an
/// `UnsafeContinuation<Int, Never>` resumed with an integer (a payload slot, or a negative code such as
/// `WaitQueue.cancelled`), so unspecialised generic owners (a `Mailbox<Message>` used from another module) never
/// touch generic metadata to park or wake a task.
///
/// Waiters are kept in arrival order; `popFirst` serves the longest-waiting one, `popLast` the most recent.
/// `remove(slot:generation:)` takes a waiter out of the middle (cancellation) in O(1): its ticket in the order
/// list becomes stale and is skipped later. A slot's generation changes whenever it is released, so stale
/// identifiers are harmless. Driver thread only.
struct WaitQueue {
    /// What a cancelled waiter is resumed with.
    static var cancelled: Int { -2 }

    private var slots: [WaitSlot] = []
    private var free: [Int32] = []
    private var order: [WaitTicket] = []
    private var head = 0
    /// Waiters currently parked.
    private(set) var count = 0

    /// Parks `continuation` and returns its slot and generation (the identity a canceller uses). O(1) amortised.
    @inline(__always)
    mutating func park(_ continuation: UnsafeContinuation<Int, Never>) -> (slot: Int, generation: UInt32) {
        let slot: Int
        if let reused = free.popLast() {
            slot = Int(reused)
        } else {
            slot = slots.count
            slots.append(WaitSlot())
        }
        slots[slot].continuation = continuation
        let generation = slots[slot].generation
        order.append(WaitTicket(slot: Int32(truncatingIfNeeded: slot), generation: generation))
        count &+= 1
        return (slot, generation)
    }

    /// Removes and returns the longest-waiting continuation, if any.
    @inline(__always)
    mutating func popFirst() -> UnsafeContinuation<Int, Never>? {
        if count == 0 {
            // Nobody waits (the common case of a busy mailbox): no array call unless stale tickets remain.
            if head != 0 || !order.isEmpty { compact() }
            return nil
        }
        while head < order.count {
            let ticket = order[head]
            head &+= 1
            if let continuation = take(ticket) {
                compact()
                return continuation
            }
        }
        compact()
        return nil
    }

    /// Removes and returns the most recently parked continuation, if any.
    @inline(__always)
    mutating func popLast() -> UnsafeContinuation<Int, Never>? {
        while order.count > head, let ticket = order.popLast() {
            if let continuation = take(ticket) {
                compact()
                return continuation
            }
        }
        compact()
        return nil
    }

    /// Removes the waiter parked in `slot` if `generation` still matches (else nil: it was already served).
    mutating func remove(slot: Int, generation: UInt32) -> UnsafeContinuation<Int, Never>? {
        guard slot >= 0, slot < slots.count else { return nil }
        return take(WaitTicket(slot: Int32(truncatingIfNeeded: slot), generation: generation))
    }

    /// Removes every waiter, oldest first.
    mutating func removeAll() -> [UnsafeContinuation<Int, Never>] {
        var all: [UnsafeContinuation<Int, Never>] = []
        while let continuation = popFirst() { all.append(continuation) }
        return all
    }

    @inline(__always)
    private mutating func take(_ ticket: WaitTicket) -> UnsafeContinuation<Int, Never>? {
        let index = Int(ticket.slot)
        guard slots[index].generation == ticket.generation, let continuation = slots[index].continuation else {
            return nil
        }
        slots[index].continuation = nil
        slots[index].generation &+= 1
        free.append(ticket.slot)
        count &-= 1
        return continuation
    }

    @inline(__always)
    private mutating func compact() {
        if count == 0 {
            order.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}

/// One parking place of a `WaitQueue`.
struct WaitSlot {
    var continuation: UnsafeContinuation<Int, Never>?
    var generation: UInt32 = 0
}

/// A waiter's place in arrival order.
struct WaitTicket {
    let slot: Int32
    let generation: UInt32
}
