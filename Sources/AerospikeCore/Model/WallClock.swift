#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the time comes from, so TTL tests can move time instead of sleeping. The embedded
/// store, `aerosh serve` and the wire client all read it through `CitrusleafTime`.
public protocol WallClock: Sendable {
    /// Seconds since the Unix epoch.
    func unixSeconds() -> UInt64
    /// Milliseconds since the Unix epoch: a record's last-update time, which filter
    /// expressions compare at that resolution, as a server keeps it.
    func unixMilliseconds() -> UInt64
}

extension WallClock {
    public func unixMilliseconds() -> UInt64 { unixSeconds() * 1000 }
}

/// The machine's real-time clock.
public struct SystemClock: WallClock {
    public init() {}

    public func unixSeconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec)
    }

    public func unixMilliseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
    }
}

/// A clock that only moves when told to.
public final class ManualClock: WallClock {
    private let seconds: Mutex<UInt64>

    public init(unixSeconds: UInt64 = 1_767_225_600) {
        seconds = Mutex(unixSeconds)
    }

    public func unixSeconds() -> UInt64 { seconds.withLock { $0 } }

    public func advance(by delta: UInt64) {
        seconds.withLock { $0 += delta }
    }
}

/// Aerospike's time: seconds since 2010-01-01T00:00:00Z (the Citrusleaf epoch), in which
/// records carry their void time (the moment they expire; 0 = never). The one place that
/// converts between a void time and the TTL a client reports.
public enum CitrusleafTime {
    public static let unixOffset: UInt64 = 1_262_304_000

    public static func now(_ clock: any WallClock) -> UInt32 {
        UInt32(truncatingIfNeeded: clock.unixSeconds() &- unixOffset)
    }

    /// The TTL a client reports for a void time. A record whose void time has come but
    /// that is still being read reports one second, as the official clients clamp it.
    public static func ttl(voidTime: UInt32, now: UInt32) -> RecordTTL {
        if voidTime == 0 { return .never }
        return .seconds(voidTime > now ? voidTime - now : 1)
    }

    /// The void time of a record with `ttl` left.
    public static func voidTime(_ ttl: RecordTTL, now: UInt32) -> UInt32 {
        switch ttl {
        case .never: 0
        case .seconds(let seconds): expiry(after: seconds, now: now)
        }
    }

    /// The void time `seconds` from now; 0 seconds means never.
    public static func expiry(after seconds: UInt32, now: UInt32) -> UInt32 {
        seconds == 0 ? 0 : now &+ seconds
    }
}
