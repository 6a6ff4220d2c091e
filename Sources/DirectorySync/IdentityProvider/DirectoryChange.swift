import SCIM

/// A change to the identity provider's directory that a scenario applies at a virtual time.
///
/// People and groups are named by index (``IdentityProviderDirectory/people``). A `hire` appends
/// the new person at index `people.count` at the moment it is applied, so a scenario that schedules
/// hires knows their indices. A change naming an index that does not exist is ignored and reported
/// by ``IdentityProviderDirectory/apply(_:at:)`` returning `false`.
public enum DirectoryChange: Sendable, Hashable {
    /// A new person joins; assigned to the app individually when `assigned` is `true`. The person's
    /// `groups` names are not read: memberships follow as ``addToGroup(person:group:)`` changes.
    case hire(DirectoryPerson, assigned: Bool)
    /// Profile attributes change (names, department, title); `userName`, `email`, `externalId`,
    /// `active` and groups are kept, use the dedicated changes for those.
    case updateProfile(
        person: Int, givenName: String, familyName: String, department: String?, title: String?)
    /// The login and primary email change (an Okta login / Entra UPN rename).
    case rename(person: Int, userName: String, email: String)
    /// The person is deactivated (Okta "Deactivate", Entra "block sign-in").
    case deactivate(person: Int)
    /// The person is reactivated.
    case reactivate(person: Int)
    /// The person is assigned to the app individually.
    case assign(person: Int)
    /// The person's individual assignment is removed (group assignments still apply).
    case unassign(person: Int)
    /// The person is deleted in the IdP (Entra: soft delete, hard delete after the retention period).
    case delete(person: Int)
    /// A new group; members are added with ``addToGroup(person:group:)``.
    case createGroup(name: String, externalId: String, assigned: Bool, pushed: Bool)
    /// The group is assigned to (or removed from) the app, or pushed (Okta Group Push).
    case setGroup(group: Int, assigned: Bool, pushed: Bool)
    /// The group is renamed.
    case renameGroup(group: Int, name: String)
    /// The person joins the group.
    case addToGroup(person: Int, group: Int)
    /// The person leaves the group.
    case removeFromGroup(person: Int, group: Int)

    /// The person this change concerns, if any (`nil` for hires and group-only changes).
    public var person: Int? {
        switch self {
        case .updateProfile(let p, _, _, _, _), .rename(let p, _, _), .deactivate(let p), .reactivate(let p),
            .assign(let p), .unassign(let p), .delete(let p), .addToGroup(let p, _), .removeFromGroup(let p, _):
            return p
        case .hire, .createGroup, .setGroup, .renameGroup:
            return nil
        }
    }

    /// The group this change concerns, if any.
    public var group: Int? {
        switch self {
        case .setGroup(let g, _, _), .renameGroup(let g, _), .addToGroup(_, let g), .removeFromGroup(_, let g):
            return g
        default:
            return nil
        }
    }
}

extension IdentityProviderDirectory {
    /// Applies `change` at virtual time `now` (offset from the run's start). Returns `false`, changing
    /// nothing, when the change names a person or group index that does not exist or a deleted person
    /// (other than a repeated delete). O(group size) at most.
    @discardableResult
    public mutating func apply(_ change: DirectoryChange, at now: Duration) -> Bool {
        if let p = change.person, !containsPerson(p) { return false }
        if let g = change.group, !containsGroup(g) { return false }
        if let p = change.person, deletedAt[p] != nil {
            if case .delete = change { return true }
            return false
        }
        switch change {
        case .hire(let person, let assigned):
            _ = addPerson(person, assigned: assigned)
        case .updateProfile(let p, let given, let family, let department, let title):
            updatePerson(p) {
                $0.givenName = given
                $0.familyName = family
                $0.department = department
                $0.title = title
            }
        case .rename(let p, let userName, let email):
            updatePerson(p) {
                $0.userName = userName
                $0.email = email
            }
        case .deactivate(let p):
            updatePerson(p) { $0.active = false }
        case .reactivate(let p):
            updatePerson(p) { $0.active = true }
        case .assign(let p):
            setAssigned(p, true)
        case .unassign(let p):
            setAssigned(p, false)
        case .delete(let p):
            markDeleted(p, at: now)
        case .createGroup(let name, let externalId, let assigned, let pushed):
            _ = addGroup(
                IdentityProviderGroup(name: name, externalId: externalId, assignedToApp: assigned, pushed: pushed))
        case .setGroup(let g, let assigned, let pushed):
            setGroup(g, assigned: assigned, pushed: pushed)
        case .renameGroup(let g, let name):
            renameGroup(g, to: name)
        case .addToGroup(let p, let g):
            addMember(person: p, group: g)
        case .removeFromGroup(let p, let g):
            removeMember(person: p, group: g)
        }
        if case .hire = change { noteScope(ofPerson: people.count - 1) }
        if let p = change.person { noteScope(ofPerson: p) }
        if let g = change.group, change.person == nil { for p in groups[g].members { noteScope(ofPerson: p) } }
        return true
    }
}
