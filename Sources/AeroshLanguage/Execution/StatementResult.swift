import AerospikeCore

/// What a statement produced, for a renderer to show.
public enum StatementResult: Sendable, Hashable {
    /// GET, OPERATE: one record.
    case record(Record)
    /// EXISTS: the metadata, or nil when the record does not exist.
    case exists(Key, RecordMetadata?)
    /// OPERATE ORDERED: the record's metadata and one (bin, value) per value-producing operation.
    case ordered(Record, [Bin])
    /// PUT, INCREMENT, APPEND, PREPEND, TOUCH, REMOVE … BINS: the record's metadata afterwards.
    case written(Key, RecordMetadata)
    /// REMOVE
    case removed(Key)
    /// A BATCH statement: one outcome per key, in key order.
    case batch([BatchRecord], BatchKind)

    public enum BatchKind: Sendable, Hashable {
        case read, exists, operate, remove, put
    }
}
