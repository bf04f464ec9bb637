import AerospikeCore
import AerospikeSemantics
import SQLiteNIO
import Synchronization

/// The client core without a server: records in a SQLite file (or in memory) with the
/// semantics of an Aerospike node — generations, TTLs, exists and generation policies,
/// atomic operate, and batches with a result per key.
///
/// The rules live in AerospikeSemantics (`RecordEngine`); this is storage beneath them.
/// A single-record write reads the row, applies the engine and writes back only if the
/// row is unchanged (compare-and-set), so operate is atomic even with other processes on
/// the same file (WAL mode); writes that arrive together share one transaction; a batch
/// that writes is one transaction. The file's layout is `StoreSchema`.
///
/// The pieces, by file: this one (opening, the single-record calls), `+SingleWrites`
/// (group commit and compare-and-set), `+Batches`, `+Records` (reading live records,
/// applying the engine, writing a chunk, errors).
public final class EmbeddedStore: AerospikeClient {
    /// The path that asks for a store that lives only as long as the process.
    public static let inMemoryPath = ":memory:"

    let database: StoreDatabase
    let writes = WriteGroup<SingleWrite>()
    let namespaces: [String: NamespaceConfig]
    let clock: any WallClock

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
            // The usual case, an existing current store with nothing expired, costs one read
            // and no write transaction: start-up matters for one-shot commands.
            let (version, expired) = try await database.read { db in
                guard let version = try await StoreSchema.version(db) else { return (Int?.none, false) }
                return (version, try await RecordTable.hasExpired(db, now: now))
            }
            if version != StoreSchema.currentVersion {
                try await database.write { db in
                    // Asked again inside the transaction: another process may have done it.
                    switch try await StoreSchema.version(db) {
                    case nil: try await StoreSchema.create(db)
                    case let found?: try await StoreSchema.migrate(db, from: found)
                    }
                }
            }
            if expired { try await database.write { db in try await RecordTable.purgeExpired(db, now: now) } }
        } catch {
            await database.close()
            if let refusal = error as? AerospikeError, let reason = refusal.message {
                // The store's own reason (a file from a newer aerosh) is the user's to read.
                throw AerospikeError(.clientError, message: "cannot open the embedded store at \(path): \(reason)")
            }
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

    public func close() async {
        await database.close()
    }

}
