import AerospikeCore
import AerospikeSemantics

/// The embedded store's work, done on the caller's thread: the record engine's rules
/// (`AerospikeSemantics`) over the SQLite file (`StoreConnections`, `RecordTable`).
///
/// A single-record write is one transaction that holds the file's write lock from its
/// read to its write, so operate is atomic even with other processes on the same file.
/// A batch that writes is one transaction; a batch that reads reads a chunk of keys per
/// statement (a real server gives no snapshot across a batch's keys either).
final class StoreEngine: SynchronousAerospikeClient {
    let connections: StoreConnections
    let namespaces: [String: NamespaceConfig]
    /// The namespaces in the order they were configured: the order a server lists them in.
    let namespaceNames: [String]
    let clock: any WallClock

    init(connections: StoreConnections, namespaces: [NamespaceConfig], clock: any WallClock) {
        self.connections = connections
        self.namespaces = Dictionary(namespaces.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var seen: Set<String> = []
        self.namespaceNames = namespaces.map(\.name).filter { seen.insert($0).inserted }
        self.clock = clock
    }

    // Each single-record call is one command (`perform`), so a call and the same command
    // in a script's group (`run`) cannot differ.

    @discardableResult
    func put(_ key: Key, bins: [Bin], policy: WritePolicy) throws(AerospikeError) -> RecordMetadata {
        guard case .written(let metadata) = try perform(.put(key, bins, policy)) else { preconditionFailure("put answers .written") }
        return metadata
    }

    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) throws(AerospikeError) -> Record {
        guard case .record(let record) = try perform(.get(key, bins: bins, policy)) else { preconditionFailure("get answers .record") }
        return record
    }

    func exists(_ key: Key, policy: ReadPolicy) throws(AerospikeError) -> RecordMetadata? {
        guard case .exists(let metadata) = try perform(.exists(key, policy)) else { preconditionFailure("exists answers .exists") }
        return metadata
    }

    func remove(_ key: Key, policy: WritePolicy) throws(AerospikeError) {
        _ = try perform(.remove(key, policy))
    }

    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) throws(AerospikeError) -> OperateResult {
        guard case .operated(let result) = try perform(.operate(key, operations, policy)) else { preconditionFailure("operate answers .operated") }
        return result
    }

    /// Writes what the engine decided for one key.
    func store(_ change: RecordEngine.Change, key: Key, namespace: String, _ db: SQLiteDatabase) throws {
        switch change {
        case .none: break
        case .store(let record): try RecordTable.save(db, namespace: namespace, rows: [try row(key, record)])
        case .delete: try RecordTable.delete(db, namespace: namespace, digests: [key.digest])
        }
    }
}
