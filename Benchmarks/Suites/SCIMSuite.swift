import DirectorySync
import SCIM

extension SuiteSlots {
    static var scim: (any BenchmarkSuite)? { SCIMSuite() }
}

/// SCIM service speed on a 100,000-user store: `userName eq` lookups answered from the index, create, replace
/// (PUT) and PATCH per second, and the IdP's create + filter + PATCH cycle for one user, each in value mode and
/// in bytes mode (request bodies decoded and response bodies encoded by `JSONCodec`), side by side in one
/// process. The workloads live in `DirectorySync.SCIMWorkload`, where the tests also run them.
struct SCIMSuite: BenchmarkSuite {
    let name = "scim"
    let summary =
        "userName lookups in a 100k store; create/replace/patch per second; create+filter+PATCH, value vs bytes"

    struct SCIMBenchmarkError: Error, CustomStringConvertible {
        let description: String
    }

    func run(_ context: BenchmarkContext) throws {
        // Nothing to build when `--only` selects no row of this suite.
        let rows =
            WorkloadBodyMode.allCases.flatMap { mode in
                ["lookup", "create", "replace", "patch", "create-filter-patch"].map { $0 + "-" + mode.rawValue }
            } + ["lookup-index-only", "cycle", "store-build-100k"]
        guard rows.contains(where: { context.wants($0) }) else { return }
        let storeSize = context.scaled(100_000)
        // The 100,000-user store, built once in value mode (its build time is the first create figure).
        var store = SCIMWorkload.emptyService(capacity: storeSize + context.scaled(40_000))
        let creates = SCIMWorkload.createRequests(0..<storeSize, mode: .value)
        let built = timedWithCPU { SCIMWorkload.run(creates, on: &store, mode: .value) }
        guard built.value.succeeded == storeSize else {
            throw SCIMBenchmarkError(description: "store build created \(built.value.succeeded) of \(storeSize)")
        }
        let sizeExtra: [(String, ExtraValue)] = [("store_users", .int(storeSize))]
        var nextNewUser = storeSize
        for mode in WorkloadBodyMode.allCases {
            // Selected by `--only` with any part of a row name (`lookup`, `create-value`, `create-filter-patch-value`).
            let suffix = "-" + mode.rawValue
            if context.wants("lookup" + suffix) { try lookups(context, store: store, size: storeSize, mode: mode) }
            if context.wants("lookup-index-only"), mode == .value {
                try indexLookups(context, store: store, size: storeSize)
            }
            if context.wants("create" + suffix) { try createRate(context, mode: mode) }
            if context.wants("replace" + suffix) {
                try writeRate(context, "replace", store: &store, size: storeSize, mode: mode) { range, round in
                    SCIMWorkload.replaceRequests(range, title: "Title \(round)", mode: mode)
                }
            }
            if context.wants("patch" + suffix) {
                try writeRate(context, "patch", store: &store, size: storeSize, mode: mode) { range, round in
                    SCIMWorkload.patchRequests(range, active: round % 2 == 1, mode: mode)
                }
            }
            if context.wants("cycle") || context.wants("create-filter-patch" + suffix) {
                try cycle(context, store: &store, size: storeSize, next: &nextNewUser, mode: mode)
            }
        }
        context.add(
            "store-build-100k", metric: "creates_per_cpu_s", unit: "1/s",
            values: [Double(storeSize) / built.cpuSeconds], extra: sizeExtra)
    }

    private var load: [(String, ExtraValue)] {
        loadAverage().map { [("loadavg_1m", .double($0))] } ?? []
    }

    /// Indexed `userName eq` list requests over the whole store, in a scattered order (a stride coprime with the
    /// store size), every one finding its user.
    private func lookups(_ context: BenchmarkContext, store: SCIMService, size: Int, mode: WorkloadBodyMode) throws {
        let count = min(size, context.scaled(mode == .value ? 200_000 : 50_000))
        let stride = 7_919
        let requests = SCIMWorkload.lookupRequests((0..<count).lazy.map { ($0 &* stride) % size })
        var service = store
        let (wall, cpu) = try measuredRounds(runs: context.runs) { _ in
            let timing = timedWithCPU { SCIMWorkload.run(requests, on: &service, mode: mode) }
            guard timing.value.found == count else {
                throw SCIMBenchmarkError(description: "lookups found \(timing.value.found) of \(count)")
            }
            return (Double(count) / timing.seconds, Double(count) / timing.cpuSeconds)
        }
        let extra: [(String, ExtraValue)] = [
            ("mode", .text(mode.rawValue)), ("store_users", .int(size)), ("lookups", .int(count)),
        ]
        let target: [(String, ExtraValue)] = mode == .value ? [("target_min", .int(1_000_000))] : []
        context.add("lookup-\(mode.rawValue)", metric: "lookups_per_s", unit: "1/s", values: wall, extra: extra + load)
        context.add(
            "lookup-\(mode.rawValue)", metric: "cpu_lookups_per_s", unit: "1/s", values: cpu, extra: extra + target)
    }

