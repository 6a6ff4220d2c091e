import Testing

@testable import SimulationKernel

/// Kernel holds (TimerTarget+Holds.swift): a target whose owner let go stays alive exactly while callbacks to it are
/// pending, is never released during its own callback, and is freed after the last one.
@Suite struct KernelHoldTests {
    /// Timers and a deferred callback keep a target nobody else holds alive; the last callback frees it.
    @Test func pendingCallbacksKeepAnUnownedTargetAlive() throws {
        let simulation = Simulation(seed: 3)
        weak var weakLog: DeferralLog?
        do {
            let log = DeferralLog(executor: simulation.executor)
            log.plan = [(5, 2)]
            weakLog = log
            simulation.executor.schedule(atNanoseconds: 10, target: log, token: 1)
            simulation.executor.schedule(atNanoseconds: 20, target: log, token: -1)
            #expect(log.kernelHolds == 2)
        }
        #expect(weakLog != nil)
        #expect(try simulation.run(until: .nanoseconds(15)).ending == .deadlineReached)
        #expect(weakLog?.fired == [1])
        #expect(weakLog?.kernelHolds == 1)
        // The token -1 timer defers token 5 from inside its own callback: the hold count never reaches zero there.
        _ = try simulation.run()
        #expect(weakLog == nil)
    }

    /// A cancelled timer and a teardown give their holds back too.
    @Test func cancelAndTeardownGiveHoldsBack() throws {
        let simulation = Simulation(seed: 4)
        weak var weakLog: DeferralLog?
        do {
            let log = DeferralLog(executor: simulation.executor)
            weakLog = log
            let handle = simulation.executor.schedule(atNanoseconds: 10, target: log, token: 1)
            simulation.executor.schedule(atNanoseconds: 30, target: log, token: 2)
            #expect(simulation.executor.cancel(handle))
            #expect(log.kernelHolds == 1)
        }
        #expect(weakLog != nil)
        simulation.shutdown()
        #expect(weakLog == nil)
    }

    /// A target its owner still holds is retained once by the kernel however many callbacks are pending.
    @Test func holdsCountCallbacksWhileTheOwnerKeepsTheTarget() throws {
        let simulation = Simulation(seed: 5)
        let log = DeferralLog(executor: simulation.executor)
        for token in 0..<4 { simulation.executor.schedule(atNanoseconds: Int64(token), target: log, token: token) }
        #expect(log.kernelHolds == 4)
        _ = try simulation.run()
        #expect(log.fired == [0, 1, 2, 3])
        #expect(log.kernelHolds == 0)
    }
}
