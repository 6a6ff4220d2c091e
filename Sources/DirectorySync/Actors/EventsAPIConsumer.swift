import SCIM
import SimulationKernel

/// How an organization learns about directory events.
public enum EventConsumerMode: Sendable, Hashable {
    /// The broker pushes signed webhooks (the default).
    case webhooks
    /// The organization pulls `GET /events` with an `after` cursor every `pollInterval` (at once again while
    /// pages come back full), `pageSize` events per page (1...100); no webhook endpoint is registered
    /// (https://www.workos.com/docs/events/data-syncing/events-api).
    case eventsAPI(pollInterval: Duration, pageSize: Int)
}

/// One `GET /events` call from an organization to the broker.
public struct EventsQuery: Sendable {
    /// The organization asking (the API key's organization).
    public var organizationID: String
    /// The cursor: the last event id consumed, or `nil` for the oldest retained event.
    public var after: String?
    /// Events per page.
    public var limit: Int
}

/// The broker's answer to an ``EventsQuery``, and the log position when it answered.
public struct EventsAnswer: Sendable {
    /// The page, or why the call was refused.
    public var result: Result<EventsPage, EventsAPIError>
    /// The broker's next event sequence when it answered (every event before it was visible to the call).
    public var sequence: Int64
}

extension DirectorySyncBroker {
    /// Answers one Events API call (the server side of an organization's events link), at once.
    func listEvents(_ query: EventsQuery) -> EventsAnswer {
        let result = box.state.listEvents(
            organizationID: query.organizationID, after: query.after, limit: query.limit,
            now: .nanoseconds(simulation.executor.virtualNanoseconds))
        return EventsAnswer(result: result, sequence: box.state.nextEventSequence)
    }
}

extension Organization {
    /// Starts the Events API poller (a daemon task) over `links`.
    nonisolated func startPolling(links: LinkPair<EventsQuery, EventsAnswer>, interval: Duration, pageSize: Int) {
        simulation.spawn("org.events-poller", daemon: true) {
            await self.poll(links: links, interval: interval, pageSize: max(1, min(100, pageSize)))
        }
    }

    private func poll(links: LinkPair<EventsQuery, EventsAnswer>, interval: Duration, pageSize: Int) async {
        let clock = simulation.clock
        while true {
            let query = EventsQuery(
                organizationID: box.state.id, after: box.state.eventsAPICursor, limit: pageSize)
            var wait = interval
            do {
                let link = links.link(atNanoseconds: simulation.executor.virtualNanoseconds)
                let answer = try await link.call(query)
                switch answer.result {
                case .success(let page):
                    consume(page)
                    polledSequence = answer.sequence
                    if page.data.count == pageSize { wait = .zero }
                case .failure(.rateLimited(let seconds)):
                    wait = .seconds(max(1, seconds))
                case .failure:
                    break
                }
            } catch {
                // Timed out on a faulty link: ask again after the interval; cancelled: stop.
                if error == .cancelled { return }
            }
            if wait > .zero {
                do { try await clock.sleep(for: wait) } catch { return }
            }
        }
    }

    /// Consumes a page event by event (each checked by the monitor like a delivery) and moves the cursor.
    private func consume(_ page: EventsPage) {
        for event in page.data {
            let fields = EventFields(event)  // typed: no JSON body built or read
            let probe = monitor.probe(fields, organization: box.state)
            let outcome = box.state.consumeEvent(fields)
            box.state.eventsAPICursor = event.id
            monitor.deliveryConsumed(
                tenant: tenant, before: probe, receipt: WebhookReceipt(status: 200, outcome: outcome),
                organization: box.state, forged: false)
            simulation.record(party: party, kind: "consume", .int("event", Int(event.sequence)), .int("status", 200))
        }
        if let after = page.after { box.state.eventsAPICursor = after }
    }
}
