/// The one-pass form of ``SCIMResourceInput/storedForm(of:identityRoom:)`` for a body whose members are all kept as
/// sent or ignored: what every IdP sends (Okta's and Entra's creates, scim-protocol.md section 2).
extension SCIMResourceInput {
    /// One member of a stored object.
    typealias Member = (key: String, value: JSONValue)

    /// ``storedForm(of:identityRoom:)`` of `body` when each of its members is, in the schema's exact spelling, either
    /// `schemas` (checked), an ignored attribute (readOnly or writeOnly), an attribute not stored before in this body
    /// whose value is kept as sent (``SCIMAttribute/ValueKind/keepsUnchanged(_:)`` or
    /// ``SCIMInputPlan/isCanonical(_:_:)``), or an extension object not sent before and already in stored form. The
    /// kept members are written once, in order, into `buffer` (room for `body.count + 2` members), then moved into an
    /// object of their exact size plus room for `meta` (and for `schemas` and `id` without `identityRoom`, which
    /// ``SCIMService`` inserts later): no second pass over the keys, no per-member append into a growing object.
    ///
    /// `nil` as soon as a member needs the general rules (another spelling, a repeat, a value to coerce, an attribute
    /// without a position bit): the caller then applies them to the whole body, which gives the same result as
    /// this function for every body it accepts. Throws what the general rules throw for the members before that
    /// one (a malformed `schemas`), in the same order. O(members).
    func storedFormAsSent(
        of body: JSONObject, identityRoom: Bool, buffer: UnsafeMutableBufferPointer<Member>
    ) throws(SCIMError) -> (object: JSONObject, extensions: UInt64, namePosition: Int?)? {
        guard let base = buffer.baseAddress, buffer.count >= body.count + 2 else { return nil }
        let plan = plan
        let roles = plan.roles
        let names = plan.names
        // In-line names are written as their bits when the member layout allows it (checked once per call).
        let inlineNames = plan.inlineNameBits
        let valueOffset = Self.memberValueOffset ?? -1
        var n = 0
        // The members written so far are destroyed on every way out but the move into the result.
        defer { if n > 0 { base.deinitialize(count: n) } }
        if identityRoom {
            (base + 0).initialize(to: (key: "schemas", value: .null))
            (base + 1).initialize(to: (key: "id", value: .null))
            n = 2
        }
        var stored: UInt64 = 0
        var present: UInt64 = 0
        var namePosition: Int?
        let members = body.members
        // By index, reading only the key first: iterating the pairs would copy (retain and release) every value too.
        for i in members.indices {
            guard let r = plan.position(of: members[i].key) else { return nil }
            let role = roles[r]
            switch role.kind {
            case .schemas:
                try Self.checkSchemas(members[i].value)
            case .attribute:
                if role.ignored { continue }
                guard role.bit != 0, stored & role.bit == 0 else { return nil }
                let value = members[i].value
                guard role.valueKind.keepsUnchanged(value) || (role.complex && plan.isCanonical(value, role)) else {
                    return nil
                }
                if r == plan.namePosition { namePosition = n }
                Self.initialize(base + n, name: names, bits: inlineNames, r, valueOffset: valueOffset, value: value)
                n += 1
                stored |= role.bit
            case .extensionObject:
                guard role.bit != 0, present & role.bit == 0, case .object(let inner) = members[i].value,
                    plan.canonicalExtensionObject(inner, extension: role.position)
                else { return nil }
                (base + n).initialize(to: (key: names[r], value: members[i].value))
                n += 1
                present |= role.bit
            }
        }
        var object = JSONObject()
        object.reserveCapacity(n + (identityRoom ? 1 : 3))
        let count = n
        n = 0
        object.append(movingDistinct: base, count: count)
        return (object, present, namePosition)
    }

    /// The offset of `value` in a ``Member`` when its `key` (a `String`, two words) comes first, else `nil`.
    static let memberValueOffset: Int? = {
        guard MemoryLayout<String>.size == 16, MemoryLayout<Member>.offset(of: \Member.key) == 0,
            let offset = MemoryLayout<Member>.offset(of: \Member.value), offset >= 16
        else { return nil }
        return offset
    }()

    /// Initializes `target` with the member (`names[r]`, `value`). A name held in line (`bits[r] != (0, 0)`: every
    /// attribute name) is written as its two words when `valueOffset` is ``memberValueOffset`` (not -1): an in-line
    /// `String` holds no reference, so its bits are a copy of it, made without the (no-op) retain call a `String`
    /// copy costs. O(1).
    @inline(__always)
    private static func initialize(
        _ target: UnsafeMutablePointer<Member>, name names: [String], bits: [(UInt64, UInt64)], _ r: Int,
        valueOffset offset: Int, value: consuming JSONValue
    ) {
        let w = bits[r]
        guard w.1 != 0, offset >= 16 else {
            target.initialize(to: (key: names[r], value: value))
            return
        }
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: w.0, as: UInt64.self)
        raw.storeBytes(of: w.1, toByteOffset: 8, as: UInt64.self)
        (raw + offset).assumingMemoryBound(to: JSONValue.self).initialize(to: value)
    }
}
