import AerospikeCore
import AerospikeSemantics
import AerospikeEmbedded
import AerospikeServer
import Logging
import NIOCore
import NIOPosix

/// A server on a free loopback port over an in-memory store, stopped by `stop()`.
final class ServerFixture: Sendable {
    let server: WireServer
    let store: EmbeddedStore
    private let running: Task<Void, any Error>
    /// The loops of an `ownLoops` fixture, shut down by `stop()`.
    private let ownGroup: MultiThreadedEventLoopGroup?

    /// `ownLoops`: serve on an event loop of its own rather than NIO's singleton, which the
    /// other suites' servers in this process share (a test that waits on this server's
    /// answers with a deadline must not wait behind their work).
    init(
        namespaces: [NamespaceConfig] = NamespaceConfig.defaults, idleTimeout: Duration = .seconds(600), security: ServerSecurity = .disabled,
        ownLoops: Bool = false
    ) async throws {
        store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, namespaces: namespaces)
        ownGroup = ownLoops ? MultiThreadedEventLoopGroup(numberOfThreads: 1) : nil
        server = try await WireServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, namespaces: namespaces.map(\.name), idleTimeout: idleTimeout),
            store: store.synchronous,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            security: security,
            group: ownGroup ?? .singleton
        )
        let server = self.server
        running = Task { try await server.run() }
    }

    var port: Int { server.port }

    func stop() async throws {
        server.shutdown()
        try await running.value
        await store.close()
        try await ownGroup?.shutdownGracefully()
    }
}
