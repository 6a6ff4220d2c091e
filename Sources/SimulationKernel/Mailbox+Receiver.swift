/// A receiver of mailbox messages that waits without a task (`Mailbox.receive(orPark:tag:)`): subclass it (a
/// `final class`) and override ``received(_:tag:)``. It is a `TimerTarget`, so the same object may also take
/// deferred callbacks of its own (`SimulationExecutor.deferCall`).
///
/// What runs where: ``received(_:tag:)`` runs on the simulation's driver thread, inside a deferred callback
/// (outside any job; it counts as one step, as the woken task's job would), while `SimulationExecutor.isIsolatingCurrentContext()` holds, so code of an actor
/// on the simulation's executor may be entered with `assumeIsolated`. It must not suspend.
/// `@unchecked Sendable`: only the driver thread touches a receiver.
open class MailboxReceiver<Message: Sendable>: TimerTarget, @unchecked Sendable {
    /// The executor the receiver's callbacks run on.
    public let executor: SimulationExecutor

    /// A receiver in `simulation`.
    public init(simulation: Simulation) {
        executor = simulation.executor
    }

    /// A message handed to the receiver parked with `tag` (see `Mailbox.receive(orPark:tag:)` for when).
    open func received(_ message: consuming Message, tag: Int) {}
}

/// A parked callback receiver (unretained while parked, held once a message is handed to it) and its tag.
struct ParkedReceiver {
    let receiver: UnsafeMutableRawPointer
    let tag: Int
}

extension Mailbox {
    /// Receives without suspending: returns the oldest buffered message at once (as `receive()` does, without a
    /// step), or, when none is buffered, parks `receiver` and returns nil. A parked receiver is handed the next
    /// message delivered (parked receivers are served in parking order, after any parked task), and its
    /// ``MailboxReceiver/received(_:tag:)`` runs through `SimulationExecutor.deferCall` made at the moment of the
    /// `deliver`: exactly the ready-queue turn where a receiver task woken by that delivery would run (FIFO and
    /// random policy alike), at that virtual instant.
    ///
    /// `receiver` is not retained while parked (its owner keeps it alive); it is held (a kernel hold, see
    /// TimerTarget+Holds.swift) from the handoff until its callback has run. Parked receivers are not ended by `Simulation.shutdown()` (no task waits); a handoff
    /// still waiting in the ready queue at a teardown is discarded with its message. O(1) amortised. Driver
    /// thread only.
    public func receive(orPark receiver: MailboxReceiver<Message>, tag: Int) -> Message? {
        if buffer.count > 0 { return buffer.popFirst() }
        parkedReceivers.append(ParkedReceiver(receiver: Unmanaged.passUnretained(receiver).toOpaque(), tag: tag))
        return nil
    }

    /// Hands `message` to the longest-parked callback receiver (there is one): stores it with its route and
    /// defers the call.
    func handToReceiver(_ message: consuming Message) {
        let parked = parkedReceivers.popFirst()
        let slot = receiverHandoff.insert(message)
        receiverRoutes.set(slot, parked)
        // The parked receiver is alive (its owner keeps it so); from here a kernel hold keeps it so.
        Unmanaged<MailboxReceiver<Message>>.fromOpaque(parked.receiver)._withUnsafeGuaranteedRef { receiver in
            receiver.takeKernelHold()
            receiver.executor.deferCall(self, token: slot)
        }
    }

    /// The handoff in `slot` takes its turn: the receiver gets its message, as code isolated to the executor.
    func runHandoff(_ slot: Int) {
        guard receiverHandoff.contains(slot) else { return }
        let route = receiverRoutes[slot]
        // The handoff's kernel hold keeps the receiver alive: a guaranteed reference (no retain and release of the
        // receiver or its executor around the call; an `unowned(unsafe)` binding still retained both). The
        // message is taken inside the closure, so that it moves into `received(_:tag:)` (a captured value would
        // be copied).
        Unmanaged<MailboxReceiver<Message>>.fromOpaque(route.receiver)._withUnsafeGuaranteedRef { receiver in
            let core = receiver.executor.core
            core.pointee.runDepth &+= 1
            receiver.received(self.receiverHandoff.take(slot), tag: route.tag)
            core.pointee.runDepth &-= 1
        }
        Unmanaged<TimerTarget>.fromOpaque(route.receiver).dropKernelHold()
    }

    /// The teardown discarded the handoff in `slot`: the message is dropped and the receiver released.
    func discardHandoff(_ slot: Int) {
        guard receiverHandoff.contains(slot) else { return }
        receiverHandoff.discard(slot)
        Unmanaged<TimerTarget>.fromOpaque(receiverRoutes[slot].receiver).dropKernelHold()
    }
}
