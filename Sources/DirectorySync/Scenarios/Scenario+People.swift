import SimulationKernel

extension Scenario {
    /// `reactivation`: people leave (deactivated, or unassigned) and some return after a log-uniform gap.
    static func reactivation(_ p: ReactivationParameters, context: ScenarioContext, random: inout SeededRandom)
        -> ScenarioPlan
    {
        var plan = ScenarioPlan(kind: .reactivation)
        plan.parts = [ScenarioKind.reactivation.rawValue]
        let pool = PersonPool(context.people)
        let chosen = pool.sample(share(pool.count, p.fractionBasisPoints), &random)
        let start = context.time(p.start)
        var returned = 0
        for person in chosen {
            let leaveAt = random.offset(start, spread: p.spread)
            let unassign = random.chance(p.unassignBasisPoints, outOf: 10_000)
            plan.add(leaveAt, .change(unassign ? .unassign(person: person) : .deactivate(person: person)))
            guard random.chance(p.reactivatedBasisPoints, outOf: 10_000) else { continue }
            let back = leaveAt + random.logUniform(p.gap)
            plan.add(back, .change(unassign ? .assign(person: person) : .reactivate(person: person)))
            returned += 1
        }
        plan.note("reactivation.left", "\(chosen.count)")
        plan.note("reactivation.returned", "\(returned)")
        plan.note("reactivation.start", FaultPlan.ms(start))
        return plan
    }

    /// `email-rename`: people get a new login and email (or the same in other letter case).
    static func emailRename(_ p: EmailRenameParameters, context: ScenarioContext, random: inout SeededRandom)
        -> ScenarioPlan
    {
        var plan = ScenarioPlan(kind: .emailRename)
        plan.parts = [ScenarioKind.emailRename.rawValue]
        let pool = PersonPool(context.people)
        let chosen = pool.sample(share(pool.count, p.fractionBasisPoints), &random)
        let start = context.time(p.start)
        var caseOnly = 0
        for (k, person) in chosen.enumerated() {
            let at = random.offset(start, spread: p.spread)
            let old = context.people[person]
            let change: DirectoryChange
            if random.chance(p.caseOnlyBasisPoints, outOf: 10_000) {
                change = .rename(person: person, userName: caseVariant(old.userName), email: caseVariant(old.email))
                caseOnly += 1
            } else {
                change = .rename(
                    person: person, userName: renamed(old.userName, k), email: renamed(old.email, k))
            }
            plan.add(at, .change(change))
        }
        plan.note("rename.people", "\(chosen.count)")
        plan.note("rename.case-only", "\(caseOnly)")
        plan.note("rename.start", FaultPlan.ms(start))
        return plan
    }

    /// `count * basisPoints / 10,000`, rounded half up, at least 1 when both are positive.
    static func share(_ count: Int, _ basisPoints: Int) -> Int {
        guard count > 0, basisPoints > 0 else { return 0 }
        return max(1, (count * min(basisPoints, 10_000) + 5_000) / 10_000)
    }

    /// `local@domain` becomes `local.r<k>@domain` (`<address>.r<k>` without an `@`).
    static func renamed(_ address: String, _ k: Int) -> String {
        guard let at = address.lastIndex(of: "@") else { return address + ".r\(k)" }
        return String(address[..<at]) + ".r\(k)" + String(address[at...])
    }

    /// The same address in other letter case: the local part upper-cased and the domain capitalised (e.g.
    /// `user3@example.com` becomes `USER3@Example.com`).
    static func caseVariant(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address.uppercased() }
        let domain = address[address.index(after: at)...]
        return address[..<at].uppercased() + "@" + domain.prefix(1).uppercased() + domain.dropFirst()
    }
}
