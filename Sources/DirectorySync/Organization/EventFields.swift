import SCIM

/// What the consumer and the invariant monitor read from one directory object (a directory user, directory
/// group or directory), as typed values: taken from a typed event's fields directly, or found in one pass over
/// a JSON object's members (the *first* member with each exact key, as `JSONValue`'s key subscript returns
/// it; a member that is missing or not a string reads as `nil`). O(1) typed, O(members) from JSON.
struct EventObjectFields: Sendable {
    /// `id`.
    var id: String?
    /// `directory_id`.
    var directoryID: String?
    /// `organization_id`.
    var organizationID: String?
    /// `email`.
    var email: String?
    /// `first_name`.
    var firstName: String?
    /// `last_name`.
    var lastName: String?
    /// Whether `state` is the string `active`.
    var isActive = false
    /// `updated_at` as Unix milliseconds; `nil` when missing, not a string, or not the broker's 24-byte form
    /// (``EventTimestamp/parseUnixMilliseconds(_:)``).
    var updatedAtMillis: Int64?
    /// `name`.
    var name: String?
    /// ``DirectoryUserTable/canonicalNumber(_:)`` of ``id`` (derived once, with the fields).
    var userNumber: Int?
    /// The ``EmailKey`` of ``email`` (derived once, with the fields).
    var emailKey: EmailKey?

    /// No fields (a missing or non-object value).
    init() {}

    /// The fields of a directory user's JSON (``DirectoryUser/json``), read from the user.
    init(_ user: borrowing DirectoryUser) {
        self.init(copying: user)
        deriveKeys()
    }

    /// ``init(_:)-(DirectoryUser)`` without ``deriveKeys()``: field copies only, so that a caller switching over
    /// an event's data ends its use of the payload before any call (the optimizer then borrows the payload in
    /// place instead of copying the whole enum).
    @inline(__always)
    init(copying user: borrowing DirectoryUser) {
        id = user.id
        directoryID = user.directoryID
        organizationID = user.organizationID
        email = user.email
        firstName = user.firstName
        lastName = user.lastName
        isActive = user.state == .active
        updatedAtMillis = Self.unixMillis(user.updatedAt)
    }

    /// Fills ``userNumber`` and ``emailKey`` from ``id`` and ``email``.
    mutating func deriveKeys() {
        userNumber = id.flatMap {
            EventFields.number($0, prefix: "directory_user_", limit: DirectoryUserTable.numberLimit)
        }
        emailKey = email.map { EmailKey(email: $0) }
    }

    /// The fields of a directory group's JSON (``DirectoryGroup/json``: no email, names or state).
    init(_ group: borrowing DirectoryGroup) {
        self.init(copying: group)
        deriveKeys()
    }

    /// ``init(_:)-(DirectoryGroup)`` without ``deriveKeys()`` (see ``init(copying:)-(DirectoryUser)``).
    @inline(__always)
    init(copying group: borrowing DirectoryGroup) {
        id = group.id
        directoryID = group.directoryID
        organizationID = group.organizationID
        name = group.name
        updatedAtMillis = Self.unixMillis(group.updatedAt)
    }

    /// The fields of a directory's JSON (``Directory/json``: no `directory_id`; `state` in its webhook spelling).
    init(_ directory: borrowing Directory) {
        self.init(copying: directory)
        deriveKeys()
    }

    /// ``init(_:)-(Directory)`` without ``deriveKeys()`` (see ``init(copying:)-(DirectoryUser)``).
    init(copying directory: borrowing Directory) {
        id = directory.id
        organizationID = directory.organizationID
        name = directory.name
        isActive = directory.state.webhookValue == DirectoryUserState.active.rawValue
        updatedAtMillis = Self.unixMillis(directory.updatedAt)
    }

    /// The Unix milliseconds that ``EventTimestamp/iso8601(_:)`` of `time` parses back to.
    @inline(__always)
    private static func unixMillis(_ time: Duration) -> Int64 {
        EventTimestamp.epochUnixMilliseconds + EventTimestamp.milliseconds(time)
    }

