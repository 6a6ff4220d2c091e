import SCIM
import Testing

@testable import DirectorySync

@Suite struct IdentityProviderEntraTests {
    var rng = TestRNG(seed: 11)
    static let minute = Duration.seconds(60)
    static let patchURN: JSONValue = ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]

    static func parameters(_ dialect: EntraDialect = .legacy) -> EntraParameters {
        var p = EntraParameters()
        p.dialect = dialect
        p.requestSpacing = .zero
        return p
    }

    func machine(
        _ people: [DirectoryPerson] = [IdPFixture.ada], groups: [IdentityProviderGroup] = [],
        _ p: EntraParameters = parameters()
    ) -> IdentityProviderStateMachine {
        var m = IdentityProviderStateMachine(
            profile: .entra(p), directory: IdentityProviderDirectory(people: people, groups: groups))
        m.configure(IdPFixture.config, now: .zero)
        return m
    }

    /// Person 0 created as "u1" during the initial cycle at time 0.
    func created(_ p: EntraParameters = parameters()) throws -> IdentityProviderStateMachine {
        var m = machine([IdPFixture.ada], p)
        var r = rng
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .zero, using: &r)
        _ = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: .seconds(1), using: &r)
        return m
    }

    @Test mutating func createIsLookupThenPostWithEntraBody() throws {
        var m = machine()
        let get = try m.take(.zero)
        #expect(get.request.method == .get && get.request.path == "/Users")
        #expect(IdPFixture.query(get.request) == ["filter=userName eq \"ada@example.com\""])
        #expect(get.request.headers["User-Agent"] == nil)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .zero, using: &rng)
        #expect(post.request.headers["Content-Type"] == "application/scim+json")
        let expected: JSONValue = [
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            ],
            "externalId": "00uAda", "userName": "ada@example.com", "active": true, "displayName": "Ada Lovelace",
            "emails": [["primary": true, "type": "work", "value": "ada@example.com"]], "meta": ["resourceType": "User"],
            "name": ["formatted": "Ada Lovelace", "familyName": "Lovelace", "givenName": "Ada"], "roles": [],
        ]
        #expect(IdPFixture.body(post.request) == expected)
        let done = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: .seconds(1), using: &rng)
        #expect(done == .idle)
        #expect(m.syncStatus(ofPerson: 0, now: .seconds(1))! == ("u1", true, true))
        #expect(m.entraCycles.count == 1)
        #expect(m.entraCycles[0].requests == 2 && m.entraCycles[0].end == .seconds(1))
    }

    @Test mutating func legacyUpdateIsOneCapitalisedReplacePerAttribute() throws {
        var m = try created()
        m.apply(
            .updateProfile(person: 0, givenName: "Ada", familyName: "King", department: "R&D", title: nil),
            now: .seconds(60))
        m.apply(.rename(person: 0, userName: "ada.king@example.com", email: "ada.king@example.com"), now: .seconds(60))
        #expect(m.nextRequest(now: .seconds(60)) == nil)
        #expect(m.nextWakeTime == Self.minute * 40)
        let patch = try m.take(Self.minute * 40)
        #expect(patch.request.method == .patch && patch.request.path == "/Users/u1")
        let expected: JSONValue = [
            "schemas": Self.patchURN,
            "Operations": [
                ["op": "Replace", "path": "userName", "value": "ada.king@example.com"],
                ["op": "Replace", "path": "displayName", "value": "Ada King"],
                ["op": "Replace", "path": "emails[type eq \"work\"].value", "value": "ada.king@example.com"],
                ["op": "Replace", "path": "name.familyName", "value": "King"],
                ["op": "Replace", "path": "name.formatted", "value": "Ada King"],
                [
                    "op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                    "value": "R&D",
                ],
            ],
        ]
        #expect(IdPFixture.body(patch.request) == expected)
        let done = m.handleResponse(patch.ticket, IdPFixture.noContent, now: Self.minute * 40, using: &rng)
        #expect(done == .idle)
        #expect(m.isConverged(.person(0), now: Self.minute * 40))
    }

    @Test mutating func flaggedUpdateMergesDottedAndURNKeysIntoOnePathlessReplace() throws {
        var m = try created(Self.parameters(.aadOptscim062020))
        m.apply(
            .updateProfile(person: 0, givenName: "Ada", familyName: "King", department: "R&D", title: nil),
            now: .seconds(60))
        m.apply(.rename(person: 0, userName: "ada.king@example.com", email: "ada.king@example.com"), now: .seconds(60))
        let patch = try m.take(Self.minute * 40)
        let expected: JSONValue = [
            "schemas": Self.patchURN,
            "Operations": [
                ["op": "replace", "path": "emails[type eq \"work\"].value", "value": "ada.king@example.com"],
                [
                    "op": "replace",
                    "value": [
                        "userName": "ada.king@example.com", "displayName": "Ada King", "name.familyName": "King",
                        "name.formatted": "Ada King",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "R&D",
                    ],
                ],
            ],
        ]
        #expect(IdPFixture.body(patch.request) == expected)
    }

    @Test mutating func disableUsesStringFalseThenDeleteAfterThirtyDays() throws {
        var m = try created()
        m.apply(.delete(person: 0), now: .seconds(120))
        let off = try m.take(Self.minute * 40)
        let legacy: JSONValue = [
            "schemas": Self.patchURN, "Operations": [["op": "Replace", "path": "active", "value": "False"]],
        ]
        #expect(IdPFixture.body(off.request) == legacy)
        _ = m.handleResponse(off.ticket, IdPFixture.noContent, now: Self.minute * 40, using: &rng)
        #expect(m.syncStatus(ofPerson: 0, now: Self.minute * 40)! == ("u1", false, true))
        // No request before the hard delete is due; the wake time is the first cycle at or after it.
        let due = Duration.seconds(120) + .seconds(30 * 86_400)
        let wake = try #require(m.nextWakeTime)
        #expect(wake >= due && wake < due + Self.minute * 40)
        #expect(m.nextRequest(now: due - .seconds(1)) == nil)
        let delete = try m.take(wake)
        #expect(delete.request.method == .delete && delete.request.path == "/Users/u1" && delete.request.body == nil)
        _ = m.handleResponse(delete.ticket, IdPFixture.noContent, now: wake, using: &rng)
        #expect(m.syncStatus(ofPerson: 0, now: wake)! == (nil, false, true))
    }

    @Test mutating func flaggedDisableUsesBooleanFalse() throws {
        var m = try created(Self.parameters(.aadOptscim062020))
        m.apply(.deactivate(person: 0), now: .seconds(5))
        let off = try m.take(Self.minute * 40)
        let flagged: JSONValue = [
            "schemas": Self.patchURN, "Operations": [["op": "replace", "path": "active", "value": false]],
        ]
        #expect(IdPFixture.body(off.request) == flagged)
    }

    @Test mutating func matchedInactiveUserIsAdoptedWithReplaceTrue() throws {
        var m = machine()
        let get = try m.take(.zero)
        let patch = try m.send(get.ticket, IdPFixture.listWith(id: "u7", active: "False"), now: .zero, using: &rng)
        let ops = try #require(IdPFixture.body(patch.request)?["Operations"]?.arrayValue)
        #expect(ops.first == ["op": "Replace", "path": "active", "value": "True"])
        #expect(
            ops.map { $0["path"]?.stringValue ?? "" } == [
                "active", "externalId", "userName", "displayName", "emails[type eq \"work\"].value", "name.givenName",
                "name.familyName", "name.formatted",
            ])
        #expect(ops.allSatisfy { $0["op"] == "Replace" })
        #expect(patch.request.path == "/Users/u7")
    }

    @Test mutating func conflictOnCreateLooksUpAndAdopts() throws {
        var m = machine()
        let get = try m.take(.zero)
        let post = try m.send(get.ticket, IdPFixture.emptyList(), now: .zero, using: &rng)
        let again = try m.send(post.ticket, IdPFixture.status(409), now: .zero, using: &rng)
        #expect(again.request.method == .get)
        let patch = try m.send(again.ticket, IdPFixture.listWith(id: "u3", active: true), now: .zero, using: &rng)
        #expect(patch.request.method == .patch && patch.request.path == "/Users/u3")
        #expect(m.failureCounts[.conflict] == 1 && m.failures[0].gaveUp == false)
    }

    @Test mutating func cyclesRunEveryFortyMinutesOnlyWhenThereIsWork() throws {
        var m = try created()
        #expect(m.entraNextCycleStart == Self.minute * 40)
        #expect(m.nextWakeTime == nil)
        m.schedule(.deactivate(person: 0), at: Self.minute * 50)
        #expect(m.nextWakeTime == Self.minute * 50)
        #expect(m.nextRequest(now: Self.minute * 50) == nil)
        #expect(m.nextWakeTime == Self.minute * 80)
        let off = try m.take(Self.minute * 80)
        _ = m.handleResponse(off.ticket, IdPFixture.noContent, now: Self.minute * 80 + .seconds(1), using: &rng)
        #expect(m.entraCycles.map(\.start) == [.zero, Self.minute * 80])
        #expect(m.entraNextCycleStart == Self.minute * 120)
    }

    @Test mutating func revokedTokenQuarantinesAndBacksOffToDaily() throws {
        var m = try created()
        m.apply(.deactivate(person: 0), now: .seconds(10))
        let hour = Duration.seconds(3600)
        var t = Self.minute * 40
        var starts: [Duration] = []
        for _ in 0..<4 {
            let o = try m.take(t)
            starts.append(t)
            #expect(m.handleResponse(o.ticket, IdPFixture.status(401), now: t, using: &rng) == .idle)
            #expect(m.entraQuarantine == .invalidCredentials)
            t = try #require(m.nextWakeTime)
        }
        let first = Self.minute * 40
        #expect(starts == [first, first + hour * 6, first + hour * 18, first + hour * 42])
        #expect(t == first + hour * 66)
        #expect(m.failureCounts[.unauthorized] == 4)
        m.configure(
            IdentityProviderConfiguration(baseURL: IdPFixture.config.baseURL, bearerToken: "tok_2"), now: t - hour)
        let o = try m.take(t)
        #expect(o.request.headers["Authorization"] == "Bearer tok_2")
        _ = m.handleResponse(o.ticket, IdPFixture.noContent, now: t, using: &rng)
        #expect(m.entraQuarantine == nil)
        #expect(m.entraNextCycleStart == t + Self.minute * 40)
    }

    @Test mutating func quarantineDisablesTheJobAfterFourWeeks() throws {
        var m = try created()
        m.apply(.deactivate(person: 0), now: .seconds(10))
        var t = Self.minute * 40
        var cycles = 0
        while let o = m.nextRequest(now: t) {
            _ = m.handleResponse(o.ticket, IdPFixture.status(401), now: t, using: &rng)
            cycles += 1
            guard let next = m.nextWakeTime else { break }
            t = next
        }
        #expect(m.isEntraJobDisabled)
        #expect(cycles == 31)
        #expect(m.nextWakeTime == nil)
    }

    @Test mutating func escrowProportionThresholdQuarantines() throws {
        var p = Self.parameters()
        p.escrowMinimumFailures = 3
        var m = machine((0..<4).map(IdPFixture.person), p)
        while let o = m.nextRequest(now: .zero) {
            _ = m.handleResponse(o.ticket, IdPFixture.status(400), now: .seconds(1), using: &rng)
        }
        #expect(m.entraQuarantine == .escrowThreshold)
        #expect(m.failures.count == 4 && m.failures.allSatisfy { $0.gaveUp && $0.reason == .clientError })
        // Escrowed objects come back in the first cycle after +6 h.
        let wake = try #require(m.nextWakeTime)
        #expect(wake == .seconds(1) + .seconds(6 * 3600))
        let retry = try m.take(wake)
        #expect(retry.request.method == .get)
    }

    @Test mutating func serverErrorsRetryInCycleThenEscrowForSixHours() throws {
        var p = Self.parameters()
        p.escrowRetryOffsets = [.seconds(6 * 3600), .seconds(12 * 3600)]
        var profile = IdentityProviderProfile.entra(p)
        profile.retry.jitter = 0
        var m = IdentityProviderStateMachine(
            profile: profile, directory: IdentityProviderDirectory(people: [IdPFixture.ada]))
        m.configure(IdPFixture.config, now: .zero)
        var t = Duration.zero
        var times: [Duration] = []
        for _ in 0..<3 {
            let o = try m.take(t)
            times.append(t)
            #expect(m.handleResponse(o.ticket, IdPFixture.status(500), now: t, using: &rng) == .idle)
            t = try #require(m.nextWakeTime)
        }
        #expect(times == [.zero, .seconds(2), .seconds(6)])
        #expect(m.failures.map(\.gaveUp) == [false, false, true])
        #expect(m.entraCycles.count == 1 && m.entraQuarantine == nil)
        // Escrowed: the first cycle at or after +6 h retries it; a second failure waits for +12 h.
        #expect(t >= .seconds(6 + 6 * 3600) && t < .seconds(6 + 6 * 3600) + Self.minute * 40)
        #expect(m.nextRequest(now: .seconds(6 * 3600)) == nil)
        var o = try m.take(t)
        for attempt in 0..<3 {
            _ = m.handleResponse(o.ticket, IdPFixture.status(500), now: t, using: &rng)
            guard attempt < 2 else { break }
            t = try #require(m.nextWakeTime)
            o = try m.take(t)
        }
        #expect(m.entraCycles.count == 2)
        let wake = try #require(m.nextWakeTime)
        #expect(wake >= .seconds(6 + 12 * 3600) && wake < .seconds(6 + 12 * 3600) + Self.minute * 40)
        let retry = try m.take(wake)
        #expect(retry.request.method == .get)
        let post = try m.send(retry.ticket, IdPFixture.emptyList(), now: wake, using: &rng)
        _ = m.handleResponse(post.ticket, IdPFixture.created("u1"), now: wake, using: &rng)
        #expect(m.isConverged(.person(0), now: wake))
        #expect(m.nextWakeTime == nil)
    }

    @Test mutating func escrowDropsTheObjectAfterItsLimitUntilAChangeRevivesIt() throws {
        var p = Self.parameters()
        p.escrowRetryOffsets = [.seconds(6 * 3600)]
        p.escrowGiveUpAfter = .seconds(7 * 3600)
        var m = machine([IdPFixture.ada], p)
        var t = Duration.zero
        for _ in 0..<20 {
            guard let o = m.nextRequest(now: t) else { break }
            _ = m.handleResponse(o.ticket, IdPFixture.status(400), now: t, using: &rng)
            guard let w = m.nextWakeTime else { break }
            t = w
        }
        #expect(m.failures.map(\.gaveUp) == [true, true, true])
        #expect(m.failures.map(\.time) == [.zero, Self.minute * 360, Self.minute * 1800])
        #expect(m.nextWakeTime == nil && !m.isConverged(.person(0), now: t))
        m.apply(.rename(person: 0, userName: "ada.k@example.com", email: "ada.k@example.com"), now: t + .seconds(1))
        let wake = try #require(m.nextWakeTime)
        let get = try m.take(wake)
        #expect(IdPFixture.query(get.request) == ["filter=userName eq \"ada.k@example.com\""])
    }

    @Test mutating func requestSpacingPacesTheJob() throws {
        var m = machine((0..<3).map(IdPFixture.person), EntraParameters())
        let a = try m.take(.zero)
        #expect(m.nextRequest(now: .zero) == nil)
        #expect(m.nextWakeTime == .seconds(1))
        // The follow-up POST waits for the spacing too.
        #expect(m.handleResponse(a.ticket, IdPFixture.emptyList(), now: .milliseconds(80), using: &rng) == .idle)
        #expect(m.nextRequest(now: .milliseconds(999)) == nil)
        let post = try m.take(.seconds(1))
        #expect(post.request.method == .post && post.ticket != a.ticket)
    }

    /// A group-member PATCH costs one spacing unit per membership change.
    @Test mutating func memberPatchIsPacedPerMembership() throws {
        let group = IdentityProviderGroup(name: "Eng", externalId: "g", members: [0, 1, 2], assignedToApp: true)
        var m = machine((0..<3).map(IdPFixture.person), groups: [group], EntraParameters())
        var target = FakeSCIMTarget()
        var t = Duration.zero
        var patchAt: Duration?
        while let o = m.nextRequest(now: t)
            ?? m.nextWakeTime.flatMap({ w -> IdentityProviderOutgoing? in
                t = w
                return m.nextRequest(now: w)
            })
        {
            if o.request.method == .patch { patchAt = t }
            _ = m.handleResponse(o.ticket, target.handle(o.request), now: t, using: &rng)
        }
        let at = try #require(patchAt)
        #expect(at == .seconds(8))
        // The cycle ends once the three membership units have been processed.
        #expect(t == .seconds(11))
        #expect(m.entraCycles.count == 1 && m.entraCycles.last?.end == .seconds(11) && m.nextWakeTime == nil)
    }

    @Test mutating func groupMembersAddedAndRemovedByValueList() throws {
        let group = IdentityProviderGroup(name: "Engines", externalId: "g-ext", members: [0, 1], assignedToApp: true)
        for dialect in EntraDialect.allCases {
            var m = machine([IdPFixture.person(0), IdPFixture.person(1)], groups: [group], Self.parameters(dialect))
            var target = FakeSCIMTarget()
            var sent: [SCIMRequest] = []
            var t = Duration.zero
            for _ in 0..<200 {
                guard let o = m.nextRequest(now: t) else {
                    guard let w = m.nextWakeTime else { break }
                    t = w
                    continue
                }
                var next: IdentityProviderOutgoing? = o
                while let n = next {
                    sent.append(n.request)
                    next = m.handleResponse(n.ticket, target.handle(n.request), now: t, using: &rng).outgoing
                }
            }
            let lookup = try #require(sent.first { $0.path == "/Groups" && $0.method == .get })
            #expect(IdPFixture.query(lookup) == ["excludedAttributes=members", "filter=displayName eq \"Engines\""])
            let create = try #require(sent.first { $0.path == "/Groups" && $0.method == .post })
            #expect(IdPFixture.body(create)?["externalId"] == "g-ext")
            let gid = try #require(m.syncStatus(ofGroup: 0)?.remoteID)
            let adds = sent.filter { $0.path == "/Groups/" + gid }
            let add: JSONValue = [
                "schemas": Self.patchURN,
                "Operations": [
                    [
                        "op": dialect == .legacy ? "Add" : "add", "path": "members",
                        "value": [["value": "1"], ["value": "2"]],
                    ]
                ],
            ]
            #expect(adds.count == 1 && IdPFixture.body(adds[0]) == add)
            m.apply(.removeFromGroup(person: 1, group: 0), now: t)
            let removal = try m.take(t + Self.minute * 40)
            let op: JSONValue =
                dialect == .legacy
                ? ["op": "Remove", "path": "members", "value": [["value": "2"]]]
                : ["op": "remove", "path": "members[value eq \"2\"]"]
            #expect(IdPFixture.body(removal.request) == ["schemas": Self.patchURN, "Operations": [op]])
        }
    }
}
