import SCIM
import Testing

@testable import DirectorySync

/// A larger sync through both state machines, to catch accidental quadratic work (the whole test must
/// stay fast in debug builds).
@Suite struct BrokerScaleTests {
    @Test func fiveThousandUsersFlowThroughBrokerAndOrganization() {
        var w = HandWiredWorld { $0.scimRateLimit = RateLimit(ratePerSecond: 1_000_000, burst: 1_000_000) }
        w.enableSCIM()
        var ids: [String] = []
        ids.reserveCapacity(5000)
        for n in 0..<5000 {
            ids.append(w.createUser(0, "user\(n)@acme.example", now: .milliseconds(Int64(n))))
            if n % 500 == 499 { w.deliverAll(now: .milliseconds(Int64(n))) }
        }
        _ = w.scim(
            0, .post, "/Groups", body: Fixture.group("All", members: ids),
            now: .seconds(6))
        for id in ids.prefix(1000) {
            _ = w.scim(0, .patch, "/Users/" + id, body: Fixture.patchActive(false), now: .seconds(7))
        }
        w.deliverAll(now: .seconds(7))
        #expect(w.orgs[0].memberCount == 4001)
        #expect(w.orgs[0].counters.membersCreated == 5000)
        #expect(w.orgs[0].counters.membersRemoved == 1000)
        #expect(w.broker.statistics.webhooksDelivered == w.broker.webhookDeliveryCount)
        #expect(w.broker.statistics.eventsByKind[.groupUserAdded] == 5000)
    }
}
