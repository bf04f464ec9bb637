import AerospikeCore
import AerospikeEmbedded
import Testing
import VaporCSQLite
#if canImport(Glibc)
import Glibc
#endif

@Suite("Persistence")
struct PersistenceTests {
    private func temporaryPath() -> String {
        var template = Array("/tmp/aerosh-store-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        return directory + "/store.db"
    }

    @Test func dataSurvivesReopeningAndIsSharedBetweenOpenStores() async throws {
        let path = temporaryPath()
        let first = try EmbeddedStore(path: path)
        try await first.put(key("p"), bins: [Bin("v", .string("kept"))], policy: WritePolicy(sendKey: true))
        let second = try EmbeddedStore(path: path)
        #expect(try await second.get(key("p"), bins: nil, policy: ReadPolicy())[bin: "v"] == .string("kept"))
        try await second.put(key("p"), bins: [Bin("v", .string("changed"))], policy: WritePolicy())
        #expect(try await first.get(key("p"), bins: nil, policy: ReadPolicy())[bin: "v"] == .string("changed"))
        await first.close()
        await second.close()
        let reopened = try EmbeddedStore(path: path)
        let record = try await reopened.get(key("p"), bins: nil, policy: ReadPolicy())
        #expect(record.generation == 2)
        #expect(record[bin: "v"] == .string("changed"))
        await reopened.close()
    }

    /// The page size in a SQLite file's header (bytes 16–17, big-endian).
    private func pageSize(of path: String) throws -> Int {
        let file = try #require(fopen(path, "rb"))
        defer { fclose(file) }
        var header = [UInt8](repeating: 0, count: 100)
        #expect(fread(&header, 1, 100, file) == 100)
        return Int(header[16]) << 8 | Int(header[17])
    }

    @Test func aNewStoreFileHas8KiBPagesAndAnOlderFileKeepsItsOwn() async throws {
        let path = temporaryPath()
        let store = try EmbeddedStore(path: path)
        try await store.put(key("p"), bins: [Bin("v", .int(1))], policy: WritePolicy())
        await store.close()
        #expect(try pageSize(of: path) == 8192)

        // A file made with SQLite's default 4 KiB pages, as every store was before.
        let older = temporaryPath()
        var handle: OpaquePointer?
        #expect(sqlite_nio_sqlite3_open(older, &handle) == SQLITE_OK)
        #expect(sqlite_nio_sqlite3_exec(handle, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x)", nil, nil, nil) == SQLITE_OK)
        sqlite_nio_sqlite3_close(handle)
        #expect(try pageSize(of: older) == 4096)
        let reopened = try EmbeddedStore(path: older)
        try await reopened.put(key("q"), bins: [Bin("v", .int(2))], policy: WritePolicy())
        #expect(try await reopened.get(key("q"), bins: nil, policy: ReadPolicy())[bin: "v"] == .int(2))
        await reopened.close()
        #expect(try pageSize(of: older) == 4096)
    }

    @Test func aSerialStoreIsInWALModeAndSharesTheFileWithAPool() async throws {
        let path = temporaryPath()
        let serial = try EmbeddedStore(path: path, access: .serial)
        try await serial.put(key("s"), bins: [Bin("v", .int(1))], policy: WritePolicy())
        // WAL mode: the write went to the write-ahead log first.
        #expect(access(path + "-wal", F_OK) == 0)
        let pool = try EmbeddedStore(path: path, access: .concurrentReads)
        #expect(try await pool.get(key("s"), bins: nil, policy: ReadPolicy())[bin: "v"] == .int(1))
        try await pool.put(key("s"), bins: [Bin("v", .int(2))], policy: WritePolicy())
        // A reader of the pool open while the serial store writes, and the other way round.
        #expect(try await serial.get(key("s"), bins: nil, policy: ReadPolicy())[bin: "v"] == .int(2))
        try await serial.put(key("t"), bins: [Bin("v", .int(3))], policy: WritePolicy())
        #expect(try await pool.batchRead([key("s"), key("t")], bins: .all, policy: ReadPolicy()).map { $0.record?[bin: "v"] } == [.int(2), .int(3)])
        await serial.close()
        await pool.close()
    }

    @Test func twoStoresOnOneFileLoseNoIncrement() async throws {
        // As two processes would: each store has its own connections, and a write that
        // finds the record changed since it read it starts over.
        let path = temporaryPath()
        let first = try EmbeddedStore(path: path)
        let second = try EmbeddedStore(path: path, access: .serial)
        try await first.put(key("n"), bins: [Bin("n", .int(0))], policy: WritePolicy())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                let store = index % 2 == 0 ? first : second
                group.addTask { try await store.increment(key("n"), bin: "n", by: .int(1), policy: WritePolicy()) }
            }
            try await group.waitForAll()
        }
        let record = try await second.get(key("n"), bins: nil, policy: ReadPolicy())
        #expect(record[bin: "n"] == .int(200))
        #expect(record.generation == 201)
        await first.close()
        await second.close()
    }

    @Test func anUnwritablePathIsAClearError() async throws {
        do {
            _ = try EmbeddedStore(path: "/nonexistent-dir/x/store.db")
            Issue.record("opening should fail")
        } catch {
            #expect(error.message?.contains("/nonexistent-dir/x/store.db") == true)
        }
    }
}