    /// The userName index alone (`SCIMResourceTable.id(forUserName:)`, which lower-cases the name and hashes it),
    /// without the request, ListResponse and projection around it; same names and order as `lookups`.
    private func indexLookups(_ context: BenchmarkContext, store: SCIMService, size: Int) throws {
        let count = min(size, context.scaled(200_000))
        let stride = 7_919
        let names = (0..<count).map { SCIMWorkload.userName(($0 &* stride) % size) }
        let (wall, cpu) = try measuredRounds(runs: context.runs) { _ in
            let timing = timedWithCPU {
                var found = 0
                for name in names where store.users.id(forUserName: name) != nil { found += 1 }
                return found
            }
            guard timing.value == count else {
                throw SCIMBenchmarkError(description: "index lookups found \(timing.value) of \(count)")
            }
            return (Double(count) / timing.seconds, Double(count) / timing.cpuSeconds)
        }
        let extra: [(String, ExtraValue)] = [("store_users", .int(size)), ("lookups", .int(count))]
        context.add("lookup-index-only", metric: "lookups_per_s", unit: "1/s", values: wall, extra: extra + load)
        context.add(
            "lookup-index-only", metric: "cpu_lookups_per_s", unit: "1/s", values: cpu,
            extra: extra + [("target_min", .int(1_000_000))])
    }

    /// POST /Users into a fresh store (reserved capacity), per second.
    private func createRate(_ context: BenchmarkContext, mode: WorkloadBodyMode) throws {
        let count = context.scaled(mode == .value ? 50_000 : 20_000)
        let requests = SCIMWorkload.createRequests(0..<count, mode: mode)
        let (wall, cpu) = try measuredRounds(runs: context.runs) { _ in
            var service = SCIMWorkload.emptyService(capacity: count)
            let timing = timedWithCPU { SCIMWorkload.run(requests, on: &service, mode: mode) }
            guard timing.value.succeeded == count else {
                throw SCIMBenchmarkError(description: "creates succeeded \(timing.value.succeeded) of \(count)")
            }
            return (Double(count) / timing.seconds, Double(count) / timing.cpuSeconds)
        }
        let extra: [(String, ExtraValue)] = [("mode", .text(mode.rawValue)), ("creates", .int(count))]
        context.add("create-\(mode.rawValue)", metric: "creates_per_s", unit: "1/s", values: wall, extra: extra + load)
        context.add("create-\(mode.rawValue)", metric: "cpu_creates_per_s", unit: "1/s", values: cpu, extra: extra)
    }

    /// PUT or PATCH of existing users of the 100,000-user store, per second; each round writes a different value
    /// so every request really changes the resource.
    private func writeRate(
        _ context: BenchmarkContext, _ kind: String, store: inout SCIMService, size: Int, mode: WorkloadBodyMode,
        requests make: (Range<Int>, Int) -> [SCIMRequest]
    ) throws {
        let count = min(size, context.scaled(mode == .value ? 50_000 : 20_000))
        let (wall, cpu) = try measuredRounds(runs: context.runs) { repetition in
            let requests = make(0..<count, repetition)
            let timing = timedWithCPU { SCIMWorkload.run(requests, on: &store, mode: mode) }
            guard timing.value.succeeded == count else {
                throw SCIMBenchmarkError(description: "\(kind) succeeded \(timing.value.succeeded) of \(count)")
            }
            return (Double(count) / timing.seconds, Double(count) / timing.cpuSeconds)
        }
        let extra: [(String, ExtraValue)] = [
            ("mode", .text(mode.rawValue)), ("store_users", .int(size)), ("requests", .int(count)),
        ]
        let plural = kind == "patch" ? "patches" : kind + "s"  // replaces, patches
        context.add(
            "\(kind)-\(mode.rawValue)", metric: "\(plural)_per_s", unit: "1/s", values: wall, extra: extra + load)
        context.add("\(kind)-\(mode.rawValue)", metric: "cpu_\(plural)_per_s", unit: "1/s", values: cpu, extra: extra)
    }

    /// The IdP's per-user cycle (filter finds nothing, POST, PATCH) for new users added to the 100,000-user
    /// store, in microseconds per user. The lookup and create requests (the IdP's own work of building bodies) are
    /// built before the timed loop by `SCIMWorkload.cyclePlan`; the timed loop holds only the service's handling
    /// of the three requests and building the PATCH request around the id the create returned.
    private func cycle(
        _ context: BenchmarkContext, store: inout SCIMService, size: Int, next: inout Int, mode: WorkloadBodyMode
    ) throws {
        let count = context.scaled(mode == .value ? 5_000 : 2_000)
        let (wall, cpu) = try measuredRounds(runs: context.runs) { _ in
            let range = next..<(next + count)
            next += count
            let plan = SCIMWorkload.cyclePlan(range, mode: mode)
            let timing = timedWithCPU { SCIMWorkload.createFilterPatch(plan, on: &store, mode: mode) }
            guard timing.value.succeeded == 3 * count, timing.value.found == 0 else {
                throw SCIMBenchmarkError(description: "cycle succeeded \(timing.value.succeeded) of \(3 * count)")
            }
            return (timing.seconds * 1e6 / Double(count), timing.cpuSeconds * 1e6 / Double(count))
        }
        let extra: [(String, ExtraValue)] = [
            ("mode", .text(mode.rawValue)), ("store_users", .int(size)), ("users", .int(count)),
        ]
        let target: [(String, ExtraValue)] = mode == .value ? [("target_max", .int(10))] : []
        context.add(
            "create-filter-patch-\(mode.rawValue)", metric: "time_per_user", unit: "us", values: wall,
            extra: extra + load)
        context.add(
            "create-filter-patch-\(mode.rawValue)", metric: "cpu_time_per_user", unit: "us", values: cpu,
            extra: extra + target)
    }
}
