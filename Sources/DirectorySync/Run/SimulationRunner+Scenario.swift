extension SimulationRunner {
    /// Installs the script of `scenario` into `world` (before it runs). Every world already enables SCIM at
    /// virtual time 0, which starts the IdP's initial sync, so `initial-sync` needs nothing more.
    ///
    /// Extension point: the other scenarios schedule their IdP changes and admin actions with
    /// ``World/schedule(_:at:tenant:)-(DirectoryChange,_,_)``, ``World/schedule(_:at:tenant:)-(AdminAction,_,_)``
    /// and ``World/scheduleWebhookOutage(_:tenant:)``, drawing their choices from
    /// `SeededRandom(seed: run.seed, label: "workload")`.
    /// - Throws: ``SimulationRunnerError/unsupportedScenario(_:)`` for a scenario without a script yet.
    static func installScenario(_ scenario: ScenarioKind, in world: World, run: RunConfiguration) throws {
        switch scenario {
        case .initialSync:
            return
        case .churn, .reactivation, .emailRename, .resetDuringSync, .webhookOutage, .rateLimiting, .tokenRotation,
            .mix:
            throw SimulationRunnerError.unsupportedScenario(scenario.rawValue)
        }
    }
}
