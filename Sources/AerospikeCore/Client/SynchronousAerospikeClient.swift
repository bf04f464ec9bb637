/// The client core's calls answered on the caller's own thread, without suspending: what a
/// server's event loop calls so that a request never leaves the thread that read it (each
/// hop between threads costs tens of microseconds on a small machine, more than the work).
/// The embedded store has it (`EmbeddedStore.synchronous`); its `AerospikeClient` calls
/// are these, called from a task.
///
/// The contract is `AerospikeClient`'s, call for call.
public protocol SynchronousAerospikeClient: Sendable {
    @discardableResult
    func put(_ key: Key, bins: [Bin], policy: WritePolicy) throws(AerospikeError) -> RecordMetadata
    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) throws(AerospikeError) -> Record
    func exists(_ key: Key, policy: ReadPolicy) throws(AerospikeError) -> RecordMetadata?
    func remove(_ key: Key, policy: WritePolicy) throws(AerospikeError)
    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) throws(AerospikeError) -> OperateResult
    /// `receive` gets one outcome per key, in key order; `isCancelled` is asked between
    /// keys, and a batch that writes is undone whole when it says yes.
    func batch(_ request: BatchRequest, isCancelled: () -> Bool, receive: (BatchRecord) -> Void) throws(AerospikeError)

    /// Scans partition by partition, in the request's partition order and in digest order
    /// within each, so a caller can stop (`receive` answering false) and resume later from
    /// the last digest it got. `isCancelled` is asked between chunks.
    func scan(_ request: ScanRequest, isCancelled: () -> Bool, receive: (ScanEvent) -> Bool) throws(AerospikeError)
    func createIndex(_ index: IndexDefinition) throws(AerospikeError)
    func dropIndex(namespace: String, name: String) throws(AerospikeError)
    func truncate(namespace: String, set: String?, before: UInt64?) throws(AerospikeError)
    /// The namespace's secondary indexes.
    func indexes(namespace: String) throws(AerospikeError) -> [IndexDefinition]
    /// How many entries an index holds (counting them reads the whole index: only
    /// `sindex-stat` asks).
    func indexEntries(namespace: String, name: String) throws(AerospikeError) -> Int
    /// Each set of the namespace with its live records in the partitions `owned` accepts.
    func setStatistics(namespace: String, owned: (Int) -> Bool) throws(AerospikeError) -> [SetStatistics]
    /// The namespaces this store holds, in order.
    var namespaceNames: [String] { get }
}

/// One set of a namespace, as `sets/<ns>` reports it.
public struct SetStatistics: Sendable, Hashable {
    public var name: String
    public var objects: Int
    public var dataBytes: Int

    public init(name: String, objects: Int, dataBytes: Int) {
        self.name = name
        self.objects = objects
        self.dataBytes = dataBytes
    }
}
