import AerospikeCore
import AerospikeSemantics
@testable import AerospikeEmbedded
import Foundation
import Testing

/// Store files outlive releases: one written by aerosh 0.1.0 (format 0, checked in) must
/// open, keep every record, and gain what scans need.
@Suite("Store schema and migrations")
struct SchemaMigrationTests {
    /// `Tests/Fixtures/stores/written-by-0.1.0.db`, written by the 0.1.0 binary at this
    /// moment: `PUT test.demo 'user1' {name: 'Alice', age: 30} SEND KEY; PUT test.demo 42
    /// {n: 1} TTL NEVER; PUT test.other x'0102' {b: x'ff'} SEND KEY; PUT test 'noset' {v: 1.5};
    /// PUT bar.demo 'k' {l: [1, 'a'], m: {a: 1}} TTL 300; INCREMENT test.demo 'user1' age 1`.
    static let writtenAt: UInt64 = 1_795_800_945

    static func copyOfReleaseFile(_ name: String = "written-by-0.1.0.db") throws -> String {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/stores/\(name)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("store.db").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    /// Each row's columns, read straight from the file.
    static func rows(_ path: String, _ sql: String) async throws -> [[SQLValue]] {
        let database = try SQLiteDatabase(path: path)
        defer { database.close() }
        return try database.statement(sql: sql).rows { row in (0..<row.columnCount).map { row.value($0) } }
    }

    @Test func aFileWrittenByTheFirstReleaseOpensAndMigrates() async throws {
        let path = try Self.copyOfReleaseFile()
        #expect(try await Self.rows(path, "PRAGMA user_version").first?.first?.integer == 0)
        let clock = ManualClock(unixSeconds: Self.writtenAt + 10)
        let store = try EmbeddedStore(path: path, clock: clock)
        let user = try await store.get(Key(namespace: "test", set: "demo", userKey: .string("user1")), bins: nil, policy: ReadPolicy())
        #expect(user.bins == [Bin("name", .string("Alice")), Bin("age", .int(31))])
        #expect(user.generation == 2)
        #expect(try await store.storedUserKey(Key(namespace: "test", set: "demo", userKey: .string("user1"))) == .string("user1"))
        let never = try await store.get(Key(namespace: "test", set: "demo", userKey: .int(42)), bins: nil, policy: ReadPolicy())
        #expect(never.ttl == .never)
        let soon = try await store.get(Key(namespace: "bar", set: "demo", userKey: .string("k")), bins: nil, policy: ReadPolicy())
        #expect(soon.ttl == .seconds(290))
        #expect(soon[bin: "m"] == .map([MapEntry(.string("a"), .int(1))]))
        #expect(try await store.exists(Key(namespace: "test", set: "other", userKey: .bytes([1, 2])), policy: ReadPolicy()) != nil)
        #expect(try await store.exists(Key(namespace: "test", set: nil, userKey: .string("noset")), policy: ReadPolicy()) != nil)
        try await store.put(Key(namespace: "test", set: "demo", userKey: .string("new")), bins: [Bin("v", .int(1))], policy: WritePolicy())
        await store.close()

        #expect(try await Self.rows(path, "PRAGMA user_version").first?.first?.integer == StoreSchema.currentVersion)
        // Every row, old and new, carries its digest's partition.
        let rows = try await Self.rows(path, "SELECT digest, partition_id FROM records")
        #expect(rows.count == 6)
        for row in rows {
            let digest = try #require(row[0].blob.flatMap(Digest.init))
            #expect(row[1].integer == digest.partitionID, "\(digest)")
        }
        try await Self.expectCurrentLayout(path)
    }

    /// The tables and indexes of the current version, and none of the ones it dropped.
    static func expectCurrentLayout(_ path: String) async throws {
        let names = Set(try await rows(path, "SELECT name FROM sqlite_master WHERE type IN ('index', 'table')").compactMap { $0.first?.text })
        #expect(names.isSuperset(of: ["records", "records_by_expiry", "secondary_indexes", "secondary_index_entries", "secondary_index_lookup"]))
        #expect(names.isDisjoint(with: ["records_by_partition", "records_by_set_partition", "records_by_set", "records_v3"]), "\(names.sorted())")
        let table = try await rows(path, "SELECT sql FROM sqlite_master WHERE name = 'records'").first?.first?.text
        #expect(table?.contains("PRIMARY KEY (namespace, partition_id, digest)") == true, "\(table ?? "no records table")")
    }

    /// `Tests/Fixtures/stores/format-2.db`, written by aerosh 0.1.0 at format 2 (this
    /// moment): the first file's statements, then `CREATE INDEX age_idx ON test.demo (age)
    /// NUMERIC; PUT test.demo 'user2' {name: 'Bob', age: 40} SEND KEY`.
    static let format2WrittenAt: UInt64 = 1_795_844_107

    @Test func aFormat2FileIsRebuiltWithEveryRecordAndIndexEntry() async throws {
        let path = try Self.copyOfReleaseFile("format-2.db")
        #expect(try await Self.rows(path, "PRAGMA user_version").first?.first?.integer == 2)
        let columns = "namespace, digest, set_name, user_key, generation, void_time, bins, partition_id, last_update"
        let before = try await Self.rows(path, "SELECT \(columns) FROM records ORDER BY namespace, digest")
        let entries = try await Self.rows(path, "SELECT * FROM secondary_index_entries ORDER BY digest")
        #expect(before.count == 6 && entries.count == 2)

        let store = try EmbeddedStore(path: path, clock: ManualClock(unixSeconds: Self.format2WrittenAt + 10))
        let bob = try await store.get(Key(namespace: "test", set: "demo", userKey: .string("user2")), bins: nil, policy: ReadPolicy())
        #expect(bob.bins == [Bin("name", .string("Bob")), Bin("age", .int(40))])
        let soon = try await store.get(Key(namespace: "bar", set: "demo", userKey: .string("k")), bins: nil, policy: ReadPolicy())
        #expect(soon.ttl == .seconds(290))
        try await store.put(Key(namespace: "test", set: "demo", userKey: .string("new")), bins: [Bin("age", .int(7))], policy: WritePolicy())
        await store.close()

        #expect(try await Self.rows(path, "PRAGMA user_version").first?.first?.integer == StoreSchema.currentVersion)
        try await Self.expectCurrentLayout(path)
        // Every column of every record as it was, and the index entries too (the new
        // record's besides).
        let after = try await Self.rows(path, "SELECT \(columns) FROM records ORDER BY namespace, digest")
        let newDigest = Key(namespace: "test", set: "demo", userKey: .string("new")).digest.bytes
        #expect(after.filter { $0[1].blob != newDigest } == before)
        let entriesAfter = try await Self.rows(path, "SELECT * FROM secondary_index_entries ORDER BY digest")
        #expect(entriesAfter.filter { $0[5].blob != newDigest } == entries)
        #expect(entriesAfter.count == 3)
    }

    @Test func aNewFileStartsAtTheCurrentVersionAndEveryWritePathStoresThePartition() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aerosh-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("store.db").path
        let store = try EmbeddedStore(path: path)
        // A single write (compare-and-set), a batch write and a group of concurrent writes.
        try await store.put(key("single"), bins: [Bin("v", .int(1))], policy: WritePolicy())
        _ = try await store.batchWrite((0..<20).map { BatchWrite(key: key("batch\($0)"), operations: [.write(Bin("v", .int(1)))]) }, policy: WritePolicy())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { try await store.put(key("group\(index)"), bins: [Bin("v", .int(1))], policy: WritePolicy()) }
            }
            try await group.waitForAll()
        }
        await store.close()
        #expect(try await Self.rows(path, "PRAGMA user_version").first?.first?.integer == StoreSchema.currentVersion)
        let rows = try await Self.rows(path, "SELECT digest, partition_id FROM records")
        #expect(rows.count == 41)
        let wrong = rows.filter { row in row[0].blob.flatMap(Digest.init)?.partitionID != row[1].integer }
        #expect(wrong.isEmpty)
    }

    /// aerosh 0.1.0 never checked a file's format: a row it wrote into a newer file has the
    /// partition column's default, 0. Once the partition is part of the key, such a row
    /// must not become unreachable: the rebuild puts it in its place.
    @Test func aRowWithoutItsPartitionIsFoundAfterTheRebuild() async throws {
        let path = try Self.copyOfReleaseFile("format-2.db")
        let bob = Key(namespace: "test", set: "demo", userKey: .string("user2"))
        #expect(bob.digest.partitionID != 0)
        let database = try SQLiteDatabase(path: path)
        try database.run("UPDATE records SET partition_id = 0 WHERE digest = ?", [.blob(bob.digest.bytes)])
        database.close()

        let store = try EmbeddedStore(path: path, clock: ManualClock(unixSeconds: Self.format2WrittenAt + 10))
        #expect(try await store.get(bob, bins: nil, policy: ReadPolicy()).bins == [Bin("name", .string("Bob")), Bin("age", .int(40))])
        try await store.put(bob, bins: [Bin("age", .int(41))], policy: WritePolicy())
        await store.close()
        let rows = try await Self.rows(path, "SELECT partition_id, generation FROM records WHERE digest = x'\(bob.digest.hex)'")
        #expect(rows == [[.integer(Int64(bob.digest.partitionID)), .integer(2)]])
    }

    @Test func aFileFromANewerAeroshIsRefusedClearly() async throws {
        let path = try Self.copyOfReleaseFile()
        let database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA user_version = 99")
        database.close()
        do {
            _ = try EmbeddedStore(path: path)
            Issue.record("a format-99 file was opened")
        } catch {
            #expect("\(error)".contains("newer aerosh"), "\(error)")
        }
    }
}

extension SQLValue {
    var integer: Int? { if case .integer(let value) = self { Int(value) } else { nil } }
    var text: String? { if case .text(let value) = self { value } else { nil } }
    var blob: [UInt8]? { if case .blob(let value) = self { value } else { nil } }
}
