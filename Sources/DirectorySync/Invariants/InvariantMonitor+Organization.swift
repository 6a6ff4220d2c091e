import SCIM

/// What the monitor reads from the organization just before it consumes one delivery.
struct DeliveryProbe {
    /// The event name as sent: ``kind``'s name, or ``unknownEventName``.
    var eventKind: String? { kind?.rawValue ?? unknownEventName }
    /// The event name when it is not a known kind (`nil` otherwise).
    var unknownEventName: String?
    /// The event name as a known kind (`nil` when unknown or missing).
    var kind: DirectoryEventKind?
    var userID: String?
    /// The directory-user table key of ``userID``.
    var userKey: DirectoryUserTable.Key?
    var email: String?
    /// The ``EmailKey`` of ``email``.
    var emailKey: EmailKey?
    var organizationID: String?
    var byUser: Member?
    var byEmail: Member?
    var memberCount: Int
}

extension InvariantMonitor {
    /// Reads what a delivery of `body` may change, before `organization` consumes it. O(members of the body).
    func probe(_ body: JSONValue, organization: borrowing OrganizationState) -> DeliveryProbe {
        probe(EventFields(json: body), organization: organization)
    }

    /// Reads what a delivery with these fields may change, before `organization` consumes it. O(1).
    @inline(__always)
    func probe(_ event: EventFields, organization: borrowing OrganizationState) -> DeliveryProbe {
        // Membership events nest the user; every other event's data is the object itself.
        let nested = event.kind == .groupUserAdded || event.kind == .groupUserRemoved
        return probe(
            eventName: event.eventName, kind: event.kind, userID: nested ? event.user?.id : event.data.id,
            userNumber: nested ? event.user?.userNumber : event.data.userNumber,
            email: nested ? event.user?.email : event.data.email,
            emailKey: nested ? event.user?.emailKey : event.data.emailKey,
            organizationID: (nested ? event.user?.organizationID : event.data.organizationID)
                ?? event.data.organizationID, organization: organization)
    }

    /// ``probe(_:organization:)-(EventFields,_)`` of `payload.fields`: a directory-user event is read in place from
    /// the payload's user and keys (``WebhookPayload/typedUser``; no fields value is built), any other event
    /// through its fields.
    @inline(__always)
    func probe(_ payload: WebhookPayload, organization: borrowing OrganizationState) -> DeliveryProbe {
        guard let typed = payload.typedUser else { return probe(payload.fields, organization: organization) }
        let kind = payload.event.kind
        return probe(
            eventName: nil, kind: kind, userID: typed.user.id, userNumber: typed.userNumber,
            email: typed.user.email, emailKey: typed.emailKey, organizationID: typed.user.organizationID,
            organization: organization)
    }

    /// The probe from the event's user fields (`emailKey`, `userNumber`: derived from `email` and `userID` once
    /// per event, or `nil`). Both lookups are in place: no hashing for a canonical directory user id, one for
    /// the email.
    @inline(__always)
    private func probe(
        eventName: String?, kind: DirectoryEventKind?, userID: String?, userNumber: Int?, email: String?,
        emailKey knownEmailKey: EmailKey?, organizationID: String?, organization: borrowing OrganizationState
    ) -> DeliveryProbe {
        let userKey = userID.map { DirectoryUserTable.key($0, number: userNumber) }
        let emailKey = email.map { knownEmailKey ?? EmailKey(email: $0) }
        return DeliveryProbe(
            unknownEventName: kind == nil ? eventName : nil, kind: kind, userID: userID, userKey: userKey, email: email,
            emailKey: emailKey,
            organizationID: organizationID,
            byUser: userKey.flatMap { organization.slot(directoryUser: $0) }.flatMap { organization.slots[$0] },
            byEmail: emailKey.flatMap { organization.slot(emailKey: $0) }.flatMap { organization.slots[$0] },
            memberCount: organization.memberCount)
    }

