import Synchronization

/// Something a task can wait on that knows how to end the wait early when the task is cancelled.
public protocol CancellableWait: AnyObject, Sendable {
    /// Ends the wait identified by `token` and `generation` with a cancellation error, if it is still pending;
    /// ignores stale identifiers. Called on the driver thread.
    func cancelWait(token: Int, generation: UInt32)
}

/// One cancellation handler per simulated task instead of one per wait.
///
/// Installing a cancellation handler (`withTaskCancellationHandler`) costs several hundred nanoseconds per wait
/// in the Swift 6.3 runtime (a status record added and removed under the task's status lock). Tasks started by
/// the kernel (`Simulation.spawn`, `SimulationExecutor.startTask`) therefore install one handler for their whole
/// life and bind this record as a task-local value; each wait (virtual sleep, request-link call) stores its
/// identity here, and the handler cancels whatever the task is waiting on. Waits in tasks without their own
/// record (child tasks of groups, tasks started elsewhere) fall back to a handler per wait. Same semantics
/// either way: a cancelled waiter is resumed with a cancellation error at the canceller's step.
///
/// `@unchecked Sendable`: its mutable state is read and written only on the simulation's driver thread (by the
/// waiting task and by the cancellation handler, which the kernel runs on that thread); it is never touched
/// concurrently.
public final class TaskCancellationRecord: @unchecked Sendable {
    /// The record of the current task, if a kernel-started task bound one (child tasks inherit the binding,
    /// which is why `isOwnedByCurrentTask` is checked).
    @TaskLocal public static var current: TaskCancellationRecord?

    /// The owning task's address (compared, never dereferenced).
    @exclusivity(unchecked) private var owner: UnsafeRawPointer?
    @exclusivity(unchecked) private unowned(unsafe) var waitCanceller: (any CancellableWait)?
    @exclusivity(unchecked) private var waitToken = 0
    @exclusivity(unchecked) private var waitGeneration: UInt32 = 0
    /// Set by the cancellation handler (on whichever thread cancels), so that waits read cancellation without
    /// a runtime call. The handler runs for every cancellation of the owning task, including one that came
    /// before the handler was installed.
    private let cancelled = Atomic<Bool>(false)
    /// The simulation executor of the task that bound this record.
    let executor: SimulationExecutor

    init(executor: SimulationExecutor) {
        self.executor = executor
    }

    /// Whether the calling task owns this record, and whether it is cancelled. A wait may rely on the record
    /// only when `owned` is true. No runtime call: the task is identified by the job the driver is running
    /// (a task job's address is the task's), and cancellation by the flag the handler sets. Off the driver
    /// thread, or outside a job, `owned` is false (the caller then falls back to a handler per wait).
    @inline(__always)
    public var currentTaskState: (owned: Bool, cancelled: Bool) {
        guard currentThreadID() == executor.ownerThread.load(ordering: .relaxed), let owner,
            executor.runningJob == owner
        else { return (false, false) }
        return (true, cancelled.load(ordering: .relaxed))
    }

    @inline(__always)
    static func address(of task: UnsafeCurrentTask) -> UnsafeRawPointer {
        unsafeBitCast(task, to: UnsafeRawPointer.self)
    }

    /// Notes the wait the owning task is about to suspend on (replacing any earlier, finished one); if the task
    /// is cancelled while suspended, `canceller.cancelWait(token:generation:)` is called on the driver thread.
    @inline(__always)
    public func beginWait(_ canceller: any CancellableWait, token: Int, generation: UInt32) {
        waitCanceller = canceller
        waitToken = token
        waitGeneration = generation
    }

    /// Forgets the noted wait once it is over, so that a later cancellation never reaches a waitable object
    /// that may since have been freed (for example a reply mailbox that lived for one request).
    @inline(__always)
    public func endWait() {
        waitCanceller = nil
    }

    /// The cancellation handler: cancels the noted wait (a stale one is ignored by its owner).
    func cancelCurrentWait() {
        cancelled.store(true, ordering: .relaxed)
        guard currentThreadID() == executor.ownerThread.load(ordering: .relaxed) else {
            executor.recordForeignCancellation()
            return
        }
        guard let canceller = waitCanceller else { return }
        waitCanceller = nil
        canceller.cancelWait(token: waitToken, generation: waitGeneration)
    }

    /// Runs `body` in the current task with a fresh record bound and one cancellation handler installed.
    static func withRecord(executor: SimulationExecutor, _ body: () async -> Void) async {
        let record = TaskCancellationRecord(executor: executor)
        record.owner = withUnsafeCurrentTask { $0.map(address(of:)) }
        let registered = record.owner != nil && currentThreadID() == executor.ownerThread.load(ordering: .relaxed)
        if registered, let owner = record.owner { executor.taskRecords.insert(UInt(bitPattern: owner), record) }
        await withTaskCancellationHandler {
            await $current.withValue(record) { await body() }
        } onCancel: {
            record.cancelCurrentWait()
        }
        // Unstructured tasks copied the binding; a stale record must never match a later task at this address.
        if registered, let owner = record.owner { executor.taskRecords.remove(UInt(bitPattern: owner)) }
        record.owner = nil
    }
}
