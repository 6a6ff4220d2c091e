import SCIM
import Testing

@testable import DirectorySync

@Suite struct BrokerWebhookTests {
    static let secret = "whsec_A"

    private func brokerWithEndpoint(
        _ configure: (inout DirectorySyncBrokerConfiguration) -> Void = { _ in }
    ) -> (DirectorySyncBrokerState, DirectorySetup) {
        var broker = Fixture.broker(configure)
        _ = broker.registerWebhookEndpoint(
            organizationID: Fixture.orgA, url: "https://a.example/hooks", secret: Self.secret)
        let setup = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        return (broker, setup)
    }

    @Test func eachEventGetsOneSignedDispatchInOrder() throws {
        var (broker, setup) = brokerWithEndpoint()
        _ = Fixture.createUser(&broker, setup, "a@example.com", at: .seconds(1))
        _ = Fixture.createUser(&broker, setup, "b@example.com", at: .seconds(1))
        let dispatches = broker.dueWebhookDispatches(now: .seconds(1))
        #expect(dispatches.map(\.eventID) == broker.retainedEvents.map(\.id))
        #expect(dispatches.allSatisfy { $0.attempt == 1 && $0.deadline == .seconds(11) })
        let first = try #require(dispatches.first)
        #expect(first.signatureHeader.hasPrefix("t=1000, v1="))
        let ok = WebhookSignature.verify(
            header: first.signatureHeader, payload: WebhookSignature.signedPayload(of: first.body), secret: Self.secret,
            nowMillis: 1000, toleranceMillis: 180_000)
        #expect(ok == nil)
        #expect(broker.dueWebhookDispatches(now: .seconds(1)).isEmpty)  // nothing handed out twice
    }

    @Test func acknowledgedDeliveryIsDoneAndNeverRetried() throws {
        var (broker, setup) = brokerWithEndpoint()
        _ = Fixture.createUser(&broker, setup, "a@example.com", at: .seconds(1))
        for d in broker.dueWebhookDispatches(now: .seconds(1)) {
            broker.recordWebhookOutcome(
                d.deliveryID, attempt: d.attempt, outcome: .response(status: 200), now: .seconds(2))
        }
        #expect(broker.statistics.webhooksDelivered == 2)
        #expect(broker.nextWebhookWakeTime() == nil)
        #expect(broker.dueWebhookDispatches(now: .seconds(3600)).isEmpty)
        #expect(broker.webhookDelivery(WebhookDeliveryID(rawValue: 0))?.state == .delivered)
    }

    @Test func settledDeliveriesReleaseTheirPayloadButKeepTheirEventID() throws {
        var (broker, setup) = brokerWithEndpoint { $0.webhooks.maxAttempts = 1 }
        _ = Fixture.createUser(&broker, setup, "a@example.com", at: .seconds(1))
        let dispatches = broker.dueWebhookDispatches(now: .seconds(1))
        try #require(dispatches.count == 2)
        let ids = dispatches.map(\.eventID)
        #expect(broker.deliveries.allSatisfy { $0.payload != nil })  // in flight: an attempt may follow
        broker.recordWebhookOutcome(
            dispatches[0].deliveryID, attempt: 1, outcome: .response(status: 200), now: .seconds(2))
        broker.recordWebhookOutcome(
            dispatches[1].deliveryID, attempt: 1, outcome: .response(status: 500), now: .seconds(2))
        #expect(broker.deliveries.map(\.phase) == [.delivered, .failed])
        #expect(broker.deliveries.allSatisfy { $0.payload == nil })
        #expect(broker.webhookDelivery(dispatches[0].deliveryID)?.eventID == ids[0])
        #expect(broker.webhookDelivery(dispatches[1].deliveryID)?.eventID == ids[1])
        #expect(broker.webhookEventSequence(dispatches[1].deliveryID) == dispatches[1].payload.event.sequence)
        #expect(broker.dueWebhookDispatches(now: .seconds(3600)).isEmpty)
        #expect(MemoryLayout<WebhookDeliveryRecord>.stride == 32)
    }

