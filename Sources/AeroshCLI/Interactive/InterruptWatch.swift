import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C while a statement runs: SIGINT cancels the running statement's task instead of
/// ending the shell (or, for a script, instead of killing it unannounced: the cancelled
/// statement reports its line and the script ends with status 1). At the prompt Ctrl-C is
/// a key that `LineEditor` handles.
///
/// Cancelling leaves the store consistent: the embedded store runs each write as one
/// SQLite transaction, which a cancelled task rolls back, and stops waiting for another
/// process's lock at once.
final class InterruptWatch {
    /// How to cancel what runs now; nil at the prompt.
    private final class Running: Sendable {
        let cancel = Mutex<(@Sendable () -> Void)?>(nil)
        /// Ctrl-C came while this run went on.
        let interrupted = Mutex(false)
    }

    private let running = Running()
    /// Woken by the signal handler through `InterruptPipe`.
    private let source: any DispatchSourceRead

    /// `echoesNewline`: standard error is the terminal that echoed ^C, so what the
    /// statement reports starts on a line of its own. `exitsOnSecondInterrupt`: a second
    /// Ctrl-C while the cancelled statement still winds down ends the process (status 130),
    /// for a script that must not be stuck behind a statement slow to notice.
    init(echoesNewline: Bool = true, exitsOnSecondInterrupt: Bool = false) {
        // Not a Dispatch signal source: on Linux that reads signals through a signalfd,
        // which sees a signal only while the thread it goes to blocks it, and with a
        // source a Ctrl-C now and then did nothing (about one run in twenty of the terminal
        // test; the exact path was not proven). A plain handler runs on whichever thread
        // gets the signal; it only writes a byte to a pipe, and the work is done here.
        let pipe = InterruptPipe.open()
        source = DispatchSource.makeReadSource(fileDescriptor: pipe, queue: .global())
        source.setEventHandler { [running] in
            guard InterruptPipe.drain(pipe) else { return }
            running.cancel.withLock { cancel in
                guard let cancel else { return }
                let again = running.interrupted.withLock { interrupted in
                    defer { interrupted = true }
                    return interrupted
                }
                if again && exitsOnSecondInterrupt { _exit(130) }
                if echoesNewline {
                    var errors = FileDescriptorSink.standardError()
                    errors.write("\n")
                    errors.flush()
                }
                cancel()
            }
        }
        source.resume()
        InterruptPipe.catchSignals()
    }

    /// Runs `body` in a task of its own that Ctrl-C cancels, and waits for it to end.
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        // The task starts under the lock the signal handler takes, so a Ctrl-C that comes
        // at once finds it to cancel instead of nothing.
        let task = running.cancel.withLock { cancel -> Task<T, Never> in
            let task = Task { await body() }
            cancel = { task.cancel() }
            return task
        }
        let value = await task.value
        running.cancel.withLock { $0 = nil }
        running.interrupted.withLock { $0 = false }
        return value
    }

    /// Hands SIGINT back to its default action.
    func stop() {
        signal(SIGINT, SIG_DFL)
        source.cancel()
    }
}

/// The write end of the pipe SIGINT's handler writes to, and the handler: all it does is
/// async-signal-safe (one `write`).
private nonisolated(unsafe) var interruptPipeWriter: Int32 = -1

enum InterruptPipe {
    /// The pipe's read end (made once per process; its write end is the handler's).
    static func open() -> Int32 {
        struct Made { nonisolated(unsafe) static var reader: Int32 = -1 }
        if Made.reader >= 0 { return Made.reader }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        Made.reader = ends[0]
        interruptPipeWriter = ends[1]
        return ends[0]
    }

    /// From now on these signals (SIGINT by default) write a byte to the pipe instead of
    /// ending the process. A plain handler, not a Dispatch signal source: a source depends
    /// on the signal reaching the thread Dispatch watches from, and SIGINT was seen to be
    /// lost that way.
    static func catchSignals(_ numbers: [Int32] = [SIGINT]) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriter, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for number in numbers { sigaction(number, &action, nil) }
    }

    /// Reads what the handler wrote; true when it wrote something.
    static func drain(_ reader: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var got = false
        while buffer.withUnsafeMutableBytes({ read(reader, $0.baseAddress, $0.count) }) > 0 { got = true }
        return got
    }
}
