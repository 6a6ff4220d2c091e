/// Who performs an admin action in the organization.
public enum AdminIdentity: Sendable, Hashable {
    /// The organization's Primary Owner.
    case primaryOwner
    /// The Owner the world creates beside the Primary Owner (``WorldConfiguration/ownerEmail``).
    case owner
    /// Any member, by email (case-insensitive); an unknown email is refused as `unknownActor`.
    case member(email: String)
}

/// A scripted action of a person administering the organization (and, for the IdP-side steps, the IdP's
/// admin console), performed by ``Admin`` at a virtual time (``World/schedule(_:at:)``).
///
/// Permission rules are the organization's (``OrganizationState``): enabling and resetting SCIM and changing
/// roles need Owner or Primary Owner; the reset confirmation must be exactly `Reset`. Token rotation and
/// revocation happen in the broker's admin portal, which the world also restricts to Owner level (an
/// assumption: Claude.ai lets only Owners manage SCIM). A refused action changes nothing and is logged with
/// its reason (``World/adminLog``).
public enum AdminAction: Sendable, Hashable {
    /// "Add SCIM": creates a directory at the broker and hands its endpoint and bearer token to the IdP
    /// (a first setup starts provisioning; a later one, after a reset, makes the IdP re-push everything).
    case enableSCIM(by: AdminIdentity)
    /// "Reset Directory" with the typed confirmation text.
    case resetSCIM(by: AdminIdentity, confirmation: String)
    /// Rotates the directory's bearer token at the broker (the old one stops working at once); with
    /// `reconfigureIdP`, the new token is pasted into the IdP right away, else use ``configureIdP``.
    case rotateToken(by: AdminIdentity, reconfigureIdP: Bool)
    /// Revokes the directory's bearer token (every later request gets 401).
    case revokeToken(by: AdminIdentity)
    /// Pastes the directory's current endpoint and token into the IdP (after a rotation).
    case configureIdP
    /// The IdP admin retries every provisioning task the IdP gave up on (Okta: Tasks, Retry).
    case retryFailedIdPTasks
    /// Changes a member's role.
    case changeRole(by: AdminIdentity, email: String, to: MemberRole)
    /// Adds a member manually.
    case addMember(by: AdminIdentity, email: String, name: String, role: MemberRole)
    /// Removes a member manually.
    case removeMember(by: AdminIdentity, email: String)

    /// A short name for logs and traces, e.g. `enable-scim`.
    public var name: String {
        switch self {
        case .enableSCIM: "enable-scim"
        case .resetSCIM: "reset-scim"
        case .rotateToken: "rotate-token"
        case .revokeToken: "revoke-token"
        case .configureIdP: "configure-idp"
        case .retryFailedIdPTasks: "retry-failed-idp-tasks"
        case .changeRole: "change-role"
        case .addMember: "add-member"
        case .removeMember: "remove-member"
        }
    }
}

/// One performed admin action: when, what, and whether it was refused.
public struct AdminLogEntry: Sendable, Hashable {
    /// Virtual time (offset from the start).
    public var time: Duration
    /// The tenant whose admin acted.
    public var tenant: Int
    /// The action.
    public var action: AdminAction
    /// Why it was refused, or `nil` when it was done.
    public var refusal: AdminRefusal?
}