    @Test func failuresRetryWithExponentialBackoffUntilExhausted() throws {
        var (broker2, setup) = brokerWithEndpoint { $0.webhooks.maxAttempts = 4 }
        _ = broker2.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .zero)  // dsync.activated only
        var now = Duration.zero
        var attemptTimes: [Duration] = []
        while let d = broker2.dueWebhookDispatches(now: now).first {
            attemptTimes.append(now)
            broker2.recordWebhookOutcome(d.deliveryID, attempt: d.attempt, outcome: .response(status: 500), now: now)
            guard let wake = broker2.nextWebhookWakeTime() else { break }
            now = wake
        }
        // 30 s, 60 s, 120 s between attempts (initial backoff 30 s, doubling)
        #expect(attemptTimes == [.zero, .seconds(30), .seconds(90), .seconds(210)])
        #expect(broker2.statistics.webhooksFailed == 1)
        #expect(broker2.statistics.webhookRetries == 3)
        #expect(broker2.webhookDelivery(WebhookDeliveryID(rawValue: 0))?.state == .failed)
        #expect(broker2.nextWebhookWakeTime() == nil)
    }

    @Test func backoffDoublesAndIsCapped() {
        var policy = WebhookDeliveryPolicy()
        policy.initialBackoff = .seconds(10)
        policy.maxBackoff = .seconds(50)
        #expect(
            (1...5).map { policy.backoff(retry: $0) } == [
                .seconds(10), .seconds(20), .seconds(40), .seconds(50), .seconds(50),
            ])
    }

    @Test func timeoutCausesRetryAndLateAckIsIgnoredSoDuplicatesArePossible() throws {
        var (broker, setup) = brokerWithEndpoint()
        _ = broker.handleSCIM(Fixture.request(setup, .get, "/Users"), now: .zero)
        let first = try #require(broker.dueWebhookDispatches(now: .zero).first)
        #expect(broker.nextWebhookWakeTime() == .seconds(10))
        #expect(broker.dueWebhookDispatches(now: .seconds(10)).isEmpty)  // timed out; retry scheduled
        #expect(broker.statistics.webhookTimeouts == 1)
        #expect(broker.nextWebhookWakeTime() == .seconds(40))
        broker.recordWebhookOutcome(first.deliveryID, attempt: 1, outcome: .response(status: 200), now: .seconds(12))
        #expect(broker.statistics.webhookLateResponses == 1)
        let retry = try #require(broker.dueWebhookDispatches(now: .seconds(40)).first)
        #expect(retry.attempt == 2)
        #expect(retry.eventID == first.eventID)  // the same event again: at-least-once
        #expect(retry.signatureHeader.hasPrefix("t=40000, v1="))  // re-signed at dispatch time
        broker.recordWebhookOutcome(retry.deliveryID, attempt: 2, outcome: .transportFailure, now: .seconds(41))
        #expect(broker.nextWebhookWakeTime() == .seconds(101))
    }

    @Test func inFlightIsBoundedPerEndpoint() {
        var (broker, setup) = brokerWithEndpoint { $0.webhooks.maxInFlightPerEndpoint = 3 }
        for n in 0..<5 { _ = Fixture.createUser(&broker, setup, "u\(n)@example.com", at: .seconds(1)) }
        let wave1 = broker.dueWebhookDispatches(now: .seconds(1))
        #expect(wave1.count == 3)
        #expect(broker.dueWebhookDispatches(now: .seconds(2)).isEmpty)
        broker.recordWebhookOutcome(wave1[0].deliveryID, attempt: 1, outcome: .response(status: 204), now: .seconds(2))
        let wave2 = broker.dueWebhookDispatches(now: .seconds(2))
        #expect(wave2.map(\.eventID) == [broker.retainedEvents[3].id])
    }

    @Test func endpointsOnlySeeTheirOrganizationsEvents() {
        var broker = Fixture.broker()
        _ = broker.registerWebhookEndpoint(organizationID: Fixture.orgA, url: "https://a", secret: "sa")
        _ = broker.registerWebhookEndpoint(organizationID: Fixture.orgB, url: "https://b", secret: "sb")
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let b = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .zero)
        _ = Fixture.createUser(&broker, a, "a@a.example", at: .seconds(1))
        _ = Fixture.createUser(&broker, b, "b@b.example", at: .seconds(1))
        let out = broker.dueWebhookDispatches(now: .seconds(1))
        #expect(out.count == 4)
        for d in out {
            let org = broker.webhookEndpoint(at: d.endpointIndex)?.url == "https://a" ? Fixture.orgA : Fixture.orgB
            let event = broker.retainedEvents.first { $0.id == d.eventID }
            #expect(event?.organizationID == org)
        }
    }

    /// Fresh entries and deadlines (FIFOs) and timer entries (heap) pop as one queue in (time, delivery) order,
    /// interleaved as a sort of all of them would give; an out-of-order FIFO entry falls back to the heap.
    @Test func deliveryQueueMergesFreshAndTimerEntriesInKeyOrder() {
        var queue = DeliveryQueue()
        var all: [(Int64, Int)] = []
        var rng = SplitMix(seed: 42)
        var next = 0
        for step in 0..<300 {
            let now = Int64(step / 3) * 10
            if rng.next() % 2 == 0 {
                queue.pushFresh(.init(time: .milliseconds(now), delivery: next, generation: 0))
                all.append((now, next))
                next += 1
            } else {
                let time = now + Int64(rng.next() % 50)
                let delivery = Int(rng.next() % 400)
                let entry = DeliveryQueue.Entry(time: .milliseconds(time), delivery: delivery, generation: 1)
                if rng.next() % 2 == 0 { queue.push(entry) } else { queue.pushDeadline(entry) }
                all.append((time, delivery))
            }
        }
        queue.pushFresh(.init(time: .milliseconds(5), delivery: 1_000, generation: 0))  // earlier: goes to the heap
        all.append((5, 1_000))
        #expect(queue.count == all.count)
        var popped: [(Int64, Int)] = []
        while let peeked = queue.peek {
            let entry = queue.pop()
            #expect(entry?.time == peeked.time && entry?.delivery == peeked.delivery)
            popped.append(
                (
                    Int64(
                        peeked.time.components.seconds * 1_000 + peeked.time.components.attoseconds
                            / 1_000_000_000_000_000), peeked.delivery
                ))
        }
        let expected = all.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        #expect(popped.map(\.0) == expected.map(\.0))
        #expect(popped.map(\.1) == expected.map(\.1))
    }

    /// A tiny deterministic generator for the test above.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }
}
