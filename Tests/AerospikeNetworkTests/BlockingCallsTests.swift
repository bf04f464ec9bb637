import AerospikeCore
@testable import AerospikeNetwork
import AerospikeServer
import AerospikeWire
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// Calls made one at a time (`runSequentially`) with `ClientPolicy.callsBlockCaller`: they
/// read and write their sockets on the calling thread (`BlockingConnection`), and must
/// behave exactly as the same calls through the event loop do: same routing, retries,
/// timeouts, cancellation and error wording.
///
/// Each test blocks a thread of its own (`onThreadOfItsOwn`), never one of the few that run the
/// test run's tasks: a blocked call holds its thread until its reply (or its timeout) comes.
@Suite("Calls that block their caller", .serialized)
struct BlockingCallsTests {
    /// Runs `body` on a thread of its own (an event loop's, as a task executor), where its
    /// blocking calls hold no thread another test's tasks need.
    func onThreadOfItsOwn<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let result = await withTaskExecutorPreference(EventLoopTaskExecutor(loop: loops.next())) {
            do { return Result<T, any Error>.success(try await body()) } catch { return .failure(error) }
        }
        try await loops.shutdownGracefully()
        return try result.get()
    }

    static func policy(blocking: Bool, credentials: Credentials? = nil) -> ClientPolicy {
        ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50), credentials: credentials, callsBlockCaller: blocking)
    }

    func key(_ index: Int) -> Key { Key(namespace: "test", set: "blocking", userKey: .string("k\(index)")) }

    /// Each node's connections: (event loop, blocking).
    func openConnections(_ client: WireClient) -> [String: (channel: Int, blocking: Int)] {
        client.cluster.withLock { state in
            state.nodes.mapValues { ($0.pool.openConnections, $0.blockingPool?.openConnections ?? -1) }
        }
    }

    @Test func sequentialCallsGoToEachKeysNodeOnConnectionsOfTheirOwn() async throws {
        let cluster = try await ClusterFixture(nodes: 3)
        let client = try await onThreadOfItsOwn { try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(blocking: true)) }
        try await waitForNodes(client, count: 3)
        let before = openConnections(client)
        // The first tend asked the seed over a blocking connection; peers over the loop.
        #expect(before.values.filter { $0.blocking == 1 }.count == 1, "\(before)")
        try await onThreadOfItsOwn { try await client.runSequentially { () async throws(AerospikeError) in
            for index in 0..<300 {
                try await client.put(key(index), bins: [Bin("n", .int(Int64(index)))], policy: WritePolicy())
            }
            for index in 0..<300 {
                #expect(try await client.get(key(index), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(Int64(index)))
            }
            #expect(try await client.exists(key(-1), policy: ReadPolicy()) == nil)
            try await client.remove(key(0), policy: WritePolicy())
            #expect(try await client.exists(key(0), policy: ReadPolicy()) == nil)
        } }
        #expect(cluster.servers.map(\.misroutedRequests) == [0, 0, 0])
        // One blocking connection per node did it all; the loop's connections were not
        // used for a command (the tend keeps one per node).
        let after = openConnections(client)
        #expect(after.values.allSatisfy { $0.blocking == 1 }, "\(after)")
        #expect(after.values.allSatisfy { $0.channel <= 1 }, "\(after)")
        // Outside runSequentially, calls go through the event loop as before.
        try await client.put(key(1), bins: [Bin("n", .int(-1))], policy: WritePolicy())
        #expect(try await client.get(key(1), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(-1))
        await client.close()
        try await cluster.stop()
    }

    @Test func aRecordLargerThanTheReadBufferComesBackWhole() async throws {
        let cluster = try await ClusterFixture(nodes: 1)
        let client = try await onThreadOfItsOwn { try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(blocking: true)) }
        let big = (0..<900_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await onThreadOfItsOwn { try await client.runSequentially { () async throws(AerospikeError) in
            try await client.put(key(2), bins: [Bin("n", .int(2))], policy: WritePolicy())
            try await client.put(key(1), bins: [Bin("b", .bytes(big)), Bin("s", .string("after"))], policy: WritePolicy())
            let record = try await client.get(key(1), bins: nil, policy: ReadPolicy())
            #expect(record[bin: "b"] == .bytes(big))
            #expect(record[bin: "s"] == .string("after"))
            // The connection is still in step: the next reply is the next request's.
            #expect(try await client.get(key(2), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(2))
        } }
        #expect(openConnections(client).values.map(\.blocking) == [1])
        await client.close()
        try await cluster.stop()
    }

    /// What a call ends with against a node that breaks the protocol or stalls, through
    /// either transport.
    func outcome(blocking: Bool, faults: ServerFaults, policy: ReadPolicy = ReadPolicy()) async throws -> (AerospikeError?, Duration) {
        let cluster = try await ClusterFixture(nodes: 1, faults: faults)
        let client = try await onThreadOfItsOwn { try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(blocking: blocking)) }
        let (failure, elapsed) = try await onThreadOfItsOwn { () async -> (AerospikeError?, Duration) in
            let started = ContinuousClock.now
            do throws(AerospikeError) {
                _ = try await client.runSequentially { () async throws(AerospikeError) in
                    try await client.get(key(1), bins: nil, policy: policy)
                }
                return (nil, ContinuousClock.now - started)
            } catch {
                return (error, ContinuousClock.now - started)
            }
        }
        await client.close()
        try await cluster.stop()
        return (failure, elapsed)
    }

    /// The error's message with the node's address (a port of each test's own) taken out.
    static func anonymous(_ error: AerospikeError?) -> String? {
        error?.message?.split(separator: " ").map { $0.hasPrefix("127.0.0.1:") ? "ADDRESS" : $0 }.joined(separator: " ")
    }

    static let brokenReplies: [[UInt8]] = [
        // Not a frame: an HTTP answer.
        Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8),
        // An info frame answering an AS_MSG.
        [2, 1, 0, 0, 0, 0, 0, 3] + Array("x\ty".utf8),
        // A message frame whose message is cut short.
        [2, 3, 0, 0, 0, 0, 0, 4, 22, 0, 0, 0],
    ]

    @Test(arguments: brokenReplies)
    func aBrokenReplyIsTheSameClientErrorThroughEitherTransport(reply: [UInt8]) async throws {
        let faults = { ServerFaults { command in command == .read ? .answer(reply) : nil } }
        let (channel, _) = try await outcome(blocking: false, faults: faults())
        let (blocking, elapsed) = try await outcome(blocking: true, faults: faults())
        #expect(channel?.code == .clientError)
        #expect(blocking?.code == channel?.code)
        // Both name the node's address, which differs between the two clusters.
        #expect(Self.anonymous(blocking) == Self.anonymous(channel), "\(String(describing: blocking)) vs \(String(describing: channel))")
        #expect(elapsed < .seconds(10))
    }

    @Test func aStalledReadTimesOutAtItsDeadlineThroughEitherTransport() async throws {
        let policy = ReadPolicy(command: CommandPolicy(totalTimeout: .milliseconds(400), maxRetries: 1))
        let stall = { ServerFaults { command in command == .read ? .delay(.seconds(30)) : nil } }
        let (channel, _) = try await outcome(blocking: false, faults: stall(), policy: policy)
        let (blocking, elapsed) = try await outcome(blocking: true, faults: stall(), policy: policy)
        #expect(channel?.code == .timeout)
        #expect(blocking?.code == .timeout)
        #expect(blocking?.message?.hasSuffix(" in time") == true, "\(String(describing: blocking))")
        #expect(Self.anonymous(blocking) == Self.anonymous(channel))
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(10), "\(elapsed)")
    }

    @Test func aSocketTimeoutRetriesAStalledReadOnAFreshBlockingConnection() async throws {
        let left = Countdown(1)
        let (failure, elapsed) = try await outcome(
            blocking: true, faults: ServerFaults { command in command == .read && left.take() ? .delay(.seconds(30)) : nil },
            policy: ReadPolicy(command: CommandPolicy(totalTimeout: .seconds(15), socketTimeout: .milliseconds(300), maxRetries: 3)))
        // The second attempt reads (nothing there: not found), well before the 30 s stall.
        #expect(failure?.code == .recordNotFound)
        #expect(elapsed < .seconds(10))
    }

    @Test func aRefusalDuringAClusterChangeIsRetried() async throws {
        let left = Countdown(2)
        let (failure, _) = try await outcome(
            blocking: true, faults: ServerFaults { command in command == .read && left.take() ? .refuse(.clusterKeyMismatch) : nil },
            policy: ReadPolicy(command: CommandPolicy(maxRetries: 2)))
        #expect(failure?.code == .recordNotFound)
    }

    @Test func cancellingABlockedCallEndsItAtOnce() async throws {
        let arrived = CommandLog()
        let cluster = try await ClusterFixture(nodes: 1, faults: ServerFaults { command in
            arrived.add(command)
            return command == .read ? .delay(.seconds(30)) : nil
        })
        let client = try await onThreadOfItsOwn { try await WireClient.connect(seeds: [cluster.seed], policy: Self.policy(blocking: true)) }
        let patient = ReadPolicy(command: CommandPolicy(totalTimeout: .seconds(25), maxRetries: 0))
        let started = ContinuousClock.now
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let call = Task(executorPreference: EventLoopTaskExecutor(loop: loops.next())) { () async throws(AerospikeError) -> Record in
            try await client.runSequentially { () async throws(AerospikeError) in try await client.get(key(1), bins: nil, policy: patient) }
        }
        try await waitUntil("the server receives the get") { arrived.commands.contains(.read) }
        call.cancel()
        let failure: AerospikeError?
        switch await call.result {
        case .success: failure = nil
        case .failure(let error): failure = error as? AerospikeError
        }
        #expect(failure?.code == .clientAbort)
        #expect(failure?.message == "cancelled")
        #expect(ContinuousClock.now - started < .seconds(10))
        try await loops.shutdownGracefully()
        await client.close()
        try await cluster.stop()
    }

    @Test func sequentialCallsLogInOnTheirOwnConnections() async throws {
        let security = await ServerSecurity.withUsers(["ann": "secret"])
        let cluster = try await ClusterFixture(nodes: 2, security: security)
        var policy = Self.policy(blocking: true, credentials: Credentials(user: "ann", password: "secret"))
        policy.connectTimeout = .seconds(20)
        let client = try await onThreadOfItsOwn { try await WireClient.connect(seeds: [cluster.seed], policy: policy) }
        try await waitForNodes(client, count: 2)
        try await onThreadOfItsOwn { try await client.runSequentially { () async throws(AerospikeError) in
            for index in 0..<40 {
                try await client.put(key(index), bins: [Bin("n", .int(Int64(index)))], policy: WritePolicy())
                #expect(try await client.get(key(index), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(Int64(index)))
            }
        } }
        #expect(openConnections(client).values.allSatisfy { $0.blocking == 1 })
        await client.close()
        try await cluster.stop()
    }

    @Test func aSeedThatRefusesTheConnectionIsWordedAsBefore() async throws {
        let failure = await #expect(throws: AerospikeError.self) {
            try await onThreadOfItsOwn { try await WireClient.connect(seeds: [HostAddress(host: "127.0.0.1", port: 1)], policy: Self.policy(blocking: true)) }
        }
        #expect(failure?.code == .connectionError)
        #expect(failure?.message == "cannot connect to 127.0.0.1:1: connection refused")
    }
}

/// How long a wait polls before sleeping, as replies come.
@Suite("Polling before sleeping")
struct PollBeforeSleepTests {
    @Test func slowRepliesStopThePollingAndQuickOnesBringItBack() {
        var wait = PollBeforeSleep(enabled: true)
        #expect(wait.limit == PollBeforeSleep.maximum)
        var limits: [UInt64] = []
        for _ in 0..<6 {
            wait.slept(waited: 5_000_000)
            limits.append(wait.limit)
        }
        #expect(limits == [100_000, 50_000, 25_000, 12_500, 0, 0])
        // A reply that came soon after the wait began: polling would have caught it.
        wait.slept(waited: 30_000)
        #expect(wait.limit == PollBeforeSleep.minimum)
        wait.slept(waited: 30_000)
        #expect(wait.limit == 2 * PollBeforeSleep.minimum)
        for _ in 0..<10 { wait.slept(waited: 150_000) }
        #expect(wait.limit == PollBeforeSleep.maximum)
    }

    @Test func withoutASecondCPUItNeverPolls() {
        var wait = PollBeforeSleep(enabled: false)
        #expect(wait.limit == 0)
        wait.slept(waited: 1_000)
        #expect(wait.limit == 0)
    }
}
