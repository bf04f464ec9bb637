#if canImport(Glibc)
import Glibc
#endif

/// Runs a blocking call (a socket read, waiting for a child process) on a thread of its
/// own. Not on Dispatch's global queues: on Linux their threads are the ones that run
/// Swift tasks too, and a few blocked calls there starve every in-process server of the
/// test run until the calls time out.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        do {
            try startThread { continuation.resume(with: Result { try body() }) }
        } catch {
            continuation.resume(throwing: error)
        }
    }
}

public enum OwnThreadFailure: Error {
    case cannotStart(Int32)
}

private final class OwnThreadWork: @unchecked Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// Starts `body` on a detached thread of its own and returns at once: for loops that serve
/// sockets for a test's duration (not a task, which would wait for one of the few threads
/// that run tasks before it could even start).
public func startThread(_ body: @escaping @Sendable () -> Void) throws {
    let work = OwnThreadWork(body)
    var thread = pthread_t()
    let context = Unmanaged.passRetained(work).toOpaque()
    // Signals are not for this thread: Foundation learns that a child process exited
    // from SIGCHLD, and a thread that takes it unhandled leaves the child a zombie and
    // `waitUntilExit` waiting forever. Blocked here, the new thread is born with them
    // blocked; the creator's mask is put back at once.
    var all = sigset_t()
    var previous = sigset_t()
    sigfillset(&all)
    pthread_sigmask(SIG_BLOCK, &all, &previous)
    let started = pthread_create(&thread, nil, { context in
        let work = Unmanaged<OwnThreadWork>.fromOpaque(context!).takeRetainedValue()
        work.run()
        return nil
    }, context)
    pthread_sigmask(SIG_SETMASK, &previous, nil)
    guard started == 0 else {
        Unmanaged<OwnThreadWork>.fromOpaque(context).release()
        throw OwnThreadFailure.cannotStart(started)
    }
    pthread_detach(thread)
}
