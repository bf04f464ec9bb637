import AerospikeCore
import AerospikeSemantics
import SQLiteNIO
import Synchronization

/// The client core without a server: records in a SQLite file (or in memory) with the
/// semantics of an Aerospike node — generations, TTLs, exists and generation policies,
/// atomic operate, and batches with a result per key.
///
/// Every write is one SQLite transaction, so operate is atomic and several processes can
/// share a file (WAL mode; SQLite serialises the writers).
public final class EmbeddedStore: AerospikeClient {
    /// The path that asks for a store that lives only as long as the process.
    public static let inMemoryPath = ":memory:"

    private let database: StoreDatabase
    private let writes = WriteGroup<SingleWrite>()
    private let namespaces: [String: NamespaceConfig]
    private let clock: any WallClock

    /// How the store's file is opened.
    public enum Access: Sendable {
        /// Reads on connections of their own, in parallel beside the one writer (`aerosh serve`).
        case concurrentReads
        /// One connection for everything: cheaper to open, for a shell that runs one
        /// statement at a time.
        case serial
    }

    /// Opens (creating when missing) the store at `path`, or an in-memory one for `:memory:`.
    /// A file is in WAL mode, so other processes may use it at the same time.
    public init(
        path: String,
        namespaces: [NamespaceConfig] = NamespaceConfig.defaults,
        clock: any WallClock = SystemClock(),
        access: Access = .concurrentReads
    ) async throws(AerospikeError) {
        self.namespaces = Dictionary(namespaces.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.clock = clock
        do {
            database = try await StoreDatabase.open(
                path: path == EmbeddedStore.inMemoryPath ? nil : path, concurrentReads: access == .concurrentReads)
        } catch {
            throw AerospikeError(.clientError, message: "cannot open the embedded store at \(path)", underlying: "\(error)")
        }
        do {
            let now = CitrusleafTime.now(clock)
            // The usual case, an existing store with nothing expired, costs one read and no
            // write transaction: start-up matters for one-shot commands.
            let (exists, expired) = try await database.read { db in
                try await RecordTable.exists(db) ? (true, try await RecordTable.hasExpired(db, now: now)) : (false, false)
            }
            if !exists { try await database.write { db in try await RecordTable.create(db) } }
            if expired { try await database.write { db in try await RecordTable.purgeExpired(db, now: now) } }
        } catch {
            await database.close()
            throw AerospikeError(.clientError, message: "cannot open the embedded store at \(path)", underlying: "\(error)")
        }
    }

    public var namespaceNames: [String] { namespaces.keys.sorted() }

    /// The namespaces, and the set and bin names found in up to `sampleLimit` records of
    /// each namespace (expired ones included: their names are still names).
    public func names(sampleLimit: Int = 1000) async throws(AerospikeError) -> StoreNames {
        let namespaceNames = self.namespaceNames
        return try await read { db in
            var names = StoreNames(namespaces: namespaceNames)
            var bins: Set<String> = []
            for namespace in namespaceNames {
                let sample = try await RecordTable.sampleNames(db, namespace: namespace, limit: sampleLimit)
                if !sample.sets.isEmpty { names.sets[namespace] = sample.sets.sorted() }
                bins.formUnion(sample.bins)
            }
            names.bins = bins.sorted()
            return names
        }
    }

    /// The user key stored with a record (written with send-key), which reads do not report.
    func storedUserKey(_ key: Key) async throws(AerospikeError) -> UserKey? {
        try await read { db in try await RecordTable.load(db, namespace: key.namespace, digest: key.digest)?.userKey }
    }

    // MARK: - AerospikeClient

    @discardableResult
    public func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try await operate(key, operations: bins.map { .write($0) }, policy: policy).record.metadata
    }

    public func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> AerospikeCore.Record {
        let operations: [Operation] = bins.map { $0.map { .read($0) } } ?? [.readAll]
        return try await operate(key, operations: operations, policy: WritePolicy()).record
    }

    public func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata? {
        let namespace = try config(for: key)
        return try await read { db in
            let now = CitrusleafTime.now(self.clock)
            return try await self.live(db, key, namespace, now: now)?.metadata(now: now)
        }
    }

