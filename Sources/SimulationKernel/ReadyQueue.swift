/// The ready-job queue of a `SimulationExecutor`: a power-of-two ring buffer of `UnownedJob`s.
///
/// FIFO removal is O(1) (`popFirst`). Seeded exploration removes the job at a chosen offset by swapping it with the
/// head first (`pop(at:)`, O(1)), which reorders the remaining jobs deterministically. Grows by doubling; never
/// shrinks. Not thread-safe: only the driver thread touches it.
struct ReadyQueue {
    private var buffer: UnsafeMutablePointer<UnownedJob>
    private var capacity: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    /// Frees the storage; the queue must not be used afterwards.
    mutating func deallocate() {
        buffer.deallocate()
        count = 0
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ job: UnownedJob) {
        if count == capacity { grow() }
        (buffer + ((head &+ count) & (capacity &- 1))).initialize(to: job)
        count &+= 1
    }

    @inline(__always)
    mutating func popFirst() -> UnownedJob {
        let job = (buffer + head).move()
        head = (head &+ 1) & (capacity &- 1)
        count &-= 1
        return job
    }

    /// Removes the job `offset` places behind the head (0 = the head) by swapping it to the head.
    @inline(__always)
    mutating func pop(at offset: Int) -> UnownedJob {
        if offset != 0 {
            let chosen = buffer + ((head &+ offset) & (capacity &- 1))
            swap(&chosen.pointee, &(buffer + head).pointee)
        }
        return popFirst()
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBuffer = UnsafeMutablePointer<UnownedJob>.allocate(capacity: newCapacity)
        for index in 0..<count {
            (newBuffer + index).initialize(to: (buffer + ((head + index) & (capacity - 1))).move())
        }
        buffer.deallocate()
        buffer = newBuffer
        capacity = newCapacity
        head = 0
    }
}
