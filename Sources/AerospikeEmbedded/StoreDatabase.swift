import AerospikeCore
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// The store's SQLite file, through sqlite-nio: every SQLite call runs on NIO's thread
/// pool, never on the threads that run Swift tasks.
///
/// Writes go through one connection, a transaction at a time (`TransactionLock`). With
/// `concurrentReads`, reads use connections of their own beside it, which WAL mode lets
/// read while the writer writes (`aerosh serve`, many clients); otherwise, and always for
/// an in-memory store (whose connections could not share it), they take turns on the
/// writer's.
final class StoreDatabase: Sendable {
    static let readerCount = 3
    /// How long a statement waits for another process's lock before failing with BUSY.
    static let busyTimeoutMilliseconds = 5000

    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    /// One per reader: a statement started on a connection while another is still
    /// stepping there would join that one's read snapshot, and miss a write already
    /// acknowledged. So a reader serves one body at a time.
    private let readerLocks: [TransactionLock]
    private let nextReader = Atomic<Int>(0)
    private let lock = TransactionLock()

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = readers
        readerLocks = readers.map { _ in TransactionLock() }
    }

    static func open(path: String?, concurrentReads: Bool) async throws -> StoreDatabase {
        let storage: SQLiteConnection.Storage = path.map { .file(path: $0) } ?? .memory
        let writer = try await connect(storage, pragmas: [
            "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
        ])
        var readers: [SQLiteConnection] = []
        // Readers only for a plain file: with SQLite's URI paths ('file::memory:') or an
        // empty one (a private temporary database), each connection would see its own.
        if concurrentReads, let path, !path.isEmpty, !path.hasPrefix("file:") {
            do {
                for _ in 0..<readerCount {
                    readers.append(try await connect(storage, pragmas: ["PRAGMA busy_timeout = \(busyTimeoutMilliseconds)"]))
                }
            } catch {
                for connection in readers + [writer] { try? await connection.close().get() }
                throw error
            }
        }
        return StoreDatabase(writer: writer, readers: readers)
    }

    private static func connect(_ storage: SQLiteConnection.Storage, pragmas: [String]) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: storage, threadPool: .singleton, logger: StoreDatabase.logger, on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            for pragma in pragmas { _ = try await connection.query(pragma) }
        } catch {
            // Through the future, which a cancelled task still waits for.
            try? await connection.close().get()
            throw error
        }
        return connection
    }

    /// sqlite-nio logs at debug and trace only; the store has nothing to say there.
    private static let logger = Logger(label: "aerosh.store", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` with a connection to read from.
    func read<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        guard !readers.isEmpty else {
            await lock.lock()
            defer { lock.unlock() }
            return try await body(writer)
        }
        let index = nextReader.add(1, ordering: .relaxed).oldValue % readers.count
        await readerLocks[index].lock()
        defer { readerLocks[index].unlock() }
        return try await body(readers[index])
    }

    /// Runs `body` with the writer connection to itself, outside any transaction: for a
    /// single-record write, which checks with compare-and-set that nothing changed between
    /// its read and its write (two statements, not a transaction's four).
    func exclusive<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        await lock.lock()
        defer { lock.unlock() }
        return try await body(writer)
    }

    /// Runs `body` in a write transaction, committed when it returns and rolled back when
    /// it throws (cancellation included).
    func write<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        await lock.lock()
        defer { lock.unlock() }
        _ = try await writer.query("BEGIN IMMEDIATE")
        do {
            let result = try await body(writer)
            _ = try await writer.query("COMMIT")
            return result
        } catch {
            // Through the future, which a cancelled task still waits for: the thread pool
            // drops cancelled work, and a transaction left open would outlive the command.
            _ = try? await writer.query("ROLLBACK").get()
            throw error
        }
    }

    /// Waits for the statements in flight, then closes every connection (through futures,
    /// which a cancelled task still waits for).
    func close() async {
        await lock.lock()
        defer { lock.unlock() }
        for (connection, readerLock) in zip(readers, readerLocks) {
            await readerLock.lock()
            if !connection.isClosed { try? await connection.close().get() }
            readerLock.unlock()
        }
        if !writer.isClosed { try? await writer.close().get() }
    }

    /// A store dropped without `close()` still closes its connections (each stays alive
    /// until its close has run on the thread pool).
    deinit {
        for connection in readers + [writer] where !connection.isClosed {
            _ = connection.close() as EventLoopFuture<Void>
        }
    }
}
