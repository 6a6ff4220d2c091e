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
        for person in people {
            hash.combine(person.userName)
            hash.combine(person.email)
            hash.combine(person.givenName)
            hash.combine(person.familyName)
            hash.combine(person.externalId)
            hash.combine(person.department ?? "\u{0}")
            hash.combine(person.title ?? "\u{0}")
            hash.combine(person.active ? 1 : 0)
            hash.combine(person.groups.count)
            for group in person.groups { hash.combine(group) }
        }
        return hash.value
    }
}

extension TraceRecorder {
    /// Records the run's first step, `world setup`, at virtual time zero: the number of people and the
    /// ``WorldConfiguration/directoryDigest`` (as the bit pattern of an `Int64`). The World and the bare-loop
    /// baseline both call this, so their trace hashes stay equal.
    func recordSetup(of configuration: WorldConfiguration) {
        record(
            atNanoseconds: 0, party: "world", kind: "setup", .int("people", configuration.people.count),
            .int("directory", Int(Int64(bitPattern: configuration.directoryDigest))))
    }
}
