#if canImport(Glibc)
import Glibc
#endif

/// How long a thread waiting for a reply polls its socket before it sleeps in `recv`,
/// adapted to how soon replies come, as the kernel's own halt-polling adapts how long an
/// idle CPU polls before it halts (cpuidle-haltpoll, which also starts from 200 µs).
///
/// Why poll at all: a thread that sleeps for its reply pays for being woken, and on a
/// virtual machine that wake-up (an interrupt to a halted virtual CPU) costs more than a
/// loopback round trip itself. Measured here, 20,000 sequential PUTs against
/// `aerosh serve`: 3.0–3.2 s sleeping in `recv`, 1.3–1.45 s polling first.
///
/// The bound keeps what polling burns below what it saves: a reply caught while polling
/// keeps the limit; a sleep that ended soon after the limit doubles it (up to `maximum`);
/// one that ended long after it (a remote or busy node, a slow query) halves it, down to
/// none, so a node that answers in milliseconds is waited for asleep, as before. On a
/// machine with one CPU there is nothing to poll for: the node's own process needs it.
struct PollBeforeSleep: Sendable {
    static let maximum: UInt64 = 200_000
    static let minimum: UInt64 = 10_000
    /// Whether this machine has a second CPU (read once).
    static let worthPolling = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1

    /// How long to poll before sleeping, in nanoseconds; 0: sleep at once.
    private(set) var limit: UInt64

    init(enabled: Bool = PollBeforeSleep.worthPolling) {
        limit = enabled ? Self.maximum : 0
        self.enabled = enabled
    }

    private let enabled: Bool

    /// The thread slept, and its reply came `waited` nanoseconds after it began to wait.
    mutating func slept(waited: UInt64) {
        guard enabled else { return }
        if waited <= Self.maximum {
            // Polling a little longer would have caught it.
            limit = min(Self.maximum, max(Self.minimum, limit * 2))
        } else {
            limit /= 2
            if limit < Self.minimum { limit = 0 }
        }
    }

    /// Now on the monotonic clock, in nanoseconds (a vDSO call, no system call).
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
