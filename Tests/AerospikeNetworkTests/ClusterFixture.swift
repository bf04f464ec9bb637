import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Logging

/// `nodes` in-process servers over one in-memory store, each mastering a disjoint share of
/// the partitions, as `aerosh serve --nodes N` presents them.
final class ClusterFixture: Sendable {
    let servers: [WireServer]
    let store: EmbeddedStore
    private let running: [Task<Void, any Error>]

    init(nodes: Int, security: ServerSecurity = .disabled, faults: ServerFaults = .none) async throws {
        store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        let topology = ClusterTopology(nodeCount: nodes)
        var servers: [WireServer] = []
        for index in 0..<nodes {
            servers.append(try await WireServer(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, nodeID: ClusterTopology.nodeID(index: index),
                    namespaces: ["test", "bar"], nodeIndex: index),
                store: store.synchronous,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                topology: topology,
                security: security,
                faults: faults
            ))
        }
        topology.setMembers(servers.enumerated().map { ClusterTopology.Member(nodeID: ClusterTopology.nodeID(index: $0.offset), host: "127.0.0.1", port: $0.element.port) })
        self.servers = servers
        running = servers.map { server in Task { try await server.run() } }
    }

    var seed: HostAddress { HostAddress(host: "127.0.0.1", port: servers[0].port) }

    func stop() async throws {
        servers.forEach { $0.shutdown() }
        for task in running { try? await task.value }
        await store.close()
    }
}

/// Waits (polling) until the client knows `count` nodes.
func waitForNodes(_ client: WireClient, count: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while client.nodeNames.count < count && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(20))
    }
}
