import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Testing

/// Filter expressions through the wire client and serve: the filter travels in the
/// message's filter field and serve applies it as the embedded store does.
@Suite("Wire client filter expressions")
struct WireClientFilterTests {
    let fast = ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50))
    static let overFive = Expression.comparison(.greater, .bin("v", .int), .literal(.int(5)))

    func key(_ index: Int) -> Key { Key(namespace: "test", set: "filter", userKey: .int(Int64(index))) }

    @Test func readsBatchesScansAndWritesAreFilteredByServe() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        for index in 0..<10 { try await client.put(key(index), bins: [Bin("v", .int(Int64(index)))], policy: WritePolicy()) }

        #expect(try await client.get(key(7), bins: nil, policy: ReadPolicy(filter: Self.overFive))[bin: "v"] == .int(7))
        do {
            _ = try await client.get(key(3), bins: nil, policy: ReadPolicy(filter: Self.overFive))
            Issue.record("a filtered read returned")
        } catch {
            #expect(error.code == .filteredOut)
        }
        let batch = try await client.batchRead((0..<10).map(key), bins: .all, policy: ReadPolicy(filter: Self.overFive))
        #expect(batch.map { $0.outcome == .failed(.filteredOut) } == (0..<10).map { $0 <= 5 })
        let scanned = try await client.scanAll(ScanRequest(namespace: "test", set: "filter", policy: ReadPolicy(filter: Self.overFive)))
        #expect(Set(scanned.compactMap { $0[bin: "v"] }) == Set((6..<10).map { Value.int(Int64($0)) }))
        do {
            try await client.put(key(1), bins: [Bin("v", .int(100))], policy: WritePolicy(filter: Self.overFive))
            Issue.record("a filtered write went through")
        } catch {
            #expect(error.code == .filteredOut)
        }
        #expect(try await client.get(key(1), bins: nil, policy: ReadPolicy())[bin: "v"] == .int(1))
        await client.close()
        try await cluster.stop()
    }
}
