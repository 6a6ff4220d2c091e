import Testing

@testable import SimulationKernel

/// A simulated actor that waits on its own mailbox (an actor-isolated receive).
actor Inbox: SimulatedActor {
    nonisolated let simulation: Simulation
    let mailbox = Mailbox<Int>()
    private(set) var outcome = "none"

    init(simulation: Simulation) {
        self.simulation = simulation
    }

    func waitForOne() async {
        do {
            let message = try await mailbox.receive()
            outcome = "got\(message)"
        } catch {
            outcome = "cancelled@\(simulation.now.nanoseconds)"
        }
    }
}

@Suite struct CancellationTests {
    @Test func cancellingAReceiverWakesItAtTheCancellersStepAndConsumesNothing() throws {
        let simulation = Simulation(seed: 1)
        let mailbox = Mailbox<Int>()
        let outcome = Box<String>("none")
        let receiver = simulation.spawn("receiver") {
            do {
                let message = try await mailbox.receive()
                outcome.value = "got\(message)"
            } catch {
                outcome.value = "cancelled@\(simulation.now.nanoseconds)"
            }
        }
        let later = Box<Int?>(nil)
        simulation.spawn("canceller") {
            try? await simulation.clock.sleep(for: .seconds(5))
            #expect(mailbox.waitingReceivers == 1)
            receiver.cancel()
            #expect(mailbox.waitingReceivers == 0, "the cancelled receiver left the queue at once")
            mailbox.deliver(7)
            #expect(mailbox.count == 1, "a message delivered after the cancel is buffered, not lost")
            later.value = try? await mailbox.receive()
        }
        let result = try simulation.run()
        #expect(outcome.value == "cancelled@5000000000")
        #expect(later.value == 7)
        #expect(result.ending == .quiescent)
        #expect(result.virtualElapsed == .seconds(5))
    }

    @Test func anAlreadyCancelledReceiverThrowsUnlessAMessageIsBuffered() throws {
        let simulation = Simulation(seed: 2)
        let mailbox = Mailbox<Int>()
        let outcomes = Box<[String]>([])
        simulation.spawn("self-cancel") {
            mailbox.deliver(1)
            withUnsafeCurrentTask { $0?.cancel() }
            for _ in 0..<2 {
                do {
                    outcomes.value.append("got\(try await mailbox.receive())")
                } catch {
                    outcomes.value.append("threw")
                }
            }
        }
        _ = try simulation.run()
        #expect(outcomes.value == ["got1", "threw"])
    }

    @Test func cancellingAnActorIsolatedReceiveAndAChildTaskReceive() throws {
        let simulation = Simulation(seed: 3)
        let inbox = Inbox(simulation: simulation)
        let mailbox = Mailbox<Int>()
        let children = Box<[String]>([])
        let waiter = simulation.spawn("inbox-waiter") { await inbox.waitForOne() }
        simulation.spawn("group") {
            await withTaskGroup(of: Void.self) { group in
                for child in 0..<2 {
                    group.addTask {
                        do {
                            _ = try await mailbox.receive()
                            children.value.append("got\(child)")
                        } catch {
                            children.value.append("cancelled\(child)@\(simulation.now.nanoseconds)")
                        }
                    }
                }
                try? await simulation.clock.sleep(for: .seconds(2))
                group.cancelAll()
            }
        }
        simulation.spawn("canceller") {
            try? await simulation.clock.sleep(for: .seconds(3))
            waiter.cancel()
        }
        let result = try simulation.run()
        #expect(children.value.sorted() == ["cancelled0@2000000000", "cancelled1@2000000000"])
        #expect(mailbox.waitingReceivers == 0)
        let state = Box<String>("")
        simulation.spawn("read") { state.value = await inbox.outcome }
        _ = try simulation.run()
        #expect(state.value == "cancelled@3000000000")
        #expect(result.foreignEnqueues == 0)
    }

    @Test func cancellingSleepersAndAReceiverFromInsideTheSimulationIsReproducible() throws {
        func run(seed: UInt64) throws -> (SimulationResult, [String]) {
            let simulation = Simulation(seed: seed, options: .init(policy: .random))
            let recorder = Recorder(simulation: simulation)
            let link = Link<Int>("events", simulation: simulation)
            var sleepers: [Task<Void, Never>] = []
            for index in 0..<4 {
                sleepers.append(
                    simulation.spawn("sleeper\(index)") {
                        do {
                            try await simulation.clock.sleep(for: .seconds(10 + index))
                            await recorder.append("slept\(index)")
                        } catch {
                            await recorder.append("cancelled\(index)")
                        }
                    })
            }
            let receiver = simulation.spawn("receiver") {
                while let message = try? await link.receive() { await recorder.append("got\(message)") }
                await recorder.append("receiver-cancelled")
            }
            let targets = sleepers
            simulation.spawn("canceller") {
                link.send(1)
                try? await simulation.clock.sleep(for: .seconds(1))
                targets[1].cancel()
                targets[3].cancel()
                receiver.cancel()
            }
            let result = try simulation.run()
            return (result, recorder.assumeIsolatedLog())
        }
        let (first, log) = try run(seed: 11)
        #expect(log.sorted() == ["cancelled1", "cancelled3", "got1", "receiver-cancelled", "slept0", "slept2"])
        #expect(first.virtualElapsed == .seconds(12))
        #expect(first.ending == .quiescent)
        let (again, againLog) = try run(seed: 11)
        #expect(again == first)
        #expect(againLog == log)
    }
}
