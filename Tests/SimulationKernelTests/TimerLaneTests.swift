import Testing

@testable import SimulationKernel

/// Timer lanes (TimerLanes.swift) fire timers in exactly the heap-only order: (deadline, insertion sequence),
/// whatever mix of lanes, out-of-order deadlines, cancellations and plain timers comes in.
@Suite struct TimerLaneTests {
    @Test func lanesKeepTheDeadlineThenSequenceOrder() throws {
        let simulation = Simulation(seed: 6)
        let executor = simulation.executor
        let log = DeferralLog(executor: executor)
        let laneA = executor.makeTimerLane()
        let laneB = executor.makeTimerLane()
        #expect(laneA != 0 && laneB != 0 && laneA != laneB)
        // (deadline, lane: 0 plain / 1 laneA / 2 laneB); tokens are the insertion order.
        let plan: [(Int64, Int)] = [
            (10, 1), (20, 1), (15, 1), (20, 2), (5, 2), (20, 0), (20, 1), (30, 2), (10, 0), (30, 1), (25, 2),
        ]
        var handles: [TimerHandle] = []
        for (token, (deadline, lane)) in plan.enumerated() {
            let tag = lane == 0 ? 0 : (lane == 1 ? laneA : laneB)
            handles.append(executor.schedule(atNanoseconds: deadline, target: log, token: token, lane: tag))
        }
        // Cancel a lane head (token 0) and a timer waiting inside a lane (token 9).
        #expect(executor.cancel(handles[0]))
        #expect(executor.cancel(handles[9]))
        _ = try simulation.run()
        let expected = plan.enumerated().filter { $0.offset != 0 && $0.offset != 9 }
            .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.offset)
        #expect(log.fired == expected)
        #expect(executor.pendingTimerCount == 0)
    }

    /// Timers a lane target schedules from inside its own callbacks, at the current instant and later, keep the
    /// order too, across several rounds of the same lane.
    @Test func lanesRefillWhileFiring() throws {
        let simulation = Simulation(seed: 7)
        let executor = simulation.executor
        let lane = executor.makeTimerLane()
        let log = DeferralLog(executor: executor)
        for round in 0..<3 {
            for index in 0..<40 {
                executor.schedule(
                    atNanoseconds: Int64(round * 100 + index / 3), target: log, token: round * 1000 + index,
                    lane: index % 2 == 0 ? lane : 0)
            }
            _ = try simulation.run(until: .nanoseconds(round * 100 + 50))
        }
        let expected = (0..<3).flatMap { round in (0..<40).map { round * 1000 + $0 } }
        #expect(log.fired == expected)
    }
}
