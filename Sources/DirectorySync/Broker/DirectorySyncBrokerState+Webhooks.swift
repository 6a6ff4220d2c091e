import SCIM
import SimulationKernel

/// Webhook delivery: at-least-once, with a timeout, exponential backoff and a cap on attempts
/// (``WebhookDeliveryPolicy``). A response lost after the endpoint applied the event leads to a retry,
/// so duplicates happen by design; consumers dedupe by event id. Every decision is a pure function of
/// the virtual times passed in.
extension DirectorySyncBrokerState {
    /// Registers an endpoint that receives every later event of `organizationID`'s directories, signed
    /// with `secret`. Returns its id (`we_` + 26 digits). Each endpoint sees only its organization's
    /// events (real WorkOS endpoints are per environment and the app routes by `organization_id`; scoping
    /// here lets the simulation check isolation at the transport) [infer].
    public mutating func registerWebhookEndpoint(organizationID: String, url: String, secret: String) -> String {
        let id = BrokerID.make("we_", Int64(endpoints.count + 1))
        endpoints.append(
            WebhookEndpointRecord(
                id: id, organizationID: organizationID, url: url, secret: secret,
                signingKey: KeyedDigest(key: secret)))
        return id
    }

    /// The id and URL of the endpoint at `index` (registration order, ``WebhookDispatch/endpointIndex``), or `nil`
    /// for an unknown index. O(1).
    public func webhookEndpoint(at index: Int) -> (id: String, url: String)? {
        endpoints.indices.contains(index) ? (endpoints[index].id, endpoints[index].url) : nil
    }

    /// The index of the endpoint with this id (registration order), or `nil`. O(endpoints).
    public func webhookEndpointIndex(id: String) -> Int? { endpoints.firstIndex { $0.id == id } }

    /// Creates one delivery record per endpoint of the event's organization, all sharing one payload (built only
    /// when some endpoint wants the event; the event is read in place and copied once, into the payload).
    mutating func enqueueDeliveries(for event: borrowing DirectoryEvent, now: Duration) {
        var e = 0
        while e < endpoints.count && endpoints[e].organizationID != event.organizationID { e += 1 }
        guard e < endpoints.count else { return }
        let payload = WebhookPayload(borrowing: event)
        while true {
            var next = e + 1
            while next < endpoints.count && endpoints[next].organizationID != event.organizationID { next += 1 }
            let index = deliveries.count
            deliveryQueue.pushFresh(.init(time: now, delivery: index, generation: 0))
            guard next < endpoints.count else {
                // The last endpoint wanting the event takes the payload over (no extra reference).
                deliveries.append(WebhookDeliveryRecord(payload: consume payload, endpoint: e))
                return
            }
            deliveries.append(WebhookDeliveryRecord(payload: payload, endpoint: e))
            e = next
        }
    }

    /// Attempts to hand out at `now`, in order of due time then event order: first expires in-flight
    /// attempts whose deadline passed (each counts as a failed attempt and schedules a retry), then
    /// starts due deliveries while each endpoint has fewer than
    /// ``WebhookDeliveryPolicy/maxInFlightPerEndpoint`` in flight. Each dispatch is signed with
    /// `t = now` in milliseconds. Call it after every event-producing call, every outcome, and at
    /// ``nextWebhookWakeTime()``. O((due + dispatched) log n).
    public mutating func dueWebhookDispatches(now: Duration) -> [WebhookDispatch] {
        var out: [WebhookDispatch] = []
        forEachDueWebhookDispatch(now: now) { out.append($0) }
        return out
    }

    /// ``dueWebhookDispatches(now:)`` without the array: hands each dispatch to `body` in the same order, after
    /// the state machine recorded it (`body` owns it, and must not call back into this state).
    /// O((due + dispatched) log n).
    mutating func forEachDueWebhookDispatch(now: Duration, _ body: (consuming WebhookDispatch) -> Void) {
        startDueWebhookDeliveries(now: now)
        let cap = configuration.webhooks.maxInFlightPerEndpoint
        for e in endpoints.indices {
            while endpoints[e].inFlight < cap, let d = endpoints[e].ready.popFirst() {
                guard let payload = deliveries[d].payload else { continue }
                let (attempt, signature, rawBody, deadline) = startAttempt(
                    d, endpoint: e, payload: Unmanaged.passUnretained(payload), now: now)
                body(
                    WebhookDispatch(
                        deliveryID: WebhookDeliveryID(rawValue: d), attempt: attempt, endpointIndex: e,
                        payload: payload, rawBody: rawBody, signature: signature, deadline: deadline))
            }
        }
    }

