import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the executor picks the next ready job.
public enum SchedulingPolicy: Sendable, Equatable {
    /// Jobs run in the order they were enqueued (first in, first out).
    case fifo
    /// Each step picks uniformly among all ready jobs with the simulation's `"scheduler"` random stream, to
    /// explore interleavings (as AWS shuttle's random scheduler and madsim do). Same seed, same choices.
    case random
}

/// The one executor of a simulation: the `SerialExecutor` of every simulated actor and the `TaskExecutor`
/// preferred by every task the simulation starts (SE-0392, SE-0417). A driver loop (`Simulation.run`) runs the
/// ready jobs one at a time on the calling thread, with virtual time (`SimulationClock`) advancing only when no
/// job is ready.
///
/// Ordering semantics:
/// - All simulated actors share this one executor object, so to the Swift runtime they form one isolation
///   domain. A cross-actor `await other.method()` therefore does not enqueue anything: the callee runs inline,
///   depth-first, inside the caller's job, and returns before anything else happens.
/// - Interleaving happens only at real suspension points: a virtual sleep, a mailbox receive or request-link
///   call that has to wait, `Task.yield()`, a task start, a continuation resume. Each of those enqueues one job.
///   Kernel primitives may also put a deferred callback in the ready queue (`deferCall`): it runs in a job's
///   place and order but is not a job, so it is not counted as a step.
/// - `.fifo` runs jobs in enqueue order; `.random` picks a ready job with the seeded scheduler stream. Jobs made
///   ready at the same virtual instant always run before time advances; timers fire in (deadline, insertion
///   sequence) order, one at a time, and each timer's consequences run before the next timer fires.
///
/// Escapes: a job enqueued from any thread other than the driver's is counted as a foreign enqueue (and run,
/// so the program does not hang), and the run then fails with `SimulationError.escaped`. With
/// `SimulationOptions.detectGlobalEnqueues`, jobs sent to the global executor from the driver thread
/// (`Task.detached`, `Task {}` without executor preference) are also caught at the moment they are created.
///
/// Thread safety: everything except `enqueue` from a foreign thread must happen on the driver thread, which is
/// the thread that created the simulation or last called `Simulation.run`.
public final class SimulationExecutor: SerialExecutor, TaskExecutor, CancellableWait, @unchecked Sendable {
    // Mutable state is `@exclusivity(unchecked)`: only the driver thread touches it, one access at a time, so the
    // dynamic exclusivity checks of class properties would only cost time.
    // Driver-thread state. Only the driver thread touches it. The hot part lives behind a pointer so that
    // accesses skip the dynamic exclusivity checks of class stored properties (see perf-limits.md section 2).
    let core: UnsafeMutablePointer<ExecutorCore>
    /// `clockPointer`, kept for inlined readers of the virtual time in other modules.
    @usableFromInline let clock: UnsafePointer<Int64>
    @usableFromInline let policy: SchedulingPolicy
    @exclusivity(unchecked) var roots: [RootTaskRecord] = []
    @exclusivity(unchecked) var escapes = EscapeLedger()
    /// Every unfinished task the kernel started (`Simulation.spawn`, `startTask`), by slot; see
    /// SimulationExecutor+Teardown.swift.
    @exclusivity(unchecked) var tasks: [Task<Void, Never>?] = []
    @exclusivity(unchecked) var freeTaskSlots: [Int] = []
    /// Number of unfinished tasks the kernel started.
    @exclusivity(unchecked) public internal(set) var liveTaskCount = 0
    /// True while `Simulation.shutdown()` unwinds parked tasks.
    @exclusivity(unchecked) var tearingDown = false
    /// Cancelled tasks that waited again during teardown, resumed at the next teardown round.
    @exclusivity(unchecked) var teardownParked: [UnsafeContinuation<Void, Never>] = []

    // Cross-thread state.
    let ownerThread: Atomic<UInt>
    let foreignInbox = Mutex<[UnownedJob]>([])
    let foreignKinds = Mutex<[EscapeKind]>([])
    let foreignPending = Atomic<Int>(0)

    /// An actor on this executor that nonisolated simulation code borrows for waits (sleeps, receives, calls),
    /// so that they suspend and resume without hopping to the task executor and back.
    public private(set) lazy var isolation = SimulationIsolation(executor: self)

