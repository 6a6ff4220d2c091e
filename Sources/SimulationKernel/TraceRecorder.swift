/// Records the steps of a simulation and keeps a 64-bit order-sensitive hash of them.
///
/// Each record folds (virtual time in nanoseconds, party name hash, kind, each field's name and value) into a
/// `StableHash`, in recording order. The executor step number is written to the sinks but is not hashed, so the
/// hash describes the logical trace and two engines doing the same logical work (for example the simulation
/// and a bare event loop) produce the same hash. The hash is identical across processes and machines for the
/// same seed and build (it never uses `Hasher`).
///
/// With the `.hashOnly` sink a record costs a few multiply-rotate rounds and allocates nothing. Driver thread
/// only: that is the invariant behind `@unchecked Sendable` (every record is made from a job or timer callback on
/// the simulation's driver thread, and the hash is read between runs).
public final class TraceRecorder: @unchecked Sendable {
    /// Hash state and record count behind a pointer: no exclusivity checks on the hot path.
    private let state: UnsafeMutablePointer<(hash: StableHash, count: UInt64)>
    /// Number of records so far.
    public var recordCount: UInt64 { state.pointee.count }
    private var hash: StableHash {
        @inline(__always) get { state.pointee.hash }
        @inline(__always) _modify { yield &state.pointee.hash }
    }
    /// The sink in use.
    public let sink: TraceSink
    /// Every record so far when the sink is `.memory` (empty otherwise).
    @exclusivity(unchecked) public private(set) var events: [TraceEvent] = []
    private let keepsEvents: Bool
    @exclusivity(unchecked) private var writer: JSONLinesWriter?
    private unowned(unsafe) let executor: SimulationExecutor?

    /// A recorder outside any simulation (for example in a bare event-loop baseline): the caller supplies the
    /// virtual time with `record(atNanoseconds:...)`; records made with `record(party:kind:...)` use time 0.
    public convenience init(sink: TraceSink) {
        self.init(sink: sink, executor: nil)
    }

    /// The error opening the JSON Lines file, if that failed (events are then kept in memory).
    @exclusivity(unchecked) public private(set) var openFailure: SimulationError?

    init(sink: TraceSink, executor: SimulationExecutor?) {
        state = .allocate(capacity: 1)
        state.initialize(to: (StableHash(seed: 0x5343_494D_5369_6D00), 0))
        self.sink = sink
        self.executor = executor
        switch sink {
        case .hashOnly:
            keepsEvents = false
        case .memory:
            keepsEvents = true
        case .jsonLines(let path):
            keepsEvents = true
            do {
                writer = try JSONLinesWriter(path: path)
            } catch {
                openFailure = error
            }
        }
    }

    /// The trace hash so far.
    public var hashValue64: UInt64 { hash.value }

    /// The trace hash so far as exactly 16 lowercase hex digits.
    public var hashHex: String { StableHash.hex(hash.value) }

    /// Records one step with up to four key fields (no allocation with the hash-only sink).
    @inline(__always)
    public func record(
        party: TraceParty, kind: StaticString, _ field0: TraceField? = nil, _ field1: TraceField? = nil,
        _ field2: TraceField? = nil, _ field3: TraceField? = nil
    ) {
        record(
            atNanoseconds: executor?.nowNanoseconds ?? 0, party: party, kind: kind, field0, field1, field2, field3)
    }

    /// Records one step at an explicit virtual time (nanoseconds since the start). Hashes exactly like
    /// `record(party:kind:...)` made at that virtual time, so a baseline outside the simulation can reproduce a
    /// simulation's trace hash.
    @inline(__always)
    public func record(
        atNanoseconds time: Int64, party: TraceParty, kind: StaticString, _ field0: TraceField? = nil,
        _ field1: TraceField? = nil, _ field2: TraceField? = nil, _ field3: TraceField? = nil
    ) {
        state.pointee.count &+= 1
        hash.combine(time)
        hash.combine(party.nameHash)
        hash.combine(kind)
        if let field0 { fold(field0) }
        if let field1 { fold(field1) }
        if let field2 { fold(field2) }
        if let field3 { fold(field3) }
        hash.combine(UInt64(0xE0D))
        if keepsEvents {
            var list: [TraceField] = []
            if let field0 { list.append(field0) }
            if let field1 { list.append(field1) }
            if let field2 { list.append(field2) }
            if let field3 { list.append(field3) }
            keep(time: time, party: party, kind: kind, fields: list)
        }
    }

    /// Records one step with any number of key fields (allocates the array; use the fixed-arity form on hot
    /// paths). Hashes exactly like the fixed-arity form with the same fields.
    public func record(party: TraceParty, kind: StaticString, fields: [TraceField]) {
        let time = executor?.nowNanoseconds ?? 0
        state.pointee.count &+= 1
        hash.combine(time)
        hash.combine(party.nameHash)
        hash.combine(kind)
        for field in fields { fold(field) }
        hash.combine(UInt64(0xE0D))
        if keepsEvents { keep(time: time, party: party, kind: kind, fields: fields) }
    }

    @inline(__always)
    private func fold(_ field: TraceField) {
        hash.combine(field.name)
        field.value.fold(into: &hash)
    }

    private func keep(time: Int64, party: TraceParty, kind: StaticString, fields: [TraceField]) {
        let event = TraceEvent(
            step: executor?.stepCount ?? 0, virtualNanoseconds: time, party: party.name,
            kind: kind.description,
            fields: fields.map { TraceEvent.Field(name: $0.name.description, value: $0.value) })
        if writer != nil {
            writer?.write(event)
        } else {
            events.append(event)
        }
    }

    /// Runs `body` with recording suspended: records made inside it reach no sink and leave the hash and the
    /// record count as they were (used by `Simulation.shutdown()`, whose unwinding is not part of the trace).
    func withRecordingSuspended<Result>(_ body: () -> Result) -> Result {
        let saved = state.pointee
        let savedEvents = events.count
        let savedWriter = writer
        writer = nil
        let result = body()
        state.pointee = saved
        if events.count > savedEvents { events.removeLast(events.count - savedEvents) }
        writer = savedWriter
        return result
    }

    /// Flushes and closes the JSON Lines file, if any. Later records are hashed only.
    public func close() {
        writer?.close()
        writer = nil
    }

    deinit {
        writer?.close()
        state.deinitialize(count: 1)
        state.deallocate()
    }
}
