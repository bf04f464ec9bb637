#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the store reads the time, so TTL tests can move time instead of sleeping.
public protocol StoreClock: Sendable {
    /// Seconds since the Unix epoch.
    func unixSeconds() -> UInt64
}

/// Seconds since 2010-01-01T00:00:00Z, the epoch of Aerospike void times.
enum CitrusleafEpoch {
    static let unixOffset: UInt64 = 1_262_304_000

    static func now(_ clock: any StoreClock) -> UInt32 {
        UInt32(truncatingIfNeeded: clock.unixSeconds() &- unixOffset)
    }
}

/// The machine's real-time clock.
public struct SystemClock: StoreClock {
    public init() {}

    public func unixSeconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec)
    }
}

/// A clock that only moves when told to.
public final class ManualClock: StoreClock {
    private let seconds: Mutex<UInt64>

    public init(unixSeconds: UInt64 = 1_767_225_600) {
        seconds = Mutex(unixSeconds)
    }

    public func unixSeconds() -> UInt64 { seconds.withLock { $0 } }

    public func advance(by delta: UInt64) {
        seconds.withLock { $0 += delta }
    }
}