    /// Checks one consumed delivery of tenant `tenant` (see the type's documentation for the invariants).
    /// `forged` is true when the delivery is known to carry a wrong signature (a fault or test injection).
    /// O(1), or O(members) after `dsync.deleted`.
    func deliveryConsumed(
        tenant: Int, before: DeliveryProbe, receipt: WebhookReceipt, organization: borrowing OrganizationState,
        forged: Bool
    ) {
        tick()
        let orgID = tenants[tenant].organizationID
        if let other = before.organizationID, other != orgID {
            report(Name.crossOrganization, "organization \(orgID) received an event of organization \(other)")
        }
        if forged || receipt.status == 401 {
            if receipt.status != 401 {
                report(Name.wrongCredential, "a delivery with a wrong signature was answered \(receipt.status)")
            }
            let unchanged =
                organization.memberCount == before.memberCount
                && before.userKey.flatMap { organization.slot(directoryUser: $0) }.flatMap { organization.slots[$0] }
                    == before.byUser
                && before.emailKey.flatMap { organization.slot(emailKey: $0) }.flatMap { organization.slots[$0] }
                    == before.byEmail
            if !unchanged {
                report(Name.wrongCredential, "a refused delivery (\(before.eventKind ?? "?")) changed members")
            }
            return
        }
        if before.kind == .deleted
            || abs(organization.memberCount - before.memberCount) > 1
        {
            rescan(tenant: tenant, organization: organization)
            return
        }
        if !organization.configuration.groupMappingsEnabled {
            checkRoleKept(before.byUser, organization)
            if before.byEmail?.id != before.byUser?.id { checkRoleKept(before.byEmail, organization) }
        }
        // The member linked to the event's user after it, read in place (its slot, email and email key; the
        // key is the event's own when the email is the event's).
        var b: String?
        var afterKey: EmailKey?
        if let i = before.userKey.flatMap({ organization.slot(directoryUser: $0) }),
            let email = organization.slots[i]?.email
        {
            b = email
            let key =
                before.email == email
                ? (before.emailKey ?? EmailKey(email: email)) : EmailKey(email: email)
            afterKey = key
            checkSynced(tenant: tenant, slot: i, email: email, key: key, before: before, organization: organization)
            if organization.memberCount == before.memberCount + 1
                && before.kind == .userCreated
            {
                foldApply(tenant: tenant, userID: before.userID, userKey: before.userKey)
            }
        }
        checkPrimaryOwner(organization)
        if organization.emailIndex.count != organization.memberCount {
            report(
                Name.uniqueEmails,
                "\(organization.memberCount) members but \(organization.emailIndex.count) distinct emails")
        }
        // Re-read the present bit of every email the event touched (usually one; duplicates skipped). The
        // linked member's own email is present by definition.
        let a = before.email
        let c = before.byUser?.email
        let d = before.byEmail?.email
        if let afterKey { updateTracker(tenant) { $0.setPresent(afterKey, true) } }
        if a != b { refreshPresent(tenant, a, key: before.emailKey, organization) }
        if c != a && c != b { refreshPresent(tenant, c, organization) }
        if d != a && d != b && d != c { refreshPresent(tenant, d, organization) }
    }

    /// A member that existed before the event still has its role (if it still exists). O(1).
    @inline(__always)
    private func checkRoleKept(_ old: Member?, _ organization: OrganizationState) {
        guard let old, let now = organization.member(old.id), now.role != old.role else { return }
        report(Name.roleChangedBySync, "\(now.email) went from \(old.role.rawValue) to \(now.role.rawValue)")
    }

    @inline(__always)
    private func refreshPresent(
        _ tenant: Int, _ email: String?, key known: EmailKey? = nil, _ organization: OrganizationState
    ) {
        guard let email else { return }
        let key = known ?? EmailKey(email: email)
        let present = organization.slot(emailKey: key).map { organization.slots[$0]?.directoryUserID != nil } ?? false
        updateTracker(tenant) { $0.setPresent(key, present) }
    }

    /// A member linked by the consumed event: it must be assigned in the IdP, be found by its own email, and
    /// (if sync created it) be a User.
    /// The member is read in place from `slot` (no copy); `email` is its email and `key`
    /// ``OrganizationState/emailKey(_:)`` of it.
    private func checkSynced(
        tenant: Int, slot: Int, email: String, key: EmailKey, before: DeliveryProbe, organization: OrganizationState
    ) {
        guard let id = organization.slots[slot]?.id, let role = organization.slots[slot]?.role else { return }
        if organization.slots[slot]?.source == .scim && !tenants[tenant].everAssigned.contains(key) {
            report(Name.unassignedMember, "member \(email) was created for a person the IdP never assigned")
        }
        if organization.slot(emailKey: key).flatMap({ organization.slots[$0]?.id }) != id {
            report(Name.uniqueEmails, "email \(email) does not lead back to its member \(id)")
        }
        let created = before.byUser?.id != id && before.byEmail?.id != id
        if created && role != .user {
            report(Name.roleChangedBySync, "sync created \(email) with role \(role.rawValue)")
        }
    }

    /// The Primary Owner exists and is the organization's Primary Owner. O(1).
    func checkPrimaryOwner(_ organization: borrowing OrganizationState) {
        let slot = organization.primaryOwnerID.rawValue - 1
        // Reads the role in place (no copy of the member).
        guard organization.slots.indices.contains(slot), organization.slots[slot]?.role == .primaryOwner else {
            report(Name.onePrimaryOwner, "the organization \(organization.id) has no Primary Owner")
            return
        }
    }

    /// Re-reads the whole organization (after a reset or `dsync.deleted`): exactly one Primary Owner, unique
    /// emails, and the linked members as the tracker's present set. O(members).
    func rescan(tenant: Int, organization: OrganizationState) {
        tick()
        var owners = 0
        var linked = Set<String>()
        var emails = Set<String>()
        for member in organization.members {
            if member.role == .primaryOwner { owners += 1 }
            let key = OrganizationState.emailKey(member.email)
            if !emails.insert(key).inserted { report(Name.uniqueEmails, "two members have the email \(key)") }
            if member.directoryUserID != nil { linked.insert(key) }
        }
        if owners != 1 { report(Name.onePrimaryOwner, "the organization has \(owners) Primary Owners") }
        updateTracker(tenant) { $0.replacePresent(with: linked) }
    }
}
