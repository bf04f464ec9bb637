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
    private let source: any DispatchSourceSignal

    /// `echoesNewline`: standard error is the terminal that echoed ^C, so what the
    /// statement reports starts on a line of its own. `exitsOnSecondInterrupt`: a second
    /// Ctrl-C while the cancelled statement still winds down ends the process (status 130),
    /// for a script that must not be stuck behind a statement slow to notice.
    init(echoesNewline: Bool = true, exitsOnSecondInterrupt: Bool = false) {
        // The handler runs on a Dispatch queue; the signal itself must not kill the process.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [running] in
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
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
