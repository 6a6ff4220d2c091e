import DirectorySync
import SimulationKernel
import Testing

@Suite struct WorldSmokeTests {
    @Test func tenPeopleOkta() throws {
        var configuration = WorldConfiguration(seed: 1, people: WorldConfiguration.generatedPeople(10))
        configuration.broker.webhooks.maxInFlightPerEndpoint = 4
        let world = World(configuration)
        let outcome = try world.run()
        print(outcome, world.broker.requestTable(), world.tenants[0].organization.box.state.memberCount)
        #expect(outcome.converged)
    }
}
