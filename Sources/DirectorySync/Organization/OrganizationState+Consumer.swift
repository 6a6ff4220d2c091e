import SCIM

/// What the consumer did with one event.
public enum ConsumerOutcome: Sendable, Hashable {
    /// The event was applied (it may have needed no member change).
    case applied
    /// The event id was processed before; nothing changed.
    case duplicate
    /// Its `updated_at` was not newer than the one held; nothing changed.
    case stale
    /// Another organization's event, or one for a directory that is not this organization's current
    /// directory (for example after a reset); nothing changed.
    case ignoredForeign
    /// A group event that changes no role (group mappings off, or no mapping for the group).
    case groupWithoutRoleEffect
    /// Applying it would give two members the same email; nothing changed.
    case emailConflict
    /// Signature missing, malformed or wrong; nothing changed.
    case rejectedSignature
    /// Signature timestamp older than the tolerance; nothing changed.
    case rejectedTimestamp
    /// Not a readable event; nothing changed.
    case malformed
}

/// The directory-event consumer, following WorkOS's guidance: verify the signature and timestamp,
/// dedupe on the event id, apply an event only if its `updated_at` is newer than the one held for that
/// object, upsert by email (https://github.com/workos/skills/blob/main/plugins/workos/skills/workos/references/workos-events.md,
/// .../workos-directory-sync.md; https://www.workos.com/docs/events/data-syncing/events-api).
///
/// Effects: an active user becomes a member with role User and source SCIM, or links to the existing
/// member with that email, who keeps role and source; a deleted or inactive user's member is removed;
/// the Primary Owner is never removed or demoted by sync (only unlinked); group events change roles only
/// when ``OrganizationConfiguration/groupMappingsEnabled`` is on; `dsync.deleted` of the current
/// directory removes every member linked to it (the cascade is the consumer's job:
/// https://github.com/workos/skills/blob/main/plugins/workos/skills/workos/references/workos-directory-sync.md).
extension OrganizationState {
    /// Consumes one page from the Events API (pulled over an authenticated API, so no signature) and
    /// stores its cursor. Returns each event's outcome in order.
    public mutating func consumeEventsPage(_ page: EventsPage) -> [ConsumerOutcome] {
        let outcomes = page.data.map { consumeEvent(EventFields($0)) }
        if let after = page.after { eventsAPICursor = after }
        return outcomes
    }

    /// Consumes one event body `{id, event, data, created_at}` (already authenticated). Idempotent:
    /// consuming the same body twice changes state at most once.
    public mutating func consumeEvent(_ body: JSONValue) -> ConsumerOutcome { consumeEvent(EventFields(json: body)) }

    /// Consumes one typed event (already authenticated), reading its fields directly; the same outcome as
    /// consuming ``DirectoryEvent/body``. Idempotent.
    public mutating func consumeEvent(_ event: DirectoryEvent) -> ConsumerOutcome { consumeEvent(EventFields(event)) }

    /// Consumes one event's fields and counts the outcome.
    mutating func consumeEvent(_ fields: EventFields) -> ConsumerOutcome { counted(process(fields)) }

    /// Consumes a typed payload (already authenticated) and counts the outcome: a directory-user event is read in
    /// place from the payload's user (``WebhookPayload/typedUser``), any other event through its
    /// ``WebhookPayload/fields``. The same outcome and effects as ``consumeEvent(_:)-(EventFields)`` of the
    /// payload's fields.
    mutating func consumeEvent(_ payload: WebhookPayload) -> ConsumerOutcome {
        guard let user = payload.typedUser else { return consumeEvent(payload.fields) }
        // ``process(_:)`` for a user event: the id, kind and data are present; dedupe, then apply.
        guard seenEventIDs.insert(payload.event.id, number: payload.keys.idNumber) else { return counted(.duplicate) }
        return counted(userEvent(payload.event.kind, user))
    }

    /// Counts `outcome` and returns it.
    @inline(__always)
    private mutating func counted(_ outcome: ConsumerOutcome) -> ConsumerOutcome {
        switch outcome {
        case .applied: counters.applied += 1
        case .duplicate: counters.duplicates += 1
        case .stale: counters.stale += 1
        case .ignoredForeign: counters.ignoredForeign += 1
        case .groupWithoutRoleEffect: counters.groupEventsWithoutRoleEffect += 1
        case .emailConflict: counters.emailConflicts += 1
        case .malformed: counters.malformed += 1
        case .rejectedSignature, .rejectedTimestamp: break
        }
        return outcome
    }

    private mutating func process(_ event: EventFields) -> ConsumerOutcome {
        guard let eventID = event.id, let kind = event.kind, event.dataIsObject else { return .malformed }
        guard seenEventIDs.insert(eventID, number: event.idNumber) else { return .duplicate }
        switch kind {
        case .activated, .deleted:
            return directoryEvent(kind, event.data)
        case .userCreated, .userUpdated, .userDeleted:
            return userEvent(kind, event.data)
        case .groupCreated, .groupUpdated, .groupDeleted:
            guard isCurrentDirectory(event.data) else { return .ignoredForeign }
            return .groupWithoutRoleEffect
        case .groupUserAdded, .groupUserRemoved:
            return membershipEvent(kind, event)
        }
    }

    private func isCurrentDirectory(_ object: some DirectoryObjectFieldSource) -> Bool {
        guard let org = object.organizationID, org == id, let directory = object.directoryID else { return false }
        return scimSetup.directoryID == directory
    }

