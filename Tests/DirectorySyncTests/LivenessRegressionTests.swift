import SCIM
import Testing

@testable import DirectorySync

/// `scimsim run --seed 249 --users 300 --scenario mix --policy random` (release build) ends with a liveness
/// violation for user255@example.com. The cause is a race that real deployments have too, not a model bug:
///
/// 1. 58.596 s: Okta sends `PATCH /Users/u-0236 {"active": false}` (the person was deactivated); the faulty
///    IdP-to-broker link duplicates it. The first copy is applied at 58.865 s (`dsync.user.deleted`), and its
///    200 reaches Okta at 58.890 s.
/// 2. 58.890 s: the person is reactivated, and Okta sends `PATCH {"active": true}`. The duplicate of step 1
///    drew a long latency, and the in-order link holds the new request behind it: both arrive at 59.070 s, in
///    send order (the duplicate first).
/// 3. The broker handles requests in concurrent server workers. Under the random policy the seeded pick runs
///    the activation first (`dsync.user.created`) and then the stale deactivation (`dsync.user.deleted`).
/// 4. Okta gets 200 `active: true` for its activation and is done (the duplicate's answer is late and dropped).
///    The broker holds the user inactive. The organization consumes both events in order and removes the
///    member.
///
/// Nothing repairs it. Okta pushes only on changes, sends no `If-Match`, and never reconciles. The healer
/// retries only failed jobs, and this one succeeded. Reconciling the organization against the broker's state
/// finds the same inactive user. The liveness checker is right to flag the run.
@Suite struct LivenessRegressionTests {
    /// The broker and one organization, wired by hand, and Okta's state machine pointed at the directory.
    private struct Wiring {
        var world = HandWiredWorld()
        var idp: IdentityProviderStateMachine
        var rng = TestRNG(seed: 5)

        init() throws {
            let enabled = world.enableSCIM()
            let setup = try #require(enabled)
            var profile = IdentityProviderProfile.okta()
            profile.retry.jitter = 0
            idp = IdentityProviderStateMachine(
                profile: profile, directory: IdentityProviderDirectory(people: [IdPFixture.person(255)]))
            idp.configure(
                IdentityProviderConfiguration(baseURL: setup.endpointPath, bearerToken: setup.bearerToken),
                now: .zero)
        }

        /// The broker's answer to `request` (as the link carries it) at `now`.
        mutating func handle(_ request: SCIMRequest, at now: Duration) -> SCIMResponse {
            world.broker.handleSCIM(request, now: now)
        }

        /// Sends `out` to the broker and hands the answer back to the IdP at `now`; returns the follow-up.
        mutating func exchange(_ out: IdentityProviderOutgoing, at now: Duration) -> IdentityProviderFollowUp {
            idp.handleResponse(out.ticket, handle(out.wireRequest, at: now), now: now, using: &rng)
        }

        /// The person's user at the broker, read with a SCIM GET.
        mutating func brokerUser(_ id: String, at now: Duration) -> JSONValue? {
            world.scim(0, .get, "/Users/" + id, now: now).body
        }
    }

    /// Provisions the person, deactivates it (one copy applied and answered, a duplicate still in flight),
    /// reactivates it, and lets the broker handle the activation and the duplicate in the given order. Returns
    /// the wiring at the end and the person's SCIM id.
    private func race(staleCopyFirst: Bool) throws -> (Wiring, String) {
        var w = try Wiring()
        let lookup = try w.idp.take(.zero)
        let afterLookup = w.exchange(lookup, at: .milliseconds(100))
        let create = try #require(afterLookup.outgoing)
        #expect(create.request.method == .post)
        let afterCreate = w.exchange(create, at: .milliseconds(200))
        #expect(afterCreate == .idle)
        let id = try #require(w.idp.syncStatus(ofPerson: 0, now: .seconds(1))?.remoteID)
        w.world.deliverAll(now: .seconds(1))
        #expect(w.world.orgs[0].member(email: "user255@example.com") != nil)

        // Step 1: the deactivation; the link duplicates it, the first copy is applied and answered.
        let deactivated = w.idp.apply(.deactivate(person: 0), now: .milliseconds(58_596))
        #expect(deactivated)
        let deactivate = try w.idp.take(.milliseconds(58_596))
        #expect(deactivate.request.method == .patch && deactivate.request.path == "/Users/" + id)
        let staleCopy = deactivate.wireRequest
        let afterDeactivate = w.exchange(deactivate, at: .milliseconds(58_890))
        #expect(afterDeactivate == .idle)

        // Step 2: the reactivation, sent after the deactivation's answer.
        let reactivated = w.idp.apply(.reactivate(person: 0), now: .milliseconds(58_890))
        #expect(reactivated)
        let activate = try w.idp.take(.milliseconds(58_890))
        let operation = IdPFixture.body(activate.request)?["Operations"]?.arrayValue?.first
        #expect(operation?["value"]?["active"] == .bool(true))

        // Step 3: both arrive at 59.070 s; the server workers handle them in either order.
        let arrival = Duration.milliseconds(59_070)
        let activated: SCIMResponse
        let stale: SCIMResponse
        if staleCopyFirst {
            stale = w.handle(staleCopy, at: arrival)
            activated = w.handle(activate.wireRequest, at: arrival)
        } else {
            activated = w.handle(activate.wireRequest, at: arrival)
            stale = w.handle(staleCopy, at: arrival)
        }
        #expect(stale.status == 200)  // its answer reaches the IdP late, and the link drops it
        #expect(activated.status == 200 && activated.body?["active"] == .bool(true))

        // Step 4: Okta takes the activation's 200 and is done; the organization consumes the events in order.
        let afterActivate = w.idp.handleResponse(activate.ticket, activated, now: .milliseconds(59_124), using: &w.rng)
        #expect(afterActivate == .idle)
        w.world.deliverAll(now: .milliseconds(59_200))
        return (w, id)
    }

