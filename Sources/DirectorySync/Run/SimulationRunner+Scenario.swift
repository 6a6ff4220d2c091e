extension SimulationRunner {
    /// The plan of the run's scenario for `world` (its people, IdP and estimated initial sync), from
    /// ``Scenario/plan(_:seed:parameters:context:)``. Pure: the same configuration gives the same plan.
    public static func scenarioPlan(_ run: RunConfiguration, world: WorldConfiguration) -> ScenarioPlan {
        Scenario.plan(
            run.scenario, seed: run.seed, parameters: run.scenarioParameters ?? ScenarioParameters(),
            context: ScenarioContext(world))
    }

    /// Installs the script of the run's scenario into `world` (before it runs): its IdP changes, admin
    /// actions and webhook outages (see ``ScenarioPlan/install(in:tenant:)``). Every world already enables SCIM
    /// at virtual time 0, which starts the IdP's initial sync, so `initial-sync` adds nothing.
    /// - Returns: the installed plan.
    @discardableResult
    static func installScenario(_ scenario: ScenarioKind, in world: World, run: RunConfiguration) throws
        -> ScenarioPlan
    {
        var run = run
        run.scenario = scenario
        let plan = scenarioPlan(run, world: world.configuration)
        plan.install(in: world)
        return plan
    }

    /// Applies what the scenario changes in the world's configuration before the world is built
    /// (``Scenario/configure(_:seed:parameters:world:)``: the broker's SCIM rate limit and Entra's pace for
    /// `rate-limiting`), unless the run sets its own ``RunConfiguration/rateLimitPerSecond``. O(1).
    static func applyScenario(_ run: RunConfiguration, to world: inout WorldConfiguration) {
        guard run.rateLimitPerSecond == nil else { return }
        Scenario.configure(
            run.scenario, seed: run.seed, parameters: run.scenarioParameters ?? ScenarioParameters(), world: &world)
    }
}
