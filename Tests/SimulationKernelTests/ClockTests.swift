import Foundation
import Testing

@testable import SimulationKernel

@Suite struct ClockTests {
    @Test func timersFireInDeadlineThenSequenceOrder() throws {
        let simulation = Simulation(seed: 1)
        let recorder = Recorder(simulation: simulation)
        // (label, delay in ms): equal deadlines must fire in the order the sleeps were scheduled.
        let plan: [(String, Int)] = [("c30", 30), ("a10", 10), ("b10", 10), ("d0", 0), ("e30", 30), ("f20", 20)]
        for (label, delay) in plan {
            simulation.spawn(label) { try? await recorder.sleepThenAppend(label, .milliseconds(delay)) }
        }
        let result = try simulation.run()
        #expect(recorder.assumeIsolatedLog() == ["d0", "a10", "b10", "f20", "c30", "e30"])
        #expect(result.virtualElapsed == .milliseconds(30))
        #expect(result.timersFired == 6)
    }

    @Test func virtualTimeIsMonotonicAcrossManySleepers() throws {
        let simulation = Simulation(seed: 2, options: .init(policy: .random))
        let times = Box<[Int64]>([])
        let actor = Recorder(simulation: simulation)
        for index in 0..<50 {
            simulation.spawn("sleeper\(index)") {
                var random = simulation.randomStream("sleeper\(index)")
                for _ in 0..<20 {
                    try? await simulation.clock.sleep(for: .microseconds(random.uniform(in: 0..<5_000)))
                    times.value.append(simulation.now.nanoseconds)
                    await actor.append("s")
                }
            }
        }
        let result = try simulation.run()
        #expect(times.value.count == 1_000)
        #expect(zip(times.value, times.value.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(result.virtualElapsed.simulationNanoseconds == times.value.last)
    }

    @Test func twentyFourHourVirtualSleepTakesMilliseconds() throws {
        func sleepRun(_ duration: Duration) throws -> (SimulationResult, SimulationInstant?) {
            let simulation = Simulation(seed: 3)
            let woke = Box<SimulationInstant?>(nil)
            simulation.spawn("sleeper") {
                try? await simulation.clock.sleep(for: duration)
                woke.value = simulation.now
            }
            return (try simulation.run(), woke.value)
        }
        let wallStart = ContinuousClock.now  // wall time in a test only, as a loose bound
        let (day, woke) = try sleepRun(.seconds(24 * 3600))
        let wall = ContinuousClock.now - wallStart
        let (second, _) = try sleepRun(.seconds(1))
        #expect(woke == SimulationInstant(offset: .seconds(86_400)))
        #expect(day.virtualElapsed == .seconds(86_400))
        #expect(day.steps == second.steps, "a sleep costs the same jobs whatever its virtual length")
        #expect(day.timersFired == 1)
        #expect(wall < .seconds(1))
    }

    @Test func cancellingASleeperWakesItWithCancellationErrorAndRemovesItsTimer() throws {
        let simulation = Simulation(seed: 4)
        let outcome = Box<String>("none")
        let wokeAt = Box<Int64>(-1)
        let sleeper = simulation.spawn("sleeper") {
            do {
                try await simulation.clock.sleep(for: .seconds(3600))
                outcome.value = "slept"
            } catch is CancellationError {
                outcome.value = "cancelled"
            } catch {
                outcome.value = "other"
            }
            wokeAt.value = simulation.now.nanoseconds
        }
        simulation.spawn("canceller") {
            try? await simulation.clock.sleep(for: .seconds(5))
            #expect(simulation.executor.pendingTimerCount == 1)
            sleeper.cancel()
            #expect(simulation.executor.pendingTimerCount == 0)
        }
        let result = try simulation.run()
        #expect(outcome.value == "cancelled")
        #expect(wokeAt.value == 5_000_000_000)
        #expect(result.virtualElapsed == .seconds(5), "the cancelled timer must not advance time to 1 h")
        #expect(result.ending == .quiescent)
    }

