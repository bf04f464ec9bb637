import NIOCore

/// Runs a task's code on one NIO event loop's thread (`withTaskExecutorPreference`).
///
/// A statement run on Swift's shared thread pool crosses threads twice per request: its
/// write goes to the event loop's thread, and the reply resumes it back on the pool. On a
/// 2-core machine each crossing costs tens of microseconds, more than the request's own
/// work. With the script's task on the loop's thread, the write happens in place and the
/// reply resumes the statement on the same thread.
///
/// Whatever runs with this preference must not block the loop (its replies and timeouts
/// would wait for the thread), nor close the client (its loop would be gone when the task
/// resumed). So the script runner prefers the loop for each statement's or group's client
/// work only, and reads its input and runs CONNECT outside it.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop, found when a job comes: the client's is started by its first job.
    private let loop: @Sendable () -> any EventLoop

    init(loop: any EventLoop) {
        self.loop = { loop }
    }

    init(_ events: ClientEventLoop) {
        self.loop = { events.loop }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop().execute { [self] in
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
