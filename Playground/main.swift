import DirectorySync
import Foundation

let args = CommandLine.arguments
let n = args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000
let idp: IdentityProviderKind = args.count > 2 && args[2] == "entra" ? .entra : .okta
let faults: FaultSelection = args.count > 3 && args[3] == "swarm" ? .swarm : .none
let reference = args.count > 4 && args[4] == "ref"
var c = RunConfiguration(seed: 7, identityProvider: idp, people: .generated(count: n), faults: faults)
if reference {
    c.idpConcurrency = 10; c.idpLinkLatency = .milliseconds(40); c.webhookWindow = 4; c.organizationLinkLatency = .milliseconds(30)
}
if args.count > 5 { c.tracePath = args[5] }
let t0 = Date()
let r = try SimulationRunner.run(c, progress: nil)
let wall = Date().timeIntervalSince(t0)
print("n=\(n) idp=\(idp) wall=\(wall) virtual=\(r.virtualDuration) conv=\(String(describing: r.convergenceTime)) converged=\(r.converged) steps=\(r.steps) members=\(r.organizationMembers) hash=\(r.traceHashHex) ending=\(r.ending)")
print(r.requests.map { "\($0.method) \($0.status) \($0.count)" }, r.events.map { "\($0.key) \($0.count)" }, r.webhooks, r.violations, r.faultSettings.map { "\($0.key)=\($0.value)" })
