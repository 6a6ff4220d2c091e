/// The connection state of a directory, using the REST/SDK enum
/// `linked | validating | invalid_credentials | unlinked | deleting`
/// (https://docs.rs/workos/latest/workos/enums/directory_state/enum.DirectoryState.html).
///
/// Simulation transitions ([infer], the vendor does not document them for SCIM directories):
/// created -> `validating`; first request with the right bearer token -> `linked` (emits
/// `dsync.activated` once); token revoked -> `unlinked`; a request presenting a revoked or replaced
/// token -> `invalid_credentials`; a new token -> `validating` until used; delete -> `deleting`
/// (emits one `dsync.deleted`), after which the directory accepts nothing.
public enum DirectoryState: String, Sendable, Hashable, CaseIterable {
    /// Connected: the IdP has used the current token (webhook spelling `active`).
    case linked
    /// Created or given a new token, not yet used by the IdP.
    case validating
    /// The IdP presented a revoked or replaced token.
    case invalidCredentials = "invalid_credentials"
    /// No valid token (revoked); webhook spelling `inactive`.
    case unlinked
    /// Deleted or being deleted; accepts nothing.
    case deleting

    /// The webhook-payload spelling (`active | validating | invalid_credentials | inactive | deleting`,
    /// https://github.com/workos/workos-node/blob/main/src/webhooks/interfaces/webhook-directory.interface.ts):
    /// `linked` is `active`, `unlinked` is `inactive`.
    public var webhookValue: String {
        switch self {
        case .linked: "active"
        case .unlinked: "inactive"
        default: rawValue
        }
    }
}

/// A directory as the broker reports it (https://workos.com/docs/reference/directory-sync/directory.md).
public struct Directory: Sendable, Hashable {
    /// `directory_` followed by 26 digits from a counter (WorkOS uses a 26-character ULID).
    public var id: String
    /// The owning organization's id.
    public var organizationID: String
    /// Display name.
    public var name: String
    /// Provider type, e.g. `okta scim v2.0`, `azure scim v2.0`, `generic scim v2.0`.
    public var type: String
    /// Connection state.
    public var state: DirectoryState
    /// The SCIM base path the identity provider calls, e.g. `/scim/v2.0/directory_...`.
    public var endpointPath: String
    /// Virtual time of creation.
    public var createdAt: Duration
    /// Virtual time of the last state change.
    public var updatedAt: Duration
}

/// The organization's request to create a directory (Claude.ai "Add SCIM" leads to the WorkOS-hosted
/// "Configure Directory Sync" page: https://support.anthropic.com/en/articles/9970869-setting-up-scim-on-the-enterprise-plan).
public struct DirectorySetupRequest: Sendable, Hashable {
    /// The organization that will own the directory.
    public var organizationID: String
    /// Provider type to record, e.g. `okta scim v2.0`.
    public var type: String
    /// A request.
    public init(organizationID: String, type: String = "generic scim v2.0") {
        self.organizationID = organizationID
        self.type = type
    }
}

/// What the broker hands back after creating a directory: the endpoint and bearer token that the
/// organization passes to the identity provider's configuration.
public struct DirectorySetup: Sendable, Hashable {
    /// The new directory's id.
    public var directoryID: String
    /// The owning organization.
    public var organizationID: String
    /// The SCIM base path, e.g. `/scim/v2.0/directory_...`.
    public var endpointPath: String
    /// The bearer token the identity provider must present.
    public var bearerToken: String
}

/// The organization's request to delete its directory (Claude.ai "Reset Directory").
public struct DirectoryDeletionRequest: Sendable, Hashable {
    /// The organization that owns the directory.
    public var organizationID: String
    /// The directory to delete.
    public var directoryID: String
    /// A request.
    public init(organizationID: String, directoryID: String) {
        self.organizationID = organizationID
        self.directoryID = directoryID
    }
}

/// Why the broker refused a management call. Nothing changed.
public enum BrokerError: Error, Sendable, Hashable {
    /// No directory has this id.
    case unknownDirectory(String)
    /// The directory belongs to another organization.
    case notOwner(directoryID: String, organizationID: String)
    /// The directory is being deleted or was deleted.
    case directoryDeleted(String)
    /// No webhook endpoint has this id.
    case unknownEndpoint(String)
}