    /// The fields of a JSON object (all `nil` unless it is an object).
    init(json object: JSONValue?) {
        guard case .object(let o)? = object else { return }
        var seen: UInt16 = 0  // one bit per field: the first member with a key wins
        func first(_ bit: UInt16) -> Bool {
            guard seen & bit == 0 else { return false }
            seen |= bit
            return true
        }
        for member in o.members {
            let key = member.key
            let value = member.value
            switch key.utf8.count {
            case 2: if key == "id", first(1) { id = value.stringValue }
            case 4: if key == "name", first(2) { name = value.stringValue }
            case 5:
                if key == "email" {
                    if first(4) { email = value.stringValue }
                } else if key == "state" {
                    if first(8) { isActive = value.stringValue == DirectoryUserState.active.rawValue }
                }
            case 9: if key == "last_name", first(16) { lastName = value.stringValue }
            case 10:
                if key == "updated_at" {
                    if first(32) { updatedAtMillis = value.stringValue.flatMap(EventTimestamp.parseUnixMilliseconds) }
                } else if key == "first_name" {
                    if first(64) { firstName = value.stringValue }
                }
            case 12: if key == "directory_id", first(128) { directoryID = value.stringValue }
            case 15: if key == "organization_id", first(256) { organizationID = value.stringValue }
            default: break
            }
        }
        deriveKeys()
    }
}

/// What the consumer and the invariant monitor read from one event envelope `{object, id, event, data,
/// created_at}`: the envelope's `id` and `event`, the fields of `data`, and for membership data the fields of
/// its `user` and `group`. Built from a typed ``DirectoryEvent`` (value mode) or from JSON (bytes mode, the
/// Events API, injected deliveries); both give the same fields for an event the broker built.
///
/// Kept small (one object's fields inline): the nested `user` and `group` of the rare membership events live in
/// one shared box, and the event name is stored only when it is not a known kind, so that building, storing and
/// dropping the fields of a user event moves about 200 bytes and no nested optionals.
struct EventFields: Sendable {
    /// `id`: the event id.
    var id: String?
    /// ``EventIDSet/canonicalNumber(_:)`` of ``id``.
    var idNumber: Int?
    /// `event` as a known kind.
    var kind: DirectoryEventKind?
    /// `event` as sent when it is a string that is not a known kind (`nil` otherwise).
    var unknownEventName: String?
    /// Whether `data` is an object.
    var dataIsObject = false
    /// The fields of `data`.
    var data = EventObjectFields()
    /// The fields of `data.user` and `data.group`, when `data` has either member.
    var nested: NestedEventObjectFields?

    /// `event`: the event name as sent (known or not).
    var eventName: String? { kind?.rawValue ?? unknownEventName }
    /// The fields of `data.user`, when `data` has a `user` member.
    var user: EventObjectFields? { nested?.user }
    /// The fields of `data.group`, when `data` has a `group` member.
    var group: EventObjectFields? { nested?.group }

    /// No fields (as from a JSON value that is not an object).
    init() {}

    /// The fields of a typed event (what ``DirectoryEvent/body`` would show). O(1).
    init(_ event: borrowing DirectoryEvent) { fill(event) }

    /// Sets the fields of a typed event into fields fresh from ``init()``, in place: a caller that stores the
    /// fields (``WebhookPayload``) fills a local and moves it, instead of copying a returned value. O(1).
    mutating func fill(_ event: borrowing DirectoryEvent) {
        id = event.id
        idNumber = Self.number(event.id, prefix: "event_", limit: EventIDSet.numberLimit)
        kind = event.kind
        dataIsObject = true
        // The payload is read in place: every case borrows it (the inits take it `borrowing`).
        switch event.data {
        case .user(let u):
            // The hot case, field by field into `data` (no intermediate fields value).
            data.id = u.id
            data.directoryID = u.directoryID
            data.organizationID = u.organizationID
            data.email = u.email
            data.firstName = u.firstName
            data.lastName = u.lastName
            data.isActive = u.state == .active
            data.updatedAtMillis = EventTimestamp.epochUnixMilliseconds + EventTimestamp.milliseconds(u.updatedAt)
            // ``EventObjectFields/deriveKeys()``, from the user's own strings (no read back of `data`).
            data.userNumber = Self.number(u.id, prefix: "directory_user_", limit: DirectoryUserTable.numberLimit)
            if let email = u.email { data.emailKey = EmailKey(email: email) }
        case .directory(let d): data = EventObjectFields(d)
        case .group(let g): data = EventObjectFields(g)
        case .membership(let u, let g):
            data.directoryID = u.directoryID  // data is {directory_id, user, group}
            data.deriveKeys()
            nested = NestedEventObjectFields(user: EventObjectFields(u), group: EventObjectFields(g))
        }
    }

