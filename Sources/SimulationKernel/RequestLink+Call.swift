extension RequestLink {
    /// Sends `request` and waits (in virtual time) for the response. Runs on the caller's isolation
    /// (`nonisolated(nonsending)`): from an actor on the simulation's executor a call switches executors neither on
    /// entry nor on return, and costs one job, the caller's wake-up when the response (or the timeout) arrives. A
    /// nonisolated caller borrows the executor's isolation for the wait (one job there, one job back).
    /// - Throws: `LinkError.timeout` after `requestTimeout` without a response; `LinkError.cancelled` if the
    ///   calling task is cancelled (at once if it already is, else at the step that cancels it).
    nonisolated(nonsending) public func call(_ request: Request) async throws(LinkError) -> Response {
        let isolation = #isolation
        guard isolation != nil else { return try await perform(request, isolation: executor.isolation) }
        // The task's record is found by the running task's address, without a task-local lookup.
        return try await wait(request, record: executor.runningTaskRecord())
    }

    /// The call of a nonisolated caller: runs isolated to the executor's `SimulationIsolation` (one job to get
    /// there, one to get back), with the same steps as an isolated caller's.
    private func perform(_ request: Request, isolation: isolated any Actor) async throws(LinkError) -> Response {
        try await wait(request, record: TaskCancellationRecord.current.map(Unmanaged.passUnretained))
    }

    /// The steps of one call on the caller's isolation, shared by ``call(_:)`` (isolated callers) and `perform`
    /// (nonisolated callers), which differ only in how they find the task's cancellation `record` (unretained: the
    /// running task keeps it alive, and passing it unretained spares a retain/release per call). Inlined
    /// (`nonisolated(nonsending)`, `@inline(__always)`) into both, so sharing adds no frame, executor hop or job.
    /// - Throws: `LinkError.timeout` or `LinkError.cancelled`, as ``call(_:)`` documents.
    @inline(__always)
    nonisolated(nonsending) private func wait(
        _ request: Request, record unmanaged: Unmanaged<TaskCancellationRecord>?
    ) async throws(LinkError) -> Response {
        let isolation = #isolation
        let index = allocateCall()
        let generation = pending[index].generation
        callCounters.calls += 1
        let outcome: Int
        // The record is used through its unretained reference (the running task keeps it alive): no retain and
        // release around the wait.
        if let record = unmanaged, case let state = record._withUnsafeGuaranteedRef({ $0.currentTaskState }),
            state.owned
        {
            // The task's long-lived cancellation handler covers this wait (no per-call handler).
            if state.cancelled {
                freeCall(index)
                callCounters.cancelled += 1
                await executor.cancelledWaitPoint(isolation: isolation)
                throw .cancelled
            }
            record._withUnsafeGuaranteedRef { $0.beginWait(self, token: index, generation: generation) }
            // Already on the caller's isolation (this body runs nonsending, or inside `perform`): the
            // executor-inheriting form suspends right here, without the hop to `isolation` (a task switch, whose
            // runtime check of the task's executor preference takes the task's status lock) that
            // `withUnsafeContinuation(isolation:)` makes before suspending. The caller's own hop after the
            // resume remains, so the call still returns on the caller's isolation.
            outcome = await _unsafeInheritExecutor_withUnsafeContinuation {
                (continuation: UnsafeContinuation<Int, Never>) in
                self.start(index, request: request, continuation: continuation)
            }
            record._withUnsafeGuaranteedRef { $0.endWait() }
        } else {
            outcome = await waitWithHandler(index, generation: generation, request: request, isolation: isolation)
        }
        freeCall(index)
        if outcome >= 0 { return responses.take(outcome) }
        if outcome == RequestLink.timedOut { throw .timeout }
        await executor.cancelledWaitPoint(isolation: isolation)
        throw .cancelled
    }

    /// A wait in a task without its own cancellation record (a child task, or a task started outside the kernel):
    /// one cancellation handler per call.
    private func waitWithHandler(
        _ index: Int, generation: UInt32, request: Request, isolation: isolated (any Actor)?
    ) async -> Int {
        await withTaskCancellationHandler {
            await withUnsafeContinuation(isolation: isolation) { (continuation: UnsafeContinuation<Int, Never>) in
                if Task.isCancelled {
                    self.callCounters.cancelled += 1
                    continuation.resume(returning: RequestLink.cancelledCode)
                    return
                }
                self.start(index, request: request, continuation: continuation)
            }
        } onCancel: {
            self.cancelCall(index, generation: generation)
        }
    }
}
