import SCIM
import SimulationKernel

/// How a workload's SCIM requests and responses travel (DESIGN.md section 4).
public enum WorkloadBodyMode: String, Sendable, Hashable, CaseIterable {
    /// Bodies are `JSONValue`s handed to the service as they are (the fast default).
    case value
    /// Request bodies are UTF-8 bytes the service decodes with `JSONCodec`, and every response body is encoded
    /// back to bytes with `JSONCodec`, as a real HTTP exchange would.
    case bytes
}

/// What a batch of SCIM requests did: counts and an order-sensitive digest of the outcomes, so that a test can
/// check a benchmark's work without looking at its time.
public struct SCIMWorkloadTally: Sendable, Hashable {
    /// Requests handled.
    public var requests = 0
    /// Responses with a 2xx status.
    public var succeeded = 0
    /// For list requests: the sum of `totalResults`.
    public var found = 0
    /// Response body bytes produced (bytes mode only; 0 in value mode).
    public var responseBytes = 0
    /// Order-sensitive hash over (status, id number of the resource in the body) per request; see
    /// ``traceHashHex``.
    public var digest = StableHash()

    /// An empty tally.
    public init() {}

    /// The digest as 16 lower-case hex digits.
    public var traceHashHex: String { StableHash.hex(digest.value) }
}

/// The SCIM service workloads of `Benchmarks scim`: a 100,000-user store answering `userName eq` lookups, and
/// per-operation create, replace (PUT) and PATCH batches, each in value or bytes mode. The Benchmarks executable
/// times these functions; the tests run them with tiny sizes and check the tallies.
///
/// People are numbered from 0: person `i` has userName `user<i>@example.com`, name `Given<i> Family<i>`, one work
/// email equal to the userName, externalId `ext-<i>`, and is active. Ids come from ``SCIMSequentialIDSource`` and
/// times from ``SCIMSteppingClock``, so the same calls give the same tallies in every process.
public enum SCIMWorkload {
    /// The core User schema URN (RFC 7643 section 4.1).
    public static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"

    /// A service with an empty store, room reserved for `capacity` users, default configuration (no token).
    public static func emptyService(capacity: Int) -> SCIMService {
        var service = SCIMService(
            configuration: SCIMServiceConfiguration(), ids: SCIMSequentialIDSource(), clock: SCIMSteppingClock())
        service.reserveCapacity(users: capacity, groups: 0)
        return service
    }

    /// The userName of person `index`.
    public static func userName(_ index: Int) -> String { "user" + String(index) + "@example.com" }

    /// The POST /Users body Okta would send for person `index` (scim-protocol.md section 6).
    public static func userBody(_ index: Int, active: Bool = true, title: String? = nil) -> JSONValue {
        let name = userName(index)
        var members: [(String, JSONValue)] = [
            ("schemas", [.string(userSchema)]), ("userName", .string(name)),
            ("externalId", .string("ext-" + String(index))),
            ("name", ["givenName": .string("Given" + String(index)), "familyName": .string("Family" + String(index))]),
            ("emails", [["value": .string(name), "type": "work", "primary": true]]), ("active", .bool(active)),
        ]
        if let title { members.append(("title", .string(title))) }
        return .object(JSONObject(members))
    }

    /// A body in the given mode (bytes are encoded here, outside any timed loop the caller runs).
    public static func body(_ value: JSONValue, _ mode: WorkloadBodyMode) -> SCIMBody {
        mode == .value ? .value(value) : .bytes(JSONCodec.encode(value))
    }

    /// `POST /Users` for each person in `people`.
    public static func createRequests(_ people: Range<Int>, mode: WorkloadBodyMode) -> [SCIMRequest] {
        people.map { SCIMRequest(method: .post, path: "/Users", headers: jsonHeaders, body: body(userBody($0), mode)) }
    }

    /// `GET /Users?filter=userName eq "<userName>"` for each person in `people` (the query already decoded).
    public static func lookupRequests(_ people: some Sequence<Int>) -> [SCIMRequest] {
        people.map { index in
            SCIMRequest(
                method: .get, path: "/Users",
                query: [SCIMRequest.QueryItem(name: "filter", value: "userName eq \"" + userName(index) + "\"")])
        }
    }

    /// `PUT /Users/<id>` for each person in `people`, assuming person `i` has the sequential id of the `i+1`-th
    /// create (``SCIMSequentialIDSource``); the body changes `title` to `title`.
    public static func replaceRequests(_ people: Range<Int>, title: String, mode: WorkloadBodyMode) -> [SCIMRequest] {
        people.map { index in
            SCIMRequest(
                method: .put, path: "/Users/" + sequentialUserID(index), headers: jsonHeaders,
                body: body(userBody(index, title: title), mode))
        }
    }

