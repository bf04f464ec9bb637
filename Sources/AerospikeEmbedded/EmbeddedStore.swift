import AerospikeCore
import AerospikeSemantics

/// The client core without a server: records in a SQLite file (or in memory) with the
/// semantics of an Aerospike node — generations, TTLs, exists and generation policies,
/// atomic operate, and batches with a result per key.
///
/// The rules live in AerospikeSemantics (`RecordEngine`); this is storage beneath them.
/// Every call runs on the caller's thread (`StoreEngine`, through `synchronous` for a
/// caller that must not suspend, such as serve's event loop); the `AerospikeClient` calls
/// here are the same work, done inside the calling task with no hop to another thread.
/// The file's layout is `StoreSchema`.
public final class EmbeddedStore: AerospikeClient {
    /// The path that asks for a store that lives only as long as the process.
    public static let inMemoryPath = ":memory:"

    let engine: StoreEngine

    /// How the store's file is opened.
    public enum Access: Sendable {
        /// Reads on connections of their own beside the one writer, so several threads can
        /// read at once (`aerosh serve`).
        case concurrentReads
        /// One connection for everything: cheaper to open, for a shell that runs one
        /// statement at a time.
        case serial
    }

    /// The store's calls answered on the caller's thread, never suspending.
    public var synchronous: any SynchronousAerospikeClient { engine }

    /// Opens (creating when missing) the store at `path`, or an in-memory one for `:memory:`.
    /// A file is in WAL mode, so other processes may use it at the same time; a file
    /// written by an earlier aerosh is brought up to date (`StoreSchema`).
    public init(
        path: String,
        namespaces: [NamespaceConfig] = NamespaceConfig.defaults,
        clock: any WallClock = SystemClock(),
        access: Access = .concurrentReads
    ) throws(AerospikeError) {
        let connections: StoreConnections
        do {
            connections = try StoreConnections.open(path: path == EmbeddedStore.inMemoryPath ? nil : path, concurrentReads: access == .concurrentReads)
        } catch {
            throw AerospikeError(.clientError, message: "cannot open the embedded store at \(path): \(error.message)")
        }
        do {
            let now = CitrusleafTime.now(clock)
            // The usual case, an existing current store with nothing expired, costs one read
            // and no write transaction: start-up matters for one-shot commands.
            let (version, expired) = try connections.read { db in
                guard let version = try StoreSchema.version(db) else { return (Int?.none, false) }
                return (version, try RecordTable.hasExpired(db, now: now))
            }
            if version != StoreSchema.currentVersion {
                try connections.write { db in
                    // Asked again inside the transaction: another process may have done it.
                    switch try StoreSchema.version(db) {
                    case nil: try StoreSchema.create(db)
                    case let found?: try StoreSchema.migrate(db, from: found)
                    }
                }
            }
            if expired { try connections.write { db in try RecordTable.purgeExpired(db, now: now) } }
        } catch {
            connections.close()
            if let refusal = error as? AerospikeError, let reason = refusal.message {
                // The store's own reason (a file from a newer aerosh) is the user's to read.
                throw AerospikeError(.clientError, message: "cannot open the embedded store at \(path): \(reason)")
            }
            throw AerospikeError(.clientError, message: "cannot open the embedded store at \(path)", underlying: "\(error)")
        }
        engine = StoreEngine(
            connections: connections,
            namespaces: namespaces,
            clock: clock)
    }

    /// The namespaces, in the order they were configured.
    public var namespaceNames: [String] { engine.namespaceNames }

    /// The namespaces, and the set and bin names found in up to `sampleLimit` records of
    /// each namespace (expired ones included: their names are still names).
    public func names(sampleLimit: Int = 1000) async throws(AerospikeError) -> StoreNames {
        let namespaceNames = self.namespaceNames.sorted()
        return try engine.read { db in
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

    /// The user key stored with a record (written with send-key), which reads do not report.
    func storedUserKey(_ key: Key) async throws(AerospikeError) -> UserKey? {
        try engine.read { db in try RecordTable.load(db, namespace: key.namespace, digest: key.digest)?.userKey }
    }

    // MARK: - AerospikeClient

    @discardableResult
    public func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try checkCancellation()
        return try engine.put(key, bins: bins, policy: policy)
    }

    public func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> Record {
        try checkCancellation()
        return try engine.get(key, bins: bins, policy: policy)
    }

    public func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata? {
        try checkCancellation()
        return try engine.exists(key, policy: policy)
    }

    public func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) {
        try checkCancellation()
        try engine.remove(key, policy: policy)
    }

    public func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult {
        try checkCancellation()
        return try engine.operate(key, operations: operations, policy: policy)
    }

    public func run(
        _ commands: [RecordCommand], policy: CommandGroupPolicy, receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) async throws(AerospikeError) {
        try checkCancellation()
        try engine.run(commands, stopAtFailure: policy.stopAtFailure, isCancelled: { Task.isCancelled }, receive: receive)
    }

    public func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        try checkCancellation()
        try engine.batch(request, isCancelled: { Task.isCancelled }, receive: receive)
    }

    public func scan(_ request: ScanRequest, receive: (ScanEvent) -> Void) async throws(AerospikeError) {
        try checkCancellation()
        try engine.scan(request, isCancelled: { Task.isCancelled }) { event in
            receive(event)
            return true
        }
    }

    public func createIndex(_ index: IndexDefinition) async throws(AerospikeError) {
        try checkCancellation()
        try engine.createIndex(index)
    }

    public func dropIndex(namespace: String, name: String) async throws(AerospikeError) {
        try checkCancellation()
        try engine.dropIndex(namespace: namespace, name: name)
    }

    public func truncate(namespace: String, set: String?, before: UInt64?) async throws(AerospikeError) {
        try checkCancellation()
        try engine.truncate(namespace: namespace, set: set, before: before)
    }

    /// The store answers the data info commands a server does (`namespaces`, `sets/…`,
    /// `sindex-list`, `sindex-create:…`, `truncate:…`), in a server's words, as one node
    /// named `embedded`; any other command gets a real server's answer to an unknown one.
    public func info(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply] {
        try checkCancellation()
        if case .node(let name) = target, name != EmbeddedStore.nodeName {
            throw AerospikeError(.invalidNode, message: "the embedded store has one node, '\(EmbeddedStore.nodeName)', not '\(name)'")
        }
        let value: String
        switch command {
        case "node": value = EmbeddedStore.nodeName
        case "edition": value = "aerosh embedded store"
        // The server release whose behaviour the store follows (tools parse `build`).
        case "build": value = "8.1.2.0"
        case "version": value = "aerosh embedded store (Aerospike 8.1.2.0 semantics)"
        default:
            value = DataInfoResponder(store: engine).value(for: command)
                ?? (DataInfoResponder.split(command).parameters.isEmpty ? "" : "ERROR:4:unrecognized command")
        }
        return [InfoReply(node: EmbeddedStore.nodeName, value: value)]
    }

    public func placement(of key: Key) -> KeyPlacement {
        KeyPlacement(partition: key.digest.partitionID, master: EmbeddedStore.nodeName)
    }

    /// The name the store answers info commands under.
    public static let nodeName = "embedded"

    public func close() async {
        engine.connections.close()
    }

    private func checkCancellation() throws(AerospikeError) {
        if Task.isCancelled { throw AerospikeError(.clientAbort, message: "cancelled") }
    }
}
