import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Synchronization
import Testing

/// A node that leaves in the middle of a batch or a scan, against in-process serve nodes
/// over one store: a batch says for each key what happened to it, and a scan either
/// completes, every record once, or fails saying so. Neither may report a record missing
/// that was only not heard about.
@Suite("Node loss mid-command")
struct NodeLossTests {
    let fast = ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50))
    /// Records of about 500 bytes: a node's share of 1,500 fills more than one batch frame
    /// (128 KiB), so a node can be cut off after its first.
    static let count = 1500

    func key(_ index: Int) -> Key { Key(namespace: "test", set: "loss", userKey: .int(Int64(index))) }

    func fill(_ cluster: ClusterFixture) async throws {
        var policy = WritePolicy()
        policy.sendKey = true
        let pad = String(repeating: "x", count: 500)
        for index in 0..<Self.count {
            try await cluster.store.put(key(index), bins: [Bin("n", .int(Int64(index))), Bin("pad", .string(pad))], policy: policy)
        }
    }

    /// The first batch any node gets is cut after its first frame, as by a node that died.
    static func firstBatchCut(_ cut: Countdown) -> ServerFaults {
        ServerFaults { command in command == .batch && cut.take() ? .dropAfterFrames(1) : nil }
    }

    /// Runs `batch` over every key against three nodes of which the first to get a batch
    /// dies after its first frame. Each key must have an outcome: a record (`checkRecord`)
    /// or the cut connection's error (`checkFailure`), never "not found". Some of each.
    func cutBatch(
        _ batch: (WireClient, [Key]) async throws(AerospikeError) -> [BatchRecord],
        checkRecord: (Int, Record, ClusterFixture) async throws -> Void,
        checkFailure: (Int, ClusterFixture) async throws -> Void
    ) async throws {
        let cut = Countdown(1)
        let cluster = try await ClusterFixture(nodes: 3, faults: Self.firstBatchCut(cut))
        try await fill(cluster)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        let keys = (0..<Self.count).map(key)
        let results = try await batch(client, keys)
        #expect(!cut.take(), "no batch was cut")
        #expect(results.map(\.key) == keys)
        var records = 0, failed = 0
        for (index, result) in results.enumerated() {
            switch result.outcome {
            case .record(let record):
                try await checkRecord(index, record, cluster)
                records += 1
            case .failed(let code):
                // The keys the cut node had not answered: its connection ended.
                #expect(code == .connectionError, "key \(index): \(code)")
                try await checkFailure(index, cluster)
                failed += 1
            case .notFound:
                Issue.record("key \(index) reported missing: it exists, its node was cut off")
            }
        }
        // Some keys of the cut node came in its first frame; the other nodes' all did.
        #expect(failed > 0 && records > Self.count / 2, "\(records) records, \(failed) failed")
        await client.close()
        try await cluster.stop()
    }

    @Test func aBatchReadCutOffByANodeSaysForEachKeyWhatHappened() async throws {
        try await cutBatch { client, keys throws(AerospikeError) in
            try await client.batchRead(keys, bins: .all, policy: ReadPolicy())
        } checkRecord: { index, record, _ in
            #expect(record[bin: "n"] == .int(Int64(index)))
        } checkFailure: { _, _ in }
    }

    @Test func aBatchWriteCutOffByANodeReportsDoneOnlyWhatWasWritten() async throws {
        func stored(_ index: Int, _ cluster: ClusterFixture) async throws -> Value? {
            try await cluster.store.get(key(index), bins: ["n"], policy: ReadPolicy())[bin: "n"]
        }
        // Padding in the reply too, so the cut node's replies fill more than one frame.
        try await cutBatch { client, keys throws(AerospikeError) in
            try await client.batchOperate(keys, operations: [.add(Bin("n", .int(1_000_000))), .read("n"), .read("pad")], policy: WritePolicy())
        } checkRecord: { index, _, cluster in
            // Reported done: written.
            let value = try await stored(index, cluster)
            #expect(value == .int(Int64(1_000_000 + index)), "key \(index) reported done, stored \(String(describing: value))")
        } checkFailure: { index, cluster in
            // In doubt: the node may have written it before the cut. Either way, once.
            let value = try await stored(index, cluster)
            #expect(value == .int(Int64(index)) || value == .int(Int64(1_000_000 + index)), "key \(index): \(String(describing: value))")
        }
    }

    @Test func aScanWhoseNodeStopsCompletesThroughTheOthersOrFailsNeverLosingRecordsSilently() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        try await fill(cluster)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        var numbers: [Int64] = []
        let stopping = Mutex<Task<Void, any Error>?>(nil)
        let outcome: Result<Void, AerospikeError>
        do throws(AerospikeError) {
            try await client.scan(ScanRequest(namespace: "test", set: "loss")) { event in
                guard case .record(let record) = event, case .int(let n)? = record[bin: "n"] else { return }
                numbers.append(n)
                // Node 1 leaves as the first records arrive, while every node streams.
                if numbers.count == 1 {
                    stopping.withLock { $0 = Task { try await cluster.stopNode(1) } }
                }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await stopping.withLock { $0 }?.value
        #expect(Set(numbers).count == numbers.count, "a record delivered twice")
        switch outcome {
        case .success:
            // Completed: then with every record (the others serve node 1's partitions once the
            // client has dropped it).
            #expect(numbers.sorted() == (0..<Int64(Self.count)).map { $0 }, "completed with \(numbers.count) of \(Self.count) records")
        case .failure(let error):
            // Every record may have come before the node stopped, but not its word that its
            // partitions were done: the scan cannot know they were, and says it failed.
            #expect(numbers.count <= Self.count)
            #expect([.connectionError, .timeout, .partitionUnavailable, .invalidNode].contains(error.code), "\(error)")
        }
        await client.close()
        try await cluster.stop()
    }

    /// An info frame where a stream's message frames were due. A stream ends only at a
    /// message marked LAST: had any reply ended it, this scan would have completed with no
    /// records and no error.
    static let infoFrameForStreams = ServerFaults { command in
        command == .scan || command == .batch ? .answer([2, 1, 0, 0, 0, 0, 0, 9] + Array("node\tBB9\n".utf8)) : nil
    }

    @Test func aScanAnsweredWithAnotherKindOfFrameFailsRatherThanCompletingEmpty() async throws {
        let cluster = try await ClusterFixture(nodes: 1, faults: Self.infoFrameForStreams)
        try await fill(cluster)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        do {
            let records = try await client.scanAll(ScanRequest(namespace: "test", set: "loss"))
            Issue.record("the scan completed with \(records.count) of \(Self.count) records")
        } catch {
            #expect(error.code == .clientError, "\(error)")
            #expect(error.message == "\(cluster.seed) answered with an info frame where a message frame was due", "\(error)")
        }
        let batch = try await client.batchRead([key(1), key(2)], bins: .all, policy: ReadPolicy())
        #expect(batch.map(\.outcome) == [.failed(.clientError), .failed(.clientError)])
        await client.close()
        try await cluster.stop()
    }
}
