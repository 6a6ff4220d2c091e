import SimulationKernel

/// The scripted person administering one organization (and the IdP's console): performs ``AdminAction``s
/// through the organization, the broker and the IdP, and logs each with its outcome.
///
/// It holds what an admin would copy by hand: the directory's endpoint and current bearer token, handed to
/// the IdP on setup and on request. Every action is a direct actor call at the virtual time it is performed
/// (no link, no virtual time of its own).
public actor Admin: SimulatedActor {
    /// The simulation this party lives in.
    public nonisolated let simulation: Simulation
    /// The tenant index in the world.
    public nonisolated let tenant: Int
    private let organization: Organization
    private let broker: DirectorySyncBroker
    private let identityProvider: IdentityProvider
    private let monitor: InvariantMonitor
    private let ownerEmail: String?
    private var setup: DirectorySetup?
    private var configuredOnce = false
    /// Every action performed, in order (read between runs).
    public nonisolated let log = StateBox<[AdminLogEntry]>([])

    init(
        simulation: Simulation, tenant: Int, organization: Organization, broker: DirectorySyncBroker,
        identityProvider: IdentityProvider, monitor: InvariantMonitor, ownerEmail: String?
    ) {
        self.simulation = simulation
        self.tenant = tenant
        self.organization = organization
        self.broker = broker
        self.identityProvider = identityProvider
        self.monitor = monitor
        self.ownerEmail = ownerEmail
    }

    /// The directory currently set up (endpoint and latest token), if any.
    var currentSetup: DirectorySetup? { setup }

    /// Performs `action` now and logs it.
    func perform(_ action: AdminAction) async {
        let refusal = await execute(action)
        log.state.append(
            AdminLogEntry(
                time: .nanoseconds(simulation.executor.virtualNanoseconds), tenant: tenant, action: action,
                refusal: refusal))
        simulation.record(party: "admin", kind: "action", .text("name", action.name), .bool("refused", refusal != nil))
    }

    private func execute(_ action: AdminAction) async -> AdminRefusal? {
        switch action {
        case .enableSCIM(let who):
            guard let actor = await memberID(who) else { return Self.unknown(who) }
            switch await organization.enableSCIM(actor: actor, broker: broker) {
            case .failure(let refusal): return refusal
            case .success(let newSetup):
                setup = newSetup
                await configureIdentityProvider(resync: configuredOnce)
                return nil
            }
        case .resetSCIM(let who, let confirmation):
            guard let actor = await memberID(who) else { return Self.unknown(who) }
            if case .failure(let refusal) = await organization.resetSCIM(
                actor: actor, confirmation: confirmation, broker: broker)
            {
                return refusal
            }
            setup = nil
            return nil
        case .rotateToken(let who, let reconfigure):
            if let refusal = await requireOwner(who, "Rotating the SCIM token") { return refusal }
            guard var current = setup else { return Self.notEnabled() }
            guard
                case .success(let token) = await broker.rotateToken(
                    directoryID: current.directoryID, organizationID: current.organizationID)
            else { return Self.notEnabled() }
            current.bearerToken = token
            setup = current
            monitor.directoryCredential(tenant: tenant, directoryID: current.directoryID, token: token)
            if reconfigure { await configureIdentityProvider(resync: false) }
            return nil
        case .revokeToken(let who):
            if let refusal = await requireOwner(who, "Revoking the SCIM token") { return refusal }
            guard let current = setup,
                case .success = await broker.revokeToken(
                    directoryID: current.directoryID, organizationID: current.organizationID)
            else { return Self.notEnabled() }
            monitor.directoryCredential(tenant: tenant, directoryID: current.directoryID, token: nil)
            return nil
        case .configureIdP:
            guard setup != nil else { return Self.notEnabled() }
            await configureIdentityProvider(resync: false)
            return nil
        case .retryFailedIdPTasks:
            await identityProvider.retryFailedJobs()
            return nil
        case .changeRole(let who, let email, let role):
            guard let actor = await memberID(who) else { return Self.unknown(who) }
            guard let target = await organization.member(email: email) else { return Self.noMember(email) }
            return Self.refusal(
                await organization.administer { $0.changeRole(actor: actor, member: target.id, to: role) })
        case .addMember(let who, let email, let name, let role):
            guard let actor = await memberID(who) else { return Self.unknown(who) }
            return Self.refusal(
                await organization.administer { $0.addMember(actor: actor, email: email, name: name, role: role) })
        case .removeMember(let who, let email):
            guard let actor = await memberID(who) else { return Self.unknown(who) }
            guard let target = await organization.member(email: email) else { return Self.noMember(email) }
            return Self.refusal(await organization.administer { $0.removeMember(actor: actor, member: target.id) })
        }
    }

    private func configureIdentityProvider(resync: Bool) async {
        guard let setup else { return }
        await identityProvider.configure(
            IdentityProviderConfiguration(baseURL: setup.endpointPath, bearerToken: setup.bearerToken),
            resync: resync)
        configuredOnce = true
    }

    private func memberID(_ who: AdminIdentity) async -> MemberID? {
        switch who {
        case .primaryOwner: return organization.box.state.primaryOwnerID
        case .owner: return ownerEmail.flatMap { organization.box.state.member(email: $0)?.id }
        case .member(let email): return organization.box.state.member(email: email)?.id
        }
    }

    private func requireOwner(_ who: AdminIdentity, _ what: String) async -> AdminRefusal? {
        guard let id = await memberID(who), let member = organization.box.state.member(id) else {
            return Self.unknown(who)
        }
        guard member.role.isOwnerLevel else {
            return AdminRefusal(
                reason: .insufficientRole,
                detail: "\(what) needs Owner or Primary Owner; \(id) is \(member.role.rawValue)")
        }
        return nil
    }

    private static func refusal<T>(_ result: Result<T, AdminRefusal>) -> AdminRefusal? {
        if case .failure(let refusal) = result { return refusal }
        return nil
    }

    private static func unknown(_ who: AdminIdentity) -> AdminRefusal {
        AdminRefusal(reason: .unknownActor, detail: "\(who) is not a member")
    }

    private static func noMember(_ email: String) -> AdminRefusal {
        AdminRefusal(reason: .memberNotFound, detail: "no member has the email \(email)")
    }

    private static func notEnabled() -> AdminRefusal {
        AdminRefusal(reason: .scimNotEnabled, detail: "SCIM is not set up")
    }
}
