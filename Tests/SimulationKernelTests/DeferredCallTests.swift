import Testing

@testable import SimulationKernel

/// A timer target that logs the tokens it is called (or told of a discard) with, and at a timer defers the calls
/// it was given (token, turns) in order.
final class DeferralLog: TimerTarget, @unchecked Sendable {
    let executor: SimulationExecutor
    var plan: [(token: Int, turns: Int)] = []
    var fired: [Int] = []
    var discarded: [Int] = []

    init(executor: SimulationExecutor) {
        self.executor = executor
        super.init()
    }

    override func timerFired(token: Int) {
        if token < 0 {
            for entry in plan { executor.deferCall(self, token: entry.token, turns: entry.turns) }
            return
        }
        fired.append(token)
    }

    override func timerDiscarded(token: Int) {
        discarded.append(token)
    }
}

@Suite struct DeferredCallTests {
    /// Each turn but the last puts a callback back at the end of the ready queue, so a callback deferred with more
    /// turns runs after one deferred later with fewer; each call is a step, a relay turn is not.
    @Test func turnsDelayACallbackBehindLaterOnes() throws {
        let simulation = Simulation(seed: 1)
        let log = DeferralLog(executor: simulation.executor)
        log.plan = [(1, 3), (2, 2), (3, 1), (4, 1), (5, 0)]
        simulation.executor.schedule(atNanoseconds: 0, target: log, token: -1)
        let result = try simulation.run()
        // Turn 1: 1 and 2 go round, 3, 4 and 5 (0 counts as 1) run; turn 2: 1 goes round, 2 runs; turn 3: 1 runs.
        #expect(log.fired == [3, 4, 5, 2, 1])
        #expect(log.discarded.isEmpty)
        #expect(result.steps == 5)
        #expect(simulation.executor.readyCount == 0)
    }

    /// A run stopped while callbacks still wait for their turns leaves them to the teardown, which tells their
    /// targets with `timerDiscarded` instead of calling them.
    @Test func teardownDiscardsCallbacksStillWaitingForTurns() throws {
        let simulation = Simulation(seed: 2)
        let log = DeferralLog(executor: simulation.executor)
        log.plan = [(7, 2), (8, 1)]
        simulation.executor.schedule(atNanoseconds: 0, target: log, token: -1)
        let stopped = try simulation.run(stopWhen: { true })
        #expect(stopped.ending == .stopConditionMet)
        #expect(log.fired.isEmpty)
        simulation.shutdown()
        #expect(log.fired.isEmpty)
        #expect(log.discarded.sorted() == [7, 8])
        #expect(simulation.executor.readyCount == 0)
    }
}
