import AerospikeCore
import Synchronization
import Testing

/// A client whose single-record calls take a little while and note when each starts and
/// ends, so a test can see what ran at the same time; a put of bin `fail` fails.
final class ClockedClient: AerospikeClient {
    /// (command number from the bin `n`, started: true / finished: false), in the order they happened.
    let events = Mutex<[(Int, Bool)]>([])
    let inFlight = Mutex(0)
    let mostInFlight = Mutex(0)

    private func work(_ bins: [Bin]) async throws(AerospikeError) -> RecordMetadata {
        guard case .int(let number)? = bins.first(where: { $0.name == "n" })?.value else { return RecordMetadata(generation: 0, ttl: .never) }
        events.withLock { $0.append((Int(number), true)) }
        let now = inFlight.withLock { count -> Int in
            count += 1
            return count
        }
        mostInFlight.withLock { $0 = max($0, now) }
        // Later commands finish sooner, so out-of-order completion is the rule here.
        try? await Task.sleep(for: .milliseconds(2 + (number * 7) % 5))
        inFlight.withLock { $0 -= 1 }
        events.withLock { $0.append((Int(number), false)) }
        if bins.contains(where: { $0.name == "fail" }) { throw AerospikeError(.recordExists) }
        return RecordMetadata(generation: UInt32(number), ttl: .never)
    }

    func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata { try await work(bins) }
    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> Record { throw AerospikeError(.unsupportedFeature) }
    func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata? { throw AerospikeError(.unsupportedFeature) }
    func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult { throw AerospikeError(.unsupportedFeature) }
    func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func scan(_ request: ScanRequest, receive: (ScanEvent) -> Void) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func createIndex(_ index: IndexDefinition) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func dropIndex(namespace: String, name: String) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func truncate(namespace: String, set: String?, before: UInt64?) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func info(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply] { throw AerospikeError(.unsupportedFeature) }
    func placement(of key: Key) -> KeyPlacement { KeyPlacement(partition: key.digest.partitionID, master: nil) }
    func close() async {}
}

@Suite("Command groups")
struct CommandGroupTests {
    /// Puts numbered 0..<count over `keys` keys in turn; `failing` puts fail.
    func puts(_ count: Int, keys: Int, failing: Set<Int> = []) -> [RecordCommand] {
        (0..<count).map { number in
            let bins = [Bin("n", .int(Int64(number)))] + (failing.contains(number) ? [Bin("fail", .int(1))] : [])
            return .put(Key(namespace: "test", set: "demo", userKey: .string("k\(number % keys)")), bins, WritePolicy())
        }
    }

    func run(_ commands: [RecordCommand], _ policy: CommandGroupPolicy) async -> (ClockedClient, [(Int, Result<RecordOutcome, AerospikeError>)]) {
        let client = ClockedClient()
        var outcomes: [(Int, Result<RecordOutcome, AerospikeError>)] = []
        await client.runEach(commands, policy: policy) { outcomes.append(($0, $1)) }
        return (client, outcomes)
    }

    @Test func outcomesComeInCommandOrderAndNoMoreThanTheLimitRunAtOnce() async {
        let (client, outcomes) = await run(puts(60, keys: 60), CommandGroupPolicy(concurrency: 8))
        #expect(outcomes.map(\.0) == Array(0..<60))
        for (index, outcome) in outcomes {
            #expect((try? outcome.get()) == .written(RecordMetadata(generation: UInt32(index), ttl: .never)))
        }
        let most = client.mostInFlight.withLock { $0 }
        #expect(most <= 8)
        // Concurrency really happened (else the test proves nothing of the ordering).
        #expect(most > 1)
    }

    @Test func aKeysCommandsNeverOverlapAndRunInScriptOrder() async {
        let (client, outcomes) = await run(puts(90, keys: 3), CommandGroupPolicy(concurrency: 16))
        #expect(outcomes.map(\.0) == Array(0..<90))
        let events = client.events.withLock { $0 }
        var running: [Int: Int] = [:]
        var lastStarted: [Int: Int] = [:]
        for (number, started) in events {
            let key = number % 3
            if started {
                #expect(running[key] == nil, "command \(number) started while \(running[key] ?? -1) ran on its key")
                #expect(number > lastStarted[key, default: -1], "command \(number) started after a later one on its key")
                running[key] = number
                lastStarted[key] = number
            } else {
                running[key] = nil
            }
        }
        #expect(client.mostInFlight.withLock { $0 } > 1)
    }

    @Test func stopAtFailureStartsNothingMoreOneAtATime() async {
        let (client, outcomes) = await run(puts(10, keys: 10, failing: [4]), CommandGroupPolicy(concurrency: 1, stopAtFailure: true))
        #expect(outcomes.map(\.0) == Array(0...4))
        #expect((try? outcomes[4].1.get()) == nil)
        #expect(client.events.withLock { $0 }.filter(\.1).map(\.0) == Array(0...4))
    }

    @Test func stopAtFailureWithCommandsInFlightReportsThoseThatRan() async {
        let (client, outcomes) = await run(puts(40, keys: 40, failing: [5]), CommandGroupPolicy(concurrency: 4, stopAtFailure: true))
        let started = Set(client.events.withLock { $0 }.filter(\.1).map(\.0))
        // Every command that started is reported, in order, and nothing far past the failure started.
        #expect(outcomes.map(\.0) == Array(0..<outcomes.count))
        #expect(Set(outcomes.map(\.0)) == started)
        #expect(started.contains(5) && started.count < 40)
        #expect(started.max()! < 5 + 4)
    }

    @Test func withoutStopEveryCommandRunsAndTheFailureIsItsOwn() async {
        let (_, outcomes) = await run(puts(20, keys: 2, failing: [3, 11]), CommandGroupPolicy(concurrency: 5))
        #expect(outcomes.map(\.0) == Array(0..<20))
        let failed = outcomes.filter { (try? $0.1.get()) == nil }.map(\.0)
        #expect(failed == [3, 11])
    }
}
