import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import AerospikeWire
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Wire client")
struct WireClientTests {
    let fast = ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50))

    func key(_ index: Int) -> Key { Key(namespace: "test", set: "routing", userKey: .string("k\(index)")) }

    @Test func everyKeyGoesToTheNodeThatOwnsItsPartition() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        #expect(client.nodeNames.count == 3)

        for index in 0..<5_000 {
            try await client.put(key(index), bins: [Bin("n", .int(Int64(index)))], policy: WritePolicy())
        }
        for index in 0..<5_000 {
            #expect(try await client.get(key(index), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(Int64(index)))
        }
        for start in stride(from: 0, to: 2_000, by: 1_000) {
            let keys = (start..<start + 1_000).map(key) + [key(-1)]
            let results = try await client.batchRead(keys, bins: .all, policy: ReadPolicy())
            #expect(results.count == 1_001)
            #expect(results.prefix(1_000).enumerated().allSatisfy { $0.element.key == keys[$0.offset] && $0.element.record?[bin: "n"] == .int(Int64(start + $0.offset)) })
            #expect(results.last?.outcome == .notFound)
        }
        #expect(cluster.servers.map(\.misroutedRequests) == [0, 0, 0])
        #expect(cluster.servers.allSatisfy { $0.batchRequests >= 2 })
        await client.close()
        try await cluster.stop()
    }

    @Test func resultsMatchTheEmbeddedStore() async throws {
        let cluster = try await ClusterFixture(nodes: 2)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let local = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        let k = key(1)
        let bins: [Bin] = [Bin("name", .string("Alice")), Bin("l", .list([.int(1), .string("x")])), Bin("m", .map([MapEntry(.string("k"), .double(2.5))]))]
        let operations: [Operation] = [.write(Bin("name", .string("Bob"))), .add(Bin("counter", .int(1))), .read("counter"), .read("name")]
        for target in [client as any AerospikeClient, local] {
            try await target.put(k, bins: bins, policy: WritePolicy())
        }
        let remote = try await client.operate(k, operations: operations, policy: WritePolicy())
        let embedded = try await local.operate(k, operations: operations, policy: WritePolicy())
        #expect(remote.results == embedded.results)
        #expect(remote.record.bins == embedded.record.bins)
        #expect(remote.record.generation == embedded.record.generation)
        #expect(try await client.get(k, bins: nil, policy: ReadPolicy()).bins == (try await local.get(k, bins: nil, policy: ReadPolicy()).bins))
        let batchOps: [Operation] = [.add(Bin("views", .int(1))), .read("views")]
        let keys = [k, key(2)]
        let remoteBatch = try await client.batchOperate(keys, operations: batchOps, policy: WritePolicy())
        let localBatch = try await local.batchOperate(keys, operations: batchOps, policy: WritePolicy())
        #expect(remoteBatch.map { $0.record?.bins } == localBatch.map { $0.record?.bins })
        let failure = await { () async -> ResultCode? in
            do { try await client.put(k, bins: bins, policy: WritePolicy(exists: .createOnly)); return nil } catch { return (error as? AerospikeError)?.code }
        }()
        #expect(failure == .recordExists)
        #expect(try await client.exists(key(99), policy: ReadPolicy()) == nil)
        await client.close()
        await local.close()
        try await cluster.stop()
    }

    @Test func anUnreachableSeedIsAConnectionError() async {
        do {
            _ = try await WireClient.connect(seeds: [HostAddress(host: "127.0.0.1", port: 1)])
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.code == .connectionError)
            #expect(error.message == "cannot connect to 127.0.0.1:1: connection refused")
        }
    }

    @Test func aNodeThatStopsFailsOnlyItsOwnKeys() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        var keepNodes = fast
        keepNodes.failedTendsBeforeRemoval = .max
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: keepNodes)
        try await waitForNodes(client, count: 3)
        for index in 0..<30 { try await client.put(key(index), bins: [Bin("n", .int(1))], policy: WritePolicy()) }
        // Returns once node 1 no longer listens and has closed its connections.
        try await cluster.stopNode(1)
        // The stopped node's keys fail at once (connection refused); the others must be
        // served, which on a loaded two-core machine running debug builds can take seconds.
        let quick = ReadPolicy(command: CommandPolicy(totalTimeout: .seconds(10), maxRetries: 1))
        var failed = 0, served = 0
        for index in 0..<30 {
            let owner = key(index).digest.partitionID % 3
            do {
                _ = try await client.get(key(index), bins: nil, policy: quick)
                served += 1
                #expect(owner != 1)
            } catch {
                failed += 1
                #expect(owner == 1)
                #expect(error.code == .connectionError || error.code == .timeout, "\(error)")
            }
        }
        #expect(failed > 0 && served > 0)
        await client.close()
        try await cluster.stop()
    }

    @Test func aNodeThatStaysDownLeavesTheClusterAndItsKeysRouteElsewhere() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await waitForNodes(client, count: 3)
        for index in 0..<30 { try await client.put(key(index), bins: [Bin("n", .int(Int64(index)))], policy: WritePolicy()) }
        try await cluster.stopNode(2)
        try await waitUntil("the client drops the stopped node (it knows \(client.nodeNames))") { client.nodeNames.count <= 2 }
        #expect(client.nodeNames == [ClusterTopology.nodeID(index: 0), ClusterTopology.nodeID(index: 1)])
        // The surviving nodes share the store, so every key is still served.
        for index in 0..<30 {
            #expect(try await client.get(key(index), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(Int64(index)))
        }
        await client.close()
        try await cluster.stop()
    }

    @Test func aBatchWithNoKeyANodeCanServeAnswersAtOnce() async throws {
        let cluster = try await ClusterFixture(nodes: 2)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        #expect(try await client.batchRead([], bins: .all, policy: ReadPolicy()).isEmpty)
        let elsewhere = (0..<3).map { Key(namespace: "nowhere", set: "s", userKey: .int(Int64($0))) }
        let results = try await client.batchRead(elsewhere, bins: .all, policy: ReadPolicy())
        #expect(results.map(\.key) == elsewhere)
        #expect(results.allSatisfy { $0.outcome == .failed(.namespaceNotFound) })
        // Mixed: the routable keys are read, the others fail, all in order.
        try await client.put(key(1), bins: [Bin("n", .int(1))], policy: WritePolicy())
        let mixed = try await client.batchRead([elsewhere[0], key(1), elsewhere[1], key(2)], bins: .all, policy: ReadPolicy())
        #expect(mixed.map(\.outcome) == [.failed(.namespaceNotFound), .record(Record(key: key(1), metadata: mixed[1].record!.metadata, bins: [Bin("n", .int(1))])), .failed(.namespaceNotFound), .notFound])
        await client.close()
        try await cluster.stop()
    }

    @Test(arguments: [ResultCode.clusterKeyMismatch, .partitionUnavailable])
    func aReadCaughtInAClusterChangeIsRetried(code: ResultCode) async throws {
        let cluster = try await ClusterFixture(nodes: 1, faults: .firstReadsRefused(code: code, count: 3))
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await client.put(key(1), bins: [Bin("n", .int(1))], policy: WritePolicy())
        // Without retries, the server's code is the error (one refusal used).
        let failure = await #expect(throws: AerospikeError.self) {
            try await client.get(key(1), bins: nil, policy: ReadPolicy(command: CommandPolicy(maxRetries: 0)))
        }
        #expect(failure?.code == code)
        // Two more refusals, three attempts: the third reads.
        #expect(try await client.get(key(1), bins: nil, policy: ReadPolicy(command: CommandPolicy(maxRetries: 2)))[bin: "n"] == .int(1))
        await client.close()
        try await cluster.stop()
    }

    @Test func aSocketTimeoutRetriesAReadThatHangsWhileTheTotalTimeoutAllows() async throws {
        let cluster = try await ClusterFixture(nodes: 1, faults: .firstReadsSlow(delay: .seconds(30), count: 1))
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await client.put(key(1), bins: [Bin("n", .int(1))], policy: WritePolicy())
        // Generous per attempt (a loaded machine), far below the server's 30-second hang.
        let patient = ReadPolicy(command: CommandPolicy(totalTimeout: .seconds(15), socketTimeout: .seconds(1), maxRetries: 5))
        // An answer at all means the first attempt was given up after its second: the
        // server holds it for 30.
        #expect(try await client.get(key(1), bins: nil, policy: patient)[bin: "n"] == .int(1))
        await client.close()
        try await cluster.stop()
    }

    @Test func withoutASocketTimeoutOneHangingAttemptUsesTheWholeTimeout() async throws {
        let cluster = try await ClusterFixture(nodes: 1, faults: .firstReadsSlow(delay: .seconds(5), count: 1))
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await client.put(key(1), bins: [Bin("n", .int(1))], policy: WritePolicy())
        let failure = await #expect(throws: AerospikeError.self) {
            try await client.get(key(1), bins: nil, policy: ReadPolicy(command: CommandPolicy(totalTimeout: .milliseconds(500), maxRetries: 2)))
        }
        #expect(failure?.code == .timeout)
        await client.close()
        try await cluster.stop()
    }

    @Test func cancellingACommandEndsItAtOnceNotAtItsDeadline() async throws {
        let arrived = CommandLog()
        let cluster = try await ClusterFixture(nodes: 1, faults: ServerFaults { command in
            arrived.add(command)
            return .delay(.seconds(30))
        })
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let patient = ReadPolicy(command: CommandPolicy(totalTimeout: .seconds(25), maxRetries: 0))
        let single = Task { () async throws(AerospikeError) -> Record in try await client.get(key(1), bins: nil, policy: patient) }
        let batch = Task { () async throws(AerospikeError) -> [BatchRecord] in try await client.batchRead([key(1), key(2)], bins: .all, policy: patient) }
        // Both are in flight: the server holds the get and the batch.
        try await waitUntil("the server receives the get and the batch (it got \(arrived.commands))") {
            arrived.commands.contains(.read) && arrived.commands.contains(.batch)
        }
        #expect(cluster.servers[0].batchRequests == 1)
        let cancelled = ContinuousClock.now
        single.cancel()
        batch.cancel()
        if case .failure(let error) = await single.result { #expect((error as? AerospikeError)?.code == .clientAbort) } else { Issue.record("the get succeeded") }
        if case .failure(let error) = await batch.result { #expect((error as? AerospikeError)?.code == .clientAbort) } else { Issue.record("the batch succeeded") }
        #expect(ContinuousClock.now - cancelled < .seconds(10))
        await client.close()
        try await cluster.stop()
    }

    /// A request above the protocol's 128 MiB frame limit is refused before anything is
    /// sent (a server would drop the connection), and the client goes on working.
    @Test func aRequestAboveTheFrameLimitIsRefusedBeforeSending() async throws {
        let cluster = try await ClusterFixture(nodes: 1)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let huge = Bin("b", .bytes([UInt8](repeating: 7, count: ProtoFrame.maxBodySize + 1)))
        let failure = await #expect(throws: AerospikeError.self) {
            try await client.put(key(1), bins: [huge], policy: WritePolicy())
        }
        #expect(failure?.code == .invalidParameter)
        #expect(failure?.message?.contains("above the protocol's limit") == true, "\(String(describing: failure))")
        try await client.put(key(1), bins: [Bin("n", .int(1))], policy: WritePolicy())
        #expect(try await client.get(key(1), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(1))
        await client.close()
        try await cluster.stop()
    }

    /// A statement run on the client's event loop thread (`preferredTaskExecutor`) may hold
    /// that thread: its output blocked on a full pipe, say. A reply that came meanwhile is
    /// waiting in the socket when the thread is free again, and NIO runs timers that fell
    /// due before it reads: the reply must still count, not a timeout.
    @Test func aReplyThatCameWhileTheLoopWasBusyIsNotATimeout() async throws {
        let cluster = try await ClusterFixture(nodes: 1, faults: .slow(delay: .milliseconds(50)))
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        try await client.put(key(1), bins: [Bin("n", .int(7))], policy: WritePolicy())
        let policy = ReadPolicy(command: CommandPolicy(totalTimeout: .milliseconds(300), maxRetries: 0))
        let started = ContinuousClock.now
        let value = try await withTaskExecutorPreference(client.preferredTaskExecutor) { () async throws -> Value? in
            // The read is sent at once (on this thread); its answer comes 50 ms later.
            async let record = client.get(key(1), bins: nil, policy: policy)
            // Then the loop's thread is held for 800 ms, past the read's 300 ms deadline.
            try await Task.sleep(for: .milliseconds(20))
            usleep(800_000)
            return try await record[bin: "n"]
        }
        #expect(ContinuousClock.now - started >= .milliseconds(800))
        #expect(value == .int(7))
        await client.close()
        try await cluster.stop()
    }

    @Test func aCommandTimesOutAgainstASlowServer() async throws {
        let cluster = try await ClusterFixture(nodes: 1, faults: .slow(delay: .seconds(10)))
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let started = ContinuousClock.now
        do {
            _ = try await client.get(key(1), bins: nil, policy: ReadPolicy(command: CommandPolicy(totalTimeout: .milliseconds(200), maxRetries: 0)))
            Issue.record("the slow get succeeded")
        } catch {
            #expect(error.code == .timeout)
        }
        // The deadline is kept: the error comes well before the server's 10-second answer
        // (the bound leaves room for a machine busy with the other suites).
        #expect(ContinuousClock.now - started < .seconds(5))
        await client.close()
        try await cluster.stop()
    }
}

