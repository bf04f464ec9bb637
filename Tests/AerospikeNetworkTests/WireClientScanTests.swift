import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Synchronization
import Testing

/// The wire client's partition scans, queries, indexes, truncation and info against
/// in-process serve nodes.
@Suite("Wire client scans")
struct WireClientScanTests {
    let fast = ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50))

    func key(_ index: Int, set: String = "scan") -> Key { Key(namespace: "test", set: set, userKey: .int(Int64(index))) }

    /// Writes `count` records through the store (bins n = i, pad = `padding` bytes), keys sent.
    func fill(_ cluster: ClusterFixture, count: Int, padding: Int = 0, set: String = "scan") async throws {
        var policy = WritePolicy()
        policy.sendKey = true
        let pad = String(repeating: "x", count: padding)
        for index in 0..<count {
            try await cluster.store.put(key(index, set: set), bins: [Bin("n", .int(Int64(index))), Bin("pad", .string(pad))], policy: policy)
        }
    }

    static func numbers(_ records: [Record]) -> [Int64] {
        records.compactMap { if case .int(let n)? = $0[bin: "n"] { n } else { nil } }.sorted()
    }

    @Test(arguments: [1, 3])
    func aScanReadsEveryNodesPartitionsExactlyOnce(nodes: Int) async throws {
        let cluster = try await ClusterFixture(nodes: nodes)
        try await fill(cluster, count: 500)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let records = try await client.scanAll(ScanRequest(namespace: "test", set: "scan"))
        #expect(Self.numbers(records) == (0..<500).map(Int64.init))
        #expect(records.allSatisfy { $0.key.userKey != nil && $0.key.set == "scan" })
        // Every record came from the node that masters it: no node read another's.
        #expect(cluster.servers.allSatisfy { $0.misroutedRequests == 0 })
        var partitions = 0
        try await client.scan(ScanRequest(namespace: "test", set: "scan", bins: .none)) { event in
            if case .partitionsDone(let done) = event { partitions = done }
        }
        #expect(partitions == 4096)
        await client.close()
        try await cluster.stop()
    }

    @Test func aQueryFindsTheIndexedRecordsOnEveryNode() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        try await fill(cluster, count: 300)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        try await client.createIndex(IndexDefinition(namespace: "test", set: "scan", name: "scan_n", bin: "n", type: .numeric))
        let found = try await client.scanAll(ScanRequest(namespace: "test", set: "scan", filter: .range(bin: "n", 100, 149)))
        #expect(Self.numbers(found) == (100..<150).map(Int64.init))
        let list = try await client.info("sindex-list:ns=test", on: .all)
        #expect(list.count == 3 && list.allSatisfy { $0.value.contains("indexname=scan_n") })
        try await client.dropIndex(namespace: "test", name: "scan_n")
        do {
            _ = try await client.scanAll(ScanRequest(namespace: "test", set: "scan", filter: .range(bin: "n", 100, 149)))
            Issue.record("a query without an index ran")
        } catch {
            #expect(error.code == .indexNotFound)
            #expect(error.message?.contains("index on bin 'n'") == true)
        }
        await client.close()
        try await cluster.stop()
    }

    @Test func aNodeThatDropsTheConnectionMidScanIsResumedAfterItsLastRecord() async throws {
        // The first scan request any node gets is cut after one frame (~128 KiB); the
        // client asks again for that node's unfinished partitions, after the last digest
        // it received of each.
        let cut = Atomic<Bool>(false)
        let cluster = try await ClusterFixture(nodes: 3, faults: ServerFaults { command in
            guard command == .scan, !cut.exchange(true, ordering: .relaxed) else { return nil }
            return .dropAfterFrames(1)
        })
        try await fill(cluster, count: 1500, padding: 500)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        let records = try await client.scanAll(ScanRequest(namespace: "test", set: "scan"))
        let wasCut = cut.load(ordering: .relaxed)
        #expect(wasCut)
        #expect(records.count == 1500)
        #expect(Self.numbers(records) == (0..<1500).map(Int64.init))
        await client.close()
        try await cluster.stop()
    }

    @Test func aLimitIsHonouredByTheNodes() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        try await fill(cluster, count: 200)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        let some = try await client.scanAll(ScanRequest(namespace: "test", set: "scan", maxRecords: 30))
        #expect(some.count <= 30 && some.count >= 27)
        #expect(Set(some.map(\.key.digest)).count == some.count)
        await client.close()
        try await cluster.stop()
    }

    @Test func truncateAndInfoGoThroughTheCluster() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        try await fill(cluster, count: 60)
        try await fill(cluster, count: 6, set: "kept")
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        let sets = try await client.info("sets/test", on: .all)
        let objects = sets.flatMap { InfoText.records($0.value) }.filter { $0["set"] == "scan" }.compactMap { $0["objects"].flatMap(Int.init) }
        // Each node counts the records of the partitions it masters.
        #expect(objects.count == 3 && objects.reduce(0, +) == 60)
        try await client.truncate(namespace: "test", set: "scan", before: nil)
        #expect(try await client.scanAll(ScanRequest(namespace: "test", set: "scan")).isEmpty)
        #expect(try await client.scanAll(ScanRequest(namespace: "test", set: "kept")).count == 6)
        let named = try await client.info("node", on: .node(ClusterTopology.nodeID(index: 1)))
        #expect(named == [InfoReply(node: ClusterTopology.nodeID(index: 1), value: ClusterTopology.nodeID(index: 1))])
        let placement = client.placement(of: key(7))
        #expect(placement.partition == key(7).digest.partitionID)
        #expect(placement.master == ClusterTopology.nodeID(index: placement.partition % 3))
        await client.close()
        try await cluster.stop()
    }
}
