import SCIM

/// What one job of the IdP is about: a person (user resource) or a group, by directory index.
public enum ProvisioningTarget: Sendable, Hashable {
    /// Person `index` in ``IdentityProviderDirectory/people``.
    case person(Int)
    /// Group `index` in ``IdentityProviderDirectory/groups``.
    case group(Int)
}

/// One step of a provisioning job; each step is one SCIM request.
public enum ProvisioningStep: String, Sendable, Hashable, CaseIterable {
    /// `GET /Users?filter=userName eq "..."`: existence check before a create.
    case lookupUser
    /// `POST /Users`.
    case createUser
    /// Okta: pathless `PATCH` of `active: true`.
    case activateUser
    /// Okta: `GET /Users/{id}` before a profile push.
    case readUser
    /// Okta: `PUT /Users/{id}` with the full resource.
    case replaceUser
    /// Entra: `PATCH /Users/{id}` with the changed attributes (and `active` "True" when reactivating).
    case updateUser
    /// `PATCH` of `active: false` (Okta pathless, Entra by path).
    case deactivateUser
    /// Entra: `DELETE /Users/{id}` after the hard-delete retention period.
    case deleteUser
    /// Entra: `GET /Groups?excludedAttributes=members&filter=displayName eq "..."`.
    case lookupGroup
    /// `POST /Groups`.
    case createGroup
    /// `PATCH /Groups/{id}` of the display name (Okta sends it before every membership push).
    case renameGroup
    /// `PATCH /Groups/{id}` adding and removing members.
    case updateGroupMembers
}

/// Why a request failed, from the IdP's point of view.
public enum IdentityProviderFailureReason: Int, Sendable, Hashable, CaseIterable {
    /// 401: the bearer token was rejected (revoked, rotated or directory reset).
    case unauthorized
    /// 429: rate limited; the job was deferred by `Retry-After`.
    case rateLimited
    /// 5xx.
    case serverError
    /// No response within the link's timeout.
    case timeout
    /// 409 (uniqueness) on a create.
    case conflict
    /// 404 on a resource the IdP believed existed.
    case notFound
    /// Any other 4xx (400, 403, 412, ...).
    case clientError
    /// A 2xx whose body lacks what the IdP needs (e.g. a 201 without `id`: Okta's "Create new user
    /// returned empty user" [OKTA-SCIM20]).
    case invalidResponse
}

/// One recorded failure: which job, which step, at what virtual time, why.
public struct IdentityProviderFailure: Sendable, Hashable {
    /// The person or group.
    public var target: ProvisioningTarget
    /// The step whose request failed.
    public var step: ProvisioningStep
    /// Virtual time of the failure (offset from the run's start).
    public var time: Duration
    /// Why.
    public var reason: IdentityProviderFailureReason
    /// The HTTP status, or `nil` for a timeout.
    public var status: Int?
    /// `true` when the IdP gave up on the job with this failure (Okta failed task, Entra escrow).
    public var gaveUp: Bool

    /// A failure record.
    public init(
        target: ProvisioningTarget, step: ProvisioningStep, time: Duration, reason: IdentityProviderFailureReason,
        status: Int?, gaveUp: Bool
    ) {
        self.target = target
        self.step = step
        self.time = time
        self.reason = reason
        self.status = status
        self.gaveUp = gaveUp
    }
}

/// Failure counts by reason, stored in an array indexed by the reason's raw value (no `Dictionary`).
public struct IdentityProviderFailureCounts: Sendable, Hashable {
    private var counts = [Int](repeating: 0, count: IdentityProviderFailureReason.allCases.count)

    /// Zero counts.
    public init() {}

    /// The count for `reason`.
    public subscript(reason: IdentityProviderFailureReason) -> Int {
        get { counts[reason.rawValue] }
        set { counts[reason.rawValue] = newValue }
    }

    /// The sum over all reasons.
    public var total: Int { counts.reduce(0, +) }
}
