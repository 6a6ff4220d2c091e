/// A first-in, first-out queue of messages with an async `receive()` for a receiver loop, living in one
/// simulation (driver thread only; `@unchecked Sendable` because the simulation serialises every access).
///
/// `deliver` never suspends and never drops: the buffer is unbounded. Receivers waiting on an empty mailbox are
/// served in the order they started waiting. A receive that has to wait costs one enqueue (its wake-up) and
/// stays on the caller's isolation. A task parked in `receive()` does not observe cancellation; a daemon root
/// task parked here at the end of a run is not a deadlock.
public final class Mailbox<Message: Sendable>: @unchecked Sendable {
    private var buffer: [Message] = []
    private var head = 0
    private var waiters: [UnsafeContinuation<Message, Never>] = []
    private var waiterHead = 0
    /// Messages delivered so far.
    public private(set) var deliveredCount = 0

    /// An empty mailbox.
    public init() {}

    /// Messages waiting to be received.
    public var count: Int { buffer.count - head }

    /// Receivers currently parked on this mailbox.
    public var waitingReceivers: Int { waiters.count - waiterHead }

    /// Hands `message` to the longest-waiting receiver (resuming it at a later step), or buffers it. O(1)
    /// amortised.
    @inline(__always)
    public func deliver(_ message: Message) {
        deliveredCount &+= 1
        if waiterHead < waiters.count {
            let waiter = waiters[waiterHead]
            waiterHead += 1
            if waiterHead == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                waiterHead = 0
            }
            waiter.resume(returning: message)
        } else {
            buffer.append(message)
        }
    }

    /// The oldest buffered message, if any, without waiting.
    public func tryReceive() -> Message? {
        guard head < buffer.count else { return nil }
        let message = buffer[head]
        head += 1
        if head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= buffer.count {
            buffer.removeFirst(head)
            head = 0
        }
        return message
    }

    /// The oldest message, waiting (in virtual time) until one is delivered. Runs on the caller's isolation.
    public func receive(isolation: isolated (any Actor)? = #isolation) async -> Message {
        if let message = tryReceive() { return message }
        return await withUnsafeContinuation(isolation: isolation) {
            (continuation: UnsafeContinuation<Message, Never>) in
            waiters.append(continuation)
        }
    }
}