    /// Creates an executor with a policy and the scheduler random stream (used only by `.random`).
    init(policy: SchedulingPolicy, schedulerRandom: SeededRandom) {
        self.policy = policy
        core = .allocate(capacity: 1)
        core.initialize(to: ExecutorCore(schedulerRandom: schedulerRandom))
        guard let offset = MemoryLayout<ExecutorCore>.offset(of: \.nowNanoseconds) else {
            preconditionFailure("ExecutorCore.nowNanoseconds is a stored property")
        }
        clock = UnsafeRawPointer(core).advanced(by: offset).assumingMemoryBound(to: Int64.self)
        ownerThread = Atomic<UInt>(currentThreadID())
    }

    deinit {
        core.pointee.ready.deallocate()
        for index in core.pointee.timerSlots.indices { core.pointee.timerSlots[index].target?.dropKernelHold() }
        core.pointee.timerSlots.deallocate()
        core.pointee.timers.deallocate()
        core.pointee.timerLanes.deallocate()
        core.pointee.deferred.deallocate()
        core.deinitialize(count: 1)
        core.deallocate()
    }

    // Forwarding accessors to the core (no exclusivity bookkeeping).
    var ready: ReadyQueue {
        @inline(__always) get { core.pointee.ready }
        @inline(__always) _modify { yield &core.pointee.ready }
    }
    var deferred: DeferredQueue {
        @inline(__always) get { core.pointee.deferred }
        @inline(__always) _modify { yield &core.pointee.deferred }
    }
    var timers: TimerHeap {
        @inline(__always) get { core.pointee.timers }
        @inline(__always) _modify { yield &core.pointee.timers }
    }
    var timerSlots: TimerSlotTable {
        @inline(__always) get { core.pointee.timerSlots }
        @inline(__always) _modify { yield &core.pointee.timerSlots }
    }
    var timerSequence: UInt64 {
        @inline(__always) get { core.pointee.timerSequence }
        @inline(__always) set { core.pointee.timerSequence = newValue }
    }
    /// Timers scheduled and neither fired nor cancelled.
    var liveTimers: Int {
        @inline(__always) get { core.pointee.liveTimers }
        @inline(__always) set { core.pointee.liveTimers = newValue }
    }
    /// Virtual nanoseconds since the start of the simulation.
    var nowNanoseconds: Int64 {
        @inline(__always) get { core.pointee.nowNanoseconds }
        @inline(__always) set { core.pointee.nowNanoseconds = newValue }
    }
    /// The address of the virtual clock (`nowNanoseconds`), for the trace recorder's inlined records. Valid while
    /// the executor lives (the core is allocated once, in `init`). Driver thread only.
    var clockPointer: UnsafePointer<Int64> { clock }
    var stepCount: UInt64 {
        @inline(__always) get { core.pointee.stepCount }
        @inline(__always) set { core.pointee.stepCount = newValue }
    }
    var timersFiredCount: UInt64 {
        @inline(__always) get { core.pointee.timersFiredCount }
        @inline(__always) set { core.pointee.timersFiredCount = newValue }
    }
    /// Address of the job being run (the running task, for task jobs); read by `TaskCancellationRecord`.
    var runningJob: UnsafeRawPointer? {
        @inline(__always) get { core.pointee.runningJob }
        @inline(__always) set { core.pointee.runningJob = newValue }
    }
    var taskRecords: TaskRecordTable {
        @inline(__always) get { core.pointee.taskRecords }
        @inline(__always) _modify { yield &core.pointee.taskRecords }
    }
    /// The cancellation record of the task the driver is running, if the kernel started it (nil off the driver
    /// thread, between jobs, and for tasks without their own record). Returned unretained.
    @inline(__always)
    func runningTaskRecord() -> Unmanaged<TaskCancellationRecord>? {
        guard currentThreadID() == ownerThread.load(ordering: .relaxed), let job = runningJob else { return nil }
        return core.pointee.taskRecords.record(for: UInt(bitPattern: job))
    }
    var runDepth: Int {
        @inline(__always) get { core.pointee.runDepth }
        @inline(__always) set { core.pointee.runDepth = newValue }
    }
    var schedulerRandom: SeededRandom {
        @inline(__always) get { core.pointee.schedulerRandom }
        @inline(__always) _modify { yield &core.pointee.schedulerRandom }
    }

