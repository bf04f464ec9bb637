import AerospikeCore

/// What a `SELECT` without `WHERE PK` reads: a set (or a whole namespace) scanned, or —
/// with a filter — queried through a secondary index.
public struct ScanQuery: Sendable, Hashable {
    public var namespace: String
    /// nil: every record of the namespace, whatever its set.
    public var set: String?
    /// The bins each record brings; nil: all of them.
    public var bins: [String]?
    /// The WHERE condition; nil: every record. The executor lets a secondary index answer
    /// the part of it one can (`QueryPlanner`) and sends the rest as a filter expression.
    public var condition: Expression?
    /// `LIMIT n`: at most this many records (the session's `SET LIMIT` may lower it).
    public var limit: Int?
    public var options: StatementOptions

    public init(
        namespace: String, set: String? = nil, bins: [String]? = nil, condition: Expression? = nil, limit: Int? = nil,
        options: StatementOptions = StatementOptions()
    ) {
        self.namespace = namespace
        self.set = set
        self.bins = bins
        self.condition = condition
        self.limit = limit
        self.options = options
    }

    /// `test.demo`, or `test` for a whole namespace: how messages name what is read.
    public var place: String {
        self.set.map { "\(namespace).\($0)" } ?? namespace
    }
}

/// What `SHOW` lists (besides the session's settings).
public enum ShowTarget: Sendable, Hashable {
    /// `SHOW NAMESPACES`
    case namespaces
    /// `SHOW SETS [ns]`: every namespace's sets when nil.
    case sets(namespace: String?)
    /// `SHOW BINS [ns[.set]]`: the bin names of a sample of records.
    case bins(namespace: String?, set: String?)
    /// `SHOW INDEXES [ns[.set]]`: with a set, only that set's indexes.
    case indexes(namespace: String?, set: String?)
}