    @Test func cancellingASleepingChildTaskWakesItToo() throws {
        let simulation = Simulation(seed: 4)
        let outcomes = Box<[String]>([])
        simulation.spawn("parent") {
            await withTaskGroup(of: Void.self) { group in
                for child in 0..<3 {
                    group.addTask {
                        do {
                            try await simulation.clock.sleep(for: .seconds(100 + child))
                            outcomes.value.append("slept\(child)")
                        } catch {
                            outcomes.value.append("cancelled\(child)@\(simulation.now.nanoseconds)")
                        }
                    }
                }
                try? await simulation.clock.sleep(for: .seconds(2))
                group.cancelAll()
            }
        }
        let result = try simulation.run()
        #expect(outcomes.value.sorted() == ["cancelled0@2000000000", "cancelled1@2000000000", "cancelled2@2000000000"])
        #expect(result.virtualElapsed == .seconds(2))
        #expect(result.foreignEnqueues == 0)
    }

    @Test func sleepingAfterCancellationThrowsImmediately() throws {
        let simulation = Simulation(seed: 4)
        let outcome = Box<String>("none")
        simulation.spawn("self-cancel") {
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                try await simulation.clock.sleep(for: .seconds(1))
                outcome.value = "slept"
            } catch {
                outcome.value = "threw"
            }
        }
        let result = try simulation.run()
        #expect(outcome.value == "threw")
        #expect(result.virtualElapsed == .zero)
    }

    @Test func runUntilDeadlineStopsAndResumes() throws {
        let simulation = Simulation(seed: 6)
        let recorder = Recorder(simulation: simulation)
        simulation.spawn("late") { try? await recorder.sleepThenAppend("late", .seconds(10)) }
        let first = try simulation.run(until: .seconds(4))
        #expect(first.ending == .deadlineReached)
        #expect(first.virtualElapsed == .seconds(4))
        let second = try simulation.run()
        #expect(second.ending == .quiescent)
        #expect(second.virtualElapsed == .seconds(10))
        #expect(recorder.assumeIsolatedLog() == ["late"])
    }

    @Test func clockProtocolSleepAlsoUsesVirtualTime() throws {
        let simulation = Simulation(seed: 7)
        let woke = Box<Int64>(0)
        simulation.spawn("generic") {
            func genericSleep<C: Clock>(_ clock: C, _ duration: C.Duration) async throws {
                try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
            }
            try? await genericSleep(simulation.clock, .seconds(2))
            woke.value = simulation.now.nanoseconds
        }
        let result = try simulation.run()
        #expect(woke.value == 2_000_000_000)
        #expect(result.foreignEnqueues == 0)
    }

    /// `simulationNanoseconds` (one 128-by-64-bit division for ordinary durations) equals the definition through
    /// `components`, saturating at the bounds of `Int64`, for small, large, negative and extreme durations.
    @Test func simulationNanosecondsMatchesComponents() {
        func reference(_ d: Duration) -> Int64 {
            let (seconds, attoseconds) = d.components
            let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            if overflow { return seconds < 0 ? Int64.min : Int64.max }
            return scaled &+ attoseconds / 1_000_000_000
        }
        var random = SeededRandom(seed: 42)
        var cases: [Duration] = [
            .zero, .nanoseconds(1), .nanoseconds(999), .milliseconds(160_110), .seconds(86_400 * 365 * 200),
            .seconds(Int64.max / 1_000_000_000), .seconds(Int64.max / 1_000_000_000 + 1), .seconds(Int64.max),
            .nanoseconds(-1), .seconds(-5), .seconds(Int64.min),
            Duration(secondsComponent: 3, attosecondsComponent: 999),
        ]
        for _ in 0..<2_000 {
            cases.append(
                Duration(
                    secondsComponent: Int64(random.below(1 << 40)),
                    attosecondsComponent: Int64(random.below(1_000_000_000_000_000_000))))
        }
        for d in cases { #expect(d.simulationNanoseconds == reference(d), "\(d)") }
    }
}
