import SimulationKernel

extension Scenario {
    /// Departments and titles a mover moves to (invented).
    static let departments = ["Engineering", "Sales", "Marketing", "Finance", "Legal", "Support", "Research", "People"]
    /// See ``departments``.
    static let titles = ["Engineer", "Manager", "Analyst", "Director", "Specialist", "Associate", "Lead"]

    /// One change of a churn day before it is given its place in the plan.
    private enum ChurnChange {
        case join(DirectoryPerson)
        case move(Int)
        case leave(Int, DirectoryChange)
    }

    /// `churn`: every day, joiners, movers and leavers in proportion to the wanted people at the day's start,
    /// at uniform times in the day's change window. A hire's index is the directory's size when it is applied
    /// (steps run in time order), so later days may move or let go of people hired earlier.
    /// - Complexity: O(people + total changes * log(changes per day)).
    static func churn(_ p: ChurnParameters, context: ScenarioContext, random: inout SeededRandom) -> ScenarioPlan {
        var plan = ScenarioPlan(kind: .churn)
        plan.parts = [ScenarioKind.churn.rawValue]
        var pool = PersonPool(context.people)
        var hired: [DirectoryPerson] = []
        let initial = context.people.count
        let domain = context.people.first.flatMap(domainOf) ?? "example.com"
        let kinds = [p.joinerWeight, p.moverWeight, p.leaverWeight]
        let leaverKinds = [p.deactivateWeight, p.unassignWeight, p.deleteWeight]
        let windowStart = max(.zero, p.changeWindow.lowerBound)
        let windowLength = max(.zero, min(p.changeWindow.upperBound, .seconds(86_400)) - windowStart)
        var counts = (join: 0, move: 0, leave: 0)
        var joinerNumber = 0
        for day in 0..<max(0, p.days) {
            let dayStart = Duration.seconds(86_400) * day + windowStart
            let changes = share(pool.count, p.dailyRateBasisPoints)
            var today: [(time: Duration, change: ChurnChange)] = []
            today.reserveCapacity(changes)
            for _ in 0..<changes {
                let time = random.offset(dayStart, spread: windowLength)
                switch random.weighted(kinds) {
                case 0:
                    let n = joinerNumber
                    joinerNumber += 1
                    let login = "joiner\(n)@" + domain
                    let person = DirectoryPerson(
                        userName: login, email: login, givenName: "Joiner\(n)", familyName: "Churn",
                        externalId: "00uj\(n)", department: departments[random.below(departments.count)],
                        title: titles[random.below(titles.count)])
                    today.append((time, .join(person)))
                case 1:
                    guard let person = pool.pick(&random) else { continue }
                    today.append((time, .move(person)))
                default:
                    guard let person = pool.take(&random) else { continue }
                    let change: DirectoryChange
                    switch random.weighted(leaverKinds) {
                    case 0: change = .deactivate(person: person)
                    case 1: change = .unassign(person: person)
                    default: change = .delete(person: person)
                    }
                    today.append((time, .leave(person, change)))
                }
            }
            let ordered = today.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            var joinedToday: [Int] = []
            for (_, entry) in ordered {
                switch entry.change {
                case .join(let person):
                    joinedToday.append(initial + hired.count)
                    hired.append(person)
                    plan.add(entry.time, .change(.hire(person, assigned: true)))
                    counts.join += 1
                case .move(let index):
                    let current = index < initial ? context.people[index] : hired[index - initial]
                    plan.add(
                        entry.time,
                        .change(
                            .updateProfile(
                                person: index, givenName: current.givenName, familyName: current.familyName,
                                department: departments[random.below(departments.count)],
                                title: titles[random.below(titles.count)])))
                    counts.move += 1
                case .leave(_, let change):
                    plan.add(entry.time, .change(change))
                    counts.leave += 1
                }
            }
            for index in joinedToday { pool.insert(index) }
        }
        plan.hires = hired.count
        plan.note("churn.days", "\(max(0, p.days))")
        plan.note("churn.rate", "\(p.dailyRateBasisPoints)bp/day")
        plan.note("churn.joiners", "\(counts.join)")
        plan.note("churn.movers", "\(counts.move)")
        plan.note("churn.leavers", "\(counts.leave)")
        return plan
    }

    /// The domain of an email-like person, or `nil`.
    private static func domainOf(_ person: DirectoryPerson) -> String? {
        guard let at = person.email.lastIndex(of: "@") else { return nil }
        let domain = person.email[person.email.index(after: at)...]
        return domain.isEmpty ? nil : String(domain)
    }
}
