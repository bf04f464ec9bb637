import AerospikeCore
@testable import AerospikeEmbedded
import AeroshLanguage
import Testing

@Suite("Executor")
struct ExecutorTests {
    func run(_ text: String, on store: EmbeddedStore) async throws -> [StatementResult] {
        let parsed = Parser.parse(SourceText(text))
        try #require(parsed.errors.isEmpty)
        let executor = Executor(client: store)
        var results: [StatementResult] = []
        for statement in parsed.statements {
            results.append(try await executor.execute(statement.statement))
        }
        return results
    }

    @Test func seedSequenceMapsOntoTheClient() async throws {
        let store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, clock: ManualClock())
        let results = try await run("""
            PUT test.demo 'user1' {name: 'Alice', age: 30}
            GET test.demo 'user1' BINS name
            INCREMENT test.demo 'user1' age 1
            OPERATE ORDERED test.demo 'user1' WRITE name = 'Bob', INCR counter 1, READ counter
            EXISTS test.demo 'nobody'
            TOUCH test.demo 'user1' TTL 600
            REMOVE test.demo 'user1'
            """, on: store)
        let k = Key(namespace: "test", set: "demo", userKey: .string("user1"))
        #expect(results[0] == .written(k, RecordMetadata(generation: 1, ttl: .seconds(2_592_000))))
        #expect(results[1] == .record(Record(key: k, metadata: RecordMetadata(generation: 1, ttl: .seconds(2_592_000)), bins: [Bin("name", .string("Alice"))])))
        #expect(results[2] == .written(k, RecordMetadata(generation: 2, ttl: .seconds(2_592_000))))
        #expect(results[3].kind == .ordered)
        guard case .ordered(let record, let values)? = results[3].rows.first else { Issue.record("not ordered"); return }
        #expect(values == [Bin("counter", .int(1))])
        #expect(record.generation == 3)
        #expect(results[4] == .exists(Key(namespace: "test", set: "demo", userKey: .string("nobody")), nil))
        #expect(results[5] == .written(k, RecordMetadata(generation: 4, ttl: .seconds(600))))
        #expect(results[6] == .removed(k))
    }

    @Test func sessionDefaultsApplyWhenAStatementGivesNoOption() async throws {
        let store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, clock: ManualClock())
        let executor = Executor(client: store, defaults: SessionDefaults(ttl: .seconds(77), sendKey: true))
        let parsed = Parser.parse(SourceText("PUT test.demo 'k' {v: 1}\nPUT test.demo 'j' {v: 1} TTL 5"))
        #expect(try await executor.execute(parsed.statements[0].statement) == .written(demo("k"), RecordMetadata(generation: 1, ttl: .seconds(77))))
        #expect(try await executor.execute(parsed.statements[1].statement) == .written(demo("j"), RecordMetadata(generation: 1, ttl: .seconds(5))))
        // SEND KEY from the session: both records keep their user key, the one with a TTL
        // of its own too.
        #expect(try await store.storedUserKey(demo("k")) == .string("k"))
        #expect(try await store.storedUserKey(demo("j")) == .string("j"))
        // The control: without it, the store keeps only the digest.
        let plain = Executor(client: store)
        _ = try await plain.execute(Parser.parse(SourceText("PUT test.demo 'n' {v: 1}")).statements[0].statement)
        #expect(try await store.storedUserKey(demo("n")) == nil)
    }
}