    /// ``forEachDueWebhookDispatch(now:_:)`` for the broker's lanes (``WebhookLanes``), one attempt per call and
    /// without a closure: call ``startDueWebhookDeliveries(now:)`` once, then this with `endpoint` starting at 0
    /// until it returns `nil`; the attempts come in the same order, each as a ``WebhookLaneDispatch`` (no payload
    /// reference: the lane reads it from the record with ``takeLaneDispatch(_:)``). Report each dispatch queued for
    /// a lane with ``laneDispatchQueued(_:)`` (the record then keeps its payload until the lane takes it).
    /// `endpoint` is the scan's cursor (an endpoint before it has no attempt left to start now). O(log n) per call.
    mutating func nextLaneDispatch(now: Duration, endpoint e: inout Int) -> WebhookLaneDispatch? {
        let cap = configuration.webhooks.maxInFlightPerEndpoint
        while e < endpoints.count {
            guard endpoints[e].inFlight < cap, let d = endpoints[e].ready.popFirst() else {
                e += 1
                continue
            }
            // The record holds the payload through the attempt's start: read it unretained.
            guard let payload = deliveries[d].payload.map({ Unmanaged.passUnretained($0) }) else { continue }
            let (attempt, signature, rawBody, _) = startAttempt(d, endpoint: e, payload: payload, now: now)
            return WebhookLaneDispatch(
                delivery: d, endpoint: e, attempt: attempt, signature: signature, rawBody: rawBody)
        }
        return nil
    }

    /// A dispatch of delivery `d` from ``nextLaneDispatch(now:endpoint:)`` was queued for a lane: the record keeps
    /// its payload until ``takeLaneDispatch(_:)``. O(1).
    mutating func laneDispatchQueued(_ d: Int) { deliveries[d].queuedLaneDispatches &+= 1 }

    /// Takes a lane dispatch of delivery `d` out of the queue (``laneDispatchQueued(_:)``): returns the
    /// delivery's payload and its event sequence, and drops the record's payload when the delivery is settled and
    /// this was its last queued dispatch. O(1).
    mutating func takeLaneDispatch(_ d: Int) -> (payload: WebhookPayload?, sequence: Int64) {
        let payload = deliveries[d].payload
        if deliveries[d].queuedLaneDispatches > 0 { deliveries[d].queuedLaneDispatches &-= 1 }
        if deliveries[d].queuedLaneDispatches == 0 && deliveries[d].isSettled { deliveries[d].payload = nil }
        return (payload, deliveries[d].sequence)
    }

    /// The timer part of a pump: expires in-flight attempts whose deadline passed (each a failed attempt, which
    /// schedules a retry) and moves due deliveries to their endpoint's ready queue, in (time, delivery) order.
    /// O(due log n).
    mutating func startDueWebhookDeliveries(now: Duration) {
        while let top = deliveryQueue.pop(dueAt: now) {
            let d = top.delivery
            guard deliveries[d].generation == top.generation else { continue }
            switch deliveries[d].phase {
            case .waiting:
                deliveries[d].phase = .ready
                deliveries[d].generation += 1
                endpoints[deliveries[d].endpoint].ready.append(d)
            case .inFlight:
                statistics.webhookTimeouts += 1
                endpoints[deliveries[d].endpoint].inFlight -= 1
                failAttempt(d, now: now)
            case .ready, .delivered, .failed:
                continue
            }
        }
    }

