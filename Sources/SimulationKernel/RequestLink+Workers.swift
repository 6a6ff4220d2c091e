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
    /// Parked workers at the end of a run are not a deadlock (they are not root tasks).
    func dispatch(_ job: ServerJob) {
        if let worker = idleWorkers.popLast() {
            worker.resume(returning: job)
            return
        }
        backlog.append(job)
        workerCount += 1
        executor.startTask { [self] in
            await self.workerLoop()
        }
    }

    /// A worker: take a job, run the handler (isolated to the server actor), send the response; forever.
    private func workerLoop() async {
        while true {
            let job = await nextJob(isolation: executor.isolation)
            let response = await handler(requests.take(job.slot))
            respond(call: job.call, generation: job.generation, number: job.number, response: response)
        }
    }

    private func nextJob(isolation: isolated SimulationIsolation) async -> ServerJob {
        if backlogHead < backlog.count {
            let job = backlog[backlogHead]
            backlogHead += 1
            if backlogHead == backlog.count {
                backlog.removeAll(keepingCapacity: true)
                backlogHead = 0
            }
            return job
        }
        return await withUnsafeContinuation(isolation: isolation) {
            (continuation: UnsafeContinuation<ServerJob, Never>) in
            idleWorkers.append(continuation)
        }
    }
}