    /// `PATCH /Users/<id>` setting `active` to `active` for each person in `people` (Okta's deactivation,
    /// scim-protocol.md section 2).
    public static func patchRequests(_ people: Range<Int>, active: Bool, mode: WorkloadBodyMode) -> [SCIMRequest] {
        people.map { index in
            SCIMRequest(
                method: .patch, path: "/Users/" + sequentialUserID(index), headers: jsonHeaders,
                body: body(patchActive(active), mode))
        }
    }

    /// A PatchOp body replacing `active` (RFC 7644 section 3.5.2.3).
    public static func patchActive(_ active: Bool) -> JSONValue {
        [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [["op": "replace", "path": "active", "value": .bool(active)]],
        ]
    }

    /// The id ``SCIMSequentialIDSource`` gives the `index+1`-th user created (`u-0001` for index 0).
    public static func sequentialUserID(_ index: Int) -> String {
        var ids = SCIMSequentialIDSource(nextUser: index + 1)
        return ids.nextID(for: .user)
    }

    /// Handles `requests` in order on `service`, tallying the outcomes. In bytes mode each response body is
    /// encoded with `JSONCodec` (its size is added to ``SCIMWorkloadTally/responseBytes``).
    public static func run(_ requests: [SCIMRequest], on service: inout SCIMService, mode: WorkloadBodyMode)
        -> SCIMWorkloadTally
    {
        var tally = SCIMWorkloadTally()
        for request in requests { record(service.handle(request).response, mode: mode, into: &tally) }
        return tally
    }

    /// The requests of the IdP's per-person cycle built ahead of time: for each person, the
    /// `GET /Users?filter=userName eq "..."` lookup and the `POST /Users` create, in order, plus the one PatchOp
    /// body every person's PATCH shares. Building them is the IdP's work, not the service's, so a benchmark builds
    /// them before its timed loop.
    public struct CyclePlan: Sendable {
        /// `(lookup, create)` per person, in the order of `people`.
        public var steps: [(lookup: SCIMRequest, create: SCIMRequest)]
        /// The PATCH body setting `active` to false.
        public var patch: SCIMBody
    }

    /// The prepared requests of ``createFilterPatch(_:on:mode:)`` for each person in `people`. O(people).
    public static func cyclePlan(_ people: Range<Int>, mode: WorkloadBodyMode) -> CyclePlan {
        let lookups = lookupRequests(people)
        let creates = createRequests(people, mode: mode)
        return CyclePlan(steps: Array(zip(lookups, creates)), patch: body(patchActive(false), mode))
    }

    /// The IdP's per-person cycle for each person in `people`: filter by userName (none found), create, then
    /// PATCH `active` to false; three requests per person. Same as running ``cyclePlan(_:mode:)``'s plan.
    public static func createFilterPatch(_ people: Range<Int>, on service: inout SCIMService, mode: WorkloadBodyMode)
        -> SCIMWorkloadTally
    {
        createFilterPatch(cyclePlan(people, mode: mode), on: &service, mode: mode)
    }

    /// Runs a prepared cycle plan: per person, the lookup, the create, and a PATCH of the id the create returned
    /// (its request, whose path needs that id, is built here, inside whatever loop the caller times).
    public static func createFilterPatch(_ plan: CyclePlan, on service: inout SCIMService, mode: WorkloadBodyMode)
        -> SCIMWorkloadTally
    {
        var tally = SCIMWorkloadTally()
        for step in plan.steps {
            record(service.handle(step.lookup).response, mode: mode, into: &tally)
            let created = service.handle(step.create).response
            record(created, mode: mode, into: &tally)
            guard let id = created.body?["id"]?.stringValue else { continue }
            let update = SCIMRequest(method: .patch, path: "/Users/" + id, headers: jsonHeaders, body: plan.patch)
            record(service.handle(update).response, mode: mode, into: &tally)
        }
        return tally
    }

    private static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/scim+json"]

    private static func record(_ response: SCIMResponse, mode: WorkloadBodyMode, into tally: inout SCIMWorkloadTally) {
        tally.requests += 1
        if (200..<300).contains(response.status) { tally.succeeded += 1 }
        tally.digest.combine(UInt64(response.status))
        if let body = response.body {
            if let total = body["totalResults"]?.intValue { tally.found += Int(total) }
            if let id = body["id"]?.stringValue { tally.digest.combine(idNumber(id)) }
            if mode == .bytes { tally.responseBytes += JSONCodec.encode(body).count }
        }
    }

    /// The digits of an id such as `u-0042` as a number (42), 0 when it has none.
    private static func idNumber(_ id: String) -> UInt64 {
        var value: UInt64 = 0
        for byte in id.utf8 where byte >= 0x30 && byte <= 0x39 { value = value &* 10 &+ UInt64(byte - 0x30) }
        return value
    }
}