extension ServerFaults {
    /// Answers every command `delay` late.
    static func slow(delay: Duration) -> ServerFaults {
        ServerFaults { _ in .delay(delay) }
    }

    /// Answers its first `count` reads `delay` late and the rest at once: a node that hangs
    /// on one connection while others are fine.
    static func firstReadsSlow(delay: Duration, count: Int) -> ServerFaults {
        let left = Countdown(count)
        return ServerFaults { command in command == .read && left.take() ? .delay(delay) : nil }
    }

    /// Refuses its first `count` reads with `code`, as a node in the middle of a cluster
    /// change answers, then reads normally.
    static func firstReadsRefused(code: ResultCode, count: Int) -> ServerFaults {
        let left = Countdown(count)
        return ServerFaults { command in command == .read && left.take() ? .refuse(code) : nil }
    }
}

/// The commands a server's faults were asked about, in arrival order.
final class CommandLog: Sendable {
    private let log = Mutex<[ServerFaults.Command]>([])

    func add(_ command: ServerFaults.Command) { log.withLock { $0.append(command) } }

    var commands: [ServerFaults.Command] { log.withLock { $0 } }
}

/// Says yes `count` times, then no.
final class Countdown: Sendable {
    private let left: Mutex<Int>

    init(_ count: Int) { left = Mutex(count) }

    func take() -> Bool {
        left.withLock { left in
            defer { left -= 1 }
            return left > 0
        }
    }
}
