import AerospikeCore
import AerospikeEmbedded
import Synchronization
import Testing

@Suite("Batch")
struct BatchTests {
    @Test func batchReadKeepsKeyOrderAndReportsEachKey() async throws {
        let fixture = try await StoreFixture()
        let keys = (0..<10).map { key("user_\($0)") }
        for (index, k) in keys.enumerated() where index % 2 == 0 {
            try await fixture.store.put(k, bins: [Bin("name", .string("u\(index)")), Bin("age", .int(Int64(index)))], policy: WritePolicy())
        }
        let all = try await fixture.store.batchRead(keys + [key("x", namespace: "nope")], bins: .all, policy: ReadPolicy())
        #expect(all.count == 11)
        for (index, entry) in all.prefix(10).enumerated() {
            #expect(entry.key == keys[index])
            if index % 2 == 0 {
                #expect(entry.record?.bins == [Bin("name", .string("u\(index)")), Bin("age", .int(Int64(index)))])
            } else {
                #expect(entry.outcome == .notFound)
            }
        }
        #expect(all[10].outcome == .failed(.namespaceNotFound))

        let selected = try await fixture.store.batchRead(keys, bins: .only(["age"]), policy: ReadPolicy())
        #expect(selected[2].record?.bins == [Bin("age", .int(2))])
        let existence = try await fixture.store.batchRead(keys, bins: .none, policy: ReadPolicy())
        #expect(existence.map { $0.record != nil } == (0..<10).map { $0 % 2 == 0 })
        #expect(existence[0].record?.bins == [])
    }

    @Test func batchOperateAndRemove() async throws {
        let fixture = try await StoreFixture()
        let keys = (0..<5).map { key("counter_\($0)") }
        try await fixture.store.put(keys[0], bins: [Bin("views", .string("text"))], policy: WritePolicy())
        let results = try await fixture.store.batchOperate(keys, operations: [.add(Bin("views", .int(1))), .read("views")], policy: WritePolicy())
        #expect(results[0].outcome == .failed(.binTypeError))
        #expect(results[1...].allSatisfy { $0.record?.bins == [Bin("views", .int(1))] })

        let removed = try await fixture.store.batchRemove(keys + [key("never")], policy: WritePolicy())
        #expect(removed.prefix(5).allSatisfy { $0.record != nil })
        #expect(removed[5].outcome == .notFound)
        let after = try await fixture.store.batchRead(keys, bins: .all, policy: ReadPolicy())
        #expect(after.allSatisfy { $0.outcome == .notFound })
    }
}

@Suite("Batch writes")
struct BatchWriteTests {
    @Test func aKeyTwiceInOneBatchSeesItsEarlierWrite() async throws {
        let fixture = try await StoreFixture()
        let results = try await fixture.store.batchWrite([
            BatchWrite(key: key("twice"), operations: [.write(Bin("a", .int(1)))]),
            BatchWrite(key: key("other"), operations: [.write(Bin("a", .int(9)))]),
            BatchWrite(key: key("twice"), operations: [.add(Bin("a", .int(10))), .write(Bin("b", .string("x")))]),
        ], policy: WritePolicy())
        #expect(results.map { $0.record?.generation } == [1, 1, 2])
        let stored = try await fixture.store.get(key("twice"), bins: nil, policy: ReadPolicy())
        #expect(stored.generation == 2)
        #expect(stored.bins == [Bin("a", .int(11)), Bin("b", .string("x"))])
        // Removed and written again in one batch: a new record.
        let again = try await fixture.store.batchWrite([
            BatchWrite(key: key("twice"), operations: [.delete]),
            BatchWrite(key: key("twice"), operations: [.write(Bin("c", .int(3)))]),
        ], policy: WritePolicy())
        #expect(again.map { $0.record?.generation } == [0, 1])
        #expect(try await fixture.store.get(key("twice"), bins: nil, policy: ReadPolicy()).bins == [Bin("c", .int(3))])
    }

