/// Pending-call slot bookkeeping of a `RequestLink`: allocating and freeing call slots.
extension RequestLink {
    /// A free pending-call slot's index: a freed one reused (last freed first), else a new one appended.
    @inline(__always)
    func allocateCall() -> Int {
        if freeCallHead >= 0 {
            let index = freeCallHead
            freeCallHead = pending[index].nextFree
            return index
        }
        pending.append(PendingCallSlot())
        return pending.count - 1
    }

    /// Returns pending-call slot `index` to the free list once its caller has run. The slot is already clean
    /// (no continuation, timeout or reply wait): `close(_:)` cleared it, or it was never started.
    @inline(__always)
    func freeCall(_ index: Int) {
        pending[index].nextFree = freeCallHead
        freeCallHead = index
    }
}

/// A pending call of a `RequestLink` (non-generic on purpose).
struct PendingCallSlot {
    var generation: UInt32 = 0
    /// The next free slot while this one is free (-1: none).
    var nextFree = -1
    var continuation: UnsafeContinuation<Int, Never>?
    var timeout: TimerHandle?
    var number = 0
    /// A reply-form call waiting for its response or timeout (RequestLink+Reply.swift).
    var awaitingReply = false
    /// A reply-form call's target (`Unmanaged<RequestLinkReplyTarget<Response>>`, held while the call is
    /// pending or its reply deferred), its tag, and the outcome its deferred reply carries.
    var replyTarget: UnsafeMutableRawPointer?
    var replyTag = 0
    var replyOutcome = 0
}

/// Which call a request or response copy in flight belongs to.
struct CallRoute {
    let call: Int
    let generation: UInt32
    let number: Int
}

/// What a `RequestLink` timer or deferred-callback token stands for (its low 3 bits; the slot sits above them).
/// Declared outside the generic class so that it is one non-generic type.
enum RequestLinkTokenKind: Int {
    case request = 0
    case response = 1
    case timeout = 2
    /// A deferred send of a response a synchronous handler produced (RequestLink+Immediate.swift).
    case respond = 3
    /// A deferred reply to a reply-form call (`send(_:replyTo:tag:)`, RequestLink+Reply.swift).
    case reply = 4
}
