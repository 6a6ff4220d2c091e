/// One stored resource: its type, service-assigned id, full JSON representation and version.
///
/// `object` is exactly what a GET returns before projection: canonical attribute names
/// (RFC 7643 schema spelling), `schemas`, `id`, the client attributes, and `meta`. `password`
/// is never stored (RFC 7643 section 4.1.1: writeOnly, returned never).
public struct SCIMStoredResource: Sendable, Hashable {
    /// User or Group.
    public let type: SCIMResourceType
    /// The service-assigned id (RFC 7643 section 3.1).
    public let id: String
    /// The full representation including `meta`, in attribute order.
    public internal(set) var object: JSONObject
    /// The version counter behind `meta.version` (`W/"<version>"`); 1 after create, +1 per change.
    public internal(set) var version: Int

    /// The weak entity tag, `W/"<version>"` (RFC 7644 section 3.14, RFC 9110 section 8.8.3).
    public var etag: String { Self.weakETag(version) }

    /// `W/"<version>"` for a non-negative `version`, built byte by byte (no string concatenation); the same text
    /// as `"W/\"" + String(version) + "\""`. O(digits).
    static func weakETag(_ version: Int) -> String {
        guard version >= 0 else { return "W/\"" + String(version) + "\"" }
        var digits = 1
        var rest = version / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return String(unsafeUninitializedCapacity: digits + 4) { out in
            out[0] = 0x57  // W
            out[1] = 0x2F  // /
            out[2] = 0x22  // "
            var v = version
            for i in stride(from: digits + 2, through: 3, by: -1) {
                out[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
            }
            out[digits + 3] = 0x22
            return digits + 4
        }
    }
}

/// The resources of one type, in insertion order, with the indexes that make the common IdP
/// lookups O(1): `id`, `userName` (lower-cased: RFC 7643 section 4.1.1 caseExact false, unique),
/// `externalId` (exact: RFC 7643 section 3.1 caseExact true, not unique) and, for groups,
/// `displayName` (lower-cased, not unique).
///
/// Deleted resources leave a tombstone slot so other slots keep their positions; ``compact()``
/// removes tombstones (O(n)), and listing compacts first, so the insertion order never changes.
/// Index keys are read from the canonical attribute names `userName`, `externalId`, `displayName`.
public struct SCIMResourceTable: Sendable {
    /// The type every resource in this table has.
    public let type: SCIMResourceType
    private(set) var slots: [SCIMStoredResource?] = []
    private var tombstones = 0
    private var slotByID = SCIMSlotIndex()
    private var userNames = SCIMUserNameIndex()
    private var slotsByExternalID = SCIMSlotIndex()
    private var slotsByDisplayName: [String: SlotBucket] = [:]

    /// The slots sharing one non-unique index key; one slot (the common case) needs no array.
    enum SlotBucket: Sendable {
        case one(Int)
        case many([Int])

        var slots: [Int] {
            switch self {
            case .one(let s): return [s]
            case .many(let a): return a
            }
        }

        func adding(_ s: Int) -> SlotBucket {
            switch self {
            case .one(let x): return .many([x, s])
            case .many(let a): return .many(a + [s])
            }
        }

        /// `nil` when no slot remains.
        func removing(_ s: Int) -> SlotBucket? {
            switch self {
            case .one(let x): return x == s ? nil : self
            case .many(let a):
                let rest = a.filter { $0 != s }
                return rest.isEmpty ? nil : rest.count == 1 ? .one(rest[0]) : .many(rest)
            }
        }
    }

    /// An empty table for `type`.
    public init(type: SCIMResourceType) { self.type = type }

    /// Makes room for `count` resources in the slots and indexes, so that a bulk load of that many does
    /// not rehash as it grows. O(count).
    public mutating func reserveCapacity(_ count: Int) {
        slots.reserveCapacity(count)
        slotByID.reserveCapacity(count)
        slotsByExternalID.reserveCapacity(count)
        if type == .user { userNames.reserveCapacity(count) } else { slotsByDisplayName.reserveCapacity(count) }
    }