    /// Starts an attempt of delivery `d` (not settled: only waiting deliveries become ready) to endpoint `e` at
    /// `now`, signed with `t = now` in milliseconds: returns its attempt number, signature, raw body (bytes mode)
    /// and deadline. `payload` is the record's payload, unretained (the record holds it throughout).
    @inline(__always)
    private mutating func startAttempt(
        _ d: Int, endpoint e: Int, payload: Unmanaged<WebhookPayload>, now: Duration
    ) -> (
        attempt: Int, signature: WebhookSignatureHeader, rawBody: [UInt8]?, deadline: Duration
    ) {
        deliveries[d].attempts += 1
        deliveries[d].phase = .inFlight
        deliveries[d].generation += 1
        let deadline = now + configuration.webhooks.timeout
        deliveryQueue.pushDeadline(.init(time: deadline, delivery: d, generation: deliveries[d].generation))
        endpoints[e].inFlight += 1
        statistics.webhookAttempts += 1
        let t = EventTimestamp.milliseconds(now)
        var rawBody: [UInt8]?
        let signature: WebhookSignatureHeader
        switch configuration.webhooks.wire {
        case .value:
            let key = endpoints[e].signingKey
            signature = payload._withUnsafeGuaranteedRef { $0.signature(timestampMillis: t, key: key) }
        case .bytes:
            let bytes = payload._withUnsafeGuaranteedRef { JSONCodec.encode($0.event.body) }
            rawBody = bytes
            signature = bytes.withUnsafeBytes {
                WebhookSignature.signature(timestampMillis: t, bytes: $0, key: endpoints[e].signingKey)
            }
        }
        return (deliveries[d].attempts, signature, rawBody, deadline)
    }

    /// Records how an attempt ended. 2xx marks the delivery delivered; anything else schedules a retry
    /// after ``WebhookDeliveryPolicy/backoff(retry:)`` or, after the last attempt, marks it failed. An
    /// outcome for an attempt that already timed out, or for an old attempt, is counted and ignored.
    /// Call ``dueWebhookDispatches(now:)`` afterwards: a freed slot may start the next delivery.
    public mutating func recordWebhookOutcome(
        _ id: WebhookDeliveryID, attempt: Int, outcome: WebhookAttemptOutcome, now: Duration
    ) {
        let d = id.rawValue
        guard deliveries.indices.contains(d), deliveries[d].phase == .inFlight, deliveries[d].attempts == attempt
        else {
            statistics.webhookLateResponses += 1
            return
        }
        endpoints[deliveries[d].endpoint].inFlight -= 1
        deliveries[d].generation += 1
        if case .response(let status) = outcome, (200..<300).contains(status) {
            deliveries[d].settle(.delivered)
            statistics.webhooksDelivered += 1
        } else {
            failAttempt(d, now: now)
        }
    }

    private mutating func failAttempt(_ d: Int, now: Duration) {
        deliveries[d].generation += 1
        let policy = configuration.webhooks
        guard deliveries[d].attempts < policy.maxAttempts else {
            deliveries[d].settle(.failed)
            statistics.webhooksFailed += 1
            return
        }
        statistics.webhookRetries += 1
        deliveries[d].phase = .waiting
        let due = now + policy.backoff(retry: deliveries[d].attempts)
        deliveryQueue.push(.init(time: due, delivery: d, generation: deliveries[d].generation))
    }

    /// The earliest virtual time at which ``dueWebhookDispatches(now:)`` has work (a due retry or a
    /// deadline), or `nil`. Discards invalidated timers first, so the shell never wakes for nothing.
    public mutating func nextWebhookWakeTime() -> Duration? {
        while case let (top?, source) = deliveryQueue.peekWithSource() {
            let phase = deliveries[top.delivery].phase
            if deliveries[top.delivery].generation == top.generation && (phase == .waiting || phase == .inFlight) {
                return top.time
            }
            deliveryQueue.removeSmallest(source)
        }
        return nil
    }

    /// The state and attempt count of a delivery, or `nil` for an unknown id.
    public func webhookDelivery(_ id: WebhookDeliveryID) -> (
        eventID: String, state: WebhookDeliveryState, attempts: Int
    )? {
        guard deliveries.indices.contains(id.rawValue) else { return nil }
        let r = deliveries[id.rawValue]
        let state: WebhookDeliveryState =
            switch r.phase {
            case .waiting, .ready: .pending
            case .inFlight: .inFlight
            case .delivered: .delivered
            case .failed: .failed
            }
        return (BrokerID.digits("event_", r.sequence), state, r.attempts)
    }

    /// Number of delivery records created so far.
    public var webhookDeliveryCount: Int { deliveries.count }
}