    /// Receives a job from the runtime (SE-0392). On the driver thread this is one append to the ready ring
    /// (O(1), no allocation beyond amortised growth); from any other thread the job goes to a locked inbox and
    /// is counted as an escape.
    public func enqueue(_ job: consuming ExecutorJob) {
        let unownedJob = UnownedJob(job)
        if currentThreadID() == ownerThread.load(ordering: .relaxed) {
            ready.append(unownedJob)
        } else {
            enqueueForeign(unownedJob)
        }
    }

    /// This executor as the serial executor of simulated actors.
    @inline(__always)
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// This executor as a task executor preference.
    @inline(__always)
    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    /// True exactly when called on the driver thread while the driver is running a job (SE-0471). The runtime
    /// uses it for `assumeIsolated`, `preconditionIsolated` and dynamic isolation checks.
    public func isIsolatingCurrentContext() -> Bool? {
        runDepth > 0 && currentThreadID() == ownerThread.load(ordering: .relaxed)
    }

    /// Crashes unless `isIsolatingCurrentContext()` holds (SE-0424).
    public func checkIsolated() {
        precondition(
            isIsolatingCurrentContext() == true,
            "SimulationKernel: code expected to run on the simulation executor ran outside the simulation driver")
    }

    /// The current virtual time in nanoseconds since the run's start (driver thread only).
    @inlinable
    public var virtualNanoseconds: Int64 { clock.pointee }

    /// Steps so far: every job the driver ran and every deferred callback it called (relay turns excluded).
    public var steps: UInt64 { stepCount }

    /// Number of ready jobs waiting to run.
    public var readyCount: Int { ready.count }

    /// Number of timers scheduled and neither fired nor cancelled.
    public var pendingTimerCount: Int { liveTimers }

    /// Starts a task that prefers this executor. Used by `Simulation.spawn`; available for child work that must
    /// not be a root (for example a server handling one request). The task inherits no isolation.
    /// The task is tracked until it finishes, so that `Simulation.shutdown()` can cancel it.
    @discardableResult
    public func startTask(_ body: sending @escaping () async -> Void) -> Task<Void, Never> {
        startTracked(body, then: nil)
    }
}

/// The identity of the calling thread as an integer (pthread_t on Linux, its address on Darwin).
@inline(__always)
func currentThreadID() -> UInt {
    #if canImport(Glibc)
        return UInt(pthread_self())
    #else
        return UInt(bitPattern: pthread_self())
    #endif
}

/// A started root task: its name, whether it is a daemon service loop, and whether it has finished.
struct RootTaskRecord {
    let name: String
    let daemon: Bool
    var finished: Bool
}

/// An actor that runs on a `SimulationExecutor`; kernel primitives use it as the isolation of waits made from
/// nonisolated code (for example a root task's body), which keeps such a wait at one enqueue.
public actor SimulationIsolation {
    private nonisolated unowned(unsafe) let executor: SimulationExecutor

    init(executor: SimulationExecutor) {
        self.executor = executor
    }

    /// The simulation's executor.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }
}

/// The hot, driver-thread-only state of a `SimulationExecutor`.
struct ExecutorCore {
    var ready = ReadyQueue()
    var timers = TimerHeap()
    /// Timer lanes feeding the heap (see TimerLanes.swift).
    var timerLanes = TimerLaneTable()
    var timerSlots = TimerSlotTable()
    var timerSequence: UInt64 = 0
    var liveTimers = 0
    var nowNanoseconds: Int64 = 0
    var stepCount: UInt64 = 0
    var timersFiredCount: UInt64 = 0
    var runDepth = 0
    /// Address of the job the driver is running (for a task job, the task itself); nil between jobs.
    var runningJob: UnsafeRawPointer?
    /// Cancellation records of live kernel-started tasks, by task address.
    var taskRecords = TaskRecordTable()
    /// Deferred timer-target calls waiting for their marker in `ready` (see SimulationExecutor+Deferred.swift).
    var deferred = DeferredQueue()
    var schedulerRandom: SeededRandom

    init(schedulerRandom: SeededRandom) {
        self.schedulerRandom = schedulerRandom
    }
}
