import DirectorySync
import SCIM
import Testing

/// The `scim` benchmark suite's workloads at tiny sizes: counts and digests, never time.
@Suite struct BenchmarkSCIMTests {
    /// Builds a store of `size` users in `mode` and checks every create succeeded.
    private func store(_ size: Int, mode: WorkloadBodyMode) -> (SCIMService, SCIMWorkloadTally) {
        var service = SCIMWorkload.emptyService(capacity: size)
        let tally = SCIMWorkload.run(SCIMWorkload.createRequests(0..<size, mode: mode), on: &service, mode: mode)
        return (service, tally)
    }

    @Test func storeBuildCreatesEveryUserWithSequentialIDs() {
        let (service, tally) = store(50, mode: .value)
        #expect(tally.requests == 50)
        #expect(tally.succeeded == 50)
        #expect(service.users.count == 50)
        #expect(service.users.id(forUserName: SCIMWorkload.userName(49)) == SCIMWorkload.sequentialUserID(49))
        #expect(SCIMWorkload.sequentialUserID(0) == "u-0001")
    }

    @Test func lookupsFindEveryUserAndMissesFindNone() {
        var (service, _) = store(40, mode: .value)
        let hits = SCIMWorkload.run(SCIMWorkload.lookupRequests(0..<40), on: &service, mode: .value)
        #expect(hits.found == 40)
        #expect(hits.succeeded == 40)
        let misses = SCIMWorkload.run(SCIMWorkload.lookupRequests(40..<45), on: &service, mode: .value)
        #expect(misses.found == 0)
        #expect(misses.succeeded == 5)
    }

    @Test func valueAndBytesModesDoTheSameWork() {
        var tallies: [WorkloadBodyMode: SCIMWorkloadTally] = [:]
        for mode in WorkloadBodyMode.allCases {
            var (service, created) = store(30, mode: mode)
            var total = created
            let replaced = SCIMWorkload.run(
                SCIMWorkload.replaceRequests(0..<30, title: "T", mode: mode), on: &service, mode: mode)
            let patched = SCIMWorkload.run(
                SCIMWorkload.patchRequests(0..<30, active: false, mode: mode), on: &service, mode: mode)
            let cycle = SCIMWorkload.createFilterPatch(30..<40, on: &service, mode: mode)
            #expect(replaced.succeeded == 30)
            #expect(patched.succeeded == 30)
            #expect(cycle.requests == 30)
            #expect(cycle.succeeded == 30)
            #expect(cycle.found == 0)
            #expect(service.users.count == 40)
            #expect(service.resource(.user, id: SCIMWorkload.sequentialUserID(5))?.object["active"] == false)
            #expect(service.resource(.user, id: SCIMWorkload.sequentialUserID(5))?.object["title"] == "T")
            for part in [replaced, patched, cycle] {
                total.requests += part.requests
                total.succeeded += part.succeeded
                total.found += part.found
                total.responseBytes += part.responseBytes
                total.digest.combine(part.digest.value)
            }
            tallies[mode] = total
        }
        let value = tallies[.value]
        let bytes = tallies[.bytes]
        #expect(value?.traceHashHex == bytes?.traceHashHex)
        #expect(value?.requests == 120)
        #expect(value?.responseBytes == 0)
        #expect((bytes?.responseBytes ?? 0) > 120 * 100)
    }

    @Test func theSameCallsGiveTheSameDigest() {
        var first = SCIMWorkload.emptyService(capacity: 10)
        var second = SCIMWorkload.emptyService(capacity: 10)
        let a = SCIMWorkload.createFilterPatch(0..<10, on: &first, mode: .value)
        let b = SCIMWorkload.createFilterPatch(0..<10, on: &second, mode: .value)
        #expect(a == b)
        let c = SCIMWorkload.createFilterPatch(10..<20, on: &second, mode: .value)
        #expect(c.traceHashHex != a.traceHashHex)
    }
}