    public func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) {
        let namespace = try config(for: key)
        try await writeOne(key, namespace) { existing, _ in
            try self.checkRemoval(key, namespace, existing: existing, policy: policy)
            return ((), .delete)
        }
    }

    public func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult {
        let namespace = try config(for: key)
        guard operations.contains(where: \.isWrite) else {
            return try await read { db in
                let now = CitrusleafTime.now(self.clock)
                return try self.apply(key, namespace, operations, policy, existing: try await self.live(db, key, namespace, now: now), now: now).result
            }
        }
        return try await writeOne(key, namespace) { existing, now in
            try self.apply(key, namespace, operations, policy, existing: existing, now: now)
        }
    }

    /// A single-record write waiting for its group: what to decide, and whom to answer.
    private struct SingleWrite: Sendable {
        let key: Key
        let namespace: NamespaceConfig
        let decide: @Sendable (StoredRecord?, UInt32) throws -> (any Sendable, RecordEngine.Change)
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// How often a single-record write starts over when another process changed the
    /// record between its read and its write.
    static let compareAndSetAttempts = 20

    /// A single-record write: `decide` works out the result and the change from the live
    /// record. Writes that arrive together are written together (`WriteGroup`).
    private func writeOne<T: Sendable>(
        _ key: Key, _ namespace: NamespaceConfig, _ decide: @escaping @Sendable (StoredRecord?, UInt32) throws -> (T, RecordEngine.Change)
    ) async throws(AerospikeError) -> T {
        do {
            try Task.checkCancellation()
            let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
                let request = SingleWrite(key: key, namespace: namespace, decide: { existing, now in
                    let (result, change) = try decide(existing, now)
                    return (result as any Sendable, change)
                }, continuation: continuation)
                writes.submit(request) { [weak self] group in
                    guard let self else {
                        for request in group { request.continuation.resume(throwing: AerospikeError(.clientError, message: "the store is closed")) }
                        return
                    }
                    await self.writeGroup(group)
                }
            }
            guard let typed = result as? T else { throw AerospikeError(.clientError, message: "a write's result was lost") }
            return typed
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    /// Writes a group: one write alone as a compare-and-set (two statements); several in
    /// one transaction, each seeing the ones before it.
    private func writeGroup(_ group: [SingleWrite]) async {
        if group.count == 1, let request = group.first {
            do {
                request.continuation.resume(returning: try await compareAndSet(request.key, request.namespace, request.decide))
            } catch {
                request.continuation.resume(throwing: error)
            }
            return
        }
        do {
            let outcomes = try await database.write { db in
                try await self.applyChunk(db, group.map(\.key)) { index, existing, now in
                    try group[index].decide(existing, now)
                }
            }
            for (request, outcome) in zip(group, outcomes) { request.continuation.resume(with: outcome) }
        } catch {
            // The transaction was rolled back whole: one bad row (too big for SQLite, say)
            // must not fail the others, so each goes again on its own.
            for request in group {
                do {
                    request.continuation.resume(returning: try await compareAndSet(request.key, request.namespace, request.decide))
                } catch {
                    request.continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Reads the row, decides, then writes only if the row is still the one read
    /// (compare-and-set on generation and void time), starting over if another process
    /// got there first. Two statements where a transaction would take four.
    private func compareAndSet(
        _ key: Key, _ namespace: NamespaceConfig, _ decide: (StoredRecord?, UInt32) throws -> (any Sendable, RecordEngine.Change)
    ) async throws -> any Sendable {
        for _ in 0..<EmbeddedStore.compareAndSetAttempts {
            let done: (any Sendable)? = try await database.exclusive { db in
                let now = CitrusleafTime.now(self.clock)
                let current = try await RecordTable.load(db, namespace: namespace.name, digest: key.digest)
                let (result, change) = try decide(current.flatMap { $0.isExpired(now: now) ? nil : $0 }, now)
                switch change {
                case .none:
                    return result
                case .store(let record):
                    let written = try await RecordTable.save(db, namespace: namespace.name, row: try self.row(key, record), replacing: current)
                    return written ? result : nil
                case .delete:
                    guard let current else { return result }
                    return try await RecordTable.delete(db, namespace: namespace.name, digest: key.digest, replacing: current) ? result : nil
                }
            }
            if let done { return done }
        }
        throw AerospikeError(.keyBusy, key: key, message: "the record kept changing under another process's writes")
    }

    /// Keys a batch reads per statement (and a read batch per transaction): rows reach the
    /// caller a chunk at a time.
    static let chunk = 256

    /// A batch that only reads runs a chunk of keys per statement and delivers each chunk
    /// as it is read (a real server gives no snapshot across a batch's keys either). A
    /// batch that writes runs in one transaction, rolled back whole when cancelled, and is
    /// delivered once committed.
    public func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        switch request {
        case .read(let keys, let bins, _):
            let operations: [Operation]
            switch bins {
            case .all: operations = [.readAll]
            case .only(let names): operations = names.map { .read($0) }
            case .none: operations = []
            }
            try await readInChunks(keys, receive: receive) { key, existing, now in
                try self.apply(key, try self.config(for: key), operations, WritePolicy(), existing: existing, now: now).result.record
            }
        case .operate(let keys, let operations, let policy) where !operations.contains(where: \.isWrite):
            try await readInChunks(keys, receive: receive) { key, existing, now in
                try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now).result.record
            }
        case .operate(let keys, let operations, let policy):
            try await writeAll(keys.map { ($0, operations) }, receive: receive) { key, operations, existing, now in
                let (result, change) = try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now)
                return (result.record, change)
            }
        case .write(let entries, let policy):
            try await writeAll(entries.map { ($0.key, $0.operations) }, receive: receive) { key, operations, existing, now in
                let (result, change) = try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now)
                return (result.record, change)
            }
        case .remove(let keys, let policy):
            try await writeAll(keys.map { ($0, []) }, receive: receive) { key, _, existing, _ in
                try self.checkRemoval(key, try self.config(for: key), existing: existing, policy: policy)
                return (AerospikeCore.Record(key: key, metadata: RecordMetadata(generation: 0, ttl: .never), bins: []), .delete)
            }
        }
    }

    private func readInChunks(
        _ keys: [Key], receive: (BatchRecord) -> Void,
        _ entry: (Key, StoredRecord?, UInt32) throws -> AerospikeCore.Record
    ) async throws(AerospikeError) {
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(keys.count, start + EmbeddedStore.chunk)]
            let (existing, now) = try await read { db in
                let now = CitrusleafTime.now(self.clock)
                return (try await self.liveMany(db, chunk, now: now), now)
            }
            for key in chunk {
                if Task.isCancelled { throw AerospikeError(.clientAbort, message: "cancelled") }
                receive(batchEntry(key) { () throws -> AerospikeCore.Record in try entry(key, existing[key.namespace]?[key.digest], now) })
            }
            start = chunk.endIndex
        }
    }

    /// A batch that writes: per chunk, the records in one statement, each entry applied in
    /// memory (a later entry for the same key sees the earlier one's result), then the
    /// chunk's writes and deletes in one statement each. One transaction for the whole.
    private func writeAll(
        _ entries: [(Key, [Operation])], receive: (BatchRecord) -> Void,
        _ entry: (Key, [Operation], StoredRecord?, UInt32) throws -> (AerospikeCore.Record, RecordEngine.Change)
    ) async throws(AerospikeError) {
        let records = try await write { db in
            var records: [BatchRecord] = []
            records.reserveCapacity(entries.count)
            var start = 0
            while start < entries.count {
                let chunk = entries[start..<min(entries.count, start + EmbeddedStore.chunk)]
                let outcomes = try await self.applyChunk(db, chunk.map(\.0)) { index, existing, now in
                    try Task.checkCancellation()
                    let (key, operations) = chunk[chunk.startIndex + index]
                    return try entry(key, operations, existing, now)
                }
                for (index, outcome) in outcomes.enumerated() {
                    let key = chunk[chunk.startIndex + index].0
                    records.append(self.batchEntry(key) { () throws -> AerospikeCore.Record in try outcome.get() })
                }
                start = chunk.endIndex
            }
            return records
        }
        records.forEach(receive)
    }

    /// Inside a write transaction: reads the live records of `keys` (a statement per
    /// namespace), lets `decide` work out each key's result and change in order (a later
    /// entry for the same key sees the earlier one's), then writes the changes with one
    /// statement per kind. A key whose `decide` throws (or whose record cannot be encoded)
    /// fails alone; cancellation fails the whole.
    private func applyChunk<T>(
        _ db: SQLiteConnection, _ keys: [Key], _ decide: (Int, StoredRecord?, UInt32) throws -> (T, RecordEngine.Change)
    ) async throws -> [Result<T, any Error>] {
        let now = CitrusleafTime.now(clock)
        var current = try await liveMany(db, keys, now: now)
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
            try await RecordTable.save(db, namespace: namespace, rows: rows)
            try await RecordTable.delete(db, namespace: namespace, digests: deleted)
        }
        return outcomes
    }

    public func close() async {
        await database.close()
    }

    // MARK: - Inside a transaction

    private func config(for key: Key) throws(AerospikeError) -> NamespaceConfig {
        guard let namespace = namespaces[key.namespace] else {
            throw AerospikeError(.namespaceNotFound, key: key, message: "namespace '\(key.namespace)' does not exist")
        }
        return namespace
    }

    /// The record if it exists and has not expired.
    private func live(_ db: SQLiteConnection, _ key: Key, _ namespace: NamespaceConfig, now: UInt32) async throws -> StoredRecord? {
        guard let stored = try await RecordTable.load(db, namespace: namespace.name, digest: key.digest) else { return nil }
        return stored.isExpired(now: now) ? nil : stored
    }

    /// The live records of these keys, by namespace and digest, a statement per namespace.
    private func liveMany(_ db: SQLiteConnection, _ keys: some Collection<Key>, now: UInt32) async throws -> [String: [Digest: StoredRecord]] {
        var digests: [String: [Digest]] = [:]
        for key in keys where namespaces[key.namespace] != nil { digests[key.namespace, default: []].append(key.digest) }
        var records: [String: [Digest: StoredRecord]] = [:]
        for (namespace, list) in digests {
            records[namespace] = try await RecordTable.loadMany(db, namespace: namespace, digests: list).filter { !$0.value.isExpired(now: now) }
        }
        return records
    }

    /// A write a batch holds until the end of its chunk.
    private enum PendingWrite {
        case store(RecordTable.Row)
        case delete
    }

    /// What the operations do to the record: the result, and the change to write.
    private func apply(
        _ key: Key, _ namespace: NamespaceConfig, _ operations: [Operation], _ policy: WritePolicy,
        existing: StoredRecord?, now: UInt32
    ) throws -> (result: OperateResult, change: RecordEngine.Change) {
        let outcome = try RecordEngine(now: now, namespace: namespace).apply(operations, to: existing, key: key, policy: policy)
        // The key as the caller gave it, as from a server: a single-record reply does not
        // carry the stored user key, so a record read by digest has none here either.
        let record = AerospikeCore.Record(key: key, metadata: outcome.metadata, bins: outcome.perOperation.flatMap { $0 }.mergedByName())
        return (OperateResult(record: record, perOperation: outcome.perOperation), outcome.change)
    }

    private func row(_ key: Key, _ record: StoredRecord) throws -> RecordTable.Row {
        RecordTable.Row(digest: key.digest, record: record, binBytes: try BinBlob.encode(record.bins, key: key))
    }

    /// Throws unless the record exists and the policy allows removing it.
    private func checkRemoval(_ key: Key, _ namespace: NamespaceConfig, existing: StoredRecord?, policy: WritePolicy) throws(AerospikeError) {
        guard let existing else {
            throw AerospikeError(.recordNotFound, key: key)
        }
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

    private func batchEntry(_ key: Key, _ body: () throws -> AerospikeCore.Record) -> BatchRecord {
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

    private func read<T>(_ body: (SQLiteConnection) async throws -> T) async throws(AerospikeError) -> T {
        do {
            try Task.checkCancellation()
            return try await database.read(body)
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    private func write<T>(_ body: (SQLiteConnection) async throws -> T) async throws(AerospikeError) -> T {
        do {
            try Task.checkCancellation()
            return try await database.write(body)
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    private static func map(_ error: any Error) -> AerospikeError {
        if let error = error as? AerospikeError { return error }
        if error is CancellationError { return AerospikeError(.clientAbort, message: "cancelled") }
        if let error = error as? SQLiteError {
            switch error.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache:
                return AerospikeError(.keyBusy, message: "the store is locked by another process", underlying: "\(error)")
            default:
                break
            }
        }
        return AerospikeError(.serverError, message: "storage failure", underlying: "\(error)")
    }
}
