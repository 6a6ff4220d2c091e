/// A first-in, first-out queue of messages with an async `receive()` for a receiver loop, living in one
/// simulation (driver thread only; `@unchecked Sendable` because the simulation serialises every access).
///
/// `deliver` never suspends and never drops: the buffer is unbounded. Receivers waiting on an empty mailbox are
/// served in the order they started waiting. A receive that has to wait costs one enqueue (its wake-up) and
/// stays on the caller's isolation.
///
/// Cancellation: a receive returns a buffered message even when its task is cancelled; a receive that has to
/// wait throws `CancellationError` at once if the task is already cancelled, or, if the task is cancelled while
/// waiting, is resumed with `CancellationError` at the step that cancels it (no message is consumed; later
/// messages stay buffered). `Simulation.shutdown()` ends receivers parked at the end of a run this way. A daemon
/// root task parked here at the end of a run is not a deadlock.
///
/// Storage is non-generic bookkeeping plus manually managed buffers (`MessageRing`, `PayloadSlab`, `WaitQueue`),
/// so that a `Mailbox<Message>` used from another module pays no generic-metadata lookups per message.
///
/// Callback receivers (`receive(orPark:tag:)`, Mailbox+Receiver.swift) wait without a task: a message handed to one
/// reaches it through a deferred callback that takes the turn a woken receiver task's job would take. Parked tasks
/// are served before parked callback receivers, so use one kind of receiver per mailbox to keep a single order.
public final class Mailbox<Message: Sendable>: TimerTarget, CancellableWait, @unchecked Sendable {
    // Mutable state is `@exclusivity(unchecked)`: only the driver thread touches it, one access at a time, so the
    // dynamic exclusivity checks of class properties would only cost time.
    @exclusivity(unchecked) var buffer = MessageRing<Message>()
    /// Messages handed to a parked receiver, waiting for it to run (the receiver is resumed with the slot).
    @exclusivity(unchecked) private var handoff = PayloadSlab<Message>()
    @exclusivity(unchecked) private var waiters = WaitQueue()
    /// Messages delivered so far.
    @exclusivity(unchecked) public private(set) var deliveredCount = 0
    /// Parked callback receivers, messages handed to them and where each goes (Mailbox+Receiver.swift).
    @exclusivity(unchecked) var parkedReceivers = MessageRing<ParkedReceiver>()
    @exclusivity(unchecked) var receiverHandoff = PayloadSlab<Message>()
    @exclusivity(unchecked) var receiverRoutes = SlotBuffer<ParkedReceiver>()

    /// An empty mailbox.
    public override init() {}

    deinit {
        buffer.destroy()
        handoff.destroy()
        parkedReceivers.destroy()
        receiverHandoff.destroy()
        receiverRoutes.destroy()
    }

    /// Messages waiting to be received.
    public var count: Int { buffer.count }

    /// Receivers currently parked on this mailbox.
    public var waitingReceivers: Int { waiters.count &+ parkedReceivers.count }

    /// Hands `message` to the longest-waiting receiver (resuming it at a later step), or buffers it. O(1)
    /// amortised. `message` is consumed: a caller's last use moves it into the mailbox without a copy.
    @inline(__always)
    public func deliver(_ message: consuming Message) {
        deliveredCount &+= 1
        if let waiter = waiters.popFirst() {
            waiter.resume(returning: handoff.insert(message))
        } else if parkedReceivers.count > 0 {
            handToReceiver(message)
        } else {
            buffer.append(message)
        }
    }

    /// The oldest buffered message, if any, without waiting.
    @inline(__always)
    public func tryReceive() -> Message? {
        buffer.count > 0 ? buffer.popFirst() : nil
    }

    /// The oldest message, waiting (in virtual time) until one is delivered. `nonisolated(nonsending)`: it runs on
    /// the caller's isolation with no hop on entry, so a buffered message costs no step; a wait costs its
    /// wake-up (a nonisolated caller borrows the executor's isolation for the wait, plus one hop back).
    /// - Throws: `CancellationError` when the task is cancelled before or while waiting (see the type's
    ///   documentation); a buffered message is returned even to a cancelled task.
    nonisolated(nonsending) public func receive() async throws(CancellationError) -> Message {
        if buffer.count > 0 { return buffer.popFirst() }
        let isolation = #isolation
        let record = TaskCancellationRecord.current
        let slot: Int
        if let record, case let state = record.currentTaskState, state.owned {
            // The task's long-lived cancellation handler covers this wait (no per-receive handler).
            if state.cancelled {
                await record.executor.cancelledWaitPoint(isolation: isolation ?? record.executor.isolation)
                throw CancellationError()
            }
            if isolation != nil {
                // Already on the caller's isolation: suspend here, without the hop to it that
                // `withUnsafeContinuation(isolation:)` makes first (see `RequestLink.call`).
                slot = await _unsafeInheritExecutor_withUnsafeContinuation {
                    (continuation: UnsafeContinuation<Int, Never>) in
                    let (token, generation) = self.waiters.park(continuation)
                    record.beginWait(self, token: token, generation: generation)
                }
            } else {
                slot = await withUnsafeContinuation(isolation: record.executor.isolation) {
                    (continuation: UnsafeContinuation<Int, Never>) in
                    let (token, generation) = self.waiters.park(continuation)
                    record.beginWait(self, token: token, generation: generation)
                }
            }
            record.endWait()
        } else {
            slot = await parkWithHandler(record: record, isolation: isolation ?? record?.executor.isolation)
        }
        if slot >= 0 { return handoff.take(slot) }
        throw CancellationError()
    }

    /// A wait in a task without its own record (a child task, or a task started outside the kernel): one
    /// cancellation handler per wait.
    private func parkWithHandler(record: TaskCancellationRecord?, isolation: isolated (any Actor)?) async -> Int {
        let identity = WaitIdentityCell()
        let slot = await withTaskCancellationHandler {
            await withUnsafeContinuation(isolation: isolation) { (continuation: UnsafeContinuation<Int, Never>) in
                if Task.isCancelled {
                    continuation.resume(returning: WaitQueue.cancelled)
                    return
                }
                identity.value = self.waiters.park(continuation)
            }
        } onCancel: {
            if let executor = record?.executor, currentThreadID() != executor.ownerThread.load(ordering: .relaxed) {
                executor.recordForeignCancellation()
                return
            }
            if let (token, generation) = identity.value { self.cancelWait(token: token, generation: generation) }
        }
        if slot < 0, let executor = record?.executor { await executor.cancelledWaitPoint(isolation: isolation) }
        return slot
    }

    /// A deferred handoff to a callback receiver takes its turn (`token`: the handoff slot; Mailbox+Receiver.swift).
    public override func timerFired(token: Int) { runHandoff(token) }

    /// `Simulation.shutdown()` discarded a deferred handoff: its message is dropped.
    public override func timerDiscarded(token: Int) { discardHandoff(token) }

    /// `CancellableWait`: resumes the receiver parked in `token` with `CancellationError`, if it still waits.
    public func cancelWait(token: Int, generation: UInt32) {
        waiters.remove(slot: token, generation: generation)?.resume(returning: WaitQueue.cancelled)
    }
}

/// The identity of a parked wait, shared between the wait and its cancellation handler (driver thread only).
final class WaitIdentityCell: @unchecked Sendable {
    var value: (Int, UInt32)?
}
