import VaporCSQLite

/// A SQLite call that did not succeed: its result code and SQLite's message.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY`, `SQLITE_FULL`, …).
    let code: Int32
    let message: String

    /// Another connection (another process) holds the lock longer than the busy timeout.
    var isBusy: Bool {
        let primary = code & 0xFF
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
    }

    /// The file cannot grow: the disk is full, or the page limit is reached.
    var isFull: Bool { code & 0xFF == SQLITE_FULL }

    var description: String { "SQLite error \(code): \(message)" }
}

/// A value bound to a statement's parameter.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
