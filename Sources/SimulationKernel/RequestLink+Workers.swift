/// One delivered request copy waiting for a server worker; the request itself stays in the link's slab.
struct ServerJob: Sendable {
    let call: Int
    let generation: UInt32
    let number: Int
    let slot: Int
}

extension RequestLink {
    /// Hands a delivered request to an idle worker (the most recently parked one), or queues it and starts a new
    /// worker task. Workers are long-lived tasks on the simulation's executor, so a request costs a resume, not a
    /// task creation; the pool grows to the largest number of requests ever handled at once and never shrinks.
    /// Parked workers at the end of a run are not a deadlock (they are not root tasks); `Simulation.shutdown()`
    /// cancels them, which ends their loops.
    func dispatch(_ job: ServerJob) {
        if let worker = idleWorkers.popLast() {
            worker.resume(returning: handedJobs.insert(job))
            return
        }
        backlog.append(job)
        workerCount += 1
        executor.startTask { [self] in
            await self.workerLoop()
        }
    }

    /// A worker: take a job, run the handler (isolated to the server actor), send the response; until the
    /// worker task is cancelled (by `Simulation.shutdown()`) while idle.
    private func workerLoop() async {
        while let job = await nextJob(isolation: executor.isolation) {
            let response = await handler(requests.take(job.slot))
            respond(call: job.call, generation: job.generation, number: job.number, response: response)
        }
    }

    /// The next request for this worker, or nil when the worker task is cancelled.
    private func nextJob(isolation: isolated SimulationIsolation) async -> ServerJob? {
        guard let record = TaskCancellationRecord.current, case let state = record.currentTaskState, state.owned,
            !state.cancelled
        else { return nil }
        if let job = backlog.popFirst() { return job }
        let slot = await withUnsafeContinuation(isolation: isolation) {
            (continuation: UnsafeContinuation<Int, Never>) in
            let (token, generation) = idleWorkers.park(continuation)
            record.beginWait(self, token: -1 - token, generation: generation)
        }
        return slot >= 0 ? handedJobs.take(slot) : nil
    }
}
