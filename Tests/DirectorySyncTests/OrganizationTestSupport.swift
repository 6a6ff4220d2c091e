import SCIM

@testable import DirectorySync

/// One broker, organizations wired to it through webhook endpoints, driven by hand (no scheduler).
struct HandWiredWorld {
    var broker: DirectorySyncBrokerState
    var orgs: [OrganizationState] = []
    var setups: [DirectorySetup?] = []
    var receipts: [WebhookReceipt] = []

    static let ownerEmail = "po@acme.example"

    init(
        organizations: Int = 1, configure: (inout DirectorySyncBrokerConfiguration) -> Void = { _ in },
        groupMappings: [GroupRoleMapping]? = nil
    ) {
        broker = Fixture.broker(configure)
        for n in 0..<organizations {
            let id = "org_\(n)"
            var c = OrganizationConfiguration(webhookSecret: "whsec_\(n)")
            if let groupMappings {
                c.groupMappingsEnabled = true
                c.groupRoleMappings = groupMappings
            }
            orgs.append(
                OrganizationState(id: id, primaryOwnerEmail: Self.ownerEmail, primaryOwnerName: "PO", configuration: c))
            _ = broker.registerWebhookEndpoint(
                organizationID: id, url: "https://\(id).example/hook", secret: c.webhookSecret)
            setups.append(nil)
        }
    }

    /// The Primary Owner enables SCIM and the broker creates the directory.
    @discardableResult
    mutating func enableSCIM(_ o: Int = 0, now: Duration = .zero) -> DirectorySetup? {
        guard case .success(let request) = orgs[o].enableSCIM(actor: orgs[o].primaryOwnerID) else { return nil }
        let setup = broker.createDirectory(request, now: now)
        _ = orgs[o].directoryCreated(setup)
        setups[o] = setup
        return setup
    }

    mutating func scim(_ o: Int, _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, now: Duration)
        -> SCIMResponse
    {
        guard let setup = setups[o] else { return SCIMResponse(status: 0) }
        return broker.handleSCIM(Fixture.request(setup, method, path, body: body), now: now)
    }

    mutating func createUser(_ o: Int, _ userName: String, given: String = "Ada", now: Duration) -> String {
        scim(o, .post, "/Users", body: Fixture.user(userName, given: given), now: now).body?["id"]?.stringValue ?? ""
    }

    /// Hands out every due dispatch, delivers each (typed, as in value mode) to the organization owning its
    /// endpoint, and reports
    /// the receipt back to the broker, until nothing is due at `now`.
    mutating func deliverAll(now: Duration) {
        while true {
            let out = broker.dueWebhookDispatches(now: now)
            if out.isEmpty { return }
            for d in out {
                let url = broker.webhookEndpoint(at: d.endpointIndex)?.url
                let o = orgs.firstIndex { url == "https://\($0.id).example/hook" } ?? 0
                // Value mode: the typed event and parsed header, as the broker's lanes send them.
                let receipt = orgs[o].receiveWebhook(d.payload, signature: d.signature, now: now)
                receipts.append(receipt)
                broker.recordWebhookOutcome(
                    d.deliveryID, attempt: d.attempt, outcome: .response(status: receipt.status), now: now)
            }
        }
    }

    /// The emails of organization `o`'s members, lower-cased and sorted.
    func emails(_ o: Int = 0) -> [String] { orgs[o].members.map { $0.email.lowercased() }.sorted() }
}

/// Everything an admin action could change, for "a refusal changes nothing" checks.
struct OrganizationSnapshot: Equatable {
    var members: [Member]
    var setup: SCIMSetup
    var mode: ProvisioningMode
    var count: Int

    init(_ org: OrganizationState) {
        members = org.members
        setup = org.scimSetup
        mode = org.provisioningMode
        count = org.memberCount
    }
}
