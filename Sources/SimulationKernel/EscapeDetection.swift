import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How work escaped the simulation, as far as the executor can tell.
public enum EscapeKind: String, Sendable, CaseIterable, Codable {
    /// A job was sent to the global concurrent executor from inside the simulation: `Task.detached`, or
    /// `Task {}` created in nonisolated code without `executorPreference`.
    case globalExecutor = "global-executor"
    /// A job arrived from another thread with no task running there: work that ran on the global executor
    /// (a detached task or an unstructured task without preference) hopped back onto a simulated actor.
    case detachedTask = "detached-task"
    /// A task was resumed from a thread outside the simulation: a real-time sleep (`Task.sleep`,
    /// `ContinuousClock`/`SuspendingClock` sleep) or a continuation resumed by a Dispatch/Foundation callback.
    case realTimeSleep = "real-time-sleep"
    /// A task of the simulation was cancelled from another thread.
    case foreignCancellation = "foreign-cancellation"

    /// A sentence explaining the escape and the fix.
    public var explanation: String {
        switch self {
        case .globalExecutor:
            return "a job was sent to the global executor from inside the simulation (Task.detached, or Task {} "
                + "without executorPreference); use Simulation.spawn or Task(executorPreference: simulation.executor)"
        case .detachedTask:
            return "work running on the global executor (a detached task or a task without executor preference) "
                + "called into a simulated actor from another thread"
        case .realTimeSleep:
            return "a task was resumed from a thread outside the simulation (a real-time sleep such as Task.sleep "
                + "or ContinuousClock.sleep, or a callback from Dispatch); use simulation.clock.sleep(for:)"
        case .foreignCancellation:
            return "a simulated task was cancelled from a thread outside the simulation"
        }
    }
}

/// Counts of escapes by kind, plus the first one seen (virtual time and step).
public struct EscapeLedger: Sendable, Equatable {
    /// Number of escapes of each kind, indexed in `EscapeKind.allCases` order.
    public private(set) var counts: [Int] = Array(repeating: 0, count: EscapeKind.allCases.count)
    /// The first escape: its kind, the step count and the virtual time (nanoseconds) when it was noticed.
    public private(set) var first: (kind: EscapeKind, step: UInt64, virtualNanoseconds: Int64)?

    /// Total escapes of every kind.
    public var total: Int { counts.reduce(0, +) }

    /// The number of escapes of one kind.
    public func count(of kind: EscapeKind) -> Int {
        counts[EscapeKind.allCases.firstIndex(of: kind) ?? 0]
    }

    mutating func note(_ kind: EscapeKind, step: UInt64, virtualNanoseconds: Int64) {
        counts[EscapeKind.allCases.firstIndex(of: kind) ?? 0] += 1
        if first == nil { first = (kind, step, virtualNanoseconds) }
    }

    /// Kinds seen at least once, in declaration order.
    public var kinds: [EscapeKind] {
        EscapeKind.allCases.filter { count(of: $0) > 0 }
    }

    /// Equal counts and the same first escape (kind and step).
    public static func == (lhs: EscapeLedger, rhs: EscapeLedger) -> Bool {
        lhs.counts == rhs.counts && lhs.first?.kind == rhs.first?.kind && lhs.first?.step == rhs.first?.step
    }
}

extension SimulationExecutor {
    /// A job from a foreign thread: queue it under the lock so the driver can run it, and classify it.
    func enqueueForeign(_ job: UnownedJob) {
        let hasTask = withUnsafeCurrentTask { $0 != nil }
        let kind: EscapeKind = hasTask ? .realTimeSleep : .detachedTask
        foreignInbox.withLock { $0.append(job) }
        foreignKinds.withLock { $0.append(kind) }
        foreignPending.add(1, ordering: .releasing)
    }

    func recordForeignCancellation() {
        foreignKinds.withLock { $0.append(.foreignCancellation) }
        foreignPending.add(1, ordering: .releasing)
    }

    /// Moves jobs from the foreign inbox to the ready queue and books the escapes (driver thread).
    func drainForeign() {
        let jobs = foreignInbox.withLock { inbox -> [UnownedJob] in
            let taken = inbox
            inbox.removeAll()
            return taken
        }
        let kinds = foreignKinds.withLock { list -> [EscapeKind] in
            let taken = list
            list.removeAll()
            return taken
        }
        foreignPending.subtract(kinds.count, ordering: .acquiring)
        for kind in kinds { escapes.note(kind, step: stepCount, virtualNanoseconds: nowNanoseconds) }
        for job in jobs { ready.append(job) }
    }

    /// Called by the global-enqueue hook when the driver thread sends a job to the global executor.
    func noteGlobalEnqueue() {
        escapes.note(.globalExecutor, step: stepCount, virtualNanoseconds: nowNanoseconds)
    }

    /// Waits (real time, at most `milliseconds`) for escaped work to come back from another thread. Used only
    /// before declaring a deadlock, so that a task stuck in a real-time sleep is reported as an escape. Never
    /// affects virtual time or the trace. Returns true if foreign work arrived.
    func awaitForeignWork(milliseconds: Int) -> Bool {
        var waited = 0
        while waited < milliseconds {
            if foreignPending.load(ordering: .acquiring) != 0 { return true }
            usleep(1000)
            waited += 1
        }
        return foreignPending.load(ordering: .acquiring) != 0
    }
}

// MARK: - Optional runtime hook: catch jobs sent to the global executor from a driver thread.

private typealias GlobalEnqueueOriginal = @convention(thin) (UnownedJob) -> Void
private typealias GlobalEnqueueHook = @convention(thin) (UnownedJob, GlobalEnqueueOriginal) -> Void

/// The thread-local "driver of this thread" key (the executor while it drives, else nil).
private let driverKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

nonisolated(unsafe) private var previousGlobalHook: GlobalEnqueueHook?

/// Installs (once per process) a hook on the runtime's `swift_task_enqueueGlobal_hook` that notes global enqueues
/// made on a simulation driver thread and then forwards to the previous hook or the runtime. The hook is an
/// unsupported runtime variable (see research/dst-anchors.md 2.9); if the symbol is missing nothing happens.
private let globalHookInstalled: Bool = {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "swift_task_enqueueGlobal_hook") else {
        return false
    }
    let slot = symbol.assumingMemoryBound(to: GlobalEnqueueHook?.self)
    previousGlobalHook = slot.pointee
    slot.pointee = { job, original in
        if let raw = pthread_getspecific(driverKey) {
            Unmanaged<SimulationExecutor>.fromOpaque(raw).takeUnretainedValue().noteGlobalEnqueue()
        }
        if let previous = previousGlobalHook {
            previous(job, original)
        } else {
            original(job)
        }
    }
    return true
}()

extension SimulationExecutor {
    /// Marks the calling thread as this executor's driver for the global-enqueue hook (installing it once).
    func beginDriving(detectGlobalEnqueues: Bool) {
        if detectGlobalEnqueues, globalHookInstalled {
            pthread_setspecific(driverKey, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    /// Clears the thread's driver mark.
    func endDriving() {
        pthread_setspecific(driverKey, nil)
    }
}