    /// The fields of a JSON envelope (all `nil` unless it is an object). O(members).
    init(json body: JSONValue) {
        guard case .object(let envelope) = body else { return }
        var dataValue: JSONValue?
        var eventName: String?
        var seenID = false
        var seenEvent = false
        for member in envelope.members {
            switch member.key.utf8.count {
            case 2:
                if !seenID, member.key == "id" {
                    seenID = true
                    id = member.value.stringValue
                }
            case 4: if dataValue == nil, member.key == "data" { dataValue = member.value }
            case 5:
                if !seenEvent, member.key == "event" {
                    seenEvent = true
                    eventName = member.value.stringValue
                }
            default: break
            }
        }
        kind = eventName.flatMap { DirectoryEventKind(rawValue: $0) }
        if kind == nil { unknownEventName = eventName }
        idNumber = id.flatMap { Self.number($0, prefix: "event_", limit: EventIDSet.numberLimit) }
        guard case .object(let o)? = dataValue else { return }
        dataIsObject = true
        data = EventObjectFields(json: dataValue)
        var user: EventObjectFields?
        var group: EventObjectFields?
        for member in o.members where member.key.utf8.count == 4 || member.key.utf8.count == 5 {
            if user == nil, member.key == "user" {
                user = EventObjectFields(json: member.value)
            } else if group == nil, member.key == "group" {
                group = EventObjectFields(json: member.value)
            }
        }
        if user != nil || group != nil { nested = NestedEventObjectFields(user: user, group: group) }
    }
}

/// The nested objects of a membership event's `data` (`user`, `group`; either may be absent in JSON), boxed so
/// that ``EventFields`` keeps one object's fields inline. Immutable.
final class NestedEventObjectFields: Sendable {
    /// The fields of `data.user`, when present.
    let user: EventObjectFields?
    /// The fields of `data.group`, when present.
    let group: EventObjectFields?

    init(user: EventObjectFields?, group: EventObjectFields?) {
        self.user = user
        self.group = group
    }
}

extension EventFields {
    /// ``DirectoryUserTable/number(_:prefix:limit:)`` of `id` (the same result for every input), read word-wise:
    /// `limit` is at most 10^9, so the 26 digits are 17 `0`s (two words and a byte) and 9 digits parsed.
    /// O(length), no allocation.
    @inline(__always)
    static func number(_ id: String, prefix: StaticString, limit: Int) -> Int? {
        let p = prefix.utf8CodeUnitCount
        guard limit <= 1_000_000_000, id.utf8.count == p + 26 else {
            return DirectoryUserTable.number(id, prefix: prefix, limit: limit)
        }
        let parse = { (bytes: UnsafeBufferPointer<UInt8>) -> Int? in
            let raw = UnsafeRawBufferPointer(bytes)
            let start = UnsafeRawPointer(prefix.utf8Start)
            if p >= 8 {
                var k = 0
                while k + 8 <= p {
                    guard
                        raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                            == start.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    else { return nil }
                    k += 8
                }
                if k < p {
                    guard
                        raw.loadUnaligned(fromByteOffset: p - 8, as: UInt64.self)
                            == start.loadUnaligned(fromByteOffset: p - 8, as: UInt64.self)
                    else { return nil }
                }
            } else if p >= 4 {
                // Two overlapping 4-byte words cover a prefix of 4 to 7 bytes.
                guard
                    raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
                        == start.loadUnaligned(fromByteOffset: 0, as: UInt32.self),
                    raw.loadUnaligned(fromByteOffset: p - 4, as: UInt32.self)
                        == start.loadUnaligned(fromByteOffset: p - 4, as: UInt32.self)
                else { return nil }
            } else {
                for k in 0..<p where bytes[k] != prefix.utf8Start[k] { return nil }
            }
            let zeros: UInt64 = 0x3030_3030_3030_3030  // "00000000"
            guard raw.loadUnaligned(fromByteOffset: p, as: UInt64.self) == zeros,
                raw.loadUnaligned(fromByteOffset: p + 8, as: UInt64.self) == zeros, bytes[p + 16] == 48
            else { return nil }  // a non-digit, or a value of at least 10^9 >= limit
            // The last 9 digits: 8 in one little-endian word (checked and combined in parallel), then one.
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p + 17, as: UInt64.self))
            let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
            // Every byte is 0x30...0x3F, and adding 6 keeps it below 0x40: exactly the bytes "0"..."9".
            guard w & high == zeros, (w &+ 0x0606_0606_0606_0606) & high == zeros else { return nil }
            let last = Int(bytes[p + 25]) &- 48
            guard last >= 0 && last <= 9 else { return nil }
            // Lemire's 8-digit parse: byte pairs, then 4-digit halves, then the whole (first digit lowest).
            var v = w &- zeros
            v = v &* 10 &+ (v >> 8)
            v =
                ((v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
                    &+ ((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))) >> 32
            let value = Int(truncatingIfNeeded: v) &* 10 &+ last
            return value < limit ? value : nil
        }
        if let result = id.utf8.withContiguousStorageIfAvailable(parse) { return result }
        return DirectoryUserTable.number(id, prefix: prefix, limit: limit)
    }
}
