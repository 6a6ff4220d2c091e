import SCIM

/// The answer to one webhook delivery.
public struct WebhookReceipt: Sendable, Hashable {
    /// The HTTP status to answer: 200 when the event was processed or safely ignored (the broker stops
    /// retrying), 401 for a refused signature or timestamp, 400 for an unreadable body.
    public var status: Int
    /// What happened.
    public var outcome: ConsumerOutcome
}

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
    /// Verifies and consumes one webhook delivery at virtual time `now` (value mode: the signed payload
    /// is ``WebhookSignature/signedPayload(of:)`` of the body). A refused delivery changes nothing and is
    /// not remembered, so a correctly signed retry is still processed.
    public mutating func receiveWebhook(body: JSONValue, signatureHeader: String?, now: Duration) -> WebhookReceipt {
        let failure = WebhookSignature.verify(
            header: signatureHeader, body: body, secret: configuration.webhookSecret,
            nowMillis: EventTimestamp.milliseconds(now),
            toleranceMillis: EventTimestamp.milliseconds(configuration.signatureTolerance))
        if let refused = refusal(failure) { return refused }
        let outcome = consumeEvent(body)
        return WebhookReceipt(status: outcome == .malformed ? 400 : 200, outcome: outcome)
    }

    /// Verifies and consumes one webhook delivery in bytes mode: the signature covers the raw body (as
    /// WorkOS signs), which is then decoded with ``JSONCodec`` (undecodable: 400, no change).
    public mutating func receiveWebhook(rawBody: [UInt8], signatureHeader: String?, now: Duration) -> WebhookReceipt {
        let failure = WebhookSignature.verify(
            header: signatureHeader, rawBody: rawBody, secret: configuration.webhookSecret,
            nowMillis: EventTimestamp.milliseconds(now),
            toleranceMillis: EventTimestamp.milliseconds(configuration.signatureTolerance))
        if let refused = refusal(failure) { return refused }
        guard let body = try? JSONCodec.decode(rawBody) else {
            counters.malformed += 1
            return WebhookReceipt(status: 400, outcome: .malformed)
        }
        let outcome = consumeEvent(body)
        return WebhookReceipt(status: outcome == .malformed ? 400 : 200, outcome: outcome)
    }

    private mutating func refusal(_ failure: WebhookSignature.Failure?) -> WebhookReceipt? {
        switch failure {
        case .malformedHeader?, .digestMismatch?:
            counters.rejectedSignatures += 1
            return WebhookReceipt(status: 401, outcome: .rejectedSignature)
        case .timestampOutsideTolerance?:
            counters.rejectedTimestamps += 1
            return WebhookReceipt(status: 401, outcome: .rejectedTimestamp)
        case nil:
            return nil
        }
    }

    /// Consumes one page from the Events API (pulled over an authenticated API, so no signature) and
    /// stores its cursor. Returns each event's outcome in order.
    public mutating func consumeEventsPage(_ page: EventsPage) -> [ConsumerOutcome] {
        let outcomes = page.data.map { consumeEvent($0.body) }
        if let after = page.after { eventsAPICursor = after }
        return outcomes
    }

    /// Consumes one event body `{id, event, data, created_at}` (already authenticated). Idempotent:
    /// consuming the same body twice changes state at most once.
    public mutating func consumeEvent(_ body: JSONValue) -> ConsumerOutcome {
        let outcome = process(body)
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

    private mutating func process(_ body: JSONValue) -> ConsumerOutcome {
        let envelope = EventEnvelopeFields(body)
        guard case .string(let eventID)? = envelope.id, let kind = envelope.kind, let data = envelope.data,
            case .object = data
        else { return .malformed }
        guard seenEventIDs.insert(eventID).inserted else { return .duplicate }
        let fields = DirectoryObjectFields(data)
        switch kind {
        case .activated, .deleted:
            return directoryEvent(kind, fields)
        case .userCreated, .userUpdated, .userDeleted:
            return userEvent(kind, fields)
        case .groupCreated, .groupUpdated, .groupDeleted:
            guard isCurrentDirectory(fields) else { return .ignoredForeign }
            return .groupWithoutRoleEffect
        case .groupUserAdded, .groupUserRemoved:
            return membershipEvent(kind, fields)
        }
    }

    private func isCurrentDirectory(_ object: DirectoryObjectFields) -> Bool {
        guard let org = object.organizationID?.stringValue, org == id,
            let directory = object.directoryID?.stringValue
        else { return false }
        return scimSetup.directoryID == directory
    }

    private mutating func directoryEvent(_ kind: DirectoryEventKind, _ data: DirectoryObjectFields) -> ConsumerOutcome {
        guard let directory = data.id?.stringValue, data.organizationID?.stringValue == id,
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

    private mutating func userEvent(_ kind: DirectoryEventKind, _ user: DirectoryObjectFields) -> ConsumerOutcome {
        guard let userID = user.id?.stringValue, let stamp = user.updatedAt?.stringValue,
            let version = EventTimestamp.parseUnixMilliseconds(stamp)
        else { return .malformed }
        guard isCurrentDirectory(user) else { return .ignoredForeign }
        if let held = userVersions[userID], held >= version { return .stale }
        let active = user.state?.stringValue == DirectoryUserState.active.rawValue
        if kind == .userDeleted || !active {
            userVersions[userID] = version
            if let i = directoryUserIndex[userID] { removeSynced(slot: i) }
            return .applied
        }
        guard let email = user.email?.stringValue, !email.isEmpty else { return .malformed }
        let directory = user.directoryID?.stringValue ?? ""
        let first = user.firstName?.stringValue ?? ""
        let last = user.lastName?.stringValue ?? ""
        let name = first.isEmpty ? (last.isEmpty ? email : last) : (last.isEmpty ? first : first + " " + last)
        let key = Self.emailKey(email)
        if let i = directoryUserIndex[userID], let m = slots[i] {
            if Self.emailKey(m.email) != key {
                if emailIndex[key] != nil { return .emailConflict }
                emailIndex[Self.emailKey(m.email)] = nil
                emailIndex[key] = i
            }
            slots[i]?.email = email
            slots[i]?.name = name
        } else if let i = emailIndex[key], let m = slots[i] {
            if let other = m.directoryUserID, other != userID, let otherVersion = userVersions[other],
                otherVersion > version
            {
                userVersions[userID] = version
                return .stale  // an older identity for an email a newer directory user now holds
            }
            link(slot: i, directoryUserID: userID, directoryID: directory)
            if m.source == .scim { slots[i]?.name = name }
        } else {
            insertMember(
                email: email, name: name, role: .user, source: .scim, seat: .standard, directoryUserID: userID,
                directoryID: directory)
            counters.membersCreated += 1
        }
        userVersions[userID] = version
        return .applied
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

    private mutating func membershipEvent(_ kind: DirectoryEventKind, _ data: DirectoryObjectFields) -> ConsumerOutcome
    {
        let user = DirectoryObjectFields(data.user)
        let group = DirectoryObjectFields(data.group)
        guard data.user != nil, data.group != nil, let userID = user.id?.stringValue,
            let groupID = group.id?.stringValue, let stamp = group.updatedAt?.stringValue,
            let version = EventTimestamp.parseUnixMilliseconds(stamp)
        else { return .malformed }
        guard isCurrentDirectory(group) else { return .ignoredForeign }
        let groupName = group.name?.stringValue ?? ""
        guard configuration.groupMappingsEnabled,
            let mapping = configuration.groupRoleMappings.first(where: {
                $0.groupName.lowercased() == groupName.lowercased() && $0.role != .primaryOwner
            })
        else { return .groupWithoutRoleEffect }
        let key = groupID + "|" + userID
        if let held = membershipVersions[key], held >= version { return .stale }
        membershipVersions[key] = version
        guard let i = directoryUserIndex[userID], let m = slots[i], m.role != .primaryOwner else { return .applied }
        let role: MemberRole = kind == .groupUserAdded ? mapping.role : .user
        if m.role != role {
            slots[i]?.role = role
            counters.rolesChangedBySync += 1
        }
        return .applied
    }
}
