/// Parameters of a Claude.ai organization. Every default names its source or is labelled an assumption.
public struct OrganizationConfiguration: Sendable, Hashable {
    /// The secret of this organization's webhook endpoint at the broker (shared at registration).
    public var webhookSecret: String
    /// Webhook timestamps older than this are rejected: 180,000 ms, the WorkOS SDK default
    /// (https://github.com/workos/workos-node/blob/main/src/common/crypto/signature-provider.ts).
    public var signatureTolerance: Duration = .milliseconds(180_000)
    /// "Enable group mappings": when on, IdP group membership sets the role
    /// (https://support.claude.com/en/articles/13133195-set-up-jit-or-scim-provisioning). Off by default:
    /// SCIM adds and removes users only, roles are managed in the app
    /// (https://support.anthropic.com/en/articles/9970869-setting-up-scim-on-the-enterprise-plan).
    public var groupMappingsEnabled = false
    /// Group name (compared case-insensitively) to role, used only when ``groupMappingsEnabled``; the
    /// first matching entry wins. `primaryOwner` entries are ignored (sync never grants it).
    public var groupRoleMappings: [GroupRoleMapping] = []

    /// A configuration with this webhook secret and documented defaults.
    public init(webhookSecret: String) { self.webhookSecret = webhookSecret }
}

/// One group-to-role mapping (group name compared case-insensitively).
public struct GroupRoleMapping: Sendable, Hashable {
    /// The IdP group's name.
    public var groupName: String
    /// The role its members get.
    public var role: MemberRole
    /// A mapping.
    public init(groupName: String, role: MemberRole) {
        self.groupName = groupName
        self.role = role
    }
}

/// The organization's provisioning mode (Manual, JIT, SCIM:
/// https://support.claude.com/en/articles/13133195-set-up-jit-or-scim-provisioning). Manual is the default.
public enum ProvisioningMode: String, Sendable, Hashable, CaseIterable {
    /// Admins add and remove members (the default).
    case manual
    /// Members are created on first SSO login with role User.
    case jit
    /// Members are provisioned and deprovisioned by directory sync.
    case scim
}

/// Where the organization's SCIM setup stands.
public enum SCIMSetup: Sendable, Hashable {
    /// No directory (initially, and after a reset).
    case notConfigured
    /// "Add SCIM" was done; the broker has not yet answered with the directory.
    case awaitingDirectory
    /// A directory is set up; `linked` becomes true on `dsync.activated`.
    case configured(directoryID: String, linked: Bool)

    /// The configured directory's id, if any.
    public var directoryID: String? {
        if case .configured(let id, _) = self { return id }
        return nil
    }
}

/// Counts the event consumer keeps for the run report.
public struct ConsumerCounters: Sendable, Hashable {
    /// Events that changed or confirmed state (including ones that needed no member change).
    public var applied = 0
    /// Events whose id was already processed (acknowledged, no change).
    public var duplicates = 0
    /// Events whose `updated_at` was not newer than the one held (acknowledged, no change).
    public var stale = 0
    /// Deliveries refused for a bad or missing signature (401, no change).
    public var rejectedSignatures = 0
    /// Deliveries refused for a timestamp outside the tolerance (401, no change).
    public var rejectedTimestamps = 0
    /// Bodies that could not be read as an event (400, no change).
    public var malformed = 0
    /// Events for another organization, or for a directory that is not (or no longer) this
    /// organization's (acknowledged, no change).
    public var ignoredForeign = 0
    /// Group events that changed nothing (group mappings off or no mapping).
    public var groupEventsWithoutRoleEffect = 0
    /// Events refused because applying them would break email uniqueness (acknowledged, no change).
    public var emailConflicts = 0
    /// Members created by sync.
    public var membersCreated = 0
    /// Members removed by sync.
    public var membersRemoved = 0
    /// Roles changed by sync (only ever non-zero with group mappings on; never the Primary Owner's).
    public var rolesChangedBySync = 0

    /// Zero counts.
    public init() {}
}
