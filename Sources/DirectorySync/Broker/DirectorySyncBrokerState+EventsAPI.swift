import SCIM

/// One page of the Events API.
public struct EventsPage: Sendable, Hashable {
    /// Events in log order (ascending ids).
    public var data: [DirectoryEvent]
    /// The cursor to pass as `after` next time: the last returned id, or the request's cursor when the
    /// page is empty (`nil` when both are absent).
    public var after: String?
}

/// Why an Events API call was refused. Nothing changed, except that a refused call still spent a
/// rate-limit token unless it was itself rate limited.
public enum EventsAPIError: Error, Sendable, Hashable {
    /// `limit` outside 1...``DirectorySyncBrokerConfiguration/eventsAPIMaxLimit``.
    case invalidLimit(Int)
    /// The cursor is not an event id this broker issued.
    case invalidCursor(String)
    /// The cursor's event is older than the 30-day retention; reconcile through the state API instead
    /// (https://github.com/workos/skills/blob/main/plugins/workos/skills/workos/references/workos-directory-sync.md).
    case cursorExpired(String)
    /// Over the rate limit: HTTP 429 with `Retry-After` seconds.
    case rateLimited(retryAfterSeconds: Int64)
}

extension DirectorySyncBrokerState {
    /// Appends an event (after dropping expired ones) and creates a webhook delivery record for each of
    /// the owning organization's endpoints. Amortized O(endpoints).
    @discardableResult
    mutating func appendEvent(
        _ kind: DirectoryEventKind, directory: Directory, data: consuming DirectoryEventData, now: Duration
    ) -> DirectoryEvent {
        appendEvent(kind, organizationID: directory.organizationID, directoryID: directory.id, data: data, now: now)
        return log[log.count - 1]
    }

    /// ``appendEvent(_:directory:data:now:)`` given the directory's ids, returning nothing (the hot path:
    /// the event moves into the log without an extra copy; the ids are taken, not retained again). Amortized
    /// O(endpoints).
    mutating func appendEvent(
        _ kind: DirectoryEventKind, organizationID: consuming String, directoryID: consuming String,
        data: consuming DirectoryEventData, now: Duration
    ) {
        // ``pruneExpiredEvents(now:)`` only when the oldest retained event has expired: otherwise it would do
        // nothing (its compaction can only become due after it drops an event).
        if logStart < log.count && log[logStart].createdAt < now - configuration.eventRetention {
            pruneExpiredEvents(now: now)
        }
        let sequence = nextEventSequence
        nextEventSequence += 1
        let event = DirectoryEvent(
            sequence: sequence, id: BrokerID.digits("event_", sequence), kind: kind,
            organizationID: organizationID, directoryID: directoryID, createdAt: now, data: data)
        statistics.countEvent(kind)
        enqueueDeliveries(for: event, now: now)  // reads only the event, so it may run before the append
        log.append(event)
    }

    /// Calls `body` with the last `count` events of the log (clamped to the log), read in place through this state's
    /// in-place access (for a state held in a class: neither the state nor the log's buffer is copied or retained).
    /// `body` must not change this state. O(1) plus `body`.
    mutating func withLastEvents<R>(_ count: Int, _ body: (UnsafeBufferPointer<DirectoryEvent>) -> R) -> R {
        log.withUnsafeMutableBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[(buffer.count - min(max(count, 0), buffer.count))...]))
        }
    }

    /// Events still retained, in log order.
    public var retainedEvents: ArraySlice<DirectoryEvent> { log[logStart...] }

    /// The sequence of the oldest retained event (`nextEventSequence` when none is retained).
    var firstRetainedSequence: Int64 { logStart < log.count ? log[logStart].sequence : nextEventSequence }

    /// Drops events whose `created_at` is more than ``DirectorySyncBrokerConfiguration/eventRetention``
    /// before `now` (30 days: https://workos.com/docs/reference/events). Amortized O(1) per event.
    public mutating func pruneExpiredEvents(now: Duration) {
        let horizon = now - configuration.eventRetention
        while logStart < log.count && log[logStart].createdAt < horizon {
            logStart += 1
            statistics.eventsExpired += 1
        }
        if logStart > 4096 && logStart * 2 > log.count {
            log.removeFirst(logStart)
            logStart = 0
        }
    }

    /// `GET /events` for one organization: events after the `after` cursor (exclusive), oldest first,
    /// at most `limit` (default 10, 1...100), optionally only these kinds
    /// (https://workos.com/docs/reference/events; params:
    /// https://docs.rs/crate/workos/1.0.1/source/src/resources/events.rs). Never returns another
    /// organization's events. Rate limited per organization (``DirectorySyncBrokerConfiguration/eventsAPIRateLimit``).
    /// O(events scanned) from the cursor, which is found in O(1).
    public mutating func listEvents(
        organizationID: String, after: String? = nil, limit: Int? = nil, kinds: [DirectoryEventKind]? = nil,
        now: Duration
    ) -> Result<EventsPage, EventsAPIError> {
        var bucket =
            eventsAPIBuckets[organizationID] ?? BrokerTokenBucket(configuration.eventsAPIRateLimit, now: now)
        guard bucket.take(now: now) else {
            let seconds = bucket.retryAfterSeconds(now: now)
            eventsAPIBuckets[organizationID] = bucket
            return .failure(.rateLimited(retryAfterSeconds: seconds))
        }
        eventsAPIBuckets[organizationID] = bucket
        let limit = limit ?? configuration.eventsAPIDefaultLimit
        guard (1...configuration.eventsAPIMaxLimit).contains(limit) else { return .failure(.invalidLimit(limit)) }
        pruneExpiredEvents(now: now)
        var start = logStart
        if let after {
            guard let sequence = BrokerID.number(after, prefix: "event_"), sequence >= 1, sequence < nextEventSequence
            else { return .failure(.invalidCursor(after)) }
            guard sequence >= firstRetainedSequence else { return .failure(.cursorExpired(after)) }
            start = logStart + Int(sequence + 1 - firstRetainedSequence)
        }
        var page: [DirectoryEvent] = []
        var index = start
        while index < log.count && page.count < limit {
            let event = log[index]
            if event.organizationID == organizationID && (kinds?.contains(event.kind) ?? true) { page.append(event) }
            index += 1
        }
        return .success(EventsPage(data: page, after: page.last?.id ?? after))
    }
}

extension BrokerID {
    /// ``make(_:_:)`` for a literal prefix, written straight into the new string's storage (one
    /// allocation, no intermediate array): `prefix` followed by `n` as 26 zero-padded digits. O(1).
    static func digits(_ prefix: StaticString, _ n: Int64) -> String {
        let p = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: p + 26) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            // The prefix in one copy, the 26 zeros in one fill, then the significant digits from the right.
            UnsafeMutableRawPointer(base).copyMemory(from: prefix.utf8Start, byteCount: p)
            (base + p).update(repeating: UInt8(ascii: "0"), count: 26)
            var v = n.magnitude  // at most 20 digits, so the loop stays inside the 26
            var k = p + 25
            while v > 0 {
                let (quotient, digit) = v.quotientAndRemainder(dividingBy: 10)
                base[k] = UInt8(truncatingIfNeeded: 48 &+ digit)
                v = quotient
                k -= 1
            }
            return p + 26
        }
    }
}
