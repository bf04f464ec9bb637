import AerospikeCore

/// What kind of rows a statement yields, known before it runs: every statement that
/// reaches the client core yields a stream of `ResultRow`s of one kind (a single-record
/// statement, one row), so there is one path from the executor to the renderers.
public enum ResultKind: Sendable, Hashable {
    /// GET, OPERATE: one `.record`.
    case record
    /// EXISTS: one `.exists`.
    case exists
    /// OPERATE ORDERED: one `.ordered`.
    case ordered
    /// PUT, INCREMENT, APPEND, PREPEND, TOUCH, REMOVE … BINS: one `.written`.
    case written
    /// REMOVE: one `.removed`.
    case removed
    /// A BATCH statement: one `.batch` per key, in key order.
    case batch(BatchKind)

    public enum BatchKind: Sendable, Hashable {
        case read, exists, operate, remove, put
    }
}

/// One row of a statement's result.
public enum ResultRow: Sendable, Hashable {
    case record(Record)
    /// The metadata, or nil when the record does not exist.
    case exists(Key, RecordMetadata?)
    /// The record's metadata and one (bin, value) per value-producing operation.
    case ordered(Record, [Bin])
    /// The record's metadata after the write.
    case written(Key, RecordMetadata)
    case removed(Key)
    case batch(BatchRecord)
}

/// A statement's whole result, collected: its kind and every row (for tests, and for
/// callers that want the rows at once rather than as they come).
public struct StatementResult: Sendable, Hashable {
    public var kind: ResultKind
    public var rows: [ResultRow]

    public init(_ kind: ResultKind, _ rows: [ResultRow]) {
        self.kind = kind
        self.rows = rows
    }

    public static func record(_ record: Record) -> StatementResult { .init(.record, [.record(record)]) }
    public static func exists(_ key: Key, _ metadata: RecordMetadata?) -> StatementResult { .init(.exists, [.exists(key, metadata)]) }
    public static func ordered(_ record: Record, _ results: [Bin]) -> StatementResult { .init(.ordered, [.ordered(record, results)]) }
    public static func written(_ key: Key, _ metadata: RecordMetadata) -> StatementResult { .init(.written, [.written(key, metadata)]) }
    public static func removed(_ key: Key) -> StatementResult { .init(.removed, [.removed(key)]) }
    public static func batch(_ records: [BatchRecord], _ kind: ResultKind.BatchKind) -> StatementResult { .init(.batch(kind), records.map { .batch($0) }) }
}
