import SCIM

/// The signed-payload writer: ``WebhookSignature/forEachSignedField(of:into:)`` walks a typed event's signed
/// fields in canonical order and a ``SignedFieldSink`` digests, collects, counts or writes them, so value mode
/// signs and derives payload bytes without building JSON.
extension WebhookSignature {
    /// Feeds the signed fields of `event` to `sink` in the order ``signedPayload(of:)-(JSONValue)`` reads them
    /// from the envelope: `id`, `event`, `created_at`; the data's `directory_id`, `organization_id`, `id`,
    /// `email`, `state`, `updated_at`; for membership data also the user's `id`, `email`, `state`,
    /// `updated_at` and the group's `id`, `name`, `updated_at`. A field the JSON object lacks (or holds as
    /// `null`) is empty; every field ends with `\n`.
    static func forEachSignedField(of event: DirectoryEvent, into sink: inout some SignedFieldSink) {
        sink.field(event.id)
        sink.field(event.kind.signedName)
        sink.timestamp(event.createdAt)
        switch event.data {
        case .directory(let d):
            sink.field(nil)  // a directory object has no directory_id
            sink.field(d.organizationID)
            sink.field(d.id)
            sink.field(nil)
            sink.field(d.state.webhookValue)
            sink.timestamp(d.updatedAt)
        case .user(let u):
            sink.field(u.directoryID)
            sink.field(u.organizationID)
            sink.field(u.id)
            sink.field(u.email)
            sink.field(u.state.signedName)
            sink.timestamp(u.updatedAt)
        case .group(let g):
            sink.field(g.directoryID)
            sink.field(g.organizationID)
            sink.field(g.id)
            sink.field(nil)
            sink.field(nil)
            sink.timestamp(g.updatedAt)
        case .membership(let u, let g):
            // data is {directory_id, user, group}
            sink.field(u.directoryID)
            for _ in 0..<5 { sink.field(nil) }
            sink.field(u.id)
            sink.field(u.email)
            sink.field(u.state.signedName)
            sink.timestamp(u.updatedAt)
            sink.field(g.id)
            sink.field(g.name)
            sink.timestamp(g.updatedAt)
        }
    }
}

/// Where ``WebhookSignature/forEachSignedField(of:into:)`` writes: one call per field, terminator included.
protocol SignedFieldSink {
    /// The field's text (empty for `nil`) and `\n`.
    mutating func field(_ text: String?)
    /// A constant field's text (an event name, a user state) and `\n`: the same bytes as ``field(_:)-(String?)``
    /// of the equal string, without a string value (no reference count).
    mutating func field(_ text: StaticString)
    /// ``EventTimestamp/iso8601(_:)`` of `time` and `\n`.
    mutating func timestamp(_ time: Duration)
}

extension SignedFieldSink {
    /// The 24 bytes of ``EventTimestamp/iso8601(_:)`` (`YYYY-MM-DDTHH:MM:SS.mmmZ`, written by
    /// ``SCIMDateTime/writeRFC3339(millisecondsSinceEpoch:to:)`` like `SCIMInstant.rfc3339`) and `\n`, in a stack
    /// buffer handed to `body`. No allocation.
    @inline(__always)
    static func withTimestampLine<R>(_ time: Duration, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var storage: (UInt64, UInt64, UInt64, UInt8) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { out in
            guard let base = out.baseAddress else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            writeTimestampLine(time, to: base)
            return body(UnsafeRawBufferPointer(rebasing: out[0..<timestampLineLength]))
        }
    }
}

/// The length of a timestamp line: 24 bytes of ``EventTimestamp/iso8601(_:)`` and `\n`.
let timestampLineLength = 25

/// Writes the 24 bytes of ``EventTimestamp/iso8601(_:)`` of `time` and `\n` at `out` (which must have room for
/// ``timestampLineLength`` bytes). O(1), no allocation.
@inline(__always)
func writeTimestampLine(_ time: Duration, to out: UnsafeMutableRawPointer) {
    SCIMDateTime.writeRFC3339(
        millisecondsSinceEpoch: EventTimestamp.epochUnixMilliseconds + EventTimestamp.milliseconds(time), to: out)
    out.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: 24, as: UInt8.self)
}

/// Streams the fields into a digest.
struct DigestSink: SignedFieldSink {
    var digest: KeyedDigest