    /// The number of live resources. O(1).
    public var count: Int { slots.count - tombstones }

    /// The live resource with this id, or `nil`. O(1).
    public func resource(id: String) -> SCIMStoredResource? {
        guard let s = slot(id: id) else { return nil }
        return slots[s]
    }

    /// The slot of the live resource with this id. O(1).
    func slot(id: String) -> Int? {
        slots.withUnsafeBufferPointer { live in slotByID.first(id) { live[$0]?.id == id } }
    }

    /// `true` when the resource in slot `s` has `externalId` equal to `value`.
    @inline(__always)
    private func hasExternalID(_ s: Int, _ value: String) -> Bool {
        guard case .string(let e)? = slots[s]?.object["externalId"] else { return false }
        return e == value
    }

    /// The stored object of the resource at `slot`, `nil` for a tombstone.
    func object(slot: Int) -> JSONObject? { slots[slot]?.object }

    /// The resource at `slot`, `nil` for a tombstone.
    func resource(slot: Int) -> SCIMStoredResource? { slots[slot] }

    /// The id of the user whose `userName` equals `userName` ignoring case, or `nil`. O(1).
    public func id(forUserName userName: String) -> String? {
        userNames.slot(for: userName).flatMap { slots[$0]?.id }
    }

    /// Slots of live resources whose indexed attribute may equal `value`: a superset of the exact
    /// answer (callers re-check with the filter). `nil` when `attribute` is not indexed here.
    /// `attribute` is a lower-cased core attribute name: `id`, `username`, `externalid`, `displayname`.
    func candidateSlots(attribute: String, value: String) -> [Int]? {
        switch attribute {
        case "id": return slot(id: value).map { [$0] } ?? []
        case "username" where type == .user: return userNames.slot(for: value).map { [$0] } ?? []
        case "externalid": return slotsByExternalID.slots(value) { hasExternalID($0, value) }
        case "displayname" where type == .group: return slotsByDisplayName[lowercasedKey(value)]?.slots ?? []
        default: return nil
        }
    }

    /// What an index holds for one key, answered without allocating (see ``uniqueCandidateSlot(attribute:value:)``).
    enum CandidateSlot {
        /// `attribute` is not indexed in this table.
        case notIndexed
        /// No live resource has that key.
        case none
        /// Exactly one slot.
        case one(Int)
        /// More than one slot: use ``candidateSlots(attribute:value:)``.
        case several
    }

    /// The indexed attributes a ``SCIMService`` fast path can name without building a string.
    enum IndexedAttribute {
        case id, userName, externalId, displayName
    }

    /// ``candidateSlots(attribute:value:)`` for the common case of at most one slot, with one hash and no
    /// allocation for a `userName` (its index hashes the UTF-8 text of `value` in place). O(length of `value`).
    func uniqueCandidateSlot(_ attribute: IndexedAttribute, value: Substring) -> CandidateSlot {
        if let hit = value.utf8.withContiguousStorageIfAvailable({ uniqueCandidateSlot(attribute, utf8: $0) }) {
            return hit
        }
        return uniqueCandidateSlot(attribute, value: String(value))
    }

    /// ``uniqueCandidateSlot(_:value:)`` for a value given as valid UTF-8 bytes.
    func uniqueCandidateSlot(_ attribute: IndexedAttribute, utf8 value: UnsafeBufferPointer<UInt8>) -> CandidateSlot {
        if attribute == .userName {
            guard type == .user else { return .notIndexed }
            return userNames.slot(utf8: value).map { .one($0) } ?? CandidateSlot.none
        }
        return uniqueCandidateSlot(attribute, value: String(decoding: value, as: UTF8.self))
    }

