import SimulationKernel

/// A seeded plan of IdP directory changes: daily churn over a number of virtual days.
public struct ChurnPlan: Sendable, Hashable {
    /// One scheduled change.
    public struct Entry: Sendable, Hashable {
        /// Virtual time since the run's start.
        public var time: Duration
        /// The change.
        public var change: DirectoryChange
    }

    /// The changes in time order (ties in the order drawn; the IdP applies same-time changes in this order).
    public var entries: [Entry]
    /// People hired (new, assigned, active).
    public var joiners: Int
    /// People deactivated.
    public var leavers: Int
    /// Profile changes (title and department) of active people.
    public var movers: Int
    /// Assigned, active people at the end: the SCIM members the organization must have.
    public var finalActive: Int
}

/// The `churn` benchmark's workload: a directory of `people` generated people, initially synced, then churning
/// by a daily rate for a number of virtual days, pushed through the World API (``World/schedule(_:at:tenant:)``)
/// until a `churn` scenario exists.
///
/// Each day `d` (0-based) brings `round(rate x active people)` changes at seeded times within the working day
/// (09:00 to 17:00 of day `d`, virtual time): 40 % leavers (deactivations of active people), 40 % joiners (hires
/// `joiner<k>@example.com`, assigned), 20 % movers (title and department updates). Choices are drawn from the
/// stream `workload` of the seed, so a plan is a pure function of its parameters.
public enum ChurnWorkload {
    /// The plan for `people` initial people, `days` days, daily churn `rate` (0.05 for 5 %).
    /// O(changes log changes-per-day).
    public static func plan(people: Int, days: Int, rate: Double, seed: UInt64) -> ChurnPlan {
        var random = SeededRandom(seed: seed, label: "workload")
        var active = Array(0..<max(0, people))
        var total = max(0, people)
        var plan = ChurnPlan(entries: [], joiners: 0, leavers: 0, movers: 0, finalActive: 0)
        let workStart: Int64 = 9 * 3_600_000
        let workSpan: Int64 = 8 * 3_600_000
        for day in 0..<max(0, days) {
            let count = Int((rate * Double(active.count)).rounded())
            // Times first, then the changes in time order, so that hires get the indices the plan tracks.
            var times: [Int64] = []
            for _ in 0..<count {
                times.append(Int64(day) * 86_400_000 + workStart + Int64(random.below(Int(workSpan))))
            }
            times.sort()
            for at in times {
                let kind = random.below(10)
                let change: DirectoryChange
                if kind < 4, active.count > 1 {
                    let slot = random.below(active.count)
                    let person = active[slot]
                    let last = active.removeLast()
                    if slot < active.count { active[slot] = last }
                    change = .deactivate(person: person)
                    plan.leavers += 1
                } else if kind < 8 {
                    let n = String(plan.joiners)
                    let login = "joiner" + n + "@example.com"
                    change = .hire(
                        DirectoryPerson(
                            userName: login, email: login, givenName: "Joiner" + n, familyName: "Day" + String(day),
                            externalId: "00j" + n),
                        assigned: true)
                    active.append(total)
                    total += 1
                    plan.joiners += 1
                } else {
                    let person = active[random.below(active.count)]
                    change = .updateProfile(
                        person: person, givenName: "Given" + String(person), familyName: "Family" + String(person),
                        department: "Dept" + String(random.below(50)), title: "Title day " + String(day))
                    plan.movers += 1
                }
                plan.entries.append(ChurnPlan.Entry(time: .milliseconds(at), change: change))
            }
        }
        plan.finalActive = active.count
        return plan
    }

    /// The run: an Okta (or Entra) initial sync of `people` generated people without faults, value mode; the
    /// churn is added to its world by ``prepare(_:plan:)``.
    public static func configuration(
        people: Int, identityProvider: IdentityProviderKind = .okta, seed: UInt64 = 11
    ) -> RunConfiguration {
        SyncWorkload.initialSync(identityProvider, people: people, faults: .none, seed: seed)
    }

    /// Builds the world of `configuration` and schedules every change of `plan` on it.
    /// - Throws: ``SimulationRunnerError/unsupportedScenario(_:)``.
    public static func prepare(_ configuration: RunConfiguration, plan: ChurnPlan) throws -> PreparedRun {
        let prepared = try PreparedRun(configuration)
        for entry in plan.entries { prepared.world.schedule(entry.change, at: entry.time) }
        return prepared
    }
}
