import AerospikeCore
import GRDB
import Synchronization

/// The client core without a server: records in a SQLite file (or in memory) with the
/// semantics of an Aerospike node — generations, TTLs, exists and generation policies,
/// atomic operate, and batches with a result per key.
///
/// Every command is one SQLite transaction, so operate is atomic and several processes can
/// share a file (WAL mode; SQLite serialises the writers).
public final class EmbeddedStore: AerospikeClient {
    /// The path that asks for a store that lives only as long as the process.
    public static let inMemoryPath = ":memory:"

    private let database: any DatabaseWriter
    private let namespaces: [String: NamespaceConfig]
    private let clock: any StoreClock

    /// How the store's file is opened.
    public enum Access: Sendable {
        /// A pool: reads run in parallel beside the one writer (`aerosh serve`).
        case concurrentReads
        /// One connection for everything: cheaper to open, for a shell that runs one
        /// statement at a time (a pool's set-up costs a one-shot command about 2 ms).
        case serial
    }

    /// Opens (creating when missing) the store at `path`, or an in-memory one for `:memory:`.
    /// Either way the file is in WAL mode, so other processes may use it at the same time.
    public init(
        path: String,
        namespaces: [NamespaceConfig] = NamespaceConfig.defaults,
        clock: any StoreClock = SystemClock(),
        access: Access = .concurrentReads
    ) throws(AerospikeError) {
        self.namespaces = Dictionary(namespaces.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.clock = clock
        var configuration = Configuration()
        // Another process may hold the write lock for a moment; wait rather than fail.
        configuration.busyMode = .timeout(5)
        do {
            switch (path, access) {
            case (EmbeddedStore.inMemoryPath, _):
                database = try DatabaseQueue(configuration: configuration)
            case (_, .concurrentReads):
                database = try DatabasePool(path: path, configuration: configuration)
            case (_, .serial):
                // What a pool sets up by itself.
                configuration.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                database = try DatabaseQueue(path: path, configuration: configuration)
            }
            try RecordTable.migrator().migrate(database)
            let now = CitrusleafEpoch.now(clock)
            if try database.read({ try RecordTable.hasExpired($0, now: now) }) {
                try database.write { try RecordTable.purgeExpired($0, now: now) }
            }
        } catch {
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
                let sample = try RecordTable.sampleNames(db, namespace: namespace, limit: sampleLimit)
                if !sample.sets.isEmpty { names.sets[namespace] = sample.sets.sorted() }
                bins.formUnion(sample.bins)
            }
            names.bins = bins.sorted()
            return names
        }
    }

