/// Which bins a batch read returns.
public enum BatchBins: Sendable, Hashable {
    case all
    case only([String])
    /// Metadata only: the existence check.
    case none
}

/// The outcome for one key of a batch, in the position the key had in the request.
public struct BatchRecord: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The command succeeded; for reads and operations the record as read.
        case record(Record)
        /// The record does not exist (a result, not a failure, for reads).
        case notFound
        /// This key failed with the given error; the other keys are unaffected.
        case failed(ResultCode)
    }

    public var key: Key
    public var outcome: Outcome

    public init(key: Key, outcome: Outcome) {
        self.key = key
        self.outcome = outcome
    }

    public var record: Record? {
        if case .record(let record) = outcome { return record }
        return nil
    }
}

/// One key of a batch write with its own operations (`BATCH PUT`, `batch_write`).
public struct BatchWrite: Sendable, Hashable {
    public var key: Key
    public var operations: [Operation]

    public init(key: Key, operations: [Operation]) {
        self.key = key
        self.operations = operations
    }
}
