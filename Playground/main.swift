// SCIMSim Playground: `swift run Playground`.
//
// A small, deterministic story you can edit and run again. An identity provider (Okta) holds a few people;
// the organization's Primary Owner enables SCIM (which creates a directory at the broker and hands its endpoint
// and bearer token to the IdP); the IdP provisions everyone; later one person is deactivated in the IdP; then
// the Primary Owner resets the directory and sets SCIM up again. Everything runs in virtual time on one seeded
// scheduler, so the same seed prints the same timeline, step for step, on every machine.
import DirectorySync
import SimulationKernel

// 1. The world: a seed, an IdP profile and its people (user0@example.com, user1@example.com, ...).
//    Try .entra instead of .okta, more people, or another seed.
var configuration = WorldConfiguration(
    seed: 42, identityProvider: .okta, people: WorldConfiguration.generatedPeople(3))
configuration.traceSink = .memory  // keep every trace step, to print the timeline below
configuration.enableSCIMAtStart = false  // we script the setup ourselves, below
let world = World(configuration)

// 2. The script, in virtual time (steps at the same time run in the order scheduled).
func minutes(_ n: Int) -> Duration { .seconds(60 * n) }
world.schedule(AdminAction.enableSCIM(by: .primaryOwner), at: .zero)  // "Add SCIM": starts the initial sync
world.schedule(DirectoryChange.deactivate(person: 1), at: minutes(10))  // user1 leaves the company
world.schedule(AdminAction.resetSCIM(by: .primaryOwner, confirmation: "Reset"), at: minutes(20))
world.schedule(AdminAction.enableSCIM(by: .primaryOwner), at: minutes(30))  // set up again: a full resync

// 3. Run until the organization matches the IdP with nothing in flight (or an invariant breaks).
let outcome = try world.run()

// 4. The timeline: every step each party took, with its virtual time.
let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
func describe(_ event: TraceEvent) -> String {
    event.fields.map { field -> String in
        if field.name == "method", case .int(let code) = field.value, methods.indices.contains(Int(code)) {
            return methods[Int(code)]
        }
        return "\(field.name)=\(field.value)"
    }.joined(separator: " ")
}
func clock(_ nanoseconds: Int64) -> String {  // virtual time as 12m03.040s
    let milliseconds = Int(nanoseconds / 1_000_000)
    let (minutes, rest) = milliseconds.quotientAndRemainder(dividingBy: 60_000)
    func pad(_ value: Int, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
    }
    return pad(minutes, 2) + "m" + pad(rest / 1000, 2) + "." + pad(rest % 1000, 3) + "s"
}
// Steps: idp request/response (a SCIM call and its answer), broker scim (the broker answering it), broker
// deliver/delivered (a webhook attempt with the broker's event number, and its acknowledgement), org consume
// (the organization applying a webhook), admin action (a console action).
print("time        party   step       details")
for event in world.simulation.trace.events {
    let party = event.party.padding(toLength: 7, withPad: " ", startingAt: 0)
    let kind = event.kind.padding(toLength: 10, withPad: " ", startingAt: 0)
    print(
        clock(event.virtualNanoseconds).padding(toLength: 11, withPad: " ", startingAt: 0), party, kind, describe(event)
    )
}

// 5. Where everyone ended up.
print("\nadmin log:")
for entry in world.adminLog {
    print(
        "  \(clock(entry.time.simulationNanoseconds))  \(entry.action.name)",
        entry.refusal.map { "refused: \($0)" } ?? "")
}
let organization = world.tenants[0].organization.box.state
print("\norganization members:")
for member in organization.members {
    print("  \(member.email)  role=\(member.role.rawValue)  linked=\(member.directoryUserID != nil)")
}
print(
    "\nending: \(outcome.ending), converged at \(outcome.convergenceTime.map { clock($0.simulationNanoseconds) } ?? "-"),",
    "\(outcome.result.steps) steps, trace hash \(outcome.result.traceHashHex)")
