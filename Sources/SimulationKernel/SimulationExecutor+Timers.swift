/// One entry of the executor's timer table: a parked sleeper or a timer target, plus a generation number that
/// makes stale handles (fired or cancelled timers) harmless.
struct TimerSlot {
    var generation: UInt32 = 0
    /// The next free slot while this one is free (-1: none), an intrusive last-in, first-out free list.
    var nextFree: Int32 = -1
    var continuation: UnsafeContinuation<Void, any Error>?
    var target: Unmanaged<TimerTarget>?
    var token: Int = 0
    var live = false
}

/// The executor's timer slots in one manually managed buffer (grows by doubling, never shrinks), with an
/// intrusive free list: slot reads and writes cost no uniqueness or bounds checks, and allocating or freeing a
/// slot no array call. Freed slots are reused last freed first. `TimerSlot` is trivial, so nothing needs
/// deinitialising. Driver thread only; the owner calls `deallocate()` once.
struct TimerSlotTable {
    private var base: UnsafeMutablePointer<TimerSlot>
    private var capacity: Int
    /// Slots ever allocated (live, fired or free); valid indices are `0..<count`.
    private(set) var count = 0
    private var freeHead: Int32 = -1

    init(capacity: Int = 1024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    /// The slot at `index` (in `0..<count`).
    subscript(index: Int) -> TimerSlot {
        @inline(__always) unsafeAddress { UnsafePointer(base + index) }
        @inline(__always) nonmutating unsafeMutableAddress { base + index }
    }

    /// Valid slot indices.
    var indices: Range<Int> { 0..<count }

    /// A free slot: the most recently freed one, else a new one.
    @inline(__always)
    mutating func allocate() -> Int32 {
        if freeHead >= 0 {
            let slot = freeHead
            freeHead = base[Int(slot)].nextFree
            return slot
        }
        if count == capacity { grow() }
        (base + count).initialize(to: TimerSlot())
        count &+= 1
        return Int32(count &- 1)
    }

    /// Puts `slot` on the free list.
    @inline(__always)
    mutating func free(_ slot: Int32) {
        base[Int(slot)].nextFree = freeHead
        freeHead = slot
    }

    /// Frees the storage; the table must not be used afterwards.
    mutating func deallocate() {
        base.deallocate()
        count = 0
        capacity = 0
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<TimerSlot>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// A handle to a scheduled timer, used to cancel it. Stale handles (already fired or cancelled) are ignored.
public struct TimerHandle: Sendable, Hashable {
    let slot: Int32
    let generation: UInt32
}

extension SimulationExecutor {
    @inline(__always)
    func allocateSlot() -> Int32 {
        timerSlots.allocate()
    }

    @inline(__always)
    func releaseSlot(_ slot: Int32) {
        timerSlots[Int(slot)].generation &+= 1
        timerSlots[Int(slot)].live = false
        timerSlots.free(slot)
    }

    @inline(__always)
    func pushTimer(deadline: Int64, slot: Int32, lane: UInt64 = 0) -> TimerHandle {
        let generation = timerSlots[Int(slot)].generation
        timerSlots[Int(slot)].live = true
        let at = deadline < nowNanoseconds ? nowNanoseconds : deadline
        let entry = TimerEntry(deadline: at, sequence: timerSequence << 16 | lane, slot: slot, generation: generation)
        if lane == 0 {
            timers.push(entry)
        } else {
            pushLaned(entry, tag: lane)
        }
        timerSequence &+= 1
        liveTimers &+= 1
        return TimerHandle(slot: slot, generation: generation)
    }

    /// Schedules `target.timerFired(token:)` at the virtual instant `deadline` (nanoseconds since the start;
    /// instants in the past fire at the current time, after every earlier-scheduled timer due then).
    /// The target is kept alive (a kernel hold, see TimerTarget+Holds.swift) until the timer fires or is cancelled. O(log n). Driver thread only.
    @discardableResult
    public func schedule(atNanoseconds deadline: Int64, target: TimerTarget, token: Int) -> TimerHandle {
        schedule(atNanoseconds: deadline, target: target, token: token, lane: 0)
    }

    /// ``schedule(atNanoseconds:target:token:)`` on the timer lane `lane` (a tag from `makeTimerLane()`, 0: none).
    /// Same firing order as without a lane (see TimerLanes.swift); cheaper when the lane's timers come in deadline
    /// order. Driver thread only.
    @discardableResult
    @inline(__always)
    func schedule(atNanoseconds deadline: Int64, target: TimerTarget, token: Int, lane: UInt64) -> TimerHandle {
        let slot = allocateSlot()
        target.takeKernelHold()
        timerSlots[Int(slot)].target = Unmanaged.passUnretained(target)
        timerSlots[Int(slot)].token = token
        return pushTimer(deadline: deadline, slot: slot, lane: lane)
    }

    /// Cancels a pending timer: its heap entry becomes a tombstone that never fires and never advances virtual
    /// time. A parked sleeper is resumed with `CancellationError`. Returns false for a stale handle.
    @discardableResult
    public func cancel(_ handle: TimerHandle) -> Bool {
        let index = Int(handle.slot)
        guard index < timerSlots.count, timerSlots[index].generation == handle.generation,
            timerSlots[index].live
        else { return false }
        let slot = timerSlots[index]
        liveTimers &-= 1
        releaseSlot(handle.slot)
        timerSlots[index].continuation = nil
        timerSlots[index].target = nil
        slot.target?.dropKernelHold()
        slot.continuation?.resume(throwing: CancellationError())
        return true
    }

    /// Pops the next live timer due at or before `limit` and fires it; returns false when there is none
    /// (virtual time then stays put). Tombstones are discarded without moving time.
    @inline(__always)
    func fireNextTimer(limit: Int64) -> TimerOutcome {
        while let entry = timers.first {
            let index = Int(entry.slot)
            if timerSlots[index].generation != entry.generation || !timerSlots[index].live {
                popTimer(entry)
                continue
            }
            if entry.deadline > limit { return .beyondLimit }
            popTimer(entry)
            if entry.deadline > nowNanoseconds { nowNanoseconds = entry.deadline }
            let slot = timerSlots[index]
            liveTimers &-= 1
            timersFiredCount &+= 1
            releaseSlot(entry.slot)
            timerSlots[index].continuation = nil
            timerSlots[index].target = nil
            if let continuation = slot.continuation {
                continuation.resume()
            } else if let target = slot.target {
                // The timer's hold keeps the target alive through the call: no retain and release around it.
                target._withUnsafeGuaranteedRef { $0.timerFired(token: slot.token) }
                target.dropKernelHold()
            }
            return .fired
        }
        return .none
    }

    /// Suspends the calling task until the virtual instant `deadline` (nanoseconds since the start), staying on
    /// the caller's isolation so that the sleep costs one enqueue (the wake-up). Throws `CancellationError` if
    /// the task is already cancelled or is cancelled while asleep; cancellation resumes the task at the point the
    /// canceller runs and removes its timer. During `Simulation.shutdown()` a cancelled task's sleep parks and
    /// throws at the next teardown round instead of at once. Driver thread only.
    public func sleep(untilNanoseconds deadline: Int64, isolation: isolated (any Actor)? = #isolation) async throws {
        try await sleepInline(untilNanoseconds: deadline, isolation: isolation)
    }

    /// The body of `sleep(untilNanoseconds:isolation:)`, inlined into `SimulationClock`'s sleeps so that a sleep
    /// is one async frame: each extra frame costs an executor switch on entry, whose runtime check of the task's
    /// executor preference takes the task's status lock.
    @inline(__always)
    func sleepInline(untilNanoseconds deadline: Int64, isolation: isolated (any Actor)?) async throws {
        if let unmanaged = runningTaskRecord() {
            // The running task's own record (found by task address, no task-local lookup); `withRecord` keeps
            // it alive until the task ends.
            let record = unmanaged.takeUnretainedValue()
            let state = record.currentTaskState
            if state.owned {
                // Fast path: the task's own long-lived cancellation handler covers this wait.
                // While tearing down, a cancelled task's sleep parks like any other and the next teardown round
                // discards its timer, so a loop that swallows the error cannot spin inside one job.
                if state.cancelled, !tearingDown { throw CancellationError() }
                try await sleepCovered(by: record, untilNanoseconds: deadline, isolation: isolation)
                return
            }
        }
        let slot = allocateSlot()
        let generation = timerSlots[Int(slot)].generation
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation(isolation: isolation) {
                (continuation: UnsafeContinuation<Void, any Error>) in
                if Task.isCancelled, !self.tearingDown {
                    self.releaseSlot(slot)
                    continuation.resume(throwing: CancellationError())
                    return
                }
                self.timerSlots[Int(slot)].continuation = continuation
                _ = self.pushTimer(deadline: deadline, slot: slot)
            }
        } onCancel: {
            self.cancelFromHandler(TimerHandle(slot: slot, generation: generation))
        }
    }

    /// A sleep whose cancellation is handled by the task's record (no per-sleep handler).
    @inline(__always)
    private func sleepCovered(
        by record: TaskCancellationRecord, untilNanoseconds deadline: Int64, isolation: isolated (any Actor)?
    ) async throws {
        let slot = allocateSlot()
        let generation = timerSlots[Int(slot)].generation
        record.beginWait(self, token: Int(slot), generation: generation)
        try await withUnsafeThrowingContinuation(isolation: isolation) {
            (continuation: UnsafeContinuation<Void, any Error>) in
            self.timerSlots[Int(slot)].continuation = continuation
            _ = self.pushTimer(deadline: deadline, slot: slot)
        }
    }

    /// `CancellableWait`: cancels the sleeper or timer in `token` (a slot) if its generation still matches.
    public func cancelWait(token: Int, generation: UInt32) {
        cancel(TimerHandle(slot: Int32(token), generation: generation))
    }

    /// Cancellation handlers run synchronously on the cancelling thread; inside the simulation that is the
    /// driver thread. A cancel from elsewhere is an escape and is recorded instead of touching driver state.
    private func cancelFromHandler(_ handle: TimerHandle) {
        guard currentThreadID() == ownerThread.load(ordering: .relaxed) else {
            recordForeignCancellation()
            return
        }
        cancel(handle)
    }
}

/// What `fireNextTimer(limit:)` did.
enum TimerOutcome {
    case fired
    case beyondLimit
    case none
}
