/// A Claude.ai Enterprise organization as a synchronous, deterministic state machine: members with
/// roles and seats, admin actions with permission checks (`+Admin`), and the directory-event consumer
/// (`+Consumer`). Virtual time is passed into calls that need it as a `Duration` offset from the run's
/// start. An actor shell calls one `mutating func` per message and sends what it returns.
///
/// Invariants kept by every operation: emails are unique case-insensitively; exactly one member has
/// role Primary Owner, and it is never removed (https://support.anthropic.com/en/articles/9267276-roles-and-permissions).
public struct OrganizationState: Sendable {
    /// The organization id the broker knows it by (`organization_id` in events).
    public let id: String
    /// Parameters.
    public let configuration: OrganizationConfiguration
    /// `KeyedDigest(key: configuration.webhookSecret)`, keyed once: value-mode verification copies it instead of
    /// re-keying per delivery.
    let webhookKey: KeyedDigest

    /// Member slots indexed by `MemberID.rawValue - 1`; removed members leave `nil`.
    var slots: [Member?] = []
    /// ``emailKey(_:)`` of each member's email -> its slot.
    var emailIndex: [EmailKey: Int] = [:]
    /// Directory user id -> newest `updated_at` seen and linked member slot.
    var users = DirectoryUserTable()
    /// The Primary Owner.
    public internal(set) var primaryOwnerID: MemberID
    /// The provisioning mode; becomes `scim` when SCIM is enabled, `manual` again after a reset [infer].
    public internal(set) var provisioningMode: ProvisioningMode = .manual
    /// Where SCIM setup stands.
    public internal(set) var scimSetup: SCIMSetup = .notConfigured
    /// Processed event ids.
    var seenEventIDs = EventIDSet()
    /// "group id|user id" -> newest group `updated_at` seen for that membership.
    var membershipVersions: [String: Int64] = [:]
    /// The Events API cursor of the last consumed page (Events API consumer mode).
    public internal(set) var eventsAPICursor: String?
    /// Counts for the run report.
    public internal(set) var counters = ConsumerCounters()
    /// Number of members (the Primary Owner included).
    public internal(set) var memberCount = 0

    /// An organization whose only member is its Primary Owner (source manual, premium seat).
    public init(
        id: String, primaryOwnerEmail: String, primaryOwnerName: String, configuration: OrganizationConfiguration
    ) {
        self.id = id
        self.configuration = configuration
        webhookKey = KeyedDigest(key: configuration.webhookSecret)
        primaryOwnerID = MemberID(rawValue: 1)
        primaryOwnerID =
            insertMember(
                email: primaryOwnerEmail, name: primaryOwnerName, role: .primaryOwner, source: .manual, seat: .premium
            ).id
    }

    /// Members in creation order. O(slots).
    public var members: [Member] { slots.compactMap { $0 } }

    /// The member with this id, or `nil`.
    public func member(_ id: MemberID) -> Member? {
        let i = id.rawValue - 1
        return slots.indices.contains(i) ? slots[i] : nil
    }

    /// The member with this email (case-insensitive), or `nil`. O(1) expected.
    public func member(email: String) -> Member? {
        emailIndex[EmailKey(email: email)].flatMap { slots[$0] }
    }

    /// The member linked to this directory user, or `nil`.
    public func member(directoryUserID: String) -> Member? {
        users.slot(DirectoryUserTable.key(directoryUserID)).flatMap { slots[$0] }
    }

    /// The slot of the member linked to the directory user with this table key, or `nil`. O(1) for a
    /// canonical id.
    @inline(__always)
    func slot(directoryUser key: DirectoryUserTable.Key) -> Int? { users.slot(key) }

    /// Members currently linked to a directory user by sync. O(1); for liveness checks that compare
    /// with the IdP's assigned active people without walking every member.
    public var linkedMemberCount: Int { users.linkedCount }

    /// The Primary Owner.
    public var primaryOwner: Member? { member(primaryOwnerID) }

    /// The slot of the member whose email key is `key`, or `nil`. O(1) expected (hashes one integer); copies no
    /// member.
    @inline(__always)
    func slot(emailKey key: EmailKey) -> Int? { emailIndex[key] }

    /// Reserves room for `count` members, directory users and events, so that a sync of known size does not
    /// rehash its indexes as it grows. Changes nothing else (no behaviour depends on the indexes' order).
    mutating func reserveCapacity(members count: Int) {
        slots.reserveCapacity(count)
        emailIndex.reserveCapacity(count)
        users.reserveCapacity(count)
        seenEventIDs.reserveCapacity(count)
    }

