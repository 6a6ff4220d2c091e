/// Pending-call slot bookkeeping of a `RequestLink`: allocating and freeing call slots, and the routes of copies in
/// flight.
extension RequestLink {
    /// A free pending-call slot's index: a freed one reused (last freed first), else a new one appended.
    func allocateCall() -> Int {
        if let index = freeCalls.popLast() { return index }
        pending.append(PendingCallSlot())
        return pending.count - 1
    }

    /// Returns pending-call slot `index` to the free list once its caller has run.
    func freeCall(_ index: Int) {
        pending[index].continuation = nil
        pending[index].timeout = nil
        freeCalls.append(index)
    }

    /// Stores `route` at `slot` of `routes` (a request or response slab's routes), growing it by one when needed.
    func setRoute(_ routes: inout [CallRoute], _ slot: Int, _ route: CallRoute) {
        if slot < routes.count {
            routes[slot] = route
        } else {
            routes.append(route)
        }
    }
}

/// A pending call of a `RequestLink` (non-generic on purpose).
struct PendingCallSlot {
    var generation: UInt32 = 0
    var continuation: UnsafeContinuation<Int, Never>?
    var timeout: TimerHandle?
    var number = 0
}

/// Which call a request or response copy in flight belongs to.
struct CallRoute {
    let call: Int
    let generation: UInt32
    let number: Int
}
