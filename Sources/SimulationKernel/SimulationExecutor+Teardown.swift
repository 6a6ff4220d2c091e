/// What `Simulation.shutdown()` did.
public struct ShutdownReport: Sendable, Equatable {
    /// Kernel-started tasks (root tasks, request-link server workers, `startTask` tasks) unfinished at the start.
    public let tasksCancelled: Int
    /// Timers pending at the start (sleepers, messages in flight, request timeouts), all discarded unfired.
    public let timersDiscarded: Int
    /// Jobs run to unwind the tasks (not counted in `SimulationResult.steps`).
    public let jobsRun: UInt64
    /// Cancel-and-drain rounds used.
    public let rounds: Int
    /// Tasks still unfinished afterwards: zero unless a task waits on something the kernel does not own (a
    /// continuation of your own, a task started outside the kernel) or keeps swallowing `CancellationError`
    /// and waiting again beyond the round budget.
    public let survivingTasks: Int
}

extension SimulationExecutor {
    /// Starts a task that prefers this executor, binds a cancellation record and is tracked until it finishes;
    /// `root` is the root-task index to mark finished, if any.
    func startTracked(_ body: sending @escaping () async -> Void, then root: Int?) -> Task<Void, Never> {
        let slot: Int
        if let reused = freeTaskSlots.popLast() {
            slot = reused
        } else {
            slot = tasks.count
            tasks.append(nil)
        }
        liveTaskCount &+= 1
        let task = Task(executorPreference: self) { [self] in
            await TaskCancellationRecord.withRecord(executor: self, body)
            if let root { finishRoot(root) }
            tasks[slot] = nil
            freeTaskSlots.append(slot)
            liveTaskCount &-= 1
        }
        tasks[slot] = task
        return task
    }

    /// Called by a kernel wait just before it throws because its task is cancelled. During a teardown it first
    /// parks the task until the next teardown round, so that a loop which swallows `CancellationError` and
    /// waits again costs one round per iteration instead of spinning inside one job. Otherwise it returns at
    /// once.
    @inline(__always)
    func cancelledWaitPoint(isolation: isolated (any Actor)?) async {
        guard tearingDown else { return }
        await withUnsafeContinuation(isolation: isolation) { (continuation: UnsafeContinuation<Void, Never>) in
            teardownParked.append(continuation)
        }
    }

    /// Unwinds every parked task (see `Simulation.shutdown()`): each round cancels every tracked task, discards
    /// every pending timer (a sleeper is resumed with `CancellationError`, a timer target is told with
    /// `timerDiscarded`), resumes the tasks parked by `cancelledWaitPoint`, and runs the resulting jobs in FIFO
    /// order without ever firing a timer, so virtual time does not move. Stops when nothing is left, after
    /// `maxRounds` rounds, or after `maxJobs` jobs. Driver thread only; the caller keeps the trace out of it.
    func tearDown(maxRounds: Int, maxJobs: UInt64) -> ShutdownReport {
        let tasksAtStart = liveTaskCount
        let timersAtStart = liveTimers
        let serial = asUnownedSerialExecutor()
        let taskExecutor = asUnownedTaskExecutor()
        tearingDown = true
        defer { tearingDown = false }
        var jobs: UInt64 = 0
        var rounds = 0
        while rounds < maxRounds {
            rounds += 1
            for task in tasks { task?.cancel() }
            discardAllTimers()
            let parked = teardownParked
            teardownParked.removeAll()
            for continuation in parked { continuation.resume() }
            if foreignPending.load(ordering: .acquiring) != 0 { drainForeign() }
            while ready.count > 0, jobs < maxJobs {
                let job = ready.popFirst()
                if job.isDeferredMarker {
                    discardDeferred(job)
                    continue
                }
                jobs &+= 1
                run(job, serial: serial, taskExecutor: taskExecutor)
            }
            let finished = liveTaskCount == 0 && liveTimers == 0 && teardownParked.isEmpty && ready.count == 0
            if finished || jobs >= maxJobs { break }
        }
        if liveTimers == 0 {
            timers.removeAll()
            core.pointee.timerLanes.removeAllEntries()
        }
        return ShutdownReport(
            tasksCancelled: tasksAtStart, timersDiscarded: timersAtStart, jobsRun: jobs, rounds: rounds,
            survivingTasks: liveTaskCount)
    }

    /// Cancels every live timer in slot order: sleepers wake with `CancellationError` (as a job), targets are
    /// released after `timerDiscarded(token:)`.
    private func discardAllTimers() {
        guard liveTimers > 0 else { return }
        for index in timerSlots.indices where timerSlots[index].live {
            let slot = timerSlots[index]
            slot.target?._withUnsafeGuaranteedRef { $0.timerDiscarded(token: slot.token) }
            cancel(TimerHandle(slot: Int32(index), generation: slot.generation))
        }
    }
}
