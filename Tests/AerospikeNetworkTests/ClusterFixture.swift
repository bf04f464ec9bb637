import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Logging
import NIOCore
import NIOPosix

/// `nodes` in-process servers over one in-memory store, each mastering a disjoint share of
/// the partitions, as `aerosh serve --nodes N` presents them.
///
/// The nodes run on an event loop of their own: serve does a request's store work on the
/// loop that read it, and on the shared loops one test's 1,500-record batch delayed the
/// timers of another test's client (a 200 ms timeout fired after 6.8 s).
final class ClusterFixture: Sendable {
    let servers: [WireServer]
    let store: EmbeddedStore
    private let running: [Task<Void, any Error>]
    private let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)

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
                faults: faults,
                group: loops
            ))
        }
        topology.setMembers(servers.enumerated().map { ClusterTopology.Member(nodeID: ClusterTopology.nodeID(index: $0.offset), host: "127.0.0.1", port: $0.element.port) })
        self.servers = servers
        running = servers.map { server in Task { try await server.run() } }
    }

    var seed: HostAddress { HostAddress(host: "127.0.0.1", port: servers[0].port) }

    /// Stops every node. A node whose serving failed fails the test here, with its error,
    /// rather than leaving it to surface as some client's timeout.
    func stop() async throws {
        servers.forEach { $0.shutdown() }
        var failures: [String] = []
        for (index, task) in running.enumerated() {
            do { try await task.value } catch { failures.append("node \(index): \(error)") }
        }
        await store.close()
        try await loops.shutdownGracefully()
        if !failures.isEmpty { throw FixtureFailure("a cluster node failed while serving: \(failures.joined(separator: "; "))") }
    }

    /// Stops node `index` and returns once it has: its listening socket and every
    /// connection it had open are closed (its `run()` returned).
    func stopNode(_ index: Int, within limit: Duration = .seconds(20)) async throws {
        servers[index].shutdown()
        let serving = running[index]
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await serving.value; return true }
            group.addTask { try? await Task.sleep(for: limit); return false }
            let stopped = try await group.next() ?? false
            group.cancelAll()
            if !stopped { throw FixtureFailure("node \(index) had not stopped \(limit) after shutdown()") }
        }
    }
}

/// A test fixture that could not get where the test needs it; the message says why.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Waits until `condition` holds (checked every few milliseconds), and fails with `what`
/// when it still does not after `limit`.
func waitUntil(_ what: @autoclosure () -> String, within limit: Duration = .seconds(20), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw FixtureFailure("not within \(limit): \(what())") }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// Waits until the client knows `count` nodes; fails the test there when it does not.
func waitForNodes(_ client: WireClient, count: Int) async throws {
    try await waitUntil("the client knows \(count) nodes (it knows \(client.nodeNames))") { client.nodeNames.count >= count }
}
