import NIOCore

/// Runs a task's code on one NIO event loop's thread (`withTaskExecutorPreference`).
///
/// A statement run on Swift's shared thread pool crosses threads twice per request: its
/// write goes to the event loop's thread, and the reply resumes it back on the pool. On a
/// 2-core machine each crossing costs tens of microseconds, more than the request's own
/// work. With the script's task on the loop's thread, the write happens in place and the
/// reply resumes the statement on the same thread.
///
/// Whatever runs with this preference must not block the loop while a request is in
/// flight: its reply (and its timeout) would wait for the thread. The script runner reads
/// its input only with no request in flight (a group runs to its end before the next line
/// is read).
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { [self] in
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