    /// The stale duplicate handled after the activation leaves the three parties diverged for good: Okta wants
    /// the person active and believes the app agrees, the broker holds the user inactive, and the organization
    /// has no member. Okta has nothing to send, ever, and the healer's "Retry all" finds no failed job.
    @Test func staleDuplicateDeactivationHandledAfterReactivationIsNeverRepaired() throws {
        let (wiring, id) = try race(staleCopyFirst: false)
        var w = wiring
        let later = Duration.seconds(3_600)
        #expect(w.idp.directory.wantsActive(0))
        let status = try #require(w.idp.syncStatus(ofPerson: 0, now: later))
        #expect(status.remoteID == id && status.remoteActive && status.converged)
        #expect(w.idp.failures.isEmpty)
        let retried = w.idp.retryFailedJobs(now: later)
        #expect(retried == 0)
        let next = w.idp.nextRequest(now: later)
        #expect(next == nil)
        #expect(w.idp.nextWakeTime == nil)

        let brokerUser = w.brokerUser(id, at: later)
        #expect(brokerUser?["active"] == .bool(false))
        let kinds = w.world.broker.retainedEvents.filter { $0.kind.isUserEvent }.map(\.kind)
        #expect(kinds == [.userCreated, .userDeleted, .userCreated, .userDeleted])

        #expect(w.world.receipts.allSatisfy { $0 == WebhookReceipt(status: 200, outcome: .applied) })
        #expect(w.world.orgs[0].member(email: "user255@example.com") == nil)
        #expect(w.world.emails() == [HandWiredWorld.ownerEmail])
    }

    /// The same messages handled in arrival order (the duplicate first, as the FIFO policy does) converge: the
    /// order in which the broker handles the two concurrent requests alone decides the outcome.
    @Test func staleDuplicateHandledBeforeReactivationConverges() throws {
        let (wiring, id) = try race(staleCopyFirst: true)
        var w = wiring
        let brokerUser = w.brokerUser(id, at: .seconds(3_600))
        #expect(brokerUser?["active"] == .bool(true))
        #expect(w.world.orgs[0].member(email: "user255@example.com")?.directoryUserID != nil)
        #expect(w.idp.isConverged(.person(0), now: .seconds(3_600)))
    }

    /// The end state of one person in a finished run: the IdP wants the person active, believes the app holds
    /// the user active and has nothing left to do for it; the broker's last event for the email deleted its
    /// directory user; the organization has no member with the email; liveness names the email.
    private func expectDiverged(_ run: ScenarioRun, email: String) throws {
        #expect(run.report.violations.map(\.invariant) == [InvariantMonitor.Name.liveness])
        #expect(run.report.violations.first?.detail.contains("1 email(s) differ, e.g. \(email)") == true)
        let idp = run.identityProvider
        let person = try #require(idp.directory.people.firstIndex { $0.email == email })
        #expect(idp.directory.wantsActive(person))
        let end = run.outcome.result.virtualElapsed
        let status = try #require(idp.syncStatus(ofPerson: person, now: end))
        #expect(status.remoteID != nil && status.remoteActive && status.converged)
        let userEvents = run.broker.retainedEvents.filter {
            guard $0.kind.isUserEvent, case .user(let user) = $0.data else { return false }
            return user.email == email
        }
        #expect(userEvents.last?.kind == .userDeleted)
        #expect(run.organization.member(email: email) == nil)
    }

    /// The seed itself, as the sweep found it. Random-policy schedules differ between debug and release builds
    /// (the README's determinism limits; in a debug build this seed converges), so it runs only in a release
    /// build: `swift test -c release --filter LivenessRegressionTests`.
    @Test(.enabled(if: isReleaseBuild, "seed 249's random-policy schedule is the release build's"))
    func mixSeed249RandomPolicyEndsDivergedForUser255() throws {
        let configuration = RunConfiguration(
            seed: 249, scenario: .mix, people: .generated(count: 300), policy: .random)
        try expectDiverged(try ScenarioTesting.run(configuration), email: "user255@example.com")
    }

    /// The same race under the FIFO policy, with the reorder fault instead of a same-instant pick: a duplicated
    /// deactivation PATCH reordered behind the reactivation PATCH that followed its answer. So it is not an
    /// artefact of the random scheduler: any stale copy of a write that reaches the broker after a newer write
    /// leaves the same end state (found by a sweep of `--scenario reactivation --faults
    /// duplication,reorder,latency` over seeds 1...300, FIFO).
    @Test func reactivationSeed293FIFOWithReorderEndsDivergedForUser150() throws {
        let configuration = RunConfiguration(
            seed: 293, scenario: .reactivation, people: .generated(count: 300),
            faults: .only([.duplication, .reorder, .latency]))
        try expectDiverged(try ScenarioTesting.run(configuration), email: "user150@example.com")
    }
}

/// Whether the tests were compiled without `DEBUG` (a release build).
#if DEBUG
    private let isReleaseBuild = false
#else
    private let isReleaseBuild = true
#endif
