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
    @usableFromInline let state: UnsafeMutablePointer<(hash: StableHash, count: UInt64)>
    /// Number of records so far.
    public var recordCount: UInt64 { state.pointee.count }
    /// The virtual clock records are stamped with: the executor's current time in nanoseconds, or a constant 0
    /// for a recorder outside any simulation (read through a pointer so that inlined records need no executor
    /// accessors).
    @usableFromInline let clock: UnsafePointer<Int64>
    /// The sink in use.
    public let sink: TraceSink
    /// Every record so far when the sink is `.memory` (empty otherwise).
    @exclusivity(unchecked) public private(set) var events: [TraceEvent] = []
    @usableFromInline let keepsEvents: Bool
    @exclusivity(unchecked) private var writer: JSONLinesWriter?
    private unowned(unsafe) let executor: SimulationExecutor?
    /// The zero clock of a recorder outside any simulation (nil inside one).
    private let ownClock: UnsafeMutablePointer<Int64>?

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
        if let executor {
            ownClock = nil
            clock = executor.clockPointer
        } else {
            let zero = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
            zero.initialize(to: 0)
            ownClock = zero
            clock = UnsafePointer(zero)
        }
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
    public var hashValue64: UInt64 { state.pointee.hash.value }

    /// The trace hash so far as exactly 16 lowercase hex digits.
    public var hashHex: String { StableHash.hex(state.pointee.hash.value) }

    /// Records one step with up to four key fields (no allocation with the hash-only sink). Inlinable: at a call
    /// site with a literal kind and field names, their bytes fold into constants, so a record costs its hash
    /// rounds (one per 8 bytes of static text, two per integer field) and no call.
    @inlinable @inline(__always)
    public func record(
        party: TraceParty, kind: StaticString, _ field0: TraceField? = nil, _ field1: TraceField? = nil,
        _ field2: TraceField? = nil, _ field3: TraceField? = nil
    ) {
        record(atNanoseconds: clock.pointee, party: party, kind: kind, field0, field1, field2, field3)
    }

    /// Records one step at an explicit virtual time (nanoseconds since the start). Hashes exactly like
    /// `record(party:kind:...)` made at that virtual time, so a baseline outside the simulation can reproduce a
    /// simulation's trace hash.
    @inlinable @inline(__always)
    public func record(
        atNanoseconds time: Int64, party: TraceParty, kind: StaticString, _ field0: TraceField? = nil,
        _ field1: TraceField? = nil, _ field2: TraceField? = nil, _ field3: TraceField? = nil
    ) {
        var hash = state.pointee.hash
        hash.combine(time)
        hash.combine(party.nameHash)
        hash.combine(kind)
        if let field0 { TraceRecorder.fold(field0, into: &hash) }
        if let field1 { TraceRecorder.fold(field1, into: &hash) }
        if let field2 { TraceRecorder.fold(field2, into: &hash) }
        if let field3 { TraceRecorder.fold(field3, into: &hash) }
        hash.combine(UInt64(0xE0D))
        state.pointee.hash = hash
        state.pointee.count &+= 1
        if keepsEvents { keep(time: time, party: party, kind: kind, field0, field1, field2, field3) }
    }

    /// Records one step with any number of key fields (allocates the array; use the fixed-arity form on hot
    /// paths). Hashes exactly like the fixed-arity form with the same fields.
    public func record(party: TraceParty, kind: StaticString, fields: [TraceField]) {
        let time = clock.pointee
        state.pointee.count &+= 1
        var hash = state.pointee.hash
        hash.combine(time)
        hash.combine(party.nameHash)
        hash.combine(kind)
        for field in fields { TraceRecorder.fold(field, into: &hash) }
        hash.combine(UInt64(0xE0D))
        state.pointee.hash = hash
        if keepsEvents { keep(time: time, party: party, kind: kind, fields: fields) }
    }

    @inlinable @inline(__always)
    static func fold(_ field: TraceField, into hash: inout StableHash) {
        hash.combine(field.name)
        field.value.fold(into: &hash)
    }

    /// The event-keeping part of a fixed-arity record (memory and JSON Lines sinks), out of line.
    @usableFromInline
    func keep(
        time: Int64, party: TraceParty, kind: StaticString, _ field0: TraceField?, _ field1: TraceField?,
        _ field2: TraceField?, _ field3: TraceField?
    ) {
        var list: [TraceField] = []
        if let field0 { list.append(field0) }
        if let field1 { list.append(field1) }
        if let field2 { list.append(field2) }
        if let field3 { list.append(field3) }
        keep(time: time, party: party, kind: kind, fields: list)
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
        ownClock?.deallocate()
    }
}
