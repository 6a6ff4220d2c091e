/// Why an admin action was refused. A refused action changes nothing.
public struct AdminRefusal: Error, Sendable, Hashable {
    /// The rule that refused it.
    public enum Reason: String, Sendable, Hashable {
        /// The acting person is not a member.
        case unknownActor
        /// The actor's role does not allow this.
        case insufficientRole
        /// The Primary Owner cannot be demoted or removed (only a transfer, not modelled, changes it).
        case primaryOwnerProtected
        /// No member has the target id.
        case memberNotFound
        /// Another member already has this email (compared case-insensitively).
        case emailInUse
        /// The email is not of the form `local@domain`.
        case invalidEmail
        /// The role cannot be granted this way (Primary Owner only by transfer).
        case invalidRole
        /// SCIM is already set up or being set up.
        case scimAlreadyEnabled
        /// SCIM setup is waiting for the broker; try again when it completes.
        case setupInProgress
        /// SCIM is not set up, so there is nothing to reset.
        case scimNotEnabled
        /// The reset confirmation text was not exactly `Reset`.
        case confirmationMismatch
    }

    /// The rule.
    public var reason: Reason
    /// A sentence naming the actor, target or input.
    public var detail: String
}

/// What a reset did and asks the broker to do.
public struct SCIMResetOutcome: Sendable, Hashable {
    /// Ask the broker to delete this directory.
    public var deletion: DirectoryDeletionRequest
    /// Members deleted, in creation order (everyone but the Primary Owner).
    public var deletedMembers: [MemberID]
}

/// Admin actions with the Claude.ai permission rules
/// (https://support.anthropic.com/en/articles/9267276-roles-and-permissions): Admin and above add and
/// remove Users; only Owner and Primary Owner add or remove Admins and Owners, modify roles, and manage
/// SSO/SCIM (enable: https://support.anthropic.com/en/articles/9970869-setting-up-scim-on-the-enterprise-plan).
extension OrganizationState {
    /// The exact, case-sensitive confirmation text for a SCIM reset (same article: "Confirm your decision by typing Reset").
    public static let resetConfirmationText = "Reset"

    private func actorSlot(_ actor: MemberID) -> Result<Member, AdminRefusal> {
        guard let m = member(actor) else {
            return .failure(.init(reason: .unknownActor, detail: "\(actor) is not a member"))
        }
        return .success(m)
    }

    private func requireOwner(_ actor: MemberID, _ action: String) -> Result<Member, AdminRefusal> {
        actorSlot(actor).flatMap { m in
            m.role.isOwnerLevel
                ? .success(m)
                : .failure(
                    .init(
                        reason: .insufficientRole,
                        detail: "\(action) needs Owner or Primary Owner; \(actor) is \(m.role.rawValue)"))
        }
    }

    /// "Add SCIM": Owner or Primary Owner only. Records provisioning mode SCIM and returns the request to
    /// create a directory at the broker; complete it with ``directoryCreated(_:)``.
    public mutating func enableSCIM(actor: MemberID, directoryType: String = "generic scim v2.0") -> Result<
        DirectorySetupRequest, AdminRefusal
    > {
        if case .failure(let r) = requireOwner(actor, "Enabling SCIM") { return .failure(r) }
        switch scimSetup {
        case .notConfigured: break
        case .awaitingDirectory, .configured:
            return .failure(.init(reason: .scimAlreadyEnabled, detail: "SCIM is already set up for \(id)"))
        }
        scimSetup = .awaitingDirectory
        provisioningMode = .scim
        return .success(DirectorySetupRequest(organizationID: id, type: directoryType))
    }

    /// Records the broker's answer to ``enableSCIM(actor:directoryType:)``. Returns `false` (and changes
    /// nothing) unless the organization is awaiting a directory and the setup is for this organization.
    public mutating func directoryCreated(_ setup: DirectorySetup) -> Bool {
        guard case .awaitingDirectory = scimSetup, setup.organizationID == id else { return false }
        scimSetup = .configured(directoryID: setup.directoryID, linked: false)
        return true
    }

