/// The client core: every operation of the CRUD and batch guide, implemented by the
/// embedded store and by the wire client alike. Everything above this layer (the language,
/// the CLI, `aerosh serve`) talks only to this protocol.
///
/// Missing records are errors (`recordNotFound`) for single-record reads and writes, as
/// with the official clients; `exists` and the batch calls report them as results instead.
public protocol AerospikeClient: Sendable {
    /// Writes bins; a `.nil` value removes that bin. Returns the record's new metadata.
    @discardableResult
    func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata

    /// Reads all bins (`bins == nil`, `get`) or only the named ones (`select`).
    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> Record

    /// Metadata of the record, or nil when it does not exist.
    func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata?

    /// Removes the record. Throws `recordNotFound` when there is none.
    func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError)

    /// Applies the operations atomically, in order.
    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult

    /// Runs a batch and hands `receive` one outcome per key, in key order, each as soon as
    /// it and every earlier key's are known: a caller can show the first rows of a large
    /// batch before the last are read, and need not keep the rows it has shown. (An
    /// implementation may still hold the outcomes that arrive ahead of an earlier key's.)
    /// A failing key never fails the call; the call throws only when the batch as a whole
    /// cannot run.
    func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError)

    /// Runs single-record commands as a group, each with exactly its own call's semantics,
    /// handing `receive` each outcome in command order: a script's run of PUTs and GETs.
    /// An implementation may commit the group's writes together, and hand on outcomes only
    /// once they are durable (the embedded store), or keep `policy.concurrency` commands in
    /// flight (`runEach`, the default). A failing command fails alone; the call throws only
    /// when the group as a whole could not run, and then no outcome it did not hand on took
    /// effect.
    func run(
        _ commands: [RecordCommand], policy: CommandGroupPolicy, receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) async throws(AerospikeError)

    /// Scans a namespace or set, or queries it through a secondary index (`request.filter`),
    /// handing `receive` each record as it comes and, now and then, how many partitions are
    /// done. Records come in no particular order across partitions (nodes answer in
    /// parallel), each exactly once. A query on a bin without an index fails with
    /// `indexNotFound`.
    func scan(_ request: ScanRequest, receive: (ScanEvent) -> Void) async throws(AerospikeError)

    /// Creates a secondary index and fills it from the records already there. Fails with
    /// `indexFound` when the namespace has an index of that name.
    func createIndex(_ index: IndexDefinition) async throws(AerospikeError)

    /// Removes a secondary index. Like a real server, removing one that does not exist
    /// succeeds.
    func dropIndex(namespace: String, name: String) async throws(AerospikeError)

    /// Removes every record of the namespace (or of one set) last written before `before`
    /// (Unix seconds; nil: now), at once, as a server's truncate does.
    func truncate(namespace: String, set: String?, before: UInt64?) async throws(AerospikeError)

    /// Runs an info command on one node, on all, or on a named one; each node's reply.
    func info(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply]

    /// Where the key's record lives, as far as the client knows; reads nothing.
    func placement(of key: Key) -> KeyPlacement

    /// Releases connections or files. Calls after `close` fail.
    func close() async

    /// Where a caller's task best runs its statements: for a wire client, the thread of
    /// its event loop, so a request's write and its reply's wake-up happen on the thread
    /// that runs the statement, not on two others. nil: anywhere.
    var preferredTaskExecutor: (any TaskExecutor)? { get }

    /// Runs `work`, whose calls the caller makes one at a time (a script at CONCURRENCY 1,
    /// a one-shot, a statement at the prompt), where the client makes such calls cheapest:
    /// a wire client may read and write its sockets on the calling thread. By default,
    /// with `preferredTaskExecutor`.
    func runSequentially<T, Failure: Error>(_ work: () async throws(Failure) -> T) async throws(Failure) -> T
}

extension AerospikeClient {
    public var preferredTaskExecutor: (any TaskExecutor)? { nil }

    public func runSequentially<T, Failure: Error>(_ work: () async throws(Failure) -> T) async throws(Failure) -> T {
        try await withTaskExecutorPreference(preferredTaskExecutor, operation: work)
    }
}

extension AerospikeClient {
    public func run(
        _ commands: [RecordCommand], policy: CommandGroupPolicy, receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) async throws(AerospikeError) {
        await runEach(commands, policy: policy, receive: receive)
    }
}

// The single-bin updates of the guide are operate calls with one write operation; a wire
// client sends exactly that, so they need no requirement of their own.
extension AerospikeClient {
    @discardableResult
    public func increment(_ key: Key, bin: String, by value: Value, policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try await operate(key, operations: [.add(Bin(bin, value))], policy: policy).record.metadata
    }

    @discardableResult
    public func append(_ key: Key, bin: String, _ value: Value, policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try await operate(key, operations: [.append(Bin(bin, value))], policy: policy).record.metadata
    }

    @discardableResult
    public func prepend(_ key: Key, bin: String, _ value: Value, policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try await operate(key, operations: [.prepend(Bin(bin, value))], policy: policy).record.metadata
    }

    /// `remove_bin`: writes nil to each bin; removing the last bin removes the record.
    @discardableResult
    public func removeBins(_ key: Key, _ names: [String], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try await put(key, bins: names.map { Bin($0, .nil) }, policy: policy)
    }

    /// Resets the TTL to the policy's and bumps the generation.
    @discardableResult
    public func touch(_ key: Key, policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata {
        try await operate(key, operations: [.touch], policy: policy).record.metadata
    }

    /// One result per key, in key order; a failing key never fails the call.
    public func batchRead(_ keys: [Key], bins: BatchBins, policy: ReadPolicy) async throws(AerospikeError) -> [BatchRecord] {
        try await collect(.read(keys, bins, policy))
    }

    /// The same operations on every key; one result per key, in key order.
    public func batchOperate(_ keys: [Key], operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> [BatchRecord] {
        try await collect(.operate(keys, operations, policy))
    }

    /// Removes every key; one result per key, in key order.
    public func batchRemove(_ keys: [Key], policy: WritePolicy) async throws(AerospikeError) -> [BatchRecord] {
        try await collect(.remove(keys, policy))
    }

    /// Each key with its own operations; one result per entry, in order.
    public func batchWrite(_ entries: [BatchWrite], policy: WritePolicy) async throws(AerospikeError) -> [BatchRecord] {
        try await collect(.write(entries, policy))
    }

    /// Every outcome of a batch, in key order.
    public func collect(_ request: BatchRequest) async throws(AerospikeError) -> [BatchRecord] {
        var records: [BatchRecord] = []
        records.reserveCapacity(request.count)
        try await batch(request) { records.append($0) }
        return records
    }

    /// Every record of a scan or query, collected (for tests and small sets).
    public func scanAll(_ request: ScanRequest) async throws(AerospikeError) -> [Record] {
        var records: [Record] = []
        try await scan(request) { event in
            if case .record(let record) = event { records.append(record) }
        }
        return records
    }

    /// `operate_ordered`: the values of the read operations, in operation order.
    public func operateOrdered(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> (RecordMetadata, [Bin]) {
        let result = try await operate(key, operations: operations, policy: policy)
        return (result.record.metadata, result.results)
    }
}
