import NIOCore
import NIOPosix
import Synchronization

/// The client's event loop (one thread: every connection of the client lives on it),
/// started the first time something needs it: a connection through the loop, a statement
/// run there, the tend. A one-shot command against one node needs none of them (its
/// request and the first tend's go through the calling thread's own socket), so it starts
/// no thread: the loop's start and shutdown were a seventh of the instructions of a
/// one-shot GET.
final class ClientEventLoop: Sendable {
    private let state = Mutex<State>(.notStarted)

    private enum State {
        case notStarted
        case running(MultiThreadedEventLoopGroup)
        case shutDown
    }

    /// The group, started now if it was not yet. After `shutDown()` nothing should ask
    /// (the pools are closed, the tend stopped); if something does, a group is started
    /// again, and left to the process's end.
    var group: MultiThreadedEventLoopGroup {
        state.withLock { state in
            if case .running(let group) = state { return group }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            state = .running(group)
            return group
        }
    }

    /// Its one loop.
    var loop: any EventLoop { group.next() }

    /// Stops the loop's thread, if it was started.
    func shutDown() async {
        let running = state.withLock { state -> MultiThreadedEventLoopGroup? in
            defer { state = .shutDown }
            if case .running(let group) = state { return group }
            return nil
        }
        try? await running?.shutdownGracefully()
    }
}
