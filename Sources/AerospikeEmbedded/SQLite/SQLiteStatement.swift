import VaporCSQLite

/// A prepared statement of a `SQLiteDatabase`, stepped on the caller's thread.
///
/// Reading a column copies it out, so a row's values stay valid after the next step.
final class SQLiteStatement {
    let handle: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite_nio_sqlite3_finalize(handle)
    }

    /// Ready to run again, with no parameter bound.
    func reset() {
        sqlite_nio_sqlite3_reset(handle)
        sqlite_nio_sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to the parameters 1, 2, … in order.
    func bind(_ values: [SQLValue]) throws(SQLiteFailure) {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    func bind(_ value: SQLValue, at index: Int32) throws(SQLiteFailure) {
        let result: Int32
        switch value {
        case .null:
            result = sqlite_nio_sqlite3_bind_null(handle, index)
        case .integer(let number):
            result = sqlite_nio_sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            result = sqlite_nio_sqlite3_bind_double(handle, index, number)
        case .text(let text):
            var text = text
            result = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    // An empty string still needs a non-null pointer, or SQLite stores NULL.
                    sqlite_nio_sqlite3_bind_text64(handle, index, chars.baseAddress ?? UnsafePointer(bitPattern: 1), UInt64(chars.count),
                                                   SQLiteDatabase.transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
            result = bytes.withUnsafeBytes { raw in
                sqlite_nio_sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(raw.count), SQLiteDatabase.transient)
            }
        }
        guard result == SQLITE_OK else { throw database.failure(result) }
    }

    /// Runs to the next row: true when there is one, false once the statement is done.
    func step() throws(SQLiteFailure) -> Bool {
        let result = sqlite_nio_sqlite3_step(handle)
        switch result {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let failure = database.failure(result)
            sqlite_nio_sqlite3_reset(handle)
            throw failure
        }
    }

    /// Runs a statement that returns no rows (or whose rows are not wanted).
    func run(_ values: [SQLValue] = []) throws(SQLiteFailure) {
        reset()
        try bind(values)
        while try step() {}
        reset()
    }

    /// Runs the statement and hands each row to `row`, collecting what it returns.
    func rows<T>(_ values: [SQLValue] = [], _ row: (SQLiteStatement) throws -> T) throws -> [T] {
        reset()
        try bind(values)
        var results: [T] = []
        do {
            while try step() { results.append(try row(self)) }
        } catch {
            reset()
            throw error
        }
        reset()
        return results
    }

    var columnCount: Int32 { sqlite_nio_sqlite3_column_count(handle) }

    /// A column of the current row as whatever type SQLite holds it in.
    func value(_ column: Int32) -> SQLValue {
        switch sqlite_nio_sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: .integer(integer(column))
        case SQLITE_FLOAT: .real(sqlite_nio_sqlite3_column_double(handle, column))
        case SQLITE_TEXT: text(column).map { .text($0) } ?? .null
        case SQLITE_BLOB: blob(column).map { .blob($0) } ?? .null
        default: .null
        }
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite_nio_sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func integer(_ column: Int32) -> Int64 {
        sqlite_nio_sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String? {
        guard !isNull(column), let pointer = sqlite_nio_sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8]? {
        guard !isNull(column) else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite_nio_sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
