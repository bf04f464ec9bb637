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

    @discardableResult
    func put(_ key: Key, bins: [Bin], policy: WritePolicy) throws(AerospikeError) -> RecordMetadata {
        try operate(key, operations: bins.map { .write($0) }, policy: policy).record.metadata
    }

    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) throws(AerospikeError) -> Record {
        let operations: [Operation] = bins.map { $0.map { .read($0) } } ?? [.readAll]
        return try operate(key, operations: operations, policy: WritePolicy(filter: policy.filter)).record
    }

    func exists(_ key: Key, policy: ReadPolicy) throws(AerospikeError) -> RecordMetadata? {
        let namespace = try config(for: key)
        return try read { db in
            let now = CitrusleafTime.now(self.clock)
            guard let record = try self.live(db, key, namespace, now: now) else { return nil }
            try self.checkFilter(policy.filter, record, key)
            return record.metadata(now: now)
        }
    }

    func remove(_ key: Key, policy: WritePolicy) throws(AerospikeError) {
        let namespace = try config(for: key)
        try write { db in
            let existing = try self.live(db, key, namespace, now: CitrusleafTime.now(self.clock))
            try self.checkRemoval(key, namespace, existing: existing, policy: policy)
            try RecordTable.delete(db, namespace: namespace.name, digests: [key.digest])
        }
    }

    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) throws(AerospikeError) -> OperateResult {
        let namespace = try config(for: key)
        guard operations.contains(where: \.isWrite) else {
            return try read { db in
                let now = CitrusleafTime.now(self.clock)
                return try self.apply(key, namespace, operations, policy, existing: try self.live(db, key, namespace, now: now), now: now).result
            }
        }
        return try write { db in
            let now = CitrusleafTime.now(self.clock)
            let (result, change) = try self.apply(key, namespace, operations, policy, existing: try self.live(db, key, namespace, now: now), now: now)
            try self.store(change, key: key, namespace: namespace.name, db)
            return result
        }
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