    /// Changes a member's role: Owner or Primary Owner only; the Primary Owner's role cannot change and
    /// nobody can be made Primary Owner (ownership transfer is not modelled).
    public mutating func changeRole(actor: MemberID, member target: MemberID, to role: MemberRole) -> Result<
        Member, AdminRefusal
    > {
        if case .failure(let r) = requireOwner(actor, "Changing roles") { return .failure(r) }
        guard let m = member(target) else {
            return .failure(.init(reason: .memberNotFound, detail: "\(target) is not a member"))
        }
        guard m.role != .primaryOwner else {
            return .failure(.init(reason: .primaryOwnerProtected, detail: "The Primary Owner's role cannot be changed"))
        }
        guard role != .primaryOwner else {
            return .failure(.init(reason: .invalidRole, detail: "Primary Owner is granted only by transfer"))
        }
        slots[target.rawValue - 1]?.role = role
        return .success(slots[target.rawValue - 1] ?? m)
    }

    /// Adds a member manually (source manual). Admin and above may add Users; only Owner and Primary
    /// Owner may add Admins and Owners; the email must be new (case-insensitively).
    public mutating func addMember(
        actor: MemberID, email: String, name: String, role: MemberRole = .user, seat: SeatTier = .standard
    ) -> Result<Member, AdminRefusal> {
        let a: Member
        switch actorSlot(actor) {
        case .failure(let r): return .failure(r)
        case .success(let m): a = m
        }
        guard role != .primaryOwner else {
            return .failure(.init(reason: .invalidRole, detail: "Primary Owner is granted only by transfer"))
        }
        let needed: MemberRole = role == .user ? .admin : .owner
        guard a.role >= needed else {
            return .failure(
                .init(reason: .insufficientRole, detail: "Adding a \(role.rawValue) needs \(needed.rawValue) or above"))
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .failure(.init(reason: .invalidEmail, detail: "\"\(email)\" is not an email address"))
        }
        guard member(email: email) == nil else {
            return .failure(.init(reason: .emailInUse, detail: "\(email) already belongs to a member"))
        }
        return .success(insertMember(email: email, name: name, role: role, source: .manual, seat: seat))
    }

    /// Removes a member manually. Admin and above may remove Users; only Owner and Primary Owner may
    /// remove Admins and Owners; nobody removes the Primary Owner. Removing frees the seat.
    public mutating func removeMember(actor: MemberID, member target: MemberID) -> Result<Member, AdminRefusal> {
        let a: Member
        switch actorSlot(actor) {
        case .failure(let r): return .failure(r)
        case .success(let m): a = m
        }
        guard let m = member(target) else {
            return .failure(.init(reason: .memberNotFound, detail: "\(target) is not a member"))
        }
        guard m.role != .primaryOwner else {
            return .failure(.init(reason: .primaryOwnerProtected, detail: "The Primary Owner cannot be removed"))
        }
        let needed: MemberRole = m.role == .user ? .admin : .owner
        guard a.role >= needed else {
            return .failure(
                .init(
                    reason: .insufficientRole, detail: "Removing a \(m.role.rawValue) needs \(needed.rawValue) or above"
                ))
        }
        deleteMember(slot: target.rawValue - 1)
        return .success(m)
    }

    /// "Reset Directory": Owner or Primary Owner only, with `confirmation` exactly ``resetConfirmationText``
    /// (case-sensitive, no surrounding spaces). Deletes every account except the Primary Owner, retires
    /// the directory (its late events are ignored), returns the request to delete it at the broker, and
    /// allows a new setup (https://support.anthropic.com/en/articles/9970869-setting-up-scim-on-the-enterprise-plan).
    public mutating func resetSCIM(actor: MemberID, confirmation: String) -> Result<SCIMResetOutcome, AdminRefusal> {
        if case .failure(let r) = requireOwner(actor, "Resetting SCIM") { return .failure(r) }
        guard confirmation == Self.resetConfirmationText else {
            return .failure(
                .init(
                    reason: .confirmationMismatch, detail: "Type exactly \"Reset\" to confirm; got \"\(confirmation)\"")
            )
        }
        let directoryID: String
        switch scimSetup {
        case .notConfigured:
            return .failure(.init(reason: .scimNotEnabled, detail: "SCIM is not set up for \(id)"))
        case .awaitingDirectory:
            return .failure(.init(reason: .setupInProgress, detail: "SCIM setup for \(id) has not completed"))
        case .configured(let d, _):
            directoryID = d
        }
        var deleted: [MemberID] = []
        for i in slots.indices {
            guard let m = slots[i] else { continue }
            if m.role == .primaryOwner {
                unlink(slot: i)
            } else {
                deleted.append(m.id)
                deleteMember(slot: i)
            }
        }
        scimSetup = .notConfigured
        provisioningMode = .manual
        return .success(
            SCIMResetOutcome(
                deletion: DirectoryDeletionRequest(organizationID: id, directoryID: directoryID),
                deletedMembers: deleted))
    }
}
