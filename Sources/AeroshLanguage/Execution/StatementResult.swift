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
    /// SELECT without WHERE PK (a scan or an index query): a `.record` per record, as
    /// they come, then `.footnote`s (the filter used, a limit reached).
    case scan
    /// SELECT COUNT(*): one `.count`.
    case count
    /// ASINFO: one `.info` per node that answered.
    case info
    /// SHOW and EXPLAIN: a table of these columns, one `.values` row at a time, then
    /// `.footnote`s (SHOW BINS: how many records it sampled).
    case listing(columns: [String])
    /// CREATE INDEX, DROP INDEX, TRUNCATE: one `.done` saying what was done.
    case done

    /// Kinds whose rows form one table (or JSON array) however many come: renderers page them.
    public var isMultiRow: Bool {
        switch self {
        case .batch, .scan, .info, .listing: true
        case .record, .exists, .ordered, .written, .removed, .count, .done: false
        }
    }

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
    /// A single-record statement's WHERE rejected the record (AEROSPIKE_FILTERED_OUT, 27):
    /// a result, not a failure. No row in a table (its footnote says so); machine formats
    /// show the key with the code, as they show a batch's filtered key.
    case filteredOut(Key)
    case batch(BatchRecord)
    /// The number of records a COUNT(*) found.
    case count(Int)
    /// One node's reply to an info command.
    case info(InfoReply)
    /// One row of a listing: a value per column (`.nil` where a row has none).
    case values([Value])
    /// What an administrative statement did: `OK, index idx_age created`.
    case done(String)
    /// Not a row: a remark for the footer (`query on bin age`, `from a sample of 1000
    /// records`), after the rows. Machine formats leave it out.
    case footnote(String)
}

extension ResultKind {
    /// The columns of a kind whose rows are tables of plain values (`ResultRow.cells`): a
    /// listing's own, ASINFO's `node, reply`, COUNT(*)'s `count`; nil for the kinds whose
    /// rows are records.
    public var tableColumns: [String]? {
        switch self {
        case .listing(let columns): columns
        case .info: ["node", "reply"]
        case .count: ["count"]
        case .record, .exists, .ordered, .written, .removed, .batch, .scan, .done: nil
        }
    }
}

extension ResultRow {
    /// A table row's values, one per column of its kind's `tableColumns`; nil for a row
    /// that is a record (or a message, or a footnote).
    public var cells: [Value]? {
        switch self {
        case .values(let values): values
        case .info(let reply): [.string(reply.node), .string(reply.value)]
        case .count(let count): [.int(Int64(count))]
        case .record, .exists, .ordered, .written, .removed, .filteredOut, .batch, .done, .footnote: nil
        }
    }
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

    /// The rows that are not footnotes.
    public var dataRows: [ResultRow] {
        rows.filter { if case .footnote = $0 { false } else { true } }
    }

    /// The footnotes, in order.
    public var footnotes: [String] {
        rows.compactMap { if case .footnote(let text) = $0 { text } else { nil } }
    }
}
