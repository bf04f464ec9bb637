import AerospikeCore

/// Single-record statements as client commands: one statement runs as one command, and a
/// script's run of them can go to the client as a group (`runGroup`) — the same commands,
/// the same rows, one transaction or several in flight.
extension Executor {
    /// The command a single-record statement is, with the session's defaults; nil for
    /// every other statement.
    public func recordCommand(for statement: Statement) -> RecordCommand? {
        // The statement holds its key as written: the command's is hashed once here, for
        // the routing, the request and the rows that use it.
        let command: RecordCommand? = switch statement {
        case .put(let key, let bins, let options): .put(key, bins, defaults.writePolicy(options))
        case .get(let key, let bins, let options): .get(key, bins: bins, defaults.readPolicy(options))
        case .exists(let key, let options): .exists(key, defaults.readPolicy(options))
        case .increment(let key, let bin, let options): .operate(key, [.add(bin)], defaults.writePolicy(options))
        case .append(let key, let bin, let options): .operate(key, [.append(bin)], defaults.writePolicy(options))
        case .prepend(let key, let bin, let options): .operate(key, [.prepend(bin)], defaults.writePolicy(options))
        case .remove(let key, let options): .remove(key, defaults.writePolicy(options))
        // remove_bin: nil written to each bin (removing the last removes the record).
        case .removeBins(let key, let bins, let options): .put(key, bins.map { Bin($0, .nil) }, defaults.writePolicy(options))
        case .touch(let key, let options): .operate(key, [.touch], defaults.writePolicy(options))
        case .operate(let key, let operations, _, let options): .operate(key, operations, defaults.writePolicy(options))
        default: nil
        }
        return command?.hashingKey()
    }

    /// The rows a single-record statement shows for its command's outcome. A record the
    /// statement's WHERE rejected is a result, not a failure: no row, and a note.
    /// `key` is the command's (hashed) key.
    func rows(for statement: Statement, key: Key, _ outcome: Result<RecordOutcome, AerospikeError>) throws(AerospikeError) -> [ResultRow] {
        let done: RecordOutcome
        switch outcome {
        case .success(let value): done = value
        case .failure(let error) where error.code == .filteredOut:
            let note = ResultRow.footnote("filtered out: \(statement.targetDescription) (AEROSPIKE_FILTERED_OUT 27)")
            return [.filteredOut(key), note]
        case .failure(let error): throw error
        }
        switch (statement, done) {
        case (.operate(_, _, let ordered, _), .operated(let result)):
            return [ordered ? .ordered(result.record, result.results) : .record(result.record)]
        case (_, .written(let metadata)): return [.written(key, metadata)]
        case (_, .operated(let result)): return [.written(key, result.record.metadata)]
        case (_, .record(let record)): return [.record(record)]
        case (_, .exists(let metadata)): return [.exists(key, metadata)]
        case (_, .removed): return [.removed(key)]
        }
    }

    /// Runs single-record statements as one group of client commands (`AerospikeClient.run`)
    /// and hands `receive` each statement's rows, or its failure, in statement order. A
    /// statement the group did not run (after a failure, with `stopAtFailure`) gets nothing.
    public func runGroup(
        _ statements: [Statement], policy: CommandGroupPolicy, receive: (Int, Result<[ResultRow], AerospikeError>) -> Void
    ) async throws(AerospikeError) {
        let commands = statements.map { statement -> RecordCommand in
            guard let command = recordCommand(for: statement) else {
                preconditionFailure("only single-record statements are grouped")
            }
            return command
        }
        try await client.run(commands, policy: policy) { index, outcome in
            do throws(AerospikeError) {
                receive(index, .success(try rows(for: statements[index], key: commands[index].key, outcome)))
            } catch {
                receive(index, .failure(error))
            }
        }
    }
}
