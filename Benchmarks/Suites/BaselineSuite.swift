import DirectorySync

extension SuiteSlots {
    static var baseline: (any BenchmarkSuite)? { BaselineSuite() }
}

/// The price of the actor model: the Okta initial sync in the reference configuration (`SyncWorkload.reference`)
/// run by the actor engine (`World`) and by `BareLoopSync`, a bare priority-queue event loop calling the same
/// state machines and invariant checks without actors or the executor; the two must give the same trace hash.
/// Runs alternate in one process; the ratio is actor-engine time over bare-loop time (target at most 1.5).
/// Sizes: 10,000 and 100,000 people (times `--scale`); 100,000 runs once.
struct BaselineSuite: BenchmarkSuite {
    let name = "baseline"
    let summary = "Okta reference initial sync: actor engine vs a bare event loop (same trace hash); time ratio"

    func run(_ context: BenchmarkContext) throws {
        for size in [10_000, 100_000] {
            let people = context.scaled(size)
            let label = "okta-reference-\(RunMeasurement.sizeLabel(people))"
            guard context.wants(label) else { continue }
            try compare(context, label: label, people: people)
        }
    }

    private func compare(_ context: BenchmarkContext, label: String, people: Int) throws {
        let configuration = SyncWorkload.reference(people: people)
        let repetitions = people >= 50_000 ? 1 : max(1, min(context.runs, 3))
        var actorWall: [Double] = []
        var actorCPU: [Double] = []
        var bareWall: [Double] = []
        var bareCPU: [Double] = []
        var actorHash = ""
        var bareHash = ""
        var steps = 0
        var events = 0
        for repetition in 0...repetitions {
            if repetition == 0 && people >= 50_000 { continue }  // no warm-up for the large size
            let actor = try RunMeasurement.measure(configuration, label: label)
            let bare = try BareLoopSync(configuration)
            let timing = timedWithCPU { bare.run() }
            guard timing.value.converged else {
                throw RunMeasurement.Failure(description: "\(label): the bare loop did not converge")
            }
            actorHash = actor.report.traceHashHex
            bareHash = timing.value.traceHashHex
            steps = Int(actor.report.steps)
            events = Int(timing.value.events)
            if repetition == 0 { continue }
            actorWall.append(actor.seconds)
            actorCPU.append(actor.cpuSeconds)
            bareWall.append(timing.seconds)
            bareCPU.append(timing.cpuSeconds)
        }
        guard actorHash == bareHash else {
            throw RunMeasurement.Failure(
                description: "\(label): trace hashes differ: actors \(actorHash), bare \(bareHash)")
        }
        let shared: [(String, ExtraValue)] = [("people", .int(people)), ("trace_hash", .text(actorHash))]
        context.add(
            label + "-actors", metric: "wall_s", unit: "s", values: actorWall,
            extra: shared + [("steps", .int(steps))] + RunMeasurement.load)
        context.add(label + "-actors", metric: "cpu_s", unit: "s", values: actorCPU)
        context.add(
            label + "-bare-loop", metric: "wall_s", unit: "s", values: bareWall,
            extra: shared + [("events", .int(events))])
        context.add(label + "-bare-loop", metric: "cpu_s", unit: "s", values: bareCPU)
        let same: [(String, ExtraValue)] = [
            ("same_trace_hash", .bool(actorHash == bareHash)), ("target_max", .double(1.5)),
        ]
        context.add(
            label, metric: "actors_over_bare_loop", unit: "ratio", values: zip(actorWall, bareWall).map { $0 / $1 },
            extra: same)
        context.add(
            label, metric: "cpu_actors_over_bare_loop", unit: "ratio", values: zip(actorCPU, bareCPU).map { $0 / $1 })
    }
}
