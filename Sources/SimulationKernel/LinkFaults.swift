/// The fault and latency decisions of one link direction, drawn in a fixed order from the link's own stream:
/// partition check (no draw), loss, duplication, then per copy latency and reordering. Records every fault in
/// the trace under the link's party.
struct LinkFaults {
    let configuration: LinkConfiguration
    var random: SeededRandom
    var counters = LinkCounters()
    /// The latest in-order delivery instant; in-order copies are never delivered before it.
    private var lastInOrderDelivery: Int64 = 0
    let party: TraceParty
    /// The latency in nanoseconds when it is `.fixed` (no draw), else -1.
    private let fixedLatency: Int64
    /// Whether any partition window is configured.
    private let hasPartitions: Bool
    /// No fault can happen and the latency is fixed: a message's plan is one copy at `now + fixedLatency` (kept
    /// in order), with no draw, exactly what the general path decides then.
    private let faultFree: Bool

    init(configuration: LinkConfiguration, random: SeededRandom, party: TraceParty) {
        self.configuration = configuration
        self.random = random
        self.party = party
        if case .fixed(let value) = configuration.latency {
            fixedLatency = max(value, .zero).simulationNanoseconds
        } else {
            fixedLatency = -1
        }
        hasPartitions = !configuration.partitions.isEmpty
        faultFree =
            !hasPartitions && fixedLatency >= 0 && configuration.lossPartsPerMillion <= 0
            && configuration.duplicationPartsPerMillion <= 0 && configuration.reorderPartsPerMillion <= 0
    }

    /// Decides what happens to one message sent at `now`; returns the delivery instants of its copies (0, 1
    /// or 2 of them). `message` is an integer id for the trace (the link's send sequence number).
    @inline(__always)
    mutating func plan(now: Int64, message: Int, trace: TraceRecorder) -> (count: Int, first: Int64, second: Int64) {
        if faultFree {
            var at = now &+ fixedLatency
            if at < lastInOrderDelivery { at = lastInOrderDelivery }
            lastInOrderDelivery = at
            return (1, at, 0)
        }
        return planWithFaults(now: now, message: message, trace: trace)
    }

    /// `plan` for a link that may lose, duplicate, reorder or partition, or draws its latency.
    private mutating func planWithFaults(
        now: Int64, message: Int, trace: TraceRecorder
    ) -> (count: Int, first: Int64, second: Int64) {
        if hasPartitions, configuration.isPartitioned(atNanoseconds: now) {
            counters.partitionDropped += 1
            trace.record(party: party, kind: "link.partition-drop", .int("message", message))
            return (0, 0, 0)
        }
        if random.chance(partsPerMillion: configuration.lossPartsPerMillion) {
            counters.lost += 1
            trace.record(party: party, kind: "link.loss", .int("message", message))
            return (0, 0, 0)
        }
        var copies = 1
        if random.chance(partsPerMillion: configuration.duplicationPartsPerMillion) {
            copies = 2
            counters.duplicated += 1
            trace.record(party: party, kind: "link.duplicate", .int("message", message))
        }
        let first = deliveryInstant(now: now, message: message, trace: trace)
        let second = copies == 2 ? deliveryInstant(now: now, message: message, trace: trace) : 0
        return (copies, first, second)
    }

    private mutating func deliveryInstant(now: Int64, message: Int, trace: TraceRecorder) -> Int64 {
        let latency =
            fixedLatency >= 0 ? fixedLatency : configuration.latency.draw(using: &random).simulationNanoseconds
        var at = now &+ latency
        if random.chance(partsPerMillion: configuration.reorderPartsPerMillion) {
            counters.reordered += 1
            let extra = random.uniform(from: .zero, to: configuration.reorderWindow)
            at &+= extra.simulationNanoseconds
            trace.record(party: party, kind: "link.reorder", .int("message", message), .duration("extra", extra))
            return at
        }
        if at < lastInOrderDelivery { at = lastInOrderDelivery }
        lastInOrderDelivery = at
        return at
    }

    /// Checks a copy due now against the partition windows; records and counts a drop.
    @inline(__always)
    mutating func dropAtDelivery(now: Int64, message: Int, trace: TraceRecorder) -> Bool {
        hasPartitions && dropIfPartitioned(now: now, message: message, trace: trace)
    }

    /// `dropAtDelivery` for a link with partition windows.
    private mutating func dropIfPartitioned(now: Int64, message: Int, trace: TraceRecorder) -> Bool {
        guard configuration.isPartitioned(atNanoseconds: now) else { return false }
        counters.partitionDropped += 1
        trace.record(party: party, kind: "link.partition-drop", .int("message", message), .bool("atDelivery", true))
        return true
    }
}