    @Test func theSameKeyInTwoNamespacesIsTwoRecords() async throws {
        let fixture = try await StoreFixture()
        // Equal digests (a digest does not depend on the namespace), different records.
        _ = try await fixture.store.batchWrite([
            BatchWrite(key: key("k", namespace: "test"), operations: [.write(Bin("v", .string("test")))]),
            BatchWrite(key: key("k", namespace: "bar"), operations: [.write(Bin("v", .string("bar")))]),
        ], policy: WritePolicy())
        #expect(try await fixture.store.get(key("k", namespace: "test"), bins: nil, policy: ReadPolicy())[bin: "v"] == .string("test"))
        #expect(try await fixture.store.get(key("k", namespace: "bar"), bins: nil, policy: ReadPolicy())[bin: "v"] == .string("bar"))
    }

    @Test func aRecordTooBigFailsOnlyItsKey() async throws {
        let fixture = try await StoreFixture()
        let huge = Value.bytes([UInt8](repeating: 7, count: 9 * 1024 * 1024))
        let results = try await fixture.store.batchWrite([
            BatchWrite(key: key("small"), operations: [.write(Bin("v", .int(1)))]),
            BatchWrite(key: key("huge"), operations: [.write(Bin("v", huge))]),
        ], policy: WritePolicy())
        #expect(results[0].record?.generation == 1)
        #expect(results[1].outcome == .failed(.recordTooBig))
        #expect(try await fixture.store.exists(key("huge"), policy: ReadPolicy()) == nil)
        #expect(try await fixture.store.exists(key("small"), policy: ReadPolicy()) != nil)
    }
}

@Suite("Batch cancellation")
struct BatchCancellationTests {
    /// A read batch delivers rows as it goes; cancelled once its first row has arrived, it
    /// stops there with CLIENT_ABORT instead of reading the other 99,999 keys.
    @Test func aCancelledReadBatchStopsAtTheNextKey() async throws {
        let fixture = try await StoreFixture()
        let keys = (0..<100_000).map { key("big_\($0)") }
        let rows = RowCount()
        let reading = Task {
            try await fixture.store.batch(.read(keys, .all, ReadPolicy())) { _ in
                // The observable event: the first row is here. Cancel the task running the
                // batch (this very one) now, mid-batch, whatever the machine's speed.
                if rows.add() == 1 {
                    withUnsafeCurrentTask { $0?.cancel() }
                }
            }
        }
        let outcome = await reading.result
        guard case .failure(let error as AerospikeError) = outcome else {
            Issue.record("the batch ran to the end after its first row was cancelled: \(outcome)")
            return
        }
        #expect(error.code == .clientAbort)
        // It is asked between keys: nothing after the cancellation was read or delivered.
        #expect(rows.value == 1)
    }

    /// A write batch runs in one transaction, and rows arrive only once it commits: the
    /// observable event is the store asking whether to go on, which it does before each
    /// key. Told to stop after 1,000 keys (four chunks in), it leaves nothing behind.
    @Test func aWriteBatchCancelledMidwayRollsBackWhole() async throws {
        let fixture = try await StoreFixture()
        let keys = (0..<100_000).map { key("big_\($0)") }
        let entries = keys.map { BatchWrite(key: $0, operations: [.write(Bin("v", .int(1)))]) }
        var asked = 0, rows = 0
        let failure = #expect(throws: AerospikeError.self) {
            try fixture.store.synchronous.batch(.write(entries, WritePolicy()), isCancelled: {
                asked += 1
                return asked > 1_000
            }, receive: { _ in rows += 1 })
        }
        #expect(failure?.code == .clientAbort)
        #expect(asked == 1_001)
        #expect(rows == 0)
        // Nothing of the cancelled write batch is left: not the keys written before the
        // cancellation (the first chunks), nor the later ones.
        let sample = try await fixture.store.batchRead([keys[0], keys[255], keys[256], keys[999], keys[1_000], keys[99_999]], bins: .all, policy: ReadPolicy())
        #expect(sample.allSatisfy { $0.outcome == .notFound }, "\(sample.map(\.outcome))")
        // The store is well: the same batch, not cancelled, writes every key.
        try fixture.store.synchronous.batch(.write(Array(entries.prefix(300)), WritePolicy()), isCancelled: { false }, receive: { _ in rows += 1 })
        #expect(rows == 300)
        #expect(try await fixture.store.exists(keys[299], policy: ReadPolicy()) != nil)
    }
}

/// Rows seen by a batch's receive callback.
final class RowCount: Sendable {
    private let count = Mutex(0)

    /// Counts one more row; the count so far.
    func add() -> Int { count.withLock { $0 += 1; return $0 } }

    var value: Int { count.withLock { $0 } }
}