    /// ``uniqueCandidateSlot(_:value:)`` for a value given as a `String`.
    func uniqueCandidateSlot(_ attribute: IndexedAttribute, value: String) -> CandidateSlot {
        func of(_ s: Int?) -> CandidateSlot { s.map { .one($0) } ?? CandidateSlot.none }
        func of(_ b: SlotBucket?) -> CandidateSlot {
            switch b {
            case nil: return CandidateSlot.none
            case .one(let s)?: return .one(s)
            case .many?: return .several
            }
        }
        switch attribute {
        case .id: return of(slot(id: value))
        case .userName:
            guard type == .user else { return .notIndexed }
            return of(userNames.slot(for: value))
        case .externalId:
            switch slotsByExternalID.unique(value, hasKey: { hasExternalID($0, value) }) {
            case (0, _): return CandidateSlot.none
            case (1, let s?): return .one(s)
            default: return .several
            }
        case .displayName:
            guard type == .group else { return .notIndexed }
            return of(slotsByDisplayName[lowercasedKey(value)])
        }
    }

    /// Appends a new resource at the end of the insertion order. The caller has checked that the
    /// id and (for users) the userName are free. O(1) amortised.
    mutating func insert(_ r: SCIMStoredResource) {
        let s = slots.count
        slots.append(r)
        addIndexes(of: r, slot: s)
    }

    /// For a User about to be inserted: `true` when a live User already has `userName` (ignoring case; nothing
    /// changes), else records `userName` for the slot the next ``insert(_:userNameClaimed:)`` fills (one hash and
    /// probe for both the uniqueness check and the index). The caller must insert that User, with that userName,
    /// before any other change to this table. O(length of `userName`).
    mutating func claimUserName(_ userName: String) -> Bool {
        guard let holder = userNames.insertIfAbsent(userName, slot: slots.count) else { return false }
        if slots[holder] != nil { return true }
        // The holder's slot is empty (as ``id(forUserName:)`` would see it): the name is free; record the new slot.
        userNames.insert(userName, slot: slots.count)
        return false
    }

    /// For a resource about to be inserted: `true` when a live resource of this table has `id` (nothing changes),
    /// else records `id` for the slot the next ``insert(_:userNameClaimed:idClaimed:)`` fills (one hash and probe for
    /// both the check and the index). The caller must insert that resource, with that id, before any other change to
    /// this table. O(length of `id`).
    mutating func claimID(_ id: String) -> Bool {
        let s = slots.count
        return slots.withUnsafeBufferPointer { live in
            slotByID.insertIfAbsent(id, slot: s) { live[$0]?.id == id } != nil
        }
    }

    /// ``insert(_:)``; with `userNameClaimed`, the userName was recorded by ``claimUserName(_:)`` just before, and
    /// with `idClaimed` the id by ``claimID(_:)``.
    mutating func insert(_ r: SCIMStoredResource, userNameClaimed: Bool, idClaimed: Bool = false) {
        let s = slots.count
        slots.append(r)
        addIndexes(of: r, slot: s, skipUserName: userNameClaimed, skipID: idClaimed)
    }

    /// Replaces the live resource with the same id, keeping its position; indexes follow. O(1).
    mutating func update(_ r: SCIMStoredResource) {
        guard let s = slot(id: r.id), let old = slots[s] else { return }
        let keysChanged =
            old.object["userName"] != r.object["userName"] || old.object["externalId"] != r.object["externalId"]
            || old.object["displayName"] != r.object["displayName"]
        update(r, slot: s, old: old, keysChanged: keysChanged)
    }

    /// ``update(_:)`` when the caller knows whether `userName`, `externalId` or `displayName` changed
    /// (`keysChanged`); with `false` the indexes are left as they are. O(1).
    mutating func update(_ r: SCIMStoredResource, keysChanged: Bool) {
        guard let s = slot(id: r.id), let old = slots[s] else { return }
        update(r, slot: s, old: old, keysChanged: keysChanged)
    }

    private mutating func update(_ r: SCIMStoredResource, slot s: Int, old: SCIMStoredResource, keysChanged: Bool) {
        if keysChanged { removeIndexes(of: old, slot: s) }
        slots[s] = r
        if keysChanged { addIndexes(of: r, slot: s) }
    }

