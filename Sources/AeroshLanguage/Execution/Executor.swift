import AerospikeCore

/// Maps statements onto the client core. It knows nothing of output: renderers turn its
/// results into text.
public struct Executor: Sendable {
    public let client: any AerospikeClient
    public var defaults: SessionDefaults

    public init(client: any AerospikeClient, defaults: SessionDefaults = SessionDefaults()) {
        self.client = client
        self.defaults = defaults
    }

    public func execute(_ statement: Statement) async throws(AerospikeError) -> StatementResult {
        switch statement {
        case .put(let key, let bins, let options):
            let metadata = try await client.put(key, bins: bins, policy: defaults.writePolicy(options))
            return .written(key, metadata)
        case .get(let key, let bins, let options):
            return .record(try await client.get(key, bins: bins, policy: defaults.readPolicy(options)))
        case .exists(let key, let options):
            return .exists(key, try await client.exists(key, policy: defaults.readPolicy(options)))
        case .increment(let key, let bin, let options):
            return .written(key, try await client.increment(key, bin: bin.name, by: bin.value, policy: defaults.writePolicy(options)))
        case .append(let key, let bin, let options):
            return .written(key, try await client.append(key, bin: bin.name, bin.value, policy: defaults.writePolicy(options)))
        case .prepend(let key, let bin, let options):
            return .written(key, try await client.prepend(key, bin: bin.name, bin.value, policy: defaults.writePolicy(options)))
        case .remove(let key, let options):
            try await client.remove(key, policy: defaults.writePolicy(options))
            return .removed(key)
        case .removeBins(let key, let bins, let options):
            return .written(key, try await client.removeBins(key, bins, policy: defaults.writePolicy(options)))
        case .touch(let key, let options):
            return .written(key, try await client.touch(key, policy: defaults.writePolicy(options)))
        case .operate(let key, let operations, let ordered, let options):
            let result = try await client.operate(key, operations: operations, policy: defaults.writePolicy(options))
            return ordered ? .ordered(result.record, result.results) : .record(result.record)
        case .batchRead, .batchOperate, .batchRemove, .batchPut:
            guard let (request, kind) = batchRequest(statement) else { preconditionFailure("every BATCH statement maps to a request") }
            return .batch(try await client.collect(request), kind)
        case .set, .showSettings, .run, .help, .quit, .connect:
            // Settings belong to the session running the statements (ScriptRunner).
            throw AerospikeError(.clientError, message: "settings are applied by the session, not by the client")
        }
    }

    /// The client call a BATCH statement makes, and how its rows are shown; nil for any
    /// other statement.
    public func batchRequest(_ statement: Statement) -> (BatchRequest, StatementResult.BatchKind)? {
        switch statement {
        case .batchRead(let keys, let bins, let options):
            (.read(keys, bins, defaults.readPolicy(options)), bins == .none ? .exists : .read)
        case .batchOperate(let keys, let operations, let options):
            (.operate(keys, operations, defaults.writePolicy(options)), .operate)
        case .batchRemove(let keys, let options):
            (.remove(keys, defaults.writePolicy(options)), .remove)
        case .batchPut(let entries, let options):
            (.write(entries, defaults.writePolicy(options)), .put)
        default:
            nil
        }
    }

    /// Runs a batch request, handing each key's outcome to `receive` in key order as it
    /// arrives, so a renderer can write rows before the batch ends.
    public func stream(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        try await client.batch(request, receive: receive)
    }
}
