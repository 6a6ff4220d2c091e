import SimulationKernel

/// The fan-out workload on a bare priority-queue event loop: one binary heap of plain structs keyed by
/// (virtual time, insertion sequence), no actors, no tasks. It records the same trace steps at the same virtual
/// times in the same order as the simulated fan-out, so both must produce the same trace hash.
struct BareFanOut {
    private struct Event {
        var time: Int64
        var sequence: UInt64
        var user: Int32
        var atOrganization: Bool

        @inline(__always)
        static func precedes(_ a: Event, _ b: Event) -> Bool {
            a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
        }
    }

    private var heap: [Event] = []
    private var sequence: UInt64 = 0
    private(set) var stored: [Int32] = []
    private(set) var events = 0
    private(set) var now: Int64 = 0

    /// Runs the fan-out of `users` users with `window` workers; returns the trace recorder (hash only).
    mutating func run(users: Int, window: Int) -> TraceRecorder {
        let trace = TraceRecorder(sink: .hashOnly)
        heap.reserveCapacity(window + 1)
        stored.reserveCapacity(users)
        for worker in 0..<min(window, users) {
            push(Event(time: FanOutLatency.first(worker), sequence: 0, user: Int32(worker), atOrganization: false))
        }
        while let event = pop() {
            events += 1
            now = event.time
            let user = Int(event.user)
            if event.atOrganization {
                stored.append(event.user)
                trace.record(
                    atNanoseconds: now, party: FanOutLatency.organizationParty, kind: "store", .int("user", user))
                let next = user + window
                if next < users {
                    push(
                        Event(
                            time: now + FanOutLatency.first(next), sequence: 0, user: Int32(next),
                            atOrganization: false))
                }
            } else {
                trace.record(atNanoseconds: now, party: FanOutLatency.brokerParty, kind: "forward", .int("user", user))
                push(Event(time: now + FanOutLatency.second(user), sequence: 0, user: event.user, atOrganization: true))
            }
        }
        return trace
    }

    @inline(__always)
    private mutating func push(_ event: Event) {
        var event = event
        event.sequence = sequence
        sequence &+= 1
        heap.append(event)
        var index = heap.count - 1
        while index > 0 {
            let parent = (index - 1) >> 1
            if !Event.precedes(event, heap[parent]) { break }
            heap[index] = heap[parent]
            index = parent
        }
        heap[index] = event
    }

    @inline(__always)
    private mutating func pop() -> Event? {
        guard let last = heap.popLast() else { return nil }
        if heap.isEmpty { return last }
        let top = heap[0]
        var index = 0
        let count = heap.count
        while true {
            let left = 2 * index + 1
            if left >= count { break }
            let right = left + 1
            let child = right < count && Event.precedes(heap[right], heap[left]) ? right : left
            if !Event.precedes(heap[child], last) { break }
            heap[index] = heap[child]
            index = child
        }
        heap[index] = last
        return top
    }
}
