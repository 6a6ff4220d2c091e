/// Kernel holds: how the executor and the links keep a `TimerTarget` alive while callbacks to it are pending.
///
/// Every pending callback (a timer, a deferred callback, a reply-form call's reply target, a mailbox handoff's
/// receiver) takes one hold, and gives it back once the callback has run or been discarded. The first hold
/// retains the target and the last one released releases it, so a target with any callback pending is alive
/// (exactly the guarantee of one retain per callback) while a busy target, such as a request link with messages
/// in flight, costs one counter increment and decrement per callback instead of an atomic retain and release.
///
/// Why this is sound: the count only changes on the driver thread (all callbacks are scheduled and run there), so
/// a plain counter suffices; a callback runs while its own hold is still taken (the hold is given back after the
/// call returns), so a target that schedules again from inside its callback never drops to zero in between and
/// is never released while one of its methods runs. A target released by its last hold is deallocated exactly
/// when the last of the old per-callback retains would have released it.
extension TimerTarget {
    /// Takes one hold on this target (retaining it if it had none). O(1). Driver thread only.
    @inline(__always)
    final func takeKernelHold() {
        if kernelHolds == 0 { _ = Unmanaged.passUnretained(self).retain() }
        kernelHolds &+= 1
    }
}

extension Unmanaged where Instance: TimerTarget {
    /// Gives back one hold taken with `takeKernelHold()`; the last one releases the target (which may then be
    /// deallocated: the caller must not use it afterwards). O(1). Driver thread only.
    @inline(__always)
    func dropKernelHold() {
        let left = _withUnsafeGuaranteedRef { target -> Int in
            target.kernelHolds &-= 1
            return target.kernelHolds
        }
        if left == 0 { release() }
    }
}
