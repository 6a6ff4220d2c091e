import SCIM
import SimulationKernel

/// The parties' steps of ``BareLoopSync``, each mirroring one actor method (named in its comment) call for call.
extension BareLoopSync {
    /// `World.startScript` at time 0: register the webhook lanes, then the admin's "Add SCIM"
    /// (`Admin.perform(.enableSCIM(by: .primaryOwner))`).
    func script() {
        for lane in laneDispatch.indices { queue.enqueue(.laneStart(lane)) }
        let action = AdminAction.enableSCIM(by: .primaryOwner)
        var refused = true
        if case .success(let request) = organization.enableSCIM(actor: organization.primaryOwnerID) {
            let setup = broker.createDirectory(request, now: now)
            _ = organization.directoryCreated(setup)
            monitor.directoryCredential(tenant: 0, directoryID: setup.directoryID, token: setup.bearerToken)
            idp.configure(
                IdentityProviderConfiguration(baseURL: setup.endpointPath, bearerToken: setup.bearerToken), now: now,
                resync: false)
            while let worker = idpSignal.popOne() { queue.enqueue(.worker(worker)) }
            refused = false
        }
        trace.record(
            atNanoseconds: queue.now, party: "admin", kind: "action", .text("name", action.name),
            .bool("refused", refused))
        scriptDone = true
    }

    // MARK: IdP (`IdentityProvider.runWorker` and `exchange`)

    /// The worker loop: send the next request, or park until signalled or the state machine's wake time.
    func workerLoop(_ worker: Int) {
        if let out = idp.nextRequest(now: now) {
            if idpSignal.waitingCount > 0, let other = idpSignal.popOne() { queue.enqueue(.worker(other)) }
            send(out, worker: worker)
        } else {
            if let wake = idp.nextWakeTime { arm(&idpSignal, wake.simulationNanoseconds, .idpWake) }
            idpSignal.park(worker)
        }
    }

    func send(_ out: IdentityProviderOutgoing, worker: Int) {
        let request = out.wireRequest
        trace.record(
            atNanoseconds: queue.now, party: idpParty, kind: "request",
            .int("method", IdentityProvider.methodCode(request.method)), .int("serial", out.ticket.serial))
        tickets[worker] = out.ticket
        queue.schedule(at: queue.now &+ idpLatency, .scimArrival(worker: worker, request: wire.outgoing(request)))
    }

    func idpResponse(_ worker: Int, _ wireResponse: SCIMWireResponse) {
        let response = wire.incoming(wireResponse)
        trace.record(atNanoseconds: queue.now, party: idpParty, kind: "response", .int("status", response.status))
        guard let ticket = tickets[worker] else { return }
        tickets[worker] = nil
        let followUp = idp.handleResponse(ticket, response, now: now, using: &random)
        if idpSignal.waitingCount > 0, let other = idpSignal.popOne() { queue.enqueue(.worker(other)) }
        if case .send(let next) = followUp {
            send(next, worker: worker)
        } else {
            workerLoop(worker)
        }
    }

    // MARK: Broker (`DirectorySyncBroker.handleSCIM`, `runLane`, `pumpWebhooks`, `runTicker`)

    func handleSCIM(_ request: SCIMRequest) -> SCIMWireResponse {
        let before = broker.nextEventSequence
        let response = broker.handleSCIM(request, now: now)
        trace.record(
            atNanoseconds: queue.now, party: brokerParty, kind: "scim",
            .int("method", IdentityProvider.methodCode(request.method)), .int("status", response.status))
        monitor.scimRequestHandled(
            tenant: 0, request: request, status: response.status, broker: broker, sequenceBefore: before)
        if broker.nextEventSequence != before { pumpWebhooks() }
        return wire.outgoing(response)
    }

    func pumpWebhooks() {
        for dispatch in broker.dueWebhookDispatches(now: now) {
            if let lane = mailbox.takeReceiver() {
                queue.enqueue(.lane(lane, dispatch))
            } else {
                mailbox.buffer(dispatch)
            }
        }
        if let next = broker.nextWebhookWakeTime() { arm(&tickerSignal, next.simulationNanoseconds, .tickerWake) }
    }

    func parkTicker() {
        if let next = broker.nextWebhookWakeTime() { arm(&tickerSignal, next.simulationNanoseconds, .tickerWake) }
        tickerSignal.park(0)
    }

    /// A lane's `mailbox.receive()`: take a buffered dispatch at once, or park.
    func receive(lane: Int) {
        if let dispatch = mailbox.tryReceive() {
            send(dispatch, lane: lane)
        } else {
            mailbox.park(lane)
        }
    }

    func send(_ dispatch: WebhookDispatch, lane: Int) {
        let sequence = dispatch.payload.event.sequence
        trace.record(
            atNanoseconds: queue.now, party: brokerParty, kind: "deliver", .int("event", Int(sequence)),
            .int("attempt", dispatch.attempt))
        let delivery = WebhookDelivery(
            dispatch: dispatch.deliveryID, attempt: dispatch.attempt, content: dispatch.content,
            eventSequence: sequence, forged: false)
        laneDispatch[lane] = dispatch
        queue.schedule(at: queue.now &+ organizationLatency, .webhookArrival(lane: lane, delivery: delivery))
    }

    func webhookAcknowledged(lane: Int, status: Int) {
        trace.record(atNanoseconds: queue.now, party: brokerParty, kind: "delivered", .int("status", status))
        if let dispatch = laneDispatch[lane] {
            laneDispatch[lane] = nil
            broker.recordWebhookOutcome(
                dispatch.deliveryID, attempt: dispatch.attempt, outcome: .response(status: status), now: now)
        }
        pumpWebhooks()
        receive(lane: lane)
    }

    // MARK: Organization (`Organization.receive`)

    func receiveWebhook(_ delivery: WebhookDelivery) -> Int {
        let status = organization.receive(delivery, now: now, monitor: monitor, tenant: 0)
        trace.record(
            atNanoseconds: queue.now, party: organizationParty, kind: "consume",
            .int("event", Int(delivery.eventSequence)), .int("status", status))
        return status
    }

    // MARK: Wake signals (`WakeSignal.arm`)

    /// Makes sure `signal`'s timer fires no later than `deadline`: keeps an earlier armed timer, else cancels
    /// the later one and schedules a new one.
    func arm(_ signal: inout BareWakeSignal, _ deadline: Int64, _ event: Event) {
        if let current = signal.armed {
            if current.deadline <= deadline { return }
            queue.cancel(current.handle)
        }
        signal.armed = (deadline, queue.schedule(at: deadline, event))
    }
}
