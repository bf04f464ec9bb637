import AerospikeCore
import AerospikeEmbedded
import AerospikeTestSupport
import Testing

/// A script's run of single-record commands, given to the store at once: one transaction,
/// each command with its own call's semantics.
@Suite("Command groups in the embedded store")
struct CommandGroupStoreTests {
    /// A random command over a few keys: puts (some create-only, some generation-checked),
    /// gets, exists, removes, increments (some of a string bin: a type error).
    func randomCommand(_ generator: inout SeededGenerator) -> RecordCommand {
        let k = key("k\(Int.random(in: 0..<4, using: &generator))")
        switch Int.random(in: 0..<8, using: &generator) {
        case 0: return .put(k, [Bin("n", .int(Int64.random(in: 0..<9, using: &generator)))], WritePolicy())
        case 1: return .put(k, [Bin("s", .string("x"))], WritePolicy(exists: .createOnly))
        case 2: return .get(k, bins: nil, ReadPolicy())
        case 3: return .exists(k, ReadPolicy())
        case 4: return .remove(k, WritePolicy())
        case 5: return .operate(k, [.add(Bin("n", .int(1))), .read("n")], WritePolicy())
        case 6: return .operate(k, [.add(Bin("s", .int(1)))], WritePolicy(generation: .equal(1)))
        // A read filtered on the last write's time: a record written earlier in the same
        // group must carry it as one read back from the table does.
        default: return .get(k, bins: nil, ReadPolicy(filter: Self.writtenRecently))
        }
    }

    /// `@last_update > 0 AND @since_update < 600000`
    static let writtenRecently = Expression.and([
        .comparison(.greater, .metadata(.lastUpdate), .literal(.int(0))),
        .comparison(.less, .metadata(.sinceUpdate), .literal(.int(600_000))),
    ])

    func oneByOne(_ commands: [RecordCommand], on store: EmbeddedStore) async -> [Result<RecordOutcome, AerospikeError>] {
        var outcomes: [Result<RecordOutcome, AerospikeError>] = []
        for command in commands {
            do {
                outcomes.append(.success(try await store.run(command)))
            } catch {
                outcomes.append(.failure(error))
            }
        }
        return outcomes
    }

    func grouped(_ commands: [RecordCommand], on store: EmbeddedStore, stop: Bool = false) async throws -> [Int: Result<RecordOutcome, AerospikeError>] {
        var outcomes: [Int: Result<RecordOutcome, AerospikeError>] = [:]
        try await store.run(commands, policy: CommandGroupPolicy(stopAtFailure: stop)) { outcomes[$0] = $1 }
        return outcomes
    }

    func codes(_ outcomes: [Result<RecordOutcome, AerospikeError>]) -> [String] {
        outcomes.map { outcome in
            switch outcome {
            case .success(let value): "\(value)"
            case .failure(let error): "error \(error.code.rawValue)"
            }
        }
    }

    @Test(arguments: 0..<20)
    func aGroupGivesWhatTheCommandsGiveOneByOne(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let commands = (0..<Int.random(in: 1..<700, using: &generator)).map { _ in randomCommand(&generator) }
        let single = try await StoreFixture(), group = try await StoreFixture()
        let expected = await oneByOne(commands, on: single.store)
        let got = try await grouped(commands, on: group.store)
        #expect(got.count == commands.count)
        #expect(codes((0..<commands.count).map { got[$0]! }) == codes(expected))
        // And the records end the same.
        let keys = (0..<4).map { key("k\($0)") }
        #expect(try await single.store.batchRead(keys, bins: .all, policy: ReadPolicy())
                == group.store.batchRead(keys, bins: .all, policy: ReadPolicy()))
    }

    /// With a stop at the first failure, a group gives what the commands give one by one
    /// up to that failure, and nothing after it runs. The store applies a group sorted by
    /// digest, and so must fall back to script order when a command fails.
    @Test(arguments: 0..<20)
    func aGroupThatStopsAtAFailureStopsWhereTheScriptDoes(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let commands = (0..<Int.random(in: 2..<300, using: &generator)).map { _ in randomCommand(&generator) }
        let single = try await StoreFixture(), group = try await StoreFixture()
        var expected = await oneByOne(commands, on: single.store)
        if let failure = expected.firstIndex(where: { if case .failure(let error) = $0 { error.code != .filteredOut } else { false } }) {
            expected = Array(expected[...failure])
            // Undo what ran after the failure on the one-by-one store: start it again.
            let replay = try await StoreFixture()
            _ = await oneByOne(Array(commands[...failure]), on: replay.store)
            let keys = (0..<4).map { key("k\($0)") }
            let got = try await grouped(commands, on: group.store, stop: true)
            #expect(got.keys.sorted() == Array(0...failure))
            #expect(codes((0...failure).map { got[$0]! }) == codes(expected))
            #expect(try await replay.store.batchRead(keys, bins: .all, policy: ReadPolicy())
                    == group.store.batchRead(keys, bins: .all, policy: ReadPolicy()))
        } else {
            let got = try await grouped(commands, on: group.store, stop: true)
            #expect(codes((0..<commands.count).map { got[$0]! }) == codes(expected))
        }
    }

    @Test func stopAtFailureRunsNothingAfterTheFailingCommand() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("taken"), bins: [Bin("v", .int(1))], policy: WritePolicy())
        let commands: [RecordCommand] = [
            .put(key("a"), [Bin("v", .int(1))], WritePolicy()),
            .put(key("taken"), [Bin("v", .int(2))], WritePolicy(exists: .createOnly)),
            .put(key("b"), [Bin("v", .int(3))], WritePolicy()),
        ]
        let outcomes = try await grouped(commands, on: fixture.store, stop: true)
        #expect(outcomes.keys.sorted() == [0, 1])
        if case .failure(let error)? = outcomes[1] { #expect(error.code == .recordExists) } else { Issue.record("the create-only put succeeded") }
        // What ran before the failure is kept; what came after it never ran.
        #expect(try await fixture.store.exists(key("a"), policy: ReadPolicy()) != nil)
        #expect(try await fixture.store.exists(key("b"), policy: ReadPolicy()) == nil)
        #expect(try await fixture.store.get(key("taken"), bins: nil, policy: ReadPolicy()).bins == [Bin("v", .int(1))])

        let more = try await grouped(commands.map { if case .put(let k, _, _) = $0, k == key("a") { .remove(k, WritePolicy()) } else { $0 } },
                                     on: fixture.store, stop: false)
        #expect(more.keys.sorted() == [0, 1, 2])
        #expect(try await fixture.store.exists(key("b"), policy: ReadPolicy()) != nil)
    }

    @Test func outcomesAreHandedOnOnlyOnceTheGroupIsCommitted() async throws {
        let path = temporaryStorePath()
        let writer = try EmbeddedStore(path: path, access: .serial)
        let reader = try EmbeddedStore(path: path, access: .serial)
        let commands = (0..<50).map { RecordCommand.put(key("c\($0)"), [Bin("v", .int(Int64($0)))], WritePolicy()) }
        var seenByAnotherConnection: [Bool] = []
        try await writer.run(commands, policy: CommandGroupPolicy()) { _, _ in
            // When the first outcome is handed on, another connection already sees the
            // group's last write: the whole group was committed first.
            seenByAnotherConnection.append((try? reader.synchronous.get(key("c49"), bins: nil, policy: ReadPolicy())) != nil)
        }
        #expect(seenByAnotherConnection == Array(repeating: true, count: 50))
        await writer.close()
        await reader.close()
    }
}
