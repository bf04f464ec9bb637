import AerospikeCore
import AerospikeNetwork
import AerospikeServer
import AerospikeWire
import Testing

/// The wire client against a cluster with security on (`aerosh serve --user`).
@Suite("Wire client login")
struct WireClientLoginTests {
    /// Hashed once (off the task pool), shared by the tests.
    static let securityTask = Task { await ServerSecurity.withUsers(["ann": "secret"]) }
    static var security: ServerSecurity { get async { await securityTask.value } }

    /// Generous: bcrypt in a debug build takes about a second of CPU, and the suites run in
    /// parallel on two cores.
    static func policy(_ credentials: Credentials?) -> ClientPolicy {
        ClientPolicy(totalTimeout: .seconds(20), connectTimeout: .seconds(20), tendInterval: .milliseconds(50), credentials: credentials)
    }

    func key(_ index: Int) -> Key { Key(namespace: "test", set: "login", userKey: .int(Int64(index))) }

    @Test func loggedInCommandsAndBatchesReachEveryNode() async throws {
        let cluster = try await ClusterFixture(nodes: 3, security: await Self.security)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(Credentials(user: "ann", password: "secret")))
        try await waitForNodes(client, count: 3)
        #expect(client.nodeNames.count == 3)
        // Parallel commands open several connections per node: the later ones authenticate
        // with the session token.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { try await client.put(key(index), bins: [Bin("n", .int(Int64(index)))], policy: WritePolicy()) }
            }
            try await group.waitForAll()
        }
        let records = try await client.batchRead((0..<200).map(key), bins: .all, policy: ReadPolicy())
        #expect(records.map { $0.record?[bin: "n"] } == (0..<200).map { .int(Int64($0)) })
        #expect(cluster.servers.allSatisfy { $0.batchRequests >= 1 })
        #expect(cluster.servers.map(\.misroutedRequests) == [0, 0, 0])
        await client.close()
        try await cluster.stop()
    }

    @Test func aWrongPasswordFailsTheConnectWithTheServersCode() async throws {
        let cluster = try await ClusterFixture(nodes: 1, security: await Self.security)
        for (credentials, code) in [(Credentials(user: "ann", password: "nope"), ResultCode.invalidPassword), (Credentials(user: "zed", password: "secret"), .invalidUser)] {
            let failure = await #expect(throws: AerospikeError.self) {
                try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(credentials))
            }
            #expect(failure?.code == code)
            #expect(failure?.message == "cannot log in to \(cluster.seed) as \(credentials.user)")
        }
        try await cluster.stop()
    }

    @Test func withoutCredentialsASecuredClusterSaysALoginIsNeeded() async throws {
        let cluster = try await ClusterFixture(nodes: 1, security: await Self.security)
        let failure = await #expect(throws: AerospikeError.self) {
            try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(nil))
        }
        #expect(failure?.code == .notAuthenticated)
        try await cluster.stop()
    }

    @Test func credentialsAgainstAClusterWithoutSecurityAreAccepted() async throws {
        let cluster = try await ClusterFixture(nodes: 1)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(Credentials(user: "ann", password: "any")))
        try await client.put(key(1), bins: [Bin("a", .int(1))], policy: WritePolicy())
        #expect(try await client.get(key(1), bins: nil, policy: ReadPolicy())[bin: "a"] == .int(1))
        await client.close()
        try await cluster.stop()
    }
}
