import SimulationKernel

extension WorldConfiguration {
    /// A stable 64-bit digest of the IdP's directory as the run starts: every person's userName, email, given
    /// and family name, externalId, department, title, active flag and groups, in directory order, folded with
    /// the kernel's in-house ``StableHash`` (never `Hasher`, which is seeded per process).
    ///
    /// The world records it as the first trace step (`world setup`), so two runs whose directories differ in
    /// anything but their size get different trace hashes even when they send the same number of requests.
    /// O(total text length).
    public var directoryDigest: UInt64 {
        var hash = StableHash(seed: 0x5C1)
        hash.combine(people.count)
        // Fields are read in place through the buffer (no copy of each person: that would retain and release
        // every string and the groups array).
        people.withUnsafeBufferPointer { people in
            for index in people.indices {
                hash.combine(people[index].userName)
                hash.combine(people[index].email)
                hash.combine(people[index].givenName)
                hash.combine(people[index].familyName)
                hash.combine(people[index].externalId)
                if let department = people[index].department { hash.combine(department) } else { hash.combine("\u{0}") }
                if let title = people[index].title { hash.combine(title) } else { hash.combine("\u{0}") }
                hash.combine(people[index].active ? 1 : 0)
                hash.combine(people[index].groups.count)
                for group in people[index].groups { hash.combine(group) }
            }
        }
        return hash.value
    }
}

extension TraceRecorder {
    /// Records the run's first step, `world setup`, at virtual time zero: the number of people and the
    /// ``WorldConfiguration/directoryDigest`` (as the bit pattern of an `Int64`; the world computes it once when it
    /// is built and passes it in as `directoryDigest`). The World and the bare-loop baseline both call this, so
    /// their trace hashes stay equal.
    func recordSetup(of configuration: WorldConfiguration, directoryDigest: UInt64) {
        record(
            atNanoseconds: 0, party: "world", kind: "setup", .int("people", configuration.people.count),
            .int("directory", Int(Int64(bitPattern: directoryDigest))))
    }
}