    // MARK: - AerospikeClient

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
            let now = CitrusleafEpoch.now(self.clock)
            return try self.live(db, key, namespace, now: now)?.metadata(now: now)
        }
    }

    public func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) {
        let namespace = try config(for: key)
        try await write { db in
            try self.remove(db, key, namespace, policy: policy)
        }
    }

    public func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult {
        let namespace = try config(for: key)
        if !operations.contains(where: \.isWrite) {
            return try await read { db in try self.operate(db, key, namespace, operations, policy) }
        }
        return try await write { db in try self.operate(db, key, namespace, operations, policy) }
    }

    /// Keys a read batch reads per transaction: rows reach the caller a chunk at a time.
    static let readChunk = 256

    /// A batch that only reads runs a chunk of keys per read transaction and delivers each
    /// chunk as it is read (a real server gives no snapshot across a batch's keys either).
    /// A batch that writes runs in one transaction, rolled back whole when cancelled, and
    /// is delivered once committed.
    public func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        switch request {
        case .read(let keys, let bins, _):
            let operations: [Operation]
            switch bins {
            case .all: operations = [.readAll]
            case .only(let names): operations = names.map { .read($0) }
            case .none: operations = []
            }
            try await readInChunks(keys.count, receive: receive) { db, index in
                self.batchEntry(keys[index]) { () throws -> AerospikeCore.Record in
                    try self.operate(db, keys[index], try self.config(for: keys[index]), operations, WritePolicy()).record
                }
            }
        case .operate(let keys, let operations, let policy) where !operations.contains(where: \.isWrite):
            try await readInChunks(keys.count, receive: receive) { db, index in
                self.batchEntry(keys[index]) { () throws -> AerospikeCore.Record in
                    try self.operate(db, keys[index], try self.config(for: keys[index]), operations, policy).record
                }
            }
        case .operate(let keys, let operations, let policy):
            try await writeAll(keys.count, receive: receive) { db, index in
                self.batchEntry(keys[index]) { () throws -> AerospikeCore.Record in
                    try self.operate(db, keys[index], try self.config(for: keys[index]), operations, policy).record
                }
            }
        case .write(let entries, let policy):
            try await writeAll(entries.count, receive: receive) { db, index in
                self.batchEntry(entries[index].key) { () throws -> AerospikeCore.Record in
                    try self.operate(db, entries[index].key, try self.config(for: entries[index].key), entries[index].operations, policy).record
                }
            }
        case .remove(let keys, let policy):
            try await writeAll(keys.count, receive: receive) { db, index in
                self.batchEntry(keys[index]) { () throws -> AerospikeCore.Record in
                    try self.remove(db, keys[index], try self.config(for: keys[index]), policy: policy)
                    return AerospikeCore.Record(key: keys[index], metadata: RecordMetadata(generation: 0, ttl: .never), bins: [])
                }
            }
        }
    }

    private func readInChunks(
        _ count: Int, receive: (BatchRecord) -> Void, _ entry: @escaping @Sendable (Database, Int) -> BatchRecord
    ) async throws(AerospikeError) {
        var start = 0
        while start < count {
            let chunk = start..<min(count, start + EmbeddedStore.readChunk)
            let records = try await batch(writes: false) { db, cancelled in
                try chunk.map { index in
                    try cancelled.check()
                    return entry(db, index)
                }
            }
            records.forEach(receive)
            start = chunk.upperBound
        }
    }

    private func writeAll(
        _ count: Int, receive: (BatchRecord) -> Void, _ entry: @escaping @Sendable (Database, Int) -> BatchRecord
    ) async throws(AerospikeError) {
        let records = try await batch(writes: true) { db, cancelled in
            try (0..<count).map { index in
                try cancelled.check()
                return entry(db, index)
            }
        }
        records.forEach(receive)
    }

    /// The user key stored with a record (written with send-key), which reads do not report.
    func storedUserKey(_ key: Key) async throws(AerospikeError) -> UserKey? {
        try await read { db in try RecordTable.load(db, namespace: key.namespace, digest: key.digest)?.userKey }
    }

    public func close() async {
        try? (database as? DatabasePool)?.close()
        try? (database as? DatabaseQueue)?.close()
    }

    // MARK: - Inside a transaction

    private func config(for key: Key) throws(AerospikeError) -> NamespaceConfig {
        guard let namespace = namespaces[key.namespace] else {
            throw AerospikeError(.namespaceNotFound, key: key, message: "namespace '\(key.namespace)' does not exist")
        }
        return namespace
    }

    /// The record if it exists and has not expired.
    private func live(_ db: Database, _ key: Key, _ namespace: NamespaceConfig, now: UInt32) throws -> StoredRecord? {
        guard let stored = try RecordTable.load(db, namespace: namespace.name, digest: key.digest) else { return nil }
        return stored.isExpired(now: now) ? nil : stored
    }

    private func operate(
        _ db: Database, _ key: Key, _ namespace: NamespaceConfig, _ operations: [Operation], _ policy: WritePolicy
    ) throws -> OperateResult {
        let now = CitrusleafEpoch.now(clock)
        let existing = try live(db, key, namespace, now: now)
        let engine = RecordEngine(now: now, namespace: namespace)
        let outcome = try engine.apply(operations, to: existing, key: key, policy: policy)
        switch outcome.change {
        case .none:
            break
        case .store(let record):
            try RecordTable.save(db, namespace: namespace.name, digest: key.digest, record: record, binBytes: BinBlob.encode(record.bins, key: key))
        case .delete:
            try RecordTable.delete(db, namespace: namespace.name, digest: key.digest)
        }
        // The key as the caller gave it, as from a server: a single-record reply does not
        // carry the stored user key, so a record read by digest has none here either.
        let record = AerospikeCore.Record(key: key, metadata: outcome.metadata, bins: outcome.perOperation.flatMap { $0 }.mergedByName())
        return OperateResult(record: record, perOperation: outcome.perOperation)
    }

    private func remove(_ db: Database, _ key: Key, _ namespace: NamespaceConfig, policy: WritePolicy) throws {
        let now = CitrusleafEpoch.now(clock)
        guard let existing = try live(db, key, namespace, now: now) else {
            throw AerospikeError(.recordNotFound, key: key)
        }
        var checks = policy
        checks.exists = .update
        do {
            try RecordEngine(now: now, namespace: namespace).checkPolicy(checks, existing: existing, key: key)
        } catch {
            // A server reports no metadata when refusing a delete, unlike a refused write, so
            // a client cannot say more than the code; neither does the embedded store.
            var refusal = error
            refusal.metadata = nil
            refusal.message = nil
            throw refusal
        }
        try RecordTable.delete(db, namespace: namespace.name, digest: key.digest)
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

    /// Runs a batch in one transaction that stops at the next key once the calling task is
    /// cancelled (Ctrl-C at the prompt); a write batch is then rolled back whole.
    private func batch<T: Sendable>(
        writes: Bool, _ body: @escaping @Sendable (Database, CancellationFlag) throws -> T
    ) async throws(AerospikeError) -> T {
        let cancelled = CancellationFlag()
        do {
            return try await withTaskCancellationHandler {
                writes ? try await database.write { try body($0, cancelled) } : try await database.read { try body($0, cancelled) }
            } onCancel: {
                cancelled.set()
            }
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(AerospikeError) -> T {
        do {
            return try await database.read(body)
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(AerospikeError) -> T {
        do {
            return try await database.write(body)
        } catch {
            throw EmbeddedStore.map(error)
        }
    }

    private static func map(_ error: any Error) -> AerospikeError {
        if let error = error as? AerospikeError { return error }
        // GRDB refuses to start work for a task already cancelled.
        if error is CancellationError { return AerospikeError(.clientAbort, message: "cancelled") }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return AerospikeError(.keyBusy, message: "the store is locked by another process", underlying: "\(error)")
        }
        return AerospikeError(.serverError, message: "storage failure", underlying: "\(error)")
    }
}

/// Set from a task's cancellation handler, read by work running outside the task.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .relaxed) }

    func check() throws(AerospikeError) {
        if flag.load(ordering: .relaxed) { throw AerospikeError(.clientAbort, message: "cancelled") }
    }
}
