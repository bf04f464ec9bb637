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
}
