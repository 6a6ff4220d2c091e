/// The cancellation records of the kernel-started tasks that are alive, keyed by task address, so that a virtual
/// sleep finds the running task's record without a task-local lookup (and without retaining it).
///
/// Open addressing with linear probing and backward-shift deletion; capacity a power of two, at most half full.
/// Lookup, insertion and removal are O(1) expected. Holds records unretained: `TaskCancellationRecord.withRecord`
/// keeps its record alive while registered and removes it before the task ends. Driver thread only; keys are
/// compared, never dereferenced, and iteration order is never observed.
struct TaskRecordTable {
    private var keys: [UInt]
    private var values: [Unmanaged<TaskCancellationRecord>?]
    private var mask: Int
    private var count = 0

    init(capacity: Int = 1024) {
        keys = Array(repeating: 0, count: capacity)
        values = Array(repeating: nil, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    private func home(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The record registered for the task at `key`, if any.
    @inline(__always)
    func record(for key: UInt) -> Unmanaged<TaskCancellationRecord>? {
        var index = home(key)
        while true {
            let found = keys[index]
            if found == key { return values[index] }
            if found == 0 { return nil }
            index = (index &+ 1) & mask
        }
    }

    /// Registers `record` for the task at `key` (nonzero), replacing any earlier registration.
    mutating func insert(_ key: UInt, _ record: TaskCancellationRecord) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = home(key)
        while keys[index] != 0, keys[index] != key { index = (index + 1) & mask }
        if keys[index] == 0 { count += 1 }
        keys[index] = key
        values[index] = Unmanaged.passUnretained(record)
    }

    /// Removes the registration of the task at `key`, if any.
    mutating func remove(_ key: UInt) {
        var hole = home(key)
        while keys[hole] != key {
            if keys[hole] == 0 { return }
            hole = (hole + 1) & mask
        }
        count -= 1
        var next = hole
        while true {
            next = (next + 1) & mask
            let moving = keys[next]
            if moving == 0 { break }
            let wanted = home(moving)
            // Move the entry back into the hole unless its home lies cyclically in (hole, next].
            let stays = hole <= next ? (hole < wanted && wanted <= next) : (hole < wanted || wanted <= next)
            if !stays {
                keys[hole] = moving
                values[hole] = values[next]
                hole = next
            }
        }
        keys[hole] = 0
        values[hole] = nil
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 {
            if let record = oldValues[index] { insert(oldKeys[index], record.takeUnretainedValue()) }
        }
    }
}
