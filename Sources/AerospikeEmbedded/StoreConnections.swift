#if canImport(Glibc)
import Glibc
#endif
import NIOConcurrencyHelpers

/// The store's SQLite file: one connection that writes, a transaction at a time, and for
/// `concurrentReads` a few reader connections beside it (WAL mode lets them read while
/// the writer writes). Every call runs SQLite on the caller's own thread.
final class StoreConnections: Sendable {
    static let readerCount = 2
    static let newFilePageSize = 8192
    /// How much the write-ahead log holds before SQLite checkpoints it, whatever the
    /// file's page size (`wal_autocheckpoint` counts pages).
    static let logBytesBeforeCheckpoint = 10_000 * 4096
    private let writer: Guarded
    private let readers: [Guarded]
    private let nextReader = NIOLockedValueBox(0)

    private init(writer: Guarded, readers: [Guarded]) {
        self.writer = writer
        self.readers = readers
    }

    /// Opens the file at `path` (created when missing; nil: a private in-memory database).
    static func open(path: String?, concurrentReads: Bool) throws(SQLiteFailure) -> StoreConnections {
        let writer = try SQLiteDatabase(path: path)
        // Waiting for another process's lock is SQLiteDatabase's busy handler's to do.
        do {
            if path != nil {
                // Pages of 8 KiB for a new file (one that exists keeps its own): a group of
                // writes to random digests dirties a page per few records whatever their
                // size, and each dirty page costs a log write and a checkpoint copy, so
                // half as many pages of twice the size write a group faster (200,000 piped
                // PUTs: 4.6–5.1 s with 4 KiB pages, 3.9–4.1 s with 8 KiB; 16 KiB gained
                // nothing more). Set before WAL mode, which writes the file's header.
                try writer.execute("PRAGMA page_size = \(Self.newFilePageSize)")
                try writer.execute("PRAGMA journal_mode = WAL")
                try writer.execute("PRAGMA synchronous = NORMAL")
                // A script's group of writes dirties pages all over the record table: a page
                // cache of 4 MiB (SQLite's default is 2) keeps most of them from spilling to
                // the log mid-transaction, and checkpointing once the log holds about 40 MiB
                // (10,000 pages of 4 KiB, not SQLite's 1,000) writes a page that many groups
                // changed once. 8 MiB of cache was a few per cent faster, but 1,000,000
                // piped PUTs then peaked at 31.4 MiB resident (14 MiB of it the binary's own
                // pages), past the 30 MiB a piped script may take; with 4 MiB, 28.1 MiB,
                // and 37.4 s instead of 36.0 s.
                try writer.execute("PRAGMA cache_size = -4096")
                let pageSize = (try? writer.statement("PRAGMA page_size").rows { Int($0.integer(0)) }.first) ?? 4096
                try writer.execute("PRAGMA wal_autocheckpoint = \(Self.logBytesBeforeCheckpoint / max(512, pageSize))")
            }
            if let pages = maxPageCount {
                try writer.execute("PRAGMA max_page_count = \(pages)")
            }
        } catch {
            writer.close()
            throw error
        }
        var readers: [Guarded] = []
        // Readers only for a plain file: with SQLite's URI paths ('file::memory:') or an
        // empty one (a private temporary database), each connection would see its own.
        if concurrentReads, let path, !path.isEmpty, !path.hasPrefix("file:") {
            for _ in 0..<readerCount {
                readers.append(Guarded(try SQLiteDatabase(path: path)))
            }
        }
        return StoreConnections(writer: Guarded(writer), readers: readers)
    }

    /// A bound on the file's size in pages, from `AEROSH_STORE_MAX_PAGES`: how tests give
    /// the store a full disk (SQLITE_FULL) without filling one, as root or not. Not for
    /// users: nothing documents it.
    static var maxPageCount: Int? {
        getenv("AEROSH_STORE_MAX_PAGES").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Runs `body` with a connection to read from, in one read transaction: its
    /// statements see one snapshot, and the file's shared lock is taken once for all of
    /// them (a batch's lookups, a statement each, took and dropped it per key).
    func read<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        guard !readers.isEmpty else { return try writer.with { try Self.transaction($0, begin: "BEGIN", body) } }
        let index = nextReader.withLockedValue { next -> Int in
            defer { next &+= 1 }
            return next % readers.count
        }
        return try readers[index].with { try Self.transaction($0, begin: "BEGIN", body) }
    }

    /// Runs `body`, which reads with one statement, on a connection to read from and
    /// with no explicit transaction: a statement is its own snapshot in SQLite, and a
    /// BEGIN and a COMMIT around it were two more steps for every single-record read.
    /// `body` must run one statement only, stepped to its end, so no snapshot outlives
    /// the call.
    func readOneStatement<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        guard !readers.isEmpty else { return try writer.with { try body($0) } }
        let index = nextReader.withLockedValue { next -> Int in
            defer { next &+= 1 }
            return next % readers.count
        }
        return try readers[index].with { try body($0) }
    }

    /// Runs `body` in a write transaction that holds the file's write lock from its first
    /// read to its commit (BEGIN IMMEDIATE), so no other process can change a record
    /// between the moment it is read and the moment it is written.
    func write<T>(_ body: (SQLiteDatabase) throws -> T) throws -> T {
        try writer.with { try Self.transaction($0, begin: "BEGIN IMMEDIATE", body) }
    }

    /// `body` in a transaction opened with `begin`: committed when it returns, rolled back
    /// when it (or the commit) throws, never left open (a reader would keep an old
    /// snapshot, and hold the log back from every checkpoint). The statements are
    /// prepared once and reused: a transaction costs two steps, not two parses.
    private static func transaction<T>(_ db: SQLiteDatabase, begin: StaticString, _ body: (SQLiteDatabase) throws -> T) throws -> T {
        try db.run(begin)
        do {
            let result = try body(db)
            try db.run("COMMIT")
            return result
        } catch {
            if db.inTransaction { try? db.run("ROLLBACK") }
            throw error
        }
    }

    /// Closes every connection once the statements running on them are done.
    func close() {
        for connection in readers + [writer] {
            connection.with { $0.close() }
        }
    }

    /// One connection and the lock that gives it to one thread at a time.
    private final class Guarded: @unchecked Sendable {
        private let lock = NIOLock()
        private let database: SQLiteDatabase

        init(_ database: SQLiteDatabase) {
            self.database = database
        }

        func with<T>(_ body: (SQLiteDatabase) throws -> T) rethrows -> T {
            try lock.withLock { try body(database) }
        }
    }
}
