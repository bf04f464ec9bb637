import AerospikeCore

/// One parsed statement with the source range it came from (for error messages).
public struct ParsedStatement: Sendable, Hashable {
    public var statement: Statement
    /// Byte range in the source, from the first keyword to the last token.
    public var range: Range<Int>

    public init(_ statement: Statement, range: Range<Int>) {
        self.statement = statement
        self.range = range
    }
}

/// The statements of the language. A single key is resolved (digest computed) at parse time;
/// a batch's key ranges are expanded when it runs (`BatchKeys`).
public enum Statement: Sendable, Hashable {
    /// `PUT key {bins} [options]`
    case put(Key, bins: [Bin], StatementOptions)
    /// `GET key [BINS a, b]`: all bins when `bins` is nil.
    case get(Key, bins: [String]?, StatementOptions)
    /// `EXISTS key`
    case exists(Key, StatementOptions)
    /// `INCREMENT key bin value`
    case increment(Key, Bin, StatementOptions)
    /// `APPEND key bin 'text'`
    case append(Key, Bin, StatementOptions)
    /// `PREPEND key bin 'text'`
    case prepend(Key, Bin, StatementOptions)
    /// `REMOVE key [IF GEN = n] [DURABLE]`
    case remove(Key, StatementOptions)
    /// `REMOVE key BINS a, b`
    case removeBins(Key, bins: [String], StatementOptions)
    /// `TOUCH key [TTL n]`
    case touch(Key, StatementOptions)
    /// `OPERATE [ORDERED] key op, op, …`
    case operate(Key, [Operation], ordered: Bool, StatementOptions)
    /// `BATCH READ keys [BINS …]` and `BATCH EXISTS keys` (bins `.none`).
    case batchRead(BatchKeys, bins: BatchBins, StatementOptions)
    /// `BATCH OPERATE keys op, op, …`
    case batchOperate(BatchKeys, [Operation], StatementOptions)
    /// `BATCH REMOVE keys`
    case batchRemove(BatchKeys, StatementOptions)
    /// `BATCH PUT ns.set (pk {bins}, pk {bins}, …)`
    case batchPut([BatchWrite], StatementOptions)
    /// `SET OUTPUT JSON`, `SET TIMEOUT 2s`, …: applied by the session, not sent anywhere.
    case set(Setting)
    /// `SHOW SETTINGS`
    case showSettings
    /// `RUN 'file'`: the statements of a script file, in this session.
    case run(path: String)
    /// `HELP [statement]`.
    case help(topic: String?)
    /// `QUIT` or `EXIT`: nothing after it runs.
    case quit
    /// `CONNECT 'host[:port]', …` or `CONNECT EMBEDDED 'path'`: the statements after it go
    /// there.
    case connect(ConnectTarget)
    /// `SELECT * | bin, … FROM ns[.set] [WHERE bin = v | WHERE bin BETWEEN a AND b]
    /// [LIMIT n]`: a scan of the set or namespace, or a query through a secondary index;
    /// its records stream as they come.
    case scan(ScanQuery)
    /// `SELECT COUNT(*) FROM ns[.set] [WHERE …]`: the records a scan or query would yield,
    /// counted without reading their bins.
    case count(ScanQuery)
    /// `CREATE INDEX name ON ns[.set] (bin) NUMERIC | STRING`
    case createIndex(IndexDefinition)
    /// `DROP INDEX ns[.set] name`: the set is aql's spelling; an index name is unique in
    /// its namespace.
    case dropIndex(namespace: String, set: String?, name: String)
    /// `SHOW NAMESPACES | SETS [ns] | BINS [ns[.set]] | INDEXES [ns]`
    case show(ShowTarget)
    /// `ASINFO 'command' [ON ALL | ON 'host:port']`: an info command's raw reply per node.
    case info(command: String, target: InfoTarget)
    /// `EXPLAIN GET key` (or `EXPLAIN SELECT … WHERE PK = …`): where the record lives —
    /// digest, partition, master node — without reading it.
    case explain(Key)
    /// `EXPLAIN SELECT … FROM ns[.set] [WHERE …]`: how the records would be read — through
    /// which index, with which filter expression — without reading them.
    case explainQuery(ScanQuery)
    /// `TRUNCATE ns[.set] [BEFORE 'time']`: removes every record of the set or namespace
    /// (last written before `before`, Unix seconds, when given).
    case truncate(namespace: String, set: String?, before: UInt64?)

    /// The record the statement concerns; for a batch, its first key.
    public var key: Key? {
        switch self {
        case .put(let key, _, _), .get(let key, _, _), .exists(let key, _), .increment(let key, _, _),
             .append(let key, _, _), .prepend(let key, _, _), .remove(let key, _), .removeBins(let key, _, _),
             .touch(let key, _), .operate(let key, _, _, _):
            key
        case .batchRead(let keys, _, _), .batchOperate(let keys, _, _), .batchRemove(let keys, _):
            keys.first
        case .batchPut(let entries, _):
            entries.first?.key
        case .explain(let key):
            key
        case .set, .showSettings, .run, .help, .quit, .connect, .scan, .count, .createIndex, .dropIndex, .show, .info, .truncate,
             .explainQuery:
            nil
        }
    }

    /// A statement on one record (PUT, GET, OPERATE …): a client command of its own
    /// (`Executor.recordCommand(for:)`), which a script may run in a group with its neighbours.
    public var isSingleRecord: Bool {
        switch self {
        case .put, .get, .exists, .increment, .append, .prepend, .remove, .removeBins, .touch, .operate: true
        default: false
        }
    }

    /// A BATCH statement: one result per key, each its own success or failure.
    public var isBatch: Bool {
        switch self {
        case .batchRead, .batchOperate, .batchRemove, .batchPut: true
        default: false
        }
    }
}

extension Statement {
    /// What error messages name: the key as written, or the batch's keys in short.
    public var targetDescription: String {
        switch self {
        case .batchRead(let keys, _, _), .batchOperate(let keys, _, _), .batchRemove(let keys, _):
            return Statement.describe(namespace: keys.namespace, set: keys.set, count: keys.count)
        case .batchPut(let entries, _):
            guard let first = entries.first?.key else { return "an empty batch" }
            return Statement.describe(namespace: first.namespace, set: first.set, count: entries.count)
        case .scan(let query), .count(let query), .explainQuery(let query):
            return query.place
        case .createIndex(let index):
            return "index \(index.name) on \(index.namespace)\(index.set.map { ".\($0)" } ?? "") (\(index.bin))"
        case .dropIndex(let namespace, _, let name):
            return "index \(name) of \(namespace)"
        case .truncate(let namespace, let set, _):
            return set.map { "\(namespace).\($0)" } ?? namespace
        case .info(let command, _):
            return ValueLiteral.render(Value.string(command))
        default:
            return key.map(ValueLiteral.render) ?? ""
        }
    }

    private static func describe(namespace: String, set: String?, count: Int) -> String {
        let prefix = set.map { "\(namespace).\($0)" } ?? namespace
        return "\(prefix) (\(count) key\(count == 1 ? "" : "s"))"
    }
}
