import SCIM
import SimulationKernel
import Testing

@testable import DirectorySync

/// Helpers shared by the world, invariant and end-to-end tests.
enum WorldTesting {
    /// The reference configuration of `research/simpy_pipeline.py`: 10 IdP workers, 40 ms IdP link, 4 webhook
    /// deliveries in flight, 30 ms organization link, no faults.
    static func reference(people: Int, seed: UInt64 = 1) -> RunConfiguration {
        var run = RunConfiguration(
            seed: seed, identityProvider: .okta, people: .generated(count: people), faults: .none)
        run.idpConcurrency = 10
        run.idpLinkLatency = .milliseconds(40)
        run.webhookWindow = 4
        run.organizationLinkLatency = .milliseconds(30)
        return run
    }

    /// The count of `method`/`status` requests in a report (0 when absent).
    static func requests(_ report: RunReport, _ method: String, _ status: Int) -> Int {
        report.requests.first { $0.method == method && $0.status == status }?.count ?? 0
    }

    /// The count of events of `kind` in a report (0 when absent).
    static func events(_ report: RunReport, _ kind: String) -> Int {
        report.events.first { $0.key == kind }?.count ?? 0
    }

    /// The id of the n-th directory the broker creates (`directory_` and 26 digits).
    static func directoryID(_ n: Int64 = 1) -> String { BrokerID.make("directory_", n) }

    /// A `dsync.user.created` envelope for `email` in the first directory of `org_01`, as the broker would
    /// send it.
    static func userCreated(email: String, userID: String, eventID: String, at time: Duration) -> JSONValue {
        let stamp = EventTimestamp.iso8601(time)
        let data: JSONValue = [
            "object": "directory_user", "id": .string(userID), "directory_id": .string(directoryID()),
            "organization_id": "org_01", "idp_id": "x", "email": .string(email),
            "emails": [["primary": true, "type": "work", "value": .string(email)]], "username": .string(email),
            "first_name": "Eve", "last_name": "Intruder", "state": "active", "created_at": .string(stamp),
            "updated_at": .string(stamp),
        ]
        return [
            "object": "event", "id": .string(eventID), "event": "dsync.user.created", "data": data,
            "created_at": .string(stamp),
        ]
    }
}
