#if canImport(Glibc)
import Glibc
#endif
import VaporCSQLite

/// A SQLite call that did not succeed: its result code and SQLite's message.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY`, `SQLITE_FULL`, …).
    let code: Int32
    let message: String
    /// The operating system's errno behind an I/O failure (0: none recorded).
    var systemError: Int32 = 0

    /// Another connection (another process) holds the lock longer than the busy timeout.
    var isBusy: Bool {
        let primary = code & 0xFF
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
    }

    /// The file cannot grow: the disk is full (SQLITE_FULL), the page limit is reached, or
    /// a write went past the process's file-size limit (`ulimit -f`: SQLite reports the
    /// EFBIG as an I/O error).
    var isFull: Bool { code & 0xFF == SQLITE_FULL || (isIOError && systemError == EFBIG) }

    /// An I/O failure: the file could not be read or written (SQLITE_IOERR_*).
    var isIOError: Bool { code & 0xFF == SQLITE_IOERR }

    /// What the operating system said, as "File too large", for an I/O failure.
    var systemReason: String? {
        guard isIOError, systemError != 0, let text = strerror(systemError) else { return nil }
        return String(cString: text)
    }

    /// " (File too large)", or nothing: what messages append for the system's reason.
    var systemReasonNote: String { systemReason.map { " (\($0))" } ?? "" }

    var description: String { "SQLite error \(code): \(message)" + systemReasonNote }
}

/// A value bound to a statement's parameter.
enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
