/// Why a driver pass stopped.
enum DriverStop {
    case idle
    case deadline
    case stopCondition
    case stepLimit
}

extension SimulationExecutor {
    /// Runs jobs on the calling thread until nothing is ready and no live timer remains (`.idle`), the next timer
    /// lies beyond `deadline` (virtual time is then set to `deadline`), `stop` returns true after a step, or
    /// `maxSteps` jobs have run in total.
    ///
    /// Each iteration: take escaped jobs from the foreign inbox if any; run one ready job (FIFO or seeded pick),
    /// or the deferred callback whose marker was picked (a step too, unless it is only a relay turn); when none is ready, fire the earliest live timer, moving virtual time forward to its deadline.
    ///
    /// Under the random policy every timer due at that same instant fires together, so the jobs they wake are
    /// ready at once and the seeded pick chooses among all of them: same-instant wake-ups are the races a
    /// schedule explorer must reorder. Under FIFO timers fire one at a time in (deadline, sequence) order and
    /// the jobs each wakes run before the next timer fires, which keeps FIFO runs identical to earlier builds.
    func drive(deadline: Int64, maxSteps: UInt64, stop: (() -> Bool)?) -> DriverStop {
        // The loop takes the condition as a non-escaping closure: calling it then costs no retain and release of
        // its context per step, as calling an optional escaping closure does.
        if let stop { return driveLoop(deadline: deadline, maxSteps: maxSteps, hasStop: true, stop: stop) }
        return driveLoop(deadline: deadline, maxSteps: maxSteps, hasStop: false) { false }
    }

    /// The loop of `drive`; `stop` is only called when `hasStop` is true.
    @inline(__always)
    private func driveLoop(deadline: Int64, maxSteps: UInt64, hasStop: Bool, stop: () -> Bool) -> DriverStop {
        let serial = asUnownedSerialExecutor()
        let taskExecutor = asUnownedTaskExecutor()
        let randomPick = policy == .random
        while true {
            if foreignPending.load(ordering: .relaxed) != 0 { drainForeign() }
            if ready.count > 0 {
                if stepCount >= maxSteps { return .stepLimit }
                let job: UnownedJob
                if randomPick {
                    job = ready.pop(at: schedulerRandom.below(ready.count))
                } else {
                    job = ready.popFirst()
                }
                if _slowPath(job.isDeferredMarker) {
                    // A relay turn changed nothing the stop condition could see: no check, and no step.
                    if !runDeferred(job) { continue }
                    stepCount &+= 1
                } else {
                    stepCount &+= 1
                    run(job, serial: serial, taskExecutor: taskExecutor)
                }
                if hasStop, stop() { return .stopCondition }
                continue
            }
            switch fireNextTimer(limit: deadline) {
            case .fired:
                if randomPick { fireTimersDueNow() }
                if hasStop, stop() { return .stopCondition }
            case .beyondLimit:
                if deadline > nowNanoseconds { nowNanoseconds = deadline }
                return .deadline
            case .none:
                if foreignPending.load(ordering: .acquiring) != 0 { continue }
                return .idle
            }
        }
    }

    /// Runs one job on the calling thread, noting its address (the running task's, for a task job) so that
    /// `TaskCancellationRecord.currentTaskState` can tell which task runs without asking the runtime.
    @inline(__always)
    func run(_ job: UnownedJob, serial: UnownedSerialExecutor, taskExecutor: UnownedTaskExecutor) {
        let outer = runningJob
        runningJob = unsafeBitCast(job, to: UnsafeRawPointer.self)
        runDepth &+= 1
        job.runSynchronously(isolatedTo: serial, taskExecutor: taskExecutor)
        runDepth &-= 1
        runningJob = outer
    }

    /// Fires every remaining live timer whose deadline is the current virtual instant (random policy only).
    private func fireTimersDueNow() {
        while case .fired = fireNextTimer(limit: nowNanoseconds) {}
    }

    /// Names of non-daemon root tasks that have not finished, in spawn order.
    var waitingRootNames: [String] {
        roots.filter { !$0.finished && !$0.daemon }.map(\.name)
    }

    /// Registers a root task and returns its index.
    func registerRoot(name: String, daemon: Bool) -> Int {
        roots.append(RootTaskRecord(name: name, daemon: daemon, finished: false))
        return roots.count - 1
    }

    /// Marks a root task finished (called from inside the task, on the driver thread).
    func finishRoot(_ index: Int) {
        roots[index].finished = true
    }
}
