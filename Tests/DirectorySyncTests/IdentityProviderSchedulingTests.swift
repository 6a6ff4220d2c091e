import SCIM
import Testing

@testable import DirectorySync

@Suite struct IdentityProviderSchedulingTests {
    var rng = TestRNG(seed: 3)

    static func okta(jitter: Double = 0, concurrency: Int = 10) -> IdentityProviderProfile {
        var p = IdentityProviderProfile.okta()
        p.retry.jitter = jitter
        p.concurrency = concurrency
        return p
    }

    func machine(_ n: Int, _ profile: IdentityProviderProfile = okta()) -> IdentityProviderStateMachine {
        var m = IdentityProviderStateMachine(
            profile: profile, directory: IdentityProviderDirectory(people: (0..<n).map(IdPFixture.person)))
        m.configure(IdPFixture.config, now: .zero)
        return m
    }

    /// A 429 applied nothing, so after `Retry-After` the same step (here the create) is retried, not the lookup
    /// before it (redoing lookups let them take every token and starved the creates: ScenarioRegressionTests).
    @Test mutating func retryAfterDefersThePersonAndRetriesTheSameStep() throws {
        var m = machine(1)
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        #expect(
            m.handleResponse(post.ticket, IdPFixture.status(429, retryAfter: "30"), now: .seconds(2), using: &rng)
                == .idle
        )
        #expect(m.nextWakeTime == .seconds(32))
        #expect(m.nextRequest(now: .seconds(31)) == nil)
        let again = try m.take(.seconds(32))
        #expect(again.request.method == .post)
        #expect(m.failures.map(\.reason) == [.rateLimited])
        #expect(m.failures[0].time == .seconds(2) && !m.failures[0].gaveUp)
        // Without a usable Retry-After the profile default (60 s) applies.
        #expect(
            m.handleResponse(again.ticket, IdPFixture.status(429, retryAfter: "soon"), now: .seconds(40), using: &rng)
                == .idle)
        #expect(m.nextWakeTime == .seconds(100))
    }

    /// A 429 to a create may answer a duplicated copy while another copy was applied: if the person is deactivated
    /// before a retry gets through, the IdP looks up the userName it sent and deactivates the user it finds,
    /// instead of sending nothing (seed 94 of `scimsim run --users 300 --scenario mix --policy random`).
    @Test mutating func createRefusedWith429IsLookedUpWhenThePersonLeaves() throws {
        var m = machine(1)
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        #expect(post.request.method == .post)
        _ = m.handleResponse(post.ticket, IdPFixture.status(429, retryAfter: "30"), now: .seconds(2), using: &rng)
        m.apply(.deactivate(person: 0), now: .seconds(10))
        let lookup = try m.take(.seconds(32))
        #expect(lookup.request.method == .get)
        #expect(IdPFixture.query(lookup.request).first == "filter=userName eq \"user0@example.com\"")
        let off = try m.send(lookup.ticket, IdPFixture.listWith(id: "u7", active: true), now: .seconds(33), using: &rng)
        #expect(off.request.method == .patch && off.request.path == "/Users/u7")
        #expect(IdPFixture.body(off.request)?["Operations"]?.arrayValue?.first?["value"]?["active"] == .bool(false))
        #expect(m.handleResponse(off.ticket, IdPFixture.ok("u7"), now: .seconds(34), using: &rng) == .idle)
        #expect(m.isConverged(.person(0), now: .seconds(34)))
    }

    /// After a 429 to a deactivation (another copy may have been applied), a reactivation during the wait is
    /// sent rather than assumed already true.
    @Test mutating func activeWriteRefusedWith429IsResentWhenTheWishFlips() throws {
        var m = machine(1)
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .seconds(1), using: &rng)
        _ = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: .seconds(2), using: &rng)
        m.apply(.deactivate(person: 0), now: .seconds(3))
        let off = try m.take(.seconds(3))
        _ = m.handleResponse(off.ticket, IdPFixture.status(429, retryAfter: "30"), now: .seconds(4), using: &rng)
        m.apply(.reactivate(person: 0), now: .seconds(10))
        let on = try m.take(.seconds(34))
        #expect(on.request.method == .patch && on.request.path == "/Users/u1")
        #expect(IdPFixture.body(on.request)?["Operations"]?.arrayValue?.first?["value"]?["active"] == .bool(true))
    }

    @Test mutating func serverErrorsBackOffExponentiallyThenGiveUp() throws {
        var m = machine(1)
        var t = Duration.zero
        var delays: [Duration] = []
        for attempt in 1...5 {
            let o = try m.take(t)
            #expect(m.handleResponse(o.ticket, IdPFixture.status(503), now: t, using: &rng) == .idle)
            guard attempt < 5 else { break }
            let wake = try #require(m.nextWakeTime)
            delays.append(wake - t)
            #expect(m.nextRequest(now: wake - .milliseconds(1)) == nil)
            t = wake
        }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        #expect(m.failureCounts[.serverError] == 5)
        #expect(m.failures.map(\.gaveUp) == [false, false, false, false, true])
        #expect(m.nextWakeTime == nil && m.nextRequest(now: t + .seconds(3600)) == nil)
        #expect(!m.isConverged(.person(0), now: t))
    }

    @Test func jitterStaysInBoundsAndIsReproducible() {
        let m = machine(1, Self.okta(jitter: 0.2))
        var a = TestRNG(seed: 42)
        var b = TestRNG(seed: 42)
        var c = TestRNG(seed: 43)
        for attempt in 1...12 {
            let nominal = min(Duration.seconds(1) * (1 << (attempt - 1)), .seconds(300))
            let d = m.backoffDelay(attempt: attempt, rng: &a)
            #expect(d >= nominal * 0.8 && d <= nominal * 1.2)
            #expect(d == m.backoffDelay(attempt: attempt, rng: &b))
        }
        let xs = (1...4).map { m.backoffDelay(attempt: $0, rng: &c) }
        var d = TestRNG(seed: 42)
        #expect(xs != (1...4).map { m.backoffDelay(attempt: $0, rng: &d) })
    }

    @Test mutating func timeoutOnCreateRetriesThroughTheLookupAndAdopts() throws {
        var m = machine(1)
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .zero, using: &rng)
        #expect(m.handleTimeout(post.ticket, now: .seconds(30), using: &rng) == .idle)
        #expect(m.failureCounts[.timeout] == 1)
        let wake = try #require(m.nextWakeTime)
        #expect(wake == .seconds(31))
        let lookup = try m.take(wake)
        #expect(lookup.request.method == .get && lookup.request.path == "/Users")
        let put = try m.send(lookup.ticket, IdPFixture.listWith(id: "u1", active: true), now: wake, using: &rng)
        #expect(put.request.method == .put)
        #expect(m.handleTimeout(post.ticket, now: wake, using: &rng) == .ignored)
    }

    @Test mutating func concurrencyBoundIsExact() throws {
        var m = machine(50)
        var out: [IdentityProviderOutgoing] = []
        while let o = m.nextRequest(now: .zero) { out.append(o) }
        #expect(out.count == 10 && m.inFlightCount == 10)
        #expect(Set(out.map(\.ticket)).count == 10)
        #expect(
            out.map { IdPFixture.query($0.request)[0] }
                == (0..<10).map { "filter=userName eq \"user\($0)@example.com\"" })
        #expect(m.handleResponse(out[0].ticket, IdPFixture.emptyList(), now: .zero, using: &rng).outgoing != nil)
        #expect(m.inFlightCount == 10 && m.nextRequest(now: .zero) == nil)
        #expect(m.handleResponse(out[0].ticket, IdPFixture.emptyList(), now: .zero, using: &rng) == .ignored)
    }

    /// A seeded random interleaving of answers, 429s, 5xx and timeouts: the bound always holds, no
    /// ticket is answered twice, and once the faults stop every person converges.
    @Test(arguments: 0..<20) func concurrencyNeverExceedsTheBoundUnderFaults(seed: Int) throws {
        var r = TestRNG(seed: UInt64(seed) &+ 1000)
        var m = machine(40, Self.okta(jitter: 0.2, concurrency: 4))
        var target = FakeSCIMTarget()
        var inFlight: [IdentityProviderOutgoing] = []
        var t = Duration.zero
        for step in 0..<5_000 {
            while let o = m.nextRequest(now: t) { inFlight.append(o) }
            #expect(inFlight.count <= 4 && m.inFlightCount == inFlight.count, "seed \(seed) step \(step)")
            if inFlight.isEmpty {
                guard let w = m.nextWakeTime else { break }
                t = max(t, w)
                continue
            }
            let k = Int(r.next() % UInt64(inFlight.count))
            let o = inFlight.remove(at: k)
            t += .milliseconds(Int64(r.next() % 50))
            let faulty = step < 300
            let roll = r.next() % 10
            let followUp: IdentityProviderFollowUp
            if faulty && roll == 0 {
                followUp = m.handleTimeout(o.ticket, now: t, using: &r)
            } else if faulty && roll == 1 {
                followUp = m.handleResponse(o.ticket, IdPFixture.status(429, retryAfter: "2"), now: t, using: &r)
            } else if faulty && roll == 2 {
                followUp = m.handleResponse(o.ticket, IdPFixture.status(502), now: t, using: &r)
            } else {
                followUp = m.handleResponse(o.ticket, target.handle(o.request), now: t, using: &r)
            }
            #expect(followUp != .ignored, "seed \(seed)")
            if let next = followUp.outgoing { inFlight.append(next) }
        }
        m.retryFailedJobs(now: t)
        while let o = m.nextRequest(now: t) {
            var next: IdentityProviderOutgoing? = o
            while let n = next {
                next = m.handleResponse(n.ticket, target.handle(n.request), now: t, using: &r).outgoing
            }
        }
        #expect(m.convergedPeopleCount(now: t) == 40, "seed \(seed)")
        #expect(target.ids.count == 40, "seed \(seed): no duplicate users")
    }

    /// The reference model's initial sync (research/simpy_pipeline.py): 10 workers, 40 ms each way,
    /// GET then POST per person on the same worker, FIFO hand-out. Person i gets id i+1 and the IdP's
    /// last answer arrives at 160 ms * N / 10.
    @Test mutating func initialSyncMatchesTheReferenceWorkerModel() throws {
        let n = 200
        var m = machine(n)
        var target = FakeSCIMTarget()
        // Events: (time, seq, worker, outgoing); processed in (time, seq) order like SimPy.
        var events: [(time: Duration, seq: Int, o: IdentityProviderOutgoing)] = []
        var seq = 0
        var finished = Duration.zero
        for _ in 0..<10 {
            if let o = m.nextRequest(now: .zero) {
                events.append((.milliseconds(80), seq, o))
                seq += 1
            }
        }
        while !events.isEmpty {
            let i = events.indices.min { (events[$0].time, events[$0].seq) < (events[$1].time, events[$1].seq) }!
            let e = events.remove(at: i)
            let response = target.handle(e.o.request)
            let next =
                m.handleResponse(e.o.ticket, response, now: e.time, using: &rng).outgoing ?? m.nextRequest(now: e.time)
            finished = e.time
            if let next {
                events.append((e.time + .milliseconds(80), seq, next))
                seq += 1
            }
        }
        #expect(finished == .milliseconds(16) * n)
        #expect(m.requestsSent == 2 * n)
        #expect((0..<n).allSatisfy { m.syncStatus(ofPerson: $0, now: finished)!.remoteID == String($0 + 1) })
        #expect(m.convergedPeopleCount(now: finished) == n)
    }

    @Test mutating func scheduledHireIsPushedAtItsTime() throws {
        var m = machine(0)
        m.schedule(.hire(IdPFixture.ada, assigned: true), at: .seconds(5))
        m.schedule(.hire(IdPFixture.person(1), assigned: false), at: .seconds(5))
        #expect(m.nextWakeTime == .seconds(5))
        #expect(m.nextRequest(now: .seconds(4)) == nil)
        let get = try m.take(.seconds(5))
        #expect(IdPFixture.query(get.request)[0] == "filter=userName eq \"ada@example.com\"")
        #expect(m.nextRequest(now: .seconds(5)) == nil)
        #expect(m.directory.people.count == 2 && m.isConverged(.person(1), now: .seconds(5)))
        let applied = m.apply(.deactivate(person: 7), now: .seconds(6))
        #expect(!applied)
    }

    @Test mutating func resyncAfterResetForgetsIdsAndIgnoresOldAnswers() throws {
        var m = machine(2)
        let old = try m.take(.zero)
        let reset = IdentityProviderConfiguration(baseURL: "https://broker.test/scim/v2/d_2", bearerToken: "tok_9")
        m.configure(reset, now: .seconds(1), resync: true)
        #expect(
            m.handleResponse(old.ticket, IdPFixture.listWith(id: "stale", active: true), now: .seconds(1), using: &rng)
                == .idle)
        #expect(m.syncStatus(ofPerson: 0, now: .seconds(1))!.remoteID == nil)
        let a = try m.take(.seconds(1))
        #expect(a.baseURL == "https://broker.test/scim/v2/d_2" && a.request.headers["Authorization"] == "Bearer tok_9")
        #expect(IdPFixture.query(a.request)[0] == "filter=userName eq \"user0@example.com\"")
    }
}
