import AerospikeCore
import AerospikeSemantics
@testable import AerospikeEmbedded
import Testing

/// Writes that arrive together are written together (group commit); each still gets its
/// own result, in the order they were applied.
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

/// The compare-and-set a single write ends with, against a row another process rewrote.
@Suite("Compare-and-set")
struct CompareAndSetTests {
    @Test func aRecordRemovedAndWrittenAgainIsNotTakenForTheOneRead() async throws {
        let database = try await StoreDatabase.open(path: nil, concurrentReads: false)
        let digest = key("k").digest
        func stored(_ bins: [Bin]) throws -> RecordTable.Row {
            RecordTable.Row(digest: digest, record: StoredRecord(setName: "demo", userKey: nil, generation: 1, voidTime: 0, bins: bins),
                            binBytes: try BinBlob.encode(bins, key: key("k")))
        }
        let read = try await database.write { db -> StoredRecord? in
            try await StoreSchema.create(db)
            try await RecordTable.save(db, namespace: "test", rows: [try stored([Bin("a", .int(1))])])
            return try await RecordTable.load(db, namespace: "test", digest: digest)
        }
        let current = try #require(read)
        // Another process removes the record and writes it again: generation 1 and void
        // time 0 once more, other bins.
        try await database.write { db in
            try await RecordTable.delete(db, namespace: "test", digests: [digest])
            try await RecordTable.save(db, namespace: "test", rows: [try stored([Bin("b", .int(5))])])
        }
        var update = current
        update.generation = 2
        update.bins = [Bin("a", .int(2))]
        let replaced = try await database.exclusive { db in
            try await RecordTable.save(db, namespace: "test", row: RecordTable.Row(digest: digest, record: update, binBytes: try BinBlob.encode(update.bins, key: key("k"))), replacing: current)
        }
        #expect(!replaced)
        let removed = try await database.exclusive { db in try await RecordTable.delete(db, namespace: "test", digest: digest, replacing: current) }
        #expect(!removed)
        let now = try await database.read { db in try await RecordTable.load(db, namespace: "test", digest: digest) }
        #expect(now?.bins == [Bin("b", .int(5))])
        // The row as it really is now: the write goes through.
        let fresh = try #require(now)
        #expect(try await database.exclusive { db in try await RecordTable.delete(db, namespace: "test", digest: digest, replacing: fresh) })
        await database.close()
    }
}
