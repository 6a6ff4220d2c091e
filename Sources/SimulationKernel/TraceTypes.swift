/// A named participant in the trace (an actor, a link, a root task). The name's `StableHash` is computed once,
/// so recording with a stored party costs no string work. Create parties once and keep them.
public struct TraceParty: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The party's name as printed in traces, for example `"idp"` or `"link:idp->broker"`.
    public let name: String
    /// `StableHash.of(name)`, folded into the trace hash instead of the name's bytes.
    public let nameHash: UInt64

    /// A party named `name`.
    public init(_ name: String) {
        self.name = name
        nameHash = StableHash.of(name)
    }

    /// A party from a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The name.
    public var description: String { name }
}

/// The value of one key field of a trace record. Integers, booleans and durations are hashed as 64-bit words;
/// text as its UTF-8 bytes. Build text fields from existing strings; avoid interpolation on hot paths.
public enum TraceValue: Sendable, Equatable, CustomStringConvertible {
    /// A signed integer (ids, counts, status codes).
    case int(Int64)
    /// Text (a userName, an event id).
    case text(String)
    /// A flag.
    case bool(Bool)
    /// A virtual duration, hashed and printed in nanoseconds.
    case duration(Duration)

    /// The value as printed in JSON Lines (`text` is printed unquoted here; the sink quotes it).
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .text(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .duration(let value): return String(value.simulationNanoseconds)
        }
    }

    @inlinable @inline(__always)
    func fold(into hash: inout StableHash) {
        switch self {
        case .int(let value):
            hash.combine(UInt64(1))
            hash.combine(value)
        case .text(let value):
            hash.combine(UInt64(2))
            hash.combineOutOfLine(value)
        case .bool(let value):
            hash.combine(UInt64(3))
            hash.combine(UInt64(value ? 1 : 0))
        case .duration(let value):
            hash.combine(UInt64(4))
            hash.combine(value.simulationNanoseconds)
        }
    }
}

/// One key field of a trace record: a static name and a value. No allocation unless the value is new text.
public struct TraceField: Sendable {
    /// The field name, for example `"user"`.
    public let name: StaticString
    /// The field value.
    public let value: TraceValue

    /// A field from a name and a value.
    public init(_ name: StaticString, _ value: TraceValue) {
        self.name = name
        self.value = value
    }

    /// An integer field.
    @inline(__always)
    public static func int(_ name: StaticString, _ value: Int) -> TraceField {
        TraceField(name, .int(Int64(value)))
    }

    /// An unsigned integer field (stored as its two's complement bits).
    @inline(__always)
    public static func uint(_ name: StaticString, _ value: UInt64) -> TraceField {
        TraceField(name, .int(Int64(bitPattern: value)))
    }

    /// A text field.
    @inline(__always)
    public static func text(_ name: StaticString, _ value: String) -> TraceField {
        TraceField(name, .text(value))
    }

    /// A boolean field.
    @inline(__always)
    public static func bool(_ name: StaticString, _ value: Bool) -> TraceField {
        TraceField(name, .bool(value))
    }

    /// A virtual duration field (nanoseconds).
    @inline(__always)
    public static func duration(_ name: StaticString, _ value: Duration) -> TraceField {
        TraceField(name, .duration(value))
    }
}

/// One recorded trace step, as kept by the in-memory sink and written by the JSON Lines sink.
public struct TraceEvent: Sendable, Equatable {
    /// The executor step (jobs run so far) when the record was made. Not part of the trace hash.
    public let step: UInt64
    /// Virtual time of the record, in nanoseconds since the run's start.
    public let virtualNanoseconds: Int64
    /// The party that recorded it.
    public let party: String
    /// The kind of step, for example `"send"` or `"link.drop"`.
    public let kind: String
    /// The key fields, in the order given.
    public let fields: [Field]

    /// A named field value.
    public struct Field: Sendable, Equatable {
        /// Field name.
        public let name: String
        /// Field value.
        public let value: TraceValue
    }
}

/// Where trace records go besides the hash (which is always kept).
public enum TraceSink: Sendable, Equatable {
    /// Keep only the 64-bit hash (the fast default: no strings, no storage).
    case hashOnly
    /// Also keep every event in memory (`TraceRecorder.events`).
    case memory
    /// Also append every event to a JSON Lines file at this path (created or truncated when the simulation is
    /// created); one object per line with keys step, t_ns, party, kind and the fields.
    case jsonLines(path: String)
}
