/// A JSON object whose members keep their insertion order.
///
/// Storage is a flat array of `(key, value)` pairs: SCIM resources have a few dozen members at
/// most, so a linear scan beats hashing and keeps iteration order deterministic (never
/// `Dictionary` order). Lookup, update and removal are O(n) in the member count.
///
/// Keys are compared exactly by ``subscript(_:)``; SCIM attribute names are case-insensitive
/// (RFC 7643 section 2.1), so SCIM code uses ``member(caseInsensitive:)`` and
/// ``index(caseInsensitive:)``.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// The members in order. Duplicate keys are not created by this type's mutators, but a
    /// decoded body may contain them (the codec keeps the last one; RFC 8259 section 4).
    public private(set) var members: [(key: String, value: JSONValue)]

    /// An empty object.
    public init() { members = [] }

    /// An object holding exactly `members`, in their order, taken as they are: no copy, no key search (a builder
    /// that knows its keys are distinct fills one array at its final size instead of appending member by member).
    /// The caller guarantees the keys are distinct under string equality, as every other mutator keeps them. O(1).
    public init(distinctMembers members: [(key: String, value: JSONValue)]) { self.members = members }

    /// An object with these members in this order; a later duplicate key replaces the earlier value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        members = []
        members.reserveCapacity(pairs.underestimatedCount)
        for (k, v) in pairs { self[k] = v }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> (key: String, value: JSONValue) { members[position] }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// Exact-key member access. Setting `nil` removes the member; setting an existing key keeps its position.
    public subscript(key: String) -> JSONValue? {
        get {
            // firstIndex reads each key in place; a `for m in members` loop would copy (retain) every member.
            guard let i = index(exactly: key) else { return nil }
            return members[i].value
        }
        set {
            if let i = index(exactly: key) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// The position of the first member whose key equals `key` (Swift string equality). Keys of the same UTF-8
    /// length are tried first, so a hit costs no comparison with keys of other lengths; keys of other lengths
    /// can only be equal when spelled with different Unicode normalisation, and are tried after.
    @inline(__always)
    func index(exactly key: String) -> Int? {
        let n = key.utf8.count
        if let i = members.firstIndex(where: { $0.key.utf8.count == n && $0.key == key }) { return i }
        // Keys are unique under string equality (the mutators and the codec keep one member per key), so the
        // member found is the only one.
        return members.firstIndex(where: { $0.key.utf8.count != n && $0.key == key })
    }

    /// The position of the first member whose key equals `key` ignoring ASCII case (RFC 7643 section 2.1).
    public func index(caseInsensitive key: String) -> Int? {
        members.firstIndex { $0.key.count == key.count && $0.key.lowercased() == key.lowercased() }
    }

    /// The value of the first member whose key equals `key` ignoring case.
    public func member(caseInsensitive key: String) -> JSONValue? {
        index(caseInsensitive: key).map { members[$0].value }
    }

    /// Replaces the value at `index`, keeping the key and position.
    public mutating func setValue(_ value: JSONValue, at index: Int) { members[index].value = value }

    /// ``setValue(_:at:)`` taking ownership of `value` (moved into the storage, not copied).
    @inline(__always)
    mutating func setValue(moving value: consuming JSONValue, at index: Int) { members[index].value = value }

    /// Removes the member at `index`.
    public mutating func remove(at index: Int) { members.remove(at: index) }

    /// Reserves room for `minimumCapacity` members, so that building an object of known size
    /// allocates once. Does not change the members.
    public mutating func reserveCapacity(_ minimumCapacity: Int) { members.reserveCapacity(minimumCapacity) }

    /// Inserts a member at `index` without checking for an existing key; callers must know the key is new.
    /// O(members after `index`).
    public mutating func insert(key: String, value: JSONValue, at index: Int) {
        members.insert((key, value), at: index)
    }

    /// Appends a member without checking for an existing key; callers must know the key is new.
    public mutating func append(key: String, value: JSONValue) { members.append((key, value)) }

    /// ``append(key:value:)`` taking ownership of `key` and `value`, so that they are moved into the storage
    /// rather than copied (no reference counting for a value the caller no longer needs).
    @inline(__always)
    mutating func append(moving key: consuming String, _ value: consuming JSONValue) {
        members.append((key, value))
    }

    /// Appends the `count` members at `source` in order, moving them (`source` is left uninitialized: no reference
    /// counting) with one capacity check and one bitwise copy for all. The caller guarantees their keys are distinct
    /// from each other and from the keys already present. O(count).
    @inline(__always)
    mutating func append(movingDistinct source: UnsafeMutablePointer<(key: String, value: JSONValue)>, count: Int) {
        members.append(contentsOf: MovingMembers(base: source, count: count))
    }

    /// The members of a buffer, moved out as they are read (see ``append(movingDistinct:count:)``): `Array`'s
    /// `append(contentsOf:)` takes them all at once through ``_copyContents(initializing:)``, a bitwise move.
    private struct MovingMembers: Sequence, IteratorProtocol {
        let base: UnsafeMutablePointer<(key: String, value: JSONValue)>
        let count: Int
        var position = 0

        var underestimatedCount: Int { count - position }

        mutating func next() -> (key: String, value: JSONValue)? {
            guard position < count else { return nil }
            position += 1
            return (base + (position - 1)).move()
        }

        /// Moves as many remaining members as fit into `buffer` with one bitwise copy; returns the iterator past them.
        func _copyContents(
            initializing buffer: UnsafeMutableBufferPointer<(key: String, value: JSONValue)>
        ) -> (MovingMembers, Int) {
            let n = Swift.min(buffer.count, count - position)
            if n > 0, let target = buffer.baseAddress { target.moveInitialize(from: base + position, count: n) }
            var rest = self
            rest.position += n
            return (rest, n)
        }
    }

    /// Member-wise equality in order. Two objects sharing one storage buffer (copies of each other, the common
    /// case when comparing a stored resource with its edited copy) are equal without visiting the members.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        let shared = lhs.members.withUnsafeBufferPointer { l in
            rhs.members.withUnsafeBufferPointer { r in l.baseAddress == r.baseAddress }
        }
        return shared || zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for m in members {
            hasher.combine(m.key)
            hasher.combine(m.value)
        }
    }
}
