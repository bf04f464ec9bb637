import AerospikeCore
import AerospikeSemantics
import AerospikeEmbedded
import AerospikeServer
import Logging

/// A server on a free loopback port over an in-memory store, stopped by `stop()`.
final class ServerFixture: Sendable {
    let server: WireServer
    let store: EmbeddedStore
    private let running: Task<Void, any Error>

    init(namespaces: [NamespaceConfig] = NamespaceConfig.defaults, idleTimeout: Duration = .seconds(600), security: ServerSecurity = .disabled) async throws {
        store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, namespaces: namespaces)
        server = try await WireServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, namespaces: namespaces.map(\.name), idleTimeout: idleTimeout),
            store: store.synchronous,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            security: security
        )
        let server = self.server
        running = Task { try await server.run() }
    }

    var port: Int { server.port }

    func stop() async throws {
        server.shutdown()
        try await running.value
        await store.close()
    }
}