    /// The case-insensitive key of an email (Unicode lower-casing; already-lower-case ASCII is returned as is).
    static func emailKey(_ email: String) -> String {
        let needsWork =
            email.utf8.withContiguousStorageIfAvailable(hasUpperCaseOrNonASCII)
            ?? email.utf8.contains { $0 >= 0x80 || ($0 >= 65 && $0 <= 90) }
        return needsWork ? email.lowercased() : email
    }

    /// Whether `bytes` hold a byte of 0x80 or more or an ASCII upper-case letter (65...90), eight bytes at a time:
    /// in a word of ASCII bytes, adding 0x3F to each byte sets its top bit exactly when it is at least 65 and
    /// adding 0x25 exactly when it is at least 91 (no byte carries into the next). O(length), no allocation.
    static func hasUpperCaseOrNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= raw.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & high != 0 { return true }
            let atLeastA = w &+ 0x3F3F_3F3F_3F3F_3F3F
            let pastZ = w &+ 0x2525_2525_2525_2525
            if atLeastA & ~pastZ & high != 0 { return true }
            i += 8
        }
        while i < raw.count {
            let c = raw[i]
            if c >= 0x80 || (c >= 65 && c <= 90) { return true }
            i += 1
        }
        return false
    }

    @discardableResult
    mutating func insertMember(
        email: String, name: String, role: MemberRole, source: MemberSource, seat: SeatTier,
        directoryUserID: String? = nil, directoryID: String? = nil
    ) -> Member {
        let member = Member(
            id: MemberID(rawValue: slots.count + 1), email: email, nameHead: name, role: role, source: source,
            seat: seat, directoryUserID: directoryUserID, directoryID: directoryID)
        slots.append(member)
        emailIndex[EmailKey(email: email)] = slots.count - 1
        if let directoryUserID {
            let slot = Int32(slots.count - 1)
            users.update(DirectoryUserTable.key(directoryUserID)) { $0.slot = slot }
        }
        memberCount += 1
        return member
    }

    /// Appends a member synced from directory user `userKey` whose email key the caller has already mapped to
    /// the new slot (`slots.count`), named `nameHead` + " " + `nameTail` (``Member/name``), and records `version`
    /// for the user: one table update.
    mutating func appendSyncedMember(
        email: consuming String, nameHead: consuming String, nameTail: consuming String,
        directoryUserID: consuming String, directoryID: consuming String, userKey: DirectoryUserTable.Key,
        version: Int64
    ) {
        let slot = slots.count
        slots.append(
            Member(
                id: MemberID(rawValue: slot + 1), email: email, nameHead: nameHead, nameTail: nameTail, role: .user,
                source: .scim, seat: .standard, directoryUserID: directoryUserID, directoryID: directoryID))
        users.update(userKey) {
            $0.slot = Int32(slot)
            $0.version = version
            $0.hasVersion = true
        }
        memberCount += 1
    }

    /// Drops the link from `directoryUserID` to slot `i`, if it is the user's current link.
    private mutating func dropUserLink(_ directoryUserID: String, slot i: Int) {
        let key = DirectoryUserTable.key(directoryUserID)
        if users.slot(key) == i { users.update(key) { $0.slot = -1 } }
    }

    /// Removes the member in slot `i` (never the Primary Owner; callers check).
    mutating func deleteMember(slot i: Int) {
        guard let m = slots[i] else { return }
        emailIndex[EmailKey(email: m.email)] = nil
        if let u = m.directoryUserID { dropUserLink(u, slot: i) }
        slots[i] = nil
        memberCount -= 1
    }

    /// Clears the sync link of the member in slot `i`.
    mutating func unlink(slot i: Int) {
        guard let u = slots[i]?.directoryUserID else { return }
        dropUserLink(u, slot: i)
        slots[i]?.directoryUserID = nil
        slots[i]?.directoryID = nil
    }

    /// Links the member in slot `i` to a directory user (dropping any previous link).
    /// `key` is the table key of `directoryUserID`.
    mutating func link(slot i: Int, directoryUserID: String, key: DirectoryUserTable.Key, directoryID: String) {
        unlink(slot: i)
        slots[i]?.directoryUserID = directoryUserID
        slots[i]?.directoryID = directoryID
        users.update(key) { $0.slot = Int32(i) }
    }
}
