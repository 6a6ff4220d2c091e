import SCIM

@testable import DirectorySync

/// SplitMix64: a small seeded generator for jitter in tests.
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum IdPFixture {
    static let config = IdentityProviderConfiguration(baseURL: "https://broker.test/scim/v2/d_1", bearerToken: "tok_1")

    static func person(_ i: Int) -> DirectoryPerson {
        DirectoryPerson(
            userName: "user\(i)@example.com", email: "user\(i)@example.com", givenName: "Given\(i)",
            familyName: "Family\(i)", externalId: "ext\(i)")
    }

    static let ada = DirectoryPerson(
        userName: "ada@example.com", email: "ada@example.com", givenName: "Ada", familyName: "Lovelace",
        externalId: "00uAda")

    static func emptyList() -> SCIMResponse {
        SCIMResponse(
            status: 200,
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0,
                "startIndex": 1, "itemsPerPage": 0, "Resources": [],
            ])
    }

    static func listWith(id: String, active: JSONValue) -> SCIMResponse {
        SCIMResponse(
            status: 200,
            body: [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1,
                "startIndex": 1, "itemsPerPage": 1, "Resources": [["id": .string(id), "active": active]],
            ])
    }

    static func created(_ id: String) -> SCIMResponse { SCIMResponse(status: 201, body: ["id": .string(id)]) }
    static func ok(_ id: String) -> SCIMResponse { SCIMResponse(status: 200, body: ["id": .string(id)]) }
    static let noContent = SCIMResponse(status: 204)
    static func status(_ s: Int, retryAfter: String? = nil) -> SCIMResponse {
        var h = HTTPHeaders()
        if let retryAfter { h["Retry-After"] = retryAfter }
        return SCIMResponse(status: s, headers: h, body: ["status": .string(String(s))])
    }

    static func body(_ r: SCIMRequest) -> JSONValue? {
        if case .value(let v) = r.body { return v }
        return nil
    }

    static func query(_ r: SCIMRequest) -> [String] { r.query.map { $0.name + "=" + $0.value } }

    static func ms(_ n: Int64) -> Duration { .milliseconds(n) }
}

extension IdentityProviderFollowUp {
    var outgoing: IdentityProviderOutgoing? {
        if case .send(let o) = self { return o }
        return nil
    }
}

/// A minimal in-memory SCIM target for multi-step tests: users by lower-cased userName, ids 1, 2, 3...
struct FakeSCIMTarget {
    var ids: [String: String] = [:]
    var active: [String: Bool] = [:]
    var seq = 0
    var token = "tok_1"
    var log: [SCIMRequest] = []

    mutating func handle(_ r: SCIMRequest) -> SCIMResponse {
        log.append(r)
        guard r.headers["Authorization"] == "Bearer " + token else { return IdPFixture.status(401) }
        switch r.method {
        case .get where r.path == "/Users" || r.path == "/Groups":
            let filter = r.query.first { $0.name == "filter" }?.value ?? ""
            let parts = filter.split(separator: "\"")
            let key = parts.count > 1 ? String(parts[1]).lowercased() : ""
            guard let id = ids[key] else { return IdPFixture.emptyList() }
            return IdPFixture.listWith(id: id, active: .bool(active[id] ?? true))
        case .post:
            let name =
                IdPFixture.body(r)?["userName"]?.stringValue ?? IdPFixture.body(r)?["displayName"]?.stringValue ?? ""
            guard ids[name.lowercased()] == nil else { return IdPFixture.status(409) }
            seq += 1
            let id = String(seq)
            ids[name.lowercased()] = id
            active[id] = true
            return IdPFixture.created(id)
        case .delete:
            return IdPFixture.noContent
        default:
            let id = String(r.path.split(separator: "/").last ?? "")
            if let ops = IdPFixture.body(r)?["Operations"]?.arrayValue {
                for op in ops {
                    if let a = op["value"]?["active"]?.boolValue { active[id] = a }
                    if op["path"]?.stringValue == "active" {
                        active[id] = op["value"]?.boolValue ?? (op["value"]?.stringValue == "True")
                    }
                }
            }
            return IdPFixture.ok(id)
        }
    }
}

struct NoRequest: Error {}

extension IdentityProviderStateMachine {
    /// The next request, or a thrown error (test failure) when none is ready.
    mutating func take(_ now: Duration) throws -> IdentityProviderOutgoing {
        guard let o = nextRequest(now: now) else { throw NoRequest() }
        return o
    }

    /// Hands back a response and requires an immediate follow-up request.
    mutating func send(
        _ ticket: IdentityProviderTicket, _ response: SCIMResponse, now: Duration, using rng: inout TestRNG
    ) throws -> IdentityProviderOutgoing {
        guard let o = handleResponse(ticket, response, now: now, using: &rng).outgoing else { throw NoRequest() }
        return o
    }
}

/// A discrete-event stand-in for the actor shell: `profile.concurrency` worker loops, a fixed one-way
/// latency, events in (virtual time, sequence) order. A worker with nothing to do sleeps until
/// `nextWakeTime`, or parks until another worker's answer arrives.
struct WorkerLoopSimulation {
    var machine: IdentityProviderStateMachine
    var target: FakeSCIMTarget
    var oneWay: Duration
    var rng = TestRNG(seed: 99)
    var now = Duration.zero
    private var events: [(time: Duration, seq: Int, kind: Kind)] = []
    private var seq = 0
    private var parked = 0
    /// Virtual time of the last answer handled.
    var lastAnswer = Duration.zero

    enum Kind {
        case answer(IdentityProviderOutgoing)
        case wake
    }

    init(machine: IdentityProviderStateMachine, target: FakeSCIMTarget = FakeSCIMTarget(), oneWay: Duration) {
        self.machine = machine
        self.target = target
        self.oneWay = oneWay
        for _ in 0..<machine.profile.concurrency { push(.zero, .wake) }
    }

    private mutating func push(_ t: Duration, _ k: Kind) {
        events.append((t, seq, k))
        seq += 1
    }

    private mutating func idleWorker() {
        if let o = machine.nextRequest(now: now) {
            push(now + oneWay * 2, .answer(o))
        } else if let w = machine.nextWakeTime {
            push(max(w, now), .wake)
        } else {
            parked += 1
        }
    }

    /// Runs until no event remains at or before `limit`.
    mutating func run(until limit: Duration) {
        while let i = events.indices.min(by: { (events[$0].time, events[$0].seq) < (events[$1].time, events[$1].seq) }),
            events[i].time <= limit
        {
            let e = events.remove(at: i)
            now = e.time
            switch e.kind {
            case .wake:
                idleWorker()
            case .answer(let o):
                lastAnswer = now
                let response = target.handle(o.request)
                if let next = machine.handleResponse(o.ticket, response, now: now, using: &rng).outgoing {
                    push(now + oneWay * 2, .answer(next))
                } else {
                    idleWorker()
                }
                while parked > 0 {
                    parked -= 1
                    push(now, .wake)
                }
            }
        }
    }
}
