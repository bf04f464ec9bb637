import VaporCSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A connection to a SQLite database (the copy of SQLite that sqlite-nio brings), used
/// synchronously on the caller's thread: no thread pool and no hop between threads, which
/// on a small machine cost more than the SQLite work of a single-record command.
///
/// Not safe to share between threads by itself: its owner (`StoreConnections`) hands it
/// to one thread at a time. Prepared statements are kept and reused by their text.
final class SQLiteDatabase {
    /// SQLITE_TRANSIENT: SQLite copies a bound value before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// Statements kept for reuse; beyond this many (statements with a variable count of
    /// parameters make new texts) the cache starts over.
    static let statementCacheLimit = 96

    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// Statements of literal SQL by the literal's address (few, and never evicted: each
    /// is also in `statements`, whose eviction only drops that cache's reference).
    private var literalStatements: [UnsafeRawPointer: SQLiteStatement] = [:]
    private(set) var isClosed = false

    /// Opens (creating when missing) the database at `path`; `nil` is a private in-memory one.
    init(path: String?) throws(SQLiteFailure) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let result = sqlite_nio_sqlite3_open_v2(path ?? ":memory:", &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let message = opened.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            if let opened { sqlite_nio_sqlite3_close_v2(opened) }
            throw SQLiteFailure(code: result, message: message)
        }
        handle = opened
        sqlite_nio_sqlite3_extended_result_codes(handle, 1)
        sqlite_nio_sqlite3_busy_handler(handle, { _, attempts in SQLiteDatabase.waitWhileBusy(attempts: attempts) }, nil)
    }

    /// How long a statement waits for another connection's lock (another process's)
    /// before failing with SQLITE_BUSY.
    static let busyTimeoutMilliseconds = 5000
    /// The pauses between tries while another connection holds the lock, in milliseconds.
    private static let busyPauses: [Int32] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]

    /// SQLite's busy handler: keep waiting (1) or give up (0). Like `busy_timeout`, but it
    /// also gives up at once when the task that runs the statement is cancelled (Ctrl-C at
    /// the prompt), instead of holding the user for the whole timeout.
    private static func waitWhileBusy(attempts: Int32) -> Int32 {
        if Task.isCancelled { return 0 }
        let index = Int(min(attempts, Int32(busyPauses.count - 1)))
        let waited = busyPauses.prefix(index).reduce(0, +) + Int32(max(0, Int(attempts) - busyPauses.count + 1)) * busyPauses[busyPauses.count - 1]
        guard waited < busyTimeoutMilliseconds else { return 0 }
        var pause = timespec(tv_sec: 0, tv_nsec: Int(busyPauses[index]) * 1_000_000)
        nanosleep(&pause, nil)
        return Task.isCancelled ? 0 : 1
    }

    deinit {
        close()
    }

    func close() {
        guard !isClosed else { return }
        statements.removeAll()
        literalStatements.removeAll()
        sqlite_nio_sqlite3_close_v2(handle)
        isClosed = true
    }

    /// Runs SQL text that takes no parameters and returns nothing wanted (pragmas, DDL,
    /// BEGIN/COMMIT); several statements may be separated by `;`.
    func execute(_ sql: String) throws(SQLiteFailure) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, &message)
        guard result == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "failed"
            sqlite_nio_sqlite3_free(message)
            throw SQLiteFailure(code: result, message: text)
        }
    }

    /// The prepared statement for `sql`, reset and ready to bind.
    /// The prepared statement for SQL built at run time, found by its text. A literal's
    /// goes through `statement(_: StaticString)`, found by its address.
    func statement(sql: String) throws(SQLiteFailure) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var prepared: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard result == SQLITE_OK, let prepared else { throw failure(result) }
        let statement = SQLiteStatement(prepared, database: self)
        if statements.count >= SQLiteDatabase.statementCacheLimit { statements.removeAll() }
        statements[sql] = statement
        return statement
    }

    /// The prepared statement for a literal `sql`, found by the literal's address: the
    /// statements run for every record (a batch's lookups) skip hashing their text, which
    /// was a tenth of a batch read's lookup.
    func statement(_ sql: StaticString) throws(SQLiteFailure) -> SQLiteStatement {
        let address = UnsafeRawPointer(sql.utf8Start)
        if let cached = literalStatements[address] {
            cached.reset()
            return cached
        }
        let text = sql.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        let statement = try statement(sql: text)
        literalStatements[address] = statement
        return statement
    }

    /// Runs the literal `sql` with `values` and discards any rows. Every statement of a
    /// write (BEGIN, the upsert, the index definitions, COMMIT) is a literal: found by its
    /// address, not by hashing its text (a thirtieth of serve's instructions per PUT).
    func run(_ sql: StaticString, _ values: [SQLValue] = []) throws(SQLiteFailure) {
        try statement(sql).run(values)
    }

    /// Runs SQL built at run time with `values` and discards any rows.
    func run(sql: String, _ values: [SQLValue] = []) throws(SQLiteFailure) {
        try statement(sql: sql).run(values)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite_nio_sqlite3_changes(handle)) }

    /// Whether a transaction is open on this connection.
    var inTransaction: Bool { sqlite_nio_sqlite3_get_autocommit(handle) == 0 }

    func failure(_ result: Int32) -> SQLiteFailure {
        SQLiteFailure(
            code: sqlite_nio_sqlite3_extended_errcode(handle), message: String(cString: sqlite_nio_sqlite3_errmsg(handle)),
            systemError: sqlite_nio_sqlite3_system_errno(handle))
    }
}