    /// Changes the live resource in slot `s` in place with `change`, which must not change its indexed keys
    /// (userName, externalId, displayName). The table lets go of the resource during `change`, so its object is
    /// not copied when nothing else holds it. `nil` for an empty slot. O(1) plus `change`.
    mutating func modifyInPlace<R>(slot s: Int, _ change: (inout SCIMStoredResource) -> R) -> R? {
        guard var r = slots[s] else { return nil }
        slots[s] = nil
        let result = change(&r)
        slots[s] = r
        return result
    }

    /// Removes the resource with this id, leaving a tombstone; returns it. O(1) plus the size of
    /// the shared externalId/displayName buckets.
    @discardableResult
    mutating func remove(id: String) -> SCIMStoredResource? {
        guard let s = slot(id: id), let old = slots[s] else { return nil }
        removeIndexes(of: old, slot: s)
        slots[s] = nil
        tombstones += 1
        return old
    }

    /// Removes tombstones, keeping the insertion order, and rebuilds the indexes. O(n); a no-op
    /// without tombstones.
    mutating func compact() {
        guard tombstones > 0 else { return }
        let live = slots.compactMap { $0 }
        slots = []
        slots.reserveCapacity(live.count)
        tombstones = 0
        slotByID.removeAll()
        userNames.removeAll()
        slotsByExternalID.removeAll()
        slotsByDisplayName = [:]
        for r in live { insert(r) }
    }

    /// The live resources in insertion order. O(n).
    public var resources: [SCIMStoredResource] { slots.compactMap { $0 } }

    private mutating func addIndexes(
        of r: SCIMStoredResource, slot s: Int, skipUserName: Bool = false, skipID: Bool = false
    ) {
        if !skipID { slotByID.insert(r.id, slot: s) }
        if type == .user && !skipUserName, let u = r.object["userName"]?.stringValue { userNames.insert(u, slot: s) }
        if let e = Self.stringMember(r.object, Self.externalIdKey) { slotsByExternalID.insert(e, slot: s) }
        if type == .group, let d = r.object["displayName"]?.stringValue {
            Self.add(s, key: lowercasedKey(d), to: &slotsByDisplayName)
        }
    }

    /// The key `externalId`, held in line.
    static let externalIdKey = "externalId"

    /// `object[key]?.stringValue` for a `key` held in line (at most 15 bytes): a member key held in line is compared
    /// by its bits (equal in-line strings have equal bits), any other by `==`. Keys are unique, so the first match is
    /// the member `object[key]` finds. O(members).
    @inline(__always)
    static func stringMember(_ object: JSONObject, _ key: String) -> String? {
        guard SCIMStringBits.layoutHolds, let k = SCIMStringBits.words(key), k.1 & SCIMStringBits.inlineBit != 0
        else { return object[key]?.stringValue }
        return object.members.withUnsafeBufferPointer { m -> String? in
            for i in m.indices {
                guard let w = SCIMStringBits.words(m[i].key) else { return object[key]?.stringValue }
                if w == k || (w.1 & SCIMStringBits.inlineBit == 0 && m[i].key == key) {
                    if case .string(let text) = m[i].value { return text }
                    return nil
                }
            }
            return nil
        }
    }

    private mutating func removeIndexes(of r: SCIMStoredResource, slot s: Int) {
        slotByID.remove(r.id, slot: s)
        if type == .user, let u = r.object["userName"]?.stringValue { userNames.remove(u, slot: s) }
        if let e = r.object["externalId"]?.stringValue { slotsByExternalID.remove(e, slot: s) }
        if type == .group, let d = r.object["displayName"]?.stringValue {
            Self.drop(s, key: lowercasedKey(d), from: &slotsByDisplayName)
        }
    }

    private static func add(_ s: Int, key: String, to index: inout [String: SlotBucket]) {
        if let existing = index.updateValue(.one(s), forKey: key) { index[key] = existing.adding(s) }
    }

    private static func drop(_ s: Int, key: String, from index: inout [String: SlotBucket]) {
        guard let bucket = index[key] else { return }
        index[key] = bucket.removing(s)
    }
}
