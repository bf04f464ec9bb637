import AerospikeCore

/// Applies a command's operations to one record with an Aerospike server's semantics.
///
/// Pure: it is handed the record as loaded (nil when missing or expired) and says what to
/// store, so every rule here is testable without SQLite, and `aerosh serve` gets exactly
/// the behaviour of the embedded CLI.
package struct RecordEngine {
    /// Current time in seconds since the Citrusleaf epoch.
    package let now: UInt32
    package let namespace: NamespaceConfig

    package init(now: UInt32, namespace: NamespaceConfig) {
        self.now = now
        self.namespace = namespace
    }

    package enum Change: Sendable, Hashable {
        case none
        case store(StoredRecord)
        case delete
    }

    package struct Outcome: Sendable, Hashable {
        package var change: Change
        /// Metadata after the command (generation 0 and no expiry once deleted, as a server answers).
        package var metadata: RecordMetadata
        /// Per operation, in operation order, the bins it returned.
        package var perOperation: [[Bin]]
    }

    package func apply(
        _ operations: [Operation],
        to existing: StoredRecord?,
        key: Key,
        policy: WritePolicy
    ) throws(AerospikeError) -> Outcome {
        for operation in operations {
            if let name = operation.binName, !Bin.isValidName(name) {
                throw AerospikeError(.binNameTooLong, key: key, message: "bin name '\(name)' is longer than \(Bin.maxNameBytes) bytes")
            }
        }
        guard operations.contains(where: \.isWrite) else {
            guard let existing else { throw AerospikeError(.recordNotFound, key: key) }
            var bins = existing.bins
            let results = try run(operations, on: &bins, key: key, metadata: existing.metadata(now: now)).results
            return Outcome(change: .none, metadata: existing.metadata(now: now), perOperation: results)
        }
        try checkPolicy(policy, existing: existing, key: key)

        var bins = policy.exists.replacesBins ? [] : (existing?.bins ?? [])
        let run = try run(operations, on: &bins, key: key, metadata: existing?.metadata(now: now))
        if run.touched && existing == nil {
            throw AerospikeError(.recordNotFound, key: key, message: "cannot touch a record that does not exist")
        }

        if bins.isEmpty {
            // A server refuses to create a record without bins, and deletes one left without any.
            guard existing != nil else { throw AerospikeError(.recordNotFound, key: key) }
            return Outcome(change: .delete, metadata: RecordMetadata(generation: 0, ttl: .never), perOperation: run.results)
        }

        let stored = StoredRecord(
            setName: key.set,
            userKey: policy.sendKey ? (key.userKey ?? existing?.userKey) : existing?.userKey,
            generation: existing.map { RecordEngine.nextGeneration(after: $0.generation) } ?? 1,
            voidTime: try voidTime(for: policy.ttl, existing: existing, key: key),
            bins: bins
        )
        // A list or map operation can put a value inside another at a depth neither could
        // reach alone: stored, the record could not be read back (the msgpack reader, and a
        // value literal, stop at Value.maxNestingDepth), so such a write is refused instead.
        if let deep = bins.first(where: { StoredValue.nestsDeeper(than: Value.maxNestingDepth, $0.value) }) {
            throw AerospikeError(
                .parameterError, key: key,
                message: "bin '\(deep.name)' would nest lists and maps more than \(Value.maxNestingDepth) levels deep, past what can be read back")
        }
        let size = RecordSize.checked(setName: stored.setName, storedKey: stored.userKey, expires: stored.voidTime != 0, bins: bins)
        guard size <= namespace.maxRecordSize else {
            throw AerospikeError(.recordTooBig, key: key, message: "the record would take \(size) bytes, over the namespace's limit of \(namespace.maxRecordSize)")
        }
        return Outcome(change: .store(stored), metadata: stored.metadata(now: now), perOperation: run.results)
    }

    /// The generation check and the exists action, in the order a server applies them.
    package func checkPolicy(_ policy: WritePolicy, existing: StoredRecord?, key: Key) throws(AerospikeError) {
        switch policy.exists {
        case .createOnly where existing != nil:
            throw AerospikeError(.recordExists, key: key, metadata: existing?.metadata(now: now))
        case .updateOnly where existing == nil, .replaceOnly where existing == nil:
            throw AerospikeError(.recordNotFound, key: key)
        default:
            break
        }
        // Like a server, the generation check only concerns a record that exists.
        guard let existing else { return }
        if let refusal = policy.generation.refusal(recordGeneration: existing.generation) {
            throw AerospikeError(.generationError, key: key, message: refusal, metadata: existing.metadata(now: now))
        }
    }

    /// The server keeps 16 bits of generation and skips 0 when it wraps.
    package static func nextGeneration(after generation: UInt32) -> UInt32 {
        generation >= 0xFFFF ? 1 : generation + 1
    }

    package func voidTime(for ttl: WriteTTL, existing: StoredRecord?, key: Key) throws(AerospikeError) -> UInt32 {
        switch ttl {
        case .never:
            return 0
        case .namespaceDefault:
            return expiry(after: namespace.defaultTTL)
        case .unchanged:
            return existing?.voidTime ?? expiry(after: namespace.defaultTTL)
        case .seconds(let seconds):
            guard seconds <= WriteTTL.maxSeconds else {
                throw AerospikeError(.parameterError, key: key, message: "TTL \(seconds) is longer than ten years (\(WriteTTL.maxSeconds) s)")
            }
            return expiry(after: seconds)
        }
    }

    private func expiry(after seconds: UInt32) -> UInt32 {
        CitrusleafTime.expiry(after: seconds, now: now)
    }

    private struct Run {
        var results: [[Bin]] = []
        var touched = false
    }

    /// Runs the operations in order over `bins`; reads see the writes before them.
    private func run(_ operations: [Operation], on bins: inout [Bin], key: Key, metadata: RecordMetadata?) throws(AerospikeError) -> Run {
        var run = Run()
        for operation in operations {
            run.results.append([])
            switch operation {
            case .read(let name):
                if let bin = bins.first(where: { $0.name == name }) { run.results[run.results.count - 1] = [bin] }
            case .readAll:
                run.results[run.results.count - 1] = bins
            case .write(let bin):
                if let bad = StoredValue.invalidMapKey(in: bin.value) {
                    // What a real server answers to such a write.
                    throw AerospikeError(.serverError, key: key, message: "bin '\(bin.name)' has a map key of type \(bad.typeName): map keys may be integers, strings or blobs")
                }
                set(Bin(bin.name, StoredValue.normalized(bin.value)), in: &bins)
            case .add(let bin):
                set(Bin(bin.name, try add(bin, to: current(bin.name, in: bins), key: key)), in: &bins)
            case .append(let bin):
                set(Bin(bin.name, try concatenate(current(bin.name, in: bins), bin, prepend: false, key: key)), in: &bins)
            case .prepend(let bin):
                set(Bin(bin.name, try concatenate(current(bin.name, in: bins), bin, prepend: true, key: key)), in: &bins)
            case .touch:
                run.touched = true
            case .delete:
                bins.removeAll()
            case .cdt(let operation):
                let outcome: CDTEngine.Outcome
                do {
                    outcome = try CDTEngine.apply(operation, to: current(operation.binName, in: bins))
                } catch {
                    // A server reports the record's generation and TTL with a failed CDT operation.
                    throw AerospikeError(error.code, key: key, message: error.message, metadata: metadata)
                }
                if let value = outcome.value { set(Bin(operation.binName, StoredValue.normalized(value)), in: &bins) }
                if let result = outcome.result { run.results[run.results.count - 1] = [Bin(operation.binName, result)] }
            }
        }
        return run
    }

    private func current(_ name: String, in bins: [Bin]) -> Value? {
        bins.first(where: { $0.name == name })?.value
    }

    /// Writes a bin in place (keeping its position) or appends it; `.nil` removes it, and
    /// as on a server the last bin then takes the removed one's place: after removing `c`
    /// from `c, f, newbin, x15` the record reads `x15, f, newbin`.
    private func set(_ bin: Bin, in bins: inout [Bin]) {
        let index = bins.firstIndex(where: { $0.name == bin.name })
        switch (bin.value, index) {
        case (.nil, let index?):
            bins.swapAt(index, bins.count - 1)
            bins.removeLast()
        case (.nil, nil): break
        case (_, let index?): bins[index] = bin
        case (_, nil): bins.append(bin)
        }
    }

    private func add(_ operand: Bin, to current: Value?, key: Key) throws(AerospikeError) -> Value {
        switch (current, operand.value) {
        case (nil, .int), (nil, .double):
            return operand.value
        case (.int(let value)?, .int(let delta)):
            return .int(value &+ delta)
        case (.double(let value)?, .double(let delta)):
            return .double(value + delta)
        case (_, .int), (_, .double):
            throw AerospikeError(.binTypeError, key: key, message: "cannot add \(operand.value.typeName) to bin '\(operand.name)' holding \(current?.typeName ?? "nothing")")
        default:
            throw AerospikeError(.parameterError, key: key, message: "INCREMENT takes an integer or a float, not \(operand.value.typeName)")
        }
    }

    private func concatenate(_ current: Value?, _ operand: Bin, prepend: Bool, key: Key) throws(AerospikeError) -> Value {
        switch (current, operand.value) {
        case (nil, .string), (nil, .bytes):
            return operand.value
        case (.string(let value)?, .string(let text)):
            return .string(prepend ? text + value : value + text)
        case (.bytes(let value)?, .bytes(let bytes)):
            return .bytes(prepend ? bytes + value : value + bytes)
        case (_, .string), (_, .bytes):
            let verb = prepend ? "prepend" : "append"
            throw AerospikeError(.binTypeError, key: key, message: "cannot \(verb) \(operand.value.typeName) to bin '\(operand.name)' holding \(current?.typeName ?? "nothing")")
        default:
            let verb = prepend ? "PREPEND" : "APPEND"
            throw AerospikeError(.parameterError, key: key, message: "\(verb) takes a string or bytes, not \(operand.value.typeName)")
        }
    }
}
