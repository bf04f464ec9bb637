import AerospikeCore
import AerospikeSemantics

extension StoreEngine {
    /// Inside a write transaction: reads the live records of `keys` (a statement per
    /// namespace), lets `decide` work out each key's result and change in order (a later
    /// entry for the same key sees the earlier one's), then writes the changes with one
    /// statement per kind. A key whose `decide` throws (or whose record cannot be encoded)
    /// fails alone; cancellation fails the whole.
    func applyChunk<T>(
        _ db: SQLiteDatabase, _ keys: [Key], _ decide: (Int, StoredRecord?, UInt32) throws -> (T, RecordEngine.Change)
    ) throws -> [Result<T, any Error>] {
        let now = CitrusleafTime.now(clock)
        var current = try liveMany(db, keys, now: now)
        // The last write to each key, in first-touched order.
        var pending: [String: [Digest: PendingWrite]] = [:]
        var order: [(String, Digest)] = []
        var outcomes: [Result<T, any Error>] = []
        outcomes.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            let write: PendingWrite?
            do {
                let (result, change) = try decide(index, current[key.namespace]?[key.digest], now)
                switch change {
                case .none: write = nil
                // Encoded here, so a record that cannot be stored fails its key only.
                case .store(let stored): write = .store(try row(key, stored))
                case .delete: write = .delete
                }
                outcomes.append(.success(result))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcomes.append(.failure(error))
                continue
            }
            guard let write else { continue }
            switch write {
            case .store(let row): current[key.namespace, default: [:]][key.digest] = row.record
            case .delete: current[key.namespace]?[key.digest] = nil
            }
            if pending[key.namespace]?[key.digest] == nil { order.append((key.namespace, key.digest)) }
            pending[key.namespace, default: [:]][key.digest] = write
        }
        for namespace in Set(order.map(\.0)) {
            var rows: [RecordTable.Row] = []
            var deleted: [Digest] = []
            for (owner, digest) in order where owner == namespace {
                switch pending[namespace]?[digest] {
                case .store(let row)?: rows.append(row)
                case .delete?: deleted.append(digest)
                case nil: break
                }
            }
            try RecordTable.save(db, namespace: namespace, rows: rows)
            try RecordTable.delete(db, namespace: namespace, digests: deleted)
        }
        return outcomes
    }

    // MARK: - Inside a transaction

    func config(for key: Key) throws(AerospikeError) -> NamespaceConfig {
        guard let namespace = namespaces[key.namespace] else {
            throw AerospikeError(.namespaceNotFound, key: key, message: "namespace '\(key.namespace)' does not exist")
        }
        return namespace
    }

    /// The record if it exists and has not expired.
    func live(_ db: SQLiteDatabase, _ key: Key, _ namespace: NamespaceConfig, now: UInt32) throws -> StoredRecord? {
        guard let stored = try RecordTable.load(db, namespace: namespace.name, digest: key.digest) else { return nil }
        return stored.isExpired(now: now) ? nil : stored
    }

    /// The live records of these keys, by namespace and digest, a statement per namespace.
    func liveMany(_ db: SQLiteDatabase, _ keys: some Collection<Key>, now: UInt32) throws -> [String: [Digest: StoredRecord]] {
        var digests: [String: [Digest]] = [:]
        for key in keys where namespaces[key.namespace] != nil { digests[key.namespace, default: []].append(key.digest) }
        var records: [String: [Digest: StoredRecord]] = [:]
        for (namespace, list) in digests {
            records[namespace] = try RecordTable.loadMany(db, namespace: namespace, digests: list).filter { !$0.value.isExpired(now: now) }
        }
        return records
    }

    /// A write a batch holds until the end of its chunk.
    enum PendingWrite {
        case store(RecordTable.Row)
        case delete
    }

    /// What the operations do to the record: the result, and the change to write.
    func apply(
        _ key: Key, _ namespace: NamespaceConfig, _ operations: [Operation], _ policy: WritePolicy,
        existing: StoredRecord?, now: UInt32
    ) throws -> (result: OperateResult, change: RecordEngine.Change) {
        if let existing { try checkFilter(policy.filter, existing, key) }
        let outcome = try RecordEngine(now: now, namespace: namespace).apply(operations, to: existing, key: key, policy: policy)
        // The key as the caller gave it, as from a server: a single-record reply does not
        // carry the stored user key, so a record read by digest has none here either.
        let record = Record(key: key, metadata: outcome.metadata, bins: outcome.perOperation.flatMap { $0 }.mergedByName())
        return (OperateResult(record: record, perOperation: outcome.perOperation), outcome.change)
    }

    func row(_ key: Key, _ record: StoredRecord) throws -> RecordTable.Row {
        let now = clock.unixMilliseconds()
        // The record carries its write time too: a later command of the same group reads
        // it from the group's own copy, not from the table (@last_update, @since_update).
        var record = record
        record.lastUpdate = now
        return RecordTable.Row(digest: key.digest, record: record, binBytes: try BinBlob.encode(record.bins, key: key), lastUpdate: now)
    }

    /// Throws `filteredOut` unless the record passes the filter: a server reads or writes
    /// nothing of a record its filter rejects. (A record that does not exist is not
    /// filtered: a write creates it.)
    func checkFilter(_ filter: Expression?, _ record: StoredRecord, _ key: Key) throws(AerospikeError) {
        guard record.passes(filter, digest: key.digest, unixMillisecondsNow: clock.unixMilliseconds()) else {
            // With the record's generation and TTL, as a server's reply carries them.
            throw AerospikeError(.filteredOut, key: key, metadata: record.metadata(now: CitrusleafTime.now(clock)))
        }
    }

    /// Throws unless the record exists, passes the filter, and the policy allows removing it.
    func checkRemoval(_ key: Key, _ namespace: NamespaceConfig, existing: StoredRecord?, policy: WritePolicy) throws(AerospikeError) {
        guard let existing else {
            throw AerospikeError(.recordNotFound, key: key)
        }
        try checkFilter(policy.filter, existing, key)
        var checks = policy
        checks.exists = .update
        do {
            try RecordEngine(now: CitrusleafTime.now(clock), namespace: namespace).checkPolicy(checks, existing: existing, key: key)
        } catch {
            // A server reports no metadata when refusing a delete, unlike a refused write, so
            // a client cannot say more than the code; neither does the embedded store.
            var refusal = error
            refusal.metadata = nil
            refusal.message = nil
            throw refusal
        }
    }

    func batchEntry(_ key: Key, _ body: () throws -> Record) -> BatchRecord {
        do {
            return BatchRecord(key: key, outcome: .record(try body()))
        } catch let error as AerospikeError where error.code == .recordNotFound {
            return BatchRecord(key: key, outcome: .notFound)
        } catch let error as AerospikeError {
            return BatchRecord(key: key, outcome: .failed(error.code))
        } catch {
            return BatchRecord(key: key, outcome: .failed(.serverError))
        }
    }

    // MARK: - Transactions

    func read<T>(_ body: (SQLiteDatabase) throws -> T) throws(AerospikeError) -> T {
        do {
            return try connections.read(body)
        } catch {
            throw StoreEngine.map(error)
        }
    }

    /// `read` for a body of one statement (`StoreConnections.readOneStatement`).
    func readOneStatement<T>(_ body: (SQLiteDatabase) throws -> T) throws(AerospikeError) -> T {
        do {
            return try connections.readOneStatement(body)
        } catch {
            throw StoreEngine.map(error)
        }
    }

    func write<T>(_ body: (SQLiteDatabase) throws -> T) throws(AerospikeError) -> T {
        do {
            return try connections.write(body)
        } catch {
            throw StoreEngine.map(error)
        }
    }

    static func map(_ error: any Error) -> AerospikeError {
        if let error = error as? AerospikeError { return error }
        if error is CancellationError { return AerospikeError(.clientAbort, message: "cancelled") }
        if let error = error as? SQLiteFailure, error.isBusy {
            // The busy handler gives up at once for a cancelled task: that is a cancel.
            if Task.isCancelled { return AerospikeError(.clientAbort, message: "cancelled") }
            return AerospikeError(.keyBusy, message: "the store is locked by another process", underlying: "\(error)")
        }
        if let error = error as? SQLiteFailure, error.isFull {
            // What a server out of space answers (AS_ERR_OUT_OF_SPACE); the write was
            // rolled back, and the store stays readable.
            return AerospikeError(
                .serverFull, message: "the store is full: the disk, or its size limit" + error.systemReasonNote,
                underlying: "\(error)")
        }
        if let error = error as? SQLiteFailure, error.isIOError {
            // The file could not be written or read (a file-size limit, a failing disk):
            // the transaction was rolled back; say what the system said.
            return AerospikeError(.serverError, message: "storage failure: \(error.message)\(error.systemReasonNote)", underlying: "\(error)")
        }
        return AerospikeError(.serverError, message: "storage failure", underlying: "\(error)")
    }
}