    @inline(__always)
    mutating func field(_ text: String?) {
        if let text { digest.update(text) }
        digest.update(byte: UInt8(ascii: "\n"))
    }

    @inline(__always)
    mutating func field(_ text: StaticString) {
        digest.update(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        digest.update(byte: UInt8(ascii: "\n"))
    }

    @inline(__always)
    mutating func timestamp(_ time: Duration) {
        Self.withTimestampLine(time) { digest.update($0) }
    }
}

/// Collects the fields as bytes (tests, tools).
struct StringSink: SignedFieldSink {
    var bytes: [UInt8] = []

    mutating func field(_ text: String?) {
        if let text {
            if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
                bytes.append(contentsOf: text.utf8)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func field(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func timestamp(_ time: Duration) {
        Self.withTimestampLine(time) { bytes.append(contentsOf: $0) }
    }
}

/// Counts the bytes the fields take (the first pass of ``WebhookSignature/signedPayloadBytes(of:)``).
struct LengthSink: SignedFieldSink {
    var count = 0

    @inline(__always)
    mutating func field(_ text: String?) { count &+= (text?.utf8.count ?? 0) &+ 1 }

    @inline(__always)
    mutating func field(_ text: StaticString) { count &+= text.utf8CodeUnitCount &+ 1 }

    @inline(__always)
    mutating func timestamp(_ time: Duration) { count &+= timestampLineLength }
}

/// Writes the fields into a buffer sized by ``LengthSink`` (the second pass): each string's UTF-8 is copied in
/// place with one `memcpy`, and a timestamp equal to the previous one written (an event's `created_at` and its
/// object's `updated_at` usually are) is copied from it instead of formatted again. A field that would not fit
/// is cut at the buffer's end (never the case for the length the first pass measured).
struct BufferSink: SignedFieldSink {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    var count = 0
    /// The last timestamp formatted (`Duration`'s 128-bit attosecond count as `_high`, `_low`, compared inline) and
    /// where its line starts, or -1 before the first.
    private var lastTimeHigh: Int64 = 0
    private var lastTimeLow: UInt64 = 0
    private var lastOffset = -1

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = UnsafeMutableRawPointer(base)
        self.capacity = capacity
    }

    @inline(__always)
    mutating func field(_ text: String?) {
        if let text {
            let copied = text.utf8.withContiguousStorageIfAvailable { src -> Int in
                let n = min(src.count, capacity &- count)
                if n > 0, let from = src.baseAddress { copyBytes(from: UnsafeRawPointer(from), to: base + count, n) }
                return max(n, 0)
            }
            if let copied {
                count &+= copied
            } else {
                for c in text.utf8 where count < capacity {
                    base.storeBytes(of: c, toByteOffset: count, as: UInt8.self)
                    count &+= 1
                }
            }
        }
        guard count < capacity else { return }
        base.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    @inline(__always)
    mutating func field(_ text: StaticString) {
        let n = min(text.utf8CodeUnitCount, capacity &- count)
        if n > 0 { copyBytes(from: UnsafeRawPointer(text.utf8Start), to: base + count, n) }
        count &+= max(n, 0)
        guard count < capacity else { return }
        base.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    /// Writes `"<t>."`: the decimal digits of `timestampMillis` (a leading `-` when negative, exactly the bytes
    /// of `String(timestampMillis)`) and `.`, the part of the signed string before the payload. Called on an
    /// empty buffer of at least 21 bytes; writes nothing otherwise. O(digits).
    @inline(__always)
    mutating func prefix(timestampMillis: Int64) {
        guard count == 0, capacity >= 21 else { return }
        var v = timestampMillis.magnitude
        var digits = 0
        var probe = v
        repeat {
            digits &+= 1
            probe /= 10
        } while probe > 0
        let sign = timestampMillis < 0 ? 1 : 0
        if sign == 1 { base.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self) }
        var i = sign &+ digits
        repeat {
            i &-= 1
            base.storeBytes(of: UInt8(truncatingIfNeeded: 48 &+ v % 10), toByteOffset: i, as: UInt8.self)
            v /= 10
        } while v > 0
        base.storeBytes(of: UInt8(ascii: "."), toByteOffset: sign &+ digits, as: UInt8.self)
        count = sign &+ digits &+ 1
    }

    @inline(__always)
    mutating func timestamp(_ time: Duration) {
        guard count &+ timestampLineLength <= capacity else { return }
        if lastOffset >= 0 && time._high == lastTimeHigh && time._low == lastTimeLow {
            copyBytes(from: UnsafeRawPointer(base + lastOffset), to: base + count, timestampLineLength)
        } else {
            writeTimestampLine(time, to: base + count)
            lastTimeHigh = time._high
            lastTimeLow = time._low
            lastOffset = count
        }
        count &+= timestampLineLength
    }
}

/// Copies `n` bytes (> 0) between non-overlapping regions inline: a signed field is usually 6 to 64 bytes, for which
/// a few overlapping unaligned loads and stores (every byte read lies inside `from ..< from + n`, every byte written
/// inside `to ..< to + n`) cost less than a call to `memmove`; longer ones take `copyMemory`. O(n).
@inline(__always)
func copyBytes(from: UnsafeRawPointer, to: UnsafeMutableRawPointer, _ n: Int) {
    typealias Block = SIMD16<UInt8>
    if n > 64 {
        to.copyMemory(from: from, byteCount: n)
    } else if n > 32 {
        let a = from.loadUnaligned(as: Block.self)
        let b = from.loadUnaligned(fromByteOffset: 16, as: Block.self)
        let c = from.loadUnaligned(fromByteOffset: n &- 32, as: Block.self)
        let d = from.loadUnaligned(fromByteOffset: n &- 16, as: Block.self)
        to.storeBytes(of: a, as: Block.self)
        to.storeBytes(of: b, toByteOffset: 16, as: Block.self)
        to.storeBytes(of: c, toByteOffset: n &- 32, as: Block.self)
        to.storeBytes(of: d, toByteOffset: n &- 16, as: Block.self)
    } else if n >= 16 {
        let a = from.loadUnaligned(as: Block.self)
        let b = from.loadUnaligned(fromByteOffset: n &- 16, as: Block.self)
        to.storeBytes(of: a, as: Block.self)
        to.storeBytes(of: b, toByteOffset: n &- 16, as: Block.self)
    } else if n >= 8 {
        let a = from.loadUnaligned(as: UInt64.self)
        let b = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        to.storeBytes(of: a, as: UInt64.self)
        to.storeBytes(of: b, toByteOffset: n &- 8, as: UInt64.self)
    } else if n >= 4 {
        let a = from.loadUnaligned(as: UInt32.self)
        let b = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        to.storeBytes(of: a, as: UInt32.self)
        to.storeBytes(of: b, toByteOffset: n &- 4, as: UInt32.self)
    } else {
        var i = 0
        while i < n {
            to.storeBytes(of: from.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
            i &+= 1
        }
    }
}

extension WebhookSignature {
    /// ``signedPayload(of:)-(DirectoryEvent)`` as UTF-8 bytes, written in one allocation of the exact size
    /// (measured by a first, counting pass). O(signed fields).
    static func signedPayloadBytes(of event: DirectoryEvent) -> [UInt8] {
        var length = LengthSink()
        forEachSignedField(of: event, into: &length)
        return [UInt8](unsafeUninitializedCapacity: length.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var sink = BufferSink(base: base, capacity: buffer.count)
            forEachSignedField(of: event, into: &sink)
            initialized = sink.count
        }
    }
}

extension DirectoryEventKind {
    /// ``rawValue`` as a static string (the signed `event` field, written without a string value).
    var signedName: StaticString {
        switch self {
        case .activated: "dsync.activated"
        case .deleted: "dsync.deleted"
        case .userCreated: "dsync.user.created"
        case .userUpdated: "dsync.user.updated"
        case .userDeleted: "dsync.user.deleted"
        case .groupCreated: "dsync.group.created"
        case .groupUpdated: "dsync.group.updated"
        case .groupDeleted: "dsync.group.deleted"
        case .groupUserAdded: "dsync.group.user_added"
        case .groupUserRemoved: "dsync.group.user_removed"
        }
    }
}

extension DirectoryUserState {
    /// ``rawValue`` as a static string (the signed `state` field).
    var signedName: StaticString {
        switch self {
        case .active: "active"
        case .inactive: "inactive"
        }
    }
}
