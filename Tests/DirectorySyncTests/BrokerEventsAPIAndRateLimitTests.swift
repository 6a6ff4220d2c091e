import SCIM
import Testing

@testable import DirectorySync

@Suite struct BrokerEventsAPIAndRateLimitTests {
    @Test func cursorPagesThroughOneOrganizationsEventsOnly() throws {
        var broker = Fixture.broker()
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        let b = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgB), now: .zero)
        for n in 0..<12 {
            _ = Fixture.createUser(&broker, a, "a\(n)@example.com", at: .seconds(1))
            _ = Fixture.createUser(&broker, b, "b\(n)@example.com", at: .seconds(1))
        }
        var seen: [DirectoryEvent] = []
        var cursor: String?
        while true {
            let page = try broker.listEvents(organizationID: Fixture.orgA, after: cursor, limit: 5, now: .seconds(2))
                .get()
            if page.data.isEmpty { break }
            seen += page.data
            cursor = page.after
        }
        #expect(seen.count == 13)  // activated + 12 users
        #expect(seen.allSatisfy { $0.organizationID == Fixture.orgA })
        #expect(seen.map(\.sequence) == seen.map(\.sequence).sorted())
        let defaultPage = try broker.listEvents(organizationID: Fixture.orgB, now: .seconds(2)).get()
        #expect(defaultPage.data.count == 10)
        let onlyActivated = try broker.listEvents(organizationID: Fixture.orgB, kinds: [.activated], now: .seconds(2))
            .get()
        #expect(onlyActivated.data.map(\.kind) == [.activated])
    }

    @Test(arguments: [0, 101, -1])
    func limitOutsideOneToHundredIsRefused(limit: Int) {
        var broker = Fixture.broker()
        #expect(
            broker.listEvents(organizationID: Fixture.orgA, limit: limit, now: .zero) == .failure(.invalidLimit(limit)))
    }

    @Test func retentionDropsEventsOlderThanThirtyDaysAndExpiresOldCursors() throws {
        var broker = Fixture.broker()
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        _ = Fixture.createUser(&broker, a, "old@example.com", at: .seconds(1))
        let oldCursor = try #require(broker.retainedEvents.last?.id)
        let day: Duration = .seconds(86_400)
        _ = Fixture.createUser(&broker, a, "new@example.com", at: day * 20)
        // exactly 30 days after the first events they are still listable
        let at30 = try broker.listEvents(organizationID: Fixture.orgA, limit: 100, now: day * 30 + .seconds(1)).get()
        #expect(at30.data.count == 3)
        let later = try broker.listEvents(organizationID: Fixture.orgA, limit: 100, now: day * 31).get()
        #expect(later.data.count == 1)
        #expect(later.data.first?.kind == .userCreated)
        #expect(broker.statistics.eventsExpired == 2)
        #expect(
            broker.listEvents(organizationID: Fixture.orgA, after: oldCursor, now: day * 31)
                == .failure(.cursorExpired(oldCursor)))
        #expect(
            broker.listEvents(organizationID: Fixture.orgA, after: "event_bogus", now: day * 31)
                == .failure(.invalidCursor("event_bogus")))
        let future = "event_00000000000000000000000099"
        #expect(
            broker.listEvents(organizationID: Fixture.orgA, after: future, now: day * 31)
                == .failure(.invalidCursor(future)))
    }

    @Test func eventsAPIIsRateLimitedPerOrganization() {
        var broker = Fixture.broker { $0.eventsAPIRateLimit = RateLimit(ratePerSecond: 2, burst: 2) }
        #expect((try? broker.listEvents(organizationID: Fixture.orgA, now: .zero).get()) != nil)
        #expect((try? broker.listEvents(organizationID: Fixture.orgA, now: .zero).get()) != nil)
        #expect(
            broker.listEvents(organizationID: Fixture.orgA, now: .zero) == .failure(.rateLimited(retryAfterSeconds: 1)))
        #expect((try? broker.listEvents(organizationID: Fixture.orgB, now: .zero).get()) != nil)
        #expect((try? broker.listEvents(organizationID: Fixture.orgA, now: .milliseconds(500)).get()) != nil)
    }

    @Test func scimOverTheLimitGets429WithRetryAfterAndAppliesNothing() {
        var broker = Fixture.broker { $0.scimRateLimit = RateLimit(ratePerSecond: 1, burst: 3) }
        let a = broker.createDirectory(DirectorySetupRequest(organizationID: Fixture.orgA), now: .zero)
        for n in 0..<3 { #expect(!Fixture.createUser(&broker, a, "u\(n)@example.com", at: .zero).isEmpty) }
        let events = broker.retainedEvents.count
        let refused = broker.handleSCIM(
            Fixture.request(a, .post, "/Users", body: Fixture.user("late@example.com")), now: .milliseconds(10))
        #expect(refused.status == 429)
        #expect(refused.headers["Retry-After"] == "1")
        #expect(refused.body?["status"] == "429")
        #expect(broker.retainedEvents.count == events)
        #expect(broker.statistics.scimResponsesByStatus[201] == 3)
        #expect(broker.statistics.rateLimited == 1)
        #expect(!Fixture.createUser(&broker, a, "late@example.com", at: .seconds(1)).isEmpty)
    }

    @Test func tokenBucketRefillsExactlyAndComputesRetryAfter() {
        var bucket = BrokerTokenBucket(capacity: 2, ratePerSecond: 1)
        let takes = [Duration.zero, .zero, .milliseconds(999)].map { bucket.take(now: $0) }
        #expect(takes == [true, true, false])
        let retry = bucket.retryAfterSeconds(now: .milliseconds(999))
        #expect(retry == 1)
        let refilled = bucket.take(now: .seconds(1))
        #expect(refilled)
        let available = bucket.available(now: .seconds(100))
        #expect(available == 2)
        var huge = BrokerTokenBucket(capacity: .max, ratePerSecond: .max)
        _ = huge.take(now: .zero)
        let hugeAvailable = huge.available(now: .seconds(1_000_000_000))
        #expect(hugeAvailable == 1_000_000_000_000)
        var slow = BrokerTokenBucket(capacity: 1, ratePerSecond: 1)
        _ = slow.take(now: .zero)
        #expect(slow.retryAfterSeconds(now: .zero) == 1)
    }
}
