/// One single-record call of the client core as a value, so that a run of them (the PUTs
/// and GETs of a piped script) can be handed to the client at once: `AerospikeClient.run`
/// may then commit them in one transaction (the embedded store) or keep several in flight
/// (a wire client), where one call at a time would pay a commit or a round trip each.
public enum RecordCommand: Sendable, Hashable {
    case put(Key, [Bin], WritePolicy)
    case get(Key, bins: [String]?, ReadPolicy)
    case exists(Key, ReadPolicy)
    case remove(Key, WritePolicy)
    case operate(Key, [Operation], WritePolicy)

    public var key: Key {
        switch self {
        case .put(let key, _, _), .get(let key, _, _), .exists(let key, _), .remove(let key, _), .operate(let key, _, _): key
        }
    }

    /// The command with its key's digest computed (`Key.hashed()`).
    public func hashingKey() -> RecordCommand {
        switch self {
        case .put(let key, let bins, let policy): .put(key.hashed(), bins, policy)
        case .get(let key, let bins, let policy): .get(key.hashed(), bins: bins, policy)
        case .exists(let key, let policy): .exists(key.hashed(), policy)
        case .remove(let key, let policy): .remove(key.hashed(), policy)
        case .operate(let key, let operations, let policy): .operate(key.hashed(), operations, policy)
        }
    }

    /// Whether the command may change the record.
    public var isWrite: Bool {
        switch self {
        case .put, .remove: true
        case .get, .exists: false
        case .operate(_, let operations, _): operations.contains(where: \.isWrite)
        }
    }
}

/// What a `RecordCommand` returned: its own call's result.
public enum RecordOutcome: Sendable, Hashable {
    /// A put's new metadata.
    case written(RecordMetadata)
    case record(Record)
    /// An exists' answer: nil when there is no record.
    case exists(RecordMetadata?)
    case removed
    case operated(OperateResult)
}

/// How `AerospikeClient.run` may carry out a group of commands.
public struct CommandGroupPolicy: Sendable, Hashable {
    /// How many commands may be in flight at once. Commands on the same key never overlap
    /// and run in the order given, whatever this is.
    public var concurrency: Int
    /// After a command fails, start no more. With `concurrency` above 1, commands after the
    /// failing one that had already started still finish, and are reported.
    public var stopAtFailure: Bool

    public init(concurrency: Int = 1, stopAtFailure: Bool = false) {
        self.concurrency = max(1, concurrency)
        self.stopAtFailure = stopAtFailure
    }

    /// Whether the group starts nothing more after this outcome. A record its filter
    /// rejected (`filteredOut`) is a result, not a failure: it never stops a group.
    public func stops(after outcome: Result<RecordOutcome, AerospikeError>) -> Bool {
        guard stopAtFailure, case .failure(let error) = outcome else { return false }
        return error.code != .filteredOut
    }
}

extension AerospikeClient {
    /// One command, through its own call.
    public func run(_ command: RecordCommand) async throws(AerospikeError) -> RecordOutcome {
        switch command {
        case .put(let key, let bins, let policy): return .written(try await put(key, bins: bins, policy: policy))
        case .get(let key, let bins, let policy): return .record(try await get(key, bins: bins, policy: policy))
        case .exists(let key, let policy): return .exists(try await exists(key, policy: policy))
        case .remove(let key, let policy):
            try await remove(key, policy: policy)
            return .removed
        case .operate(let key, let operations, let policy): return .operated(try await operate(key, operations: operations, policy: policy))
        }
    }

    /// Commands one after another, or up to `policy.concurrency` at once with each key's
    /// commands in the given order: what a client without a cheaper way does.
    public func runEach(
        _ commands: [RecordCommand], policy: CommandGroupPolicy, receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) async {
        if policy.concurrency == 1 || commands.count == 1 {
            for (index, command) in commands.enumerated() {
                let outcome: Result<RecordOutcome, AerospikeError>
                do {
                    outcome = .success(try await run(command))
                } catch {
                    outcome = .failure(error)
                }
                receive(index, outcome)
                if policy.stops(after: outcome) { return }
            }
            return
        }
        await runConcurrently(commands, policy: policy, receive: receive)
    }

    private func runConcurrently(
        _ commands: [RecordCommand], policy: CommandGroupPolicy, receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) async {
        await withTaskGroup(of: Finished.self) { group in
            var order = KeyOrder()
            var next = 0
            var stopped = false
            while true {
                // Start what may start: below the limit, and no earlier command on its key unfinished.
                while !stopped, next < commands.count, order.inFlight < policy.concurrency,
                      order.mayStart(commands[next].key) {
                    let index = next
                    let command = commands[index]
                    order.start(index, command.key)
                    next += 1
                    group.addTask { Finished(index: index, outcome: await self.outcome(of: command)) }
                }
                guard let finished = await group.next() else { break }
                order.finish(finished.index, commands[finished.index].key, finished.outcome)
                if policy.stops(after: finished.outcome) { stopped = true }
                for (done, result) in order.deliverable() { receive(done, result) }
            }
        }
    }

    /// A command's outcome as a value. (A child task that caught a typed error itself
    /// handed back a wrong index in a release build of Swift 6.3; a plain async function
    /// does not.)
    private func outcome(of command: RecordCommand) async -> Result<RecordOutcome, AerospikeError> {
        do {
            return .success(try await run(command))
        } catch {
            return .failure(error)
        }
    }
}

/// A command of a group that has finished, and how.
private struct Finished: Sendable {
    var index: Int
    var outcome: Result<RecordOutcome, AerospikeError>
}

/// The bookkeeping of commands in flight: which keys are busy, and the outcomes waiting for
/// an earlier command's so they can be handed on in command order.
struct KeyOrder {
    private var busy: [Digest: Int] = [:]
    private var waiting: [Int: Result<RecordOutcome, AerospikeError>] = [:]
    private var nextToDeliver = 0
    private(set) var inFlight = 0

    func mayStart(_ key: Key) -> Bool { busy[key.digest] == nil }

    mutating func start(_ index: Int, _ key: Key) {
        busy[key.digest] = index
        inFlight += 1
    }

    mutating func finish(_ index: Int, _ key: Key, _ outcome: Result<RecordOutcome, AerospikeError>) {
        busy[key.digest] = nil
        inFlight -= 1
        waiting[index] = outcome
    }

    /// The outcomes now next in order, in order.
    mutating func deliverable() -> [(Int, Result<RecordOutcome, AerospikeError>)] {
        var ready: [(Int, Result<RecordOutcome, AerospikeError>)] = []
        while let outcome = waiting.removeValue(forKey: nextToDeliver) {
            ready.append((nextToDeliver, outcome))
            nextToDeliver += 1
        }
        return ready
    }
}
