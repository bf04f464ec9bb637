import AerospikeCore
import AerospikeSemantics
@testable import AerospikeEmbedded
import Testing

/// Writes from many tasks at once: each gets its own result, in the order they were applied.
@Suite("Concurrent writes")
struct ConcurrentWriteTests {
    @Test func concurrentIncrementsOfOneKeyEachSeeADistinctGeneration() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("n"), bins: [Bin("n", .int(0))], policy: WritePolicy())
        let generations = try await withThrowingTaskGroup(of: UInt32.self) { group in
            for _ in 0..<100 {
                group.addTask { try await fixture.store.increment(key("n"), bin: "n", by: .int(1), policy: WritePolicy()).generation }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(generations.sorted() == Array(2...101))
        #expect(try await fixture.store.get(key("n"), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(100))
    }

    @Test func aFailingWriteInAGroupFailsAlone() async throws {
        let fixture = try await StoreFixture()
        try await fixture.store.put(key("taken"), bins: [Bin("v", .int(1))], policy: WritePolicy())
        let outcomes = await withTaskGroup(of: (Int, ResultCode?).self) { group in
            for index in 0..<50 {
                group.addTask {
                    // Every tenth write tries to create the record that exists.
                    let target = index % 10 == 0 ? key("taken") : key("k\(index)")
                    let failure = await code { () async throws(AerospikeError) in
                        try await fixture.store.put(target, bins: [Bin("v", .int(Int64(index)))], policy: WritePolicy(exists: .createOnly))
                    }
                    return (index, failure)
                }
            }
            return await group.reduce(into: [Int: ResultCode?]()) { $0[$1.0] = $1.1 }
        }
        for index in 0..<50 {
            #expect(outcomes[index] == (index % 10 == 0 ? ResultCode.recordExists : nil), "write \(index)")
        }
        let written = try await fixture.store.batchRead((0..<50).filter { $0 % 10 != 0 }.map { key("k\($0)") }, bins: .all, policy: ReadPolicy())
        #expect(written.allSatisfy { $0.record?.generation == 1 })
        #expect(try await fixture.store.get(key("taken"), bins: nil, policy: ReadPolicy())[bin: "v"] == .int(1))
    }
}

/// Each single-record write is a transaction that holds the file's write lock from its
/// read to its write: another process cannot slip a change in between.
@Suite("Write transactions")
struct WriteTransactionTests {
    @Test func aWriteWaitsForAnotherProcesssTransactionAndBuildsOnWhatItCommitted() async throws {
        let fixture = try await StoreFixture(path: temporaryStorePath())
        try await fixture.store.put(key("k"), bins: [Bin("n", .int(1))], policy: WritePolicy())
        // Another process: its own connection, holding the write lock while it rewrites the record.
        let other = try SQLiteDatabase(path: fixture.path)
        try other.execute("PRAGMA busy_timeout = 5000")
        try other.execute("BEGIN IMMEDIATE")
        let stored = StoredRecord(setName: "demo", userKey: nil, generation: 7, voidTime: 0, bins: [Bin("n", .int(10))])
        try RecordTable.save(other, namespace: "test", rows: [RecordTable.Row(digest: key("k").digest, record: stored, binBytes: try BinBlob.encode(stored.bins, key: key("k")), lastUpdate: 0)])
        // The store's write cannot even read the record until the other commits.
        let writer = Task { try await fixture.store.increment(key("k"), bin: "n", by: .int(1), policy: WritePolicy()) }
        try other.execute("COMMIT")
        let metadata = try await writer.value
        #expect(metadata.generation == 8)
        #expect(try await fixture.store.get(key("k"), bins: nil, policy: ReadPolicy())[bin: "n"] == .int(11))
        other.close()
    }
}