    private mutating func directoryEvent(_ kind: DirectoryEventKind, _ data: EventObjectFields) -> ConsumerOutcome {
        guard let directory = data.id, data.organizationID == id,
            scimSetup.directoryID == directory
        else { return .ignoredForeign }
        if kind == .activated {
            scimSetup = .configured(directoryID: directory, linked: true)
            return .applied
        }
        for i in slots.indices {
            guard let m = slots[i], m.directoryID == directory else { continue }
            if m.role == .primaryOwner {
                unlink(slot: i)
            } else {
                deleteMember(slot: i)
                counters.membersRemoved += 1
            }
        }
        scimSetup = .notConfigured
        provisioningMode = .manual
        return .applied
    }

    private mutating func userEvent(_ kind: DirectoryEventKind, _ user: some DirectoryObjectFieldSource)
        -> ConsumerOutcome
    {
        guard let userID = user.id, let version = user.updatedAtMillis else { return .malformed }
        // ``isCurrentDirectory(_:)``, keeping the directory id it reads (used again below).
        guard let org = user.organizationID, org == id, let directory = user.directoryID,
            scimSetup.directoryID == directory
        else { return .ignoredForeign }
        let userKey = DirectoryUserTable.key(userID, number: user.userNumber)
        let entry = users[userKey]
        if entry.hasVersion, entry.version >= version { return .stale }
        if kind == .userDeleted || !user.isActive {
            users.update(userKey) {
                $0.version = version
                $0.hasVersion = true
            }
            if entry.slot >= 0 { removeSynced(slot: Int(entry.slot)) }
            return .applied
        }
        guard let email = user.email, !email.isEmpty else { return .malformed }
        let first = user.firstName ?? ""
        let last = user.lastName ?? ""
        // The display name as two parts (``Member/name`` joins them on read): no name string is built.
        let head = first.isEmpty ? (last.isEmpty ? email : last) : first
        let tail = first.isEmpty ? "" : last
        let key = user.emailKey ?? EmailKey(email: email)
        if entry.slot >= 0, let m = slots[Int(entry.slot)] {
            let i = Int(entry.slot)
            if m.email != email {  // the same text has the same key
                let oldKey = EmailKey(email: m.email)
                if oldKey != key {
                    if emailIndex[key] != nil { return .emailConflict }
                    emailIndex[oldKey] = nil
                    emailIndex[key] = i
                }
            }
            slots[i]?.email = email
            slots[i]?.nameHead = head
            slots[i]?.nameTail = tail
        } else {
            // One hash for the email: find its member, or map it to the slot a new member will take.
            let newSlot = slots.count
            let found = Self.claim(&emailIndex[key, default: -1], newSlot)
            if found >= 0, let m = slots[found] {
                if let other = m.directoryUserID, other != userID,
                    case let held = users[DirectoryUserTable.key(other)], held.hasVersion, held.version > version
                {
                    users.update(userKey) {
                        $0.version = version
                        $0.hasVersion = true
                    }
                    return .stale  // an older identity for an email a newer directory user now holds
                }
                link(slot: found, directoryUserID: userID, key: userKey, directoryID: directory)
                if m.source == .scim {
                    slots[found]?.nameHead = head
                    slots[found]?.nameTail = tail
                }
            } else {
                if found >= 0 { emailIndex[key] = newSlot }  // a stale mapping to an empty slot
                appendSyncedMember(
                    email: email, nameHead: head, nameTail: tail, directoryUserID: userID, directoryID: directory,
                    userKey: userKey,
                    version: version)
                counters.membersCreated += 1
                return .applied
            }
        }
        users.update(userKey) {
            $0.version = version
            $0.hasVersion = true
        }
        return .applied
    }

    /// Reads a slot of the email index; when it was absent (`-1`, just inserted by the default subscript),
    /// stores `newSlot` in it. Returns the slot read.
    @inline(__always)
    private static func claim(_ slot: inout Int, _ newSlot: Int) -> Int {
        let found = slot
        if found < 0 { slot = newSlot }
        return found
    }

    /// Removes a synced member, except the Primary Owner, who is only unlinked.
    private mutating func removeSynced(slot i: Int) {
        guard let m = slots[i] else { return }
        if m.role == .primaryOwner {
            unlink(slot: i)
        } else {
            deleteMember(slot: i)
            counters.membersRemoved += 1
        }
    }

    private mutating func membershipEvent(_ kind: DirectoryEventKind, _ event: EventFields) -> ConsumerOutcome {
        guard let user = event.user, let group = event.group, let userID = user.id, let groupID = group.id,
            let version = group.updatedAtMillis
        else { return .malformed }
        guard isCurrentDirectory(group) else { return .ignoredForeign }
        let groupName = group.name ?? ""
        guard configuration.groupMappingsEnabled,
            let mapping = configuration.groupRoleMappings.first(where: {
                $0.groupName.lowercased() == groupName.lowercased() && $0.role != .primaryOwner
            })
        else { return .groupWithoutRoleEffect }
        let key = groupID + "|" + userID
        if let held = membershipVersions[key], held >= version { return .stale }
        membershipVersions[key] = version
        guard let i = users.slot(DirectoryUserTable.key(userID, number: user.userNumber)), let m = slots[i],
            m.role != .primaryOwner
        else { return .applied }
        let role: MemberRole = kind == .groupUserAdded ? mapping.role : .user
        if m.role != role {
            slots[i]?.role = role
            counters.rolesChangedBySync += 1
        }
        return .applied
    }
}
