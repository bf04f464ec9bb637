import AerospikeCore
import AerospikeSemantics

extension StoreEngine {
    /// One single-record command: a write in a transaction of its own that holds the file's
    /// write lock from its read to its write (so operate is atomic even with other
    /// processes on the file), a read on a reader connection. Every single-record call of
    /// the store is this.
    func perform(_ command: RecordCommand) throws(AerospikeError) -> RecordOutcome {
        let namespace = try config(for: command.key)
        // Closures written in place, not a closure kept in a `let`: that one escaped, so the
        // command and key were copied into a heap context (four copies of each per call,
        // a tenth of a batch key's work on serve).
        if command.isWrite {
            return try write { db in try self.apply(command, namespace, db) }
        }
        // A read is one lookup (`live`), then decisions in memory: one statement, its own snapshot.
        return try readOneStatement { db in try self.apply(command, namespace, db) }
    }

    private func apply(_ command: RecordCommand, _ namespace: NamespaceConfig, _ db: SQLiteDatabase) throws -> RecordOutcome {
        let now = CitrusleafTime.now(clock)
        let (outcome, change) = try decide(command, namespace, existing: try live(db, command.key, namespace, now: now), now: now)
        try store(change, key: command.key, namespace: namespace.name, db)
        return outcome
    }

    /// A script's run of commands together: those that write in one transaction, committed
    /// before any outcome is handed on (so a result a user has seen is on disk, and a group
    /// costs one commit instead of one per statement); those that only read, a chunk of keys
    /// per statement. Each command has its own call's semantics and sees the earlier ones'
    /// writes to its key; one that fails fails alone, and with `stopAtFailure` the ones
    /// after it do not run. A cancel, or a failure of the file itself, undoes the whole group.
    func run(
        _ commands: [RecordCommand], stopAtFailure: Bool, isCancelled: () -> Bool,
        receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) throws(AerospikeError) {
        let outcomes: [Result<RecordOutcome?, any Error>]
        do throws(AerospikeError) {
            outcomes = try runGroup(commands, inTableOrder: commands.count > 1, stopAtFailure: stopAtFailure, isCancelled: isCancelled)
        } catch where error.code == .serverFull && commands.count > 1 {
            // The group did not fit, and was rolled back whole. Its commands are not one
            // transaction to users, only one commit for speed: each alone, in order, so
            // those that fit are committed and reported, and the one that does not is named.
            try runEach(commands, stopAtFailure: stopAtFailure, isCancelled: isCancelled, receive: receive)
            return
        }
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let done?): receive(index, .success(done))
            case .success(nil): return
            case .failure(let error): receive(index, .failure(StoreEngine.map(error)))
            }
        }
    }

    /// Thrown inside a group's transaction run in table order when a command failed and
    /// the run stops at a failure: which commands come after the failing one is a matter
    /// of script order, so the group is rolled back and run again in that order.
    private struct StopNeedsScriptOrder: Error {}

    /// The group's outcomes by command; `.success(nil)` for a command that did not run.
    ///
    /// In table order, the commands are applied sorted as the table keeps their records
    /// (namespace, partition, digest; a key's own commands stay in script order). A
    /// script's keys fall on pages all over the table, and a group's 4,096 commands touch
    /// more pages than the page cache holds: in script order, a page dropped or spilled
    /// for a later key was read, or written, again; in table order each is visited once
    /// per group. Commands on different keys do not see each other, so only `stopAtFailure`
    /// depends on the order (`StopNeedsScriptOrder`).
    private func runGroup(
        _ commands: [RecordCommand], inTableOrder: Bool, stopAtFailure: Bool, isCancelled: () -> Bool
    ) throws(AerospikeError) -> [Result<RecordOutcome?, any Error>] {
        let sequence = inTableOrder ? StoreEngine.tableOrder(of: commands) : Array(commands.indices)
        var stopped = false
        func decideEach(_ index: Int, _ existing: StoredRecord?, _ now: UInt32) throws -> (RecordOutcome?, RecordEngine.Change) {
            if isCancelled() { throw CancellationError() }
            if stopped { return (nil, .none) }
            let command = commands[index]
            do {
                return try self.decide(command, try self.config(for: command.key), existing: existing, now: now)
            } catch {
                // A record its filter rejected is a result, not a failure: it stops nothing.
                stopped = stopAtFailure && (error as? AerospikeError)?.code != .filteredOut
                throw error
            }
        }
        func body(_ db: SQLiteDatabase) throws -> [Result<RecordOutcome?, any Error>] {
            var outcomes = [Result<RecordOutcome?, any Error>](repeating: .success(nil), count: commands.count)
            var start = 0
            while start < sequence.count {
                let end = min(sequence.count, start + StoreEngine.chunk)
                let chunk = try self.applyChunk(db, sequence[start..<end].map { commands[$0].key }) { offset, existing, now in
                    try decideEach(sequence[start + offset], existing, now)
                }
                if stopped && inTableOrder { throw StopNeedsScriptOrder() }
                for (offset, outcome) in chunk.enumerated() { outcomes[sequence[start + offset]] = outcome }
                start = end
            }
            return outcomes
        }
        do {
            return commands.contains(where: \.isWrite) ? try connections.write(body) : try connections.read(body)
        } catch is StopNeedsScriptOrder {
            return try runGroup(commands, inTableOrder: false, stopAtFailure: stopAtFailure, isCancelled: isCancelled)
        } catch {
            throw StoreEngine.map(error)
        }
    }

    /// The commands' indices sorted as the record table keeps their rows, a key's
    /// commands in script order. Each command's place is read once into integers: a
    /// comparator that read the keys themselves (strings and digest arrays, retained and
    /// released at every comparison) was a tenth of a group of GETs' time.
    static func tableOrder(of commands: [RecordCommand]) -> [Int] {
        let namespaces = Array(Set(commands.lazy.map(\.key.namespace))).sorted()
        let rank = Dictionary(uniqueKeysWithValues: namespaces.enumerated().map { ($1, $0) })
        let places = commands.enumerated().map { index, command in
            let key = command.key
            return key.digest.bytes.withUnsafeBytes { digest in
                (namespace: namespaces.count == 1 ? 0 : rank[key.namespace]!, partition: key.digest.partitionID,
                 high: UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                 middle: UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                 low: UInt32(bigEndian: digest.loadUnaligned(fromByteOffset: 16, as: UInt32.self)), index: index)
            }
        }
        return places.sorted { $0 < $1 }.map(\.index)
    }

    /// `run`, a transaction per command.
    private func runEach(
        _ commands: [RecordCommand], stopAtFailure: Bool, isCancelled: () -> Bool,
        receive: (Int, Result<RecordOutcome, AerospikeError>) -> Void
    ) throws(AerospikeError) {
        for (index, command) in commands.enumerated() {
            if isCancelled() { throw AerospikeError(.clientAbort, message: "cancelled") }
            do {
                receive(index, .success(try perform(command)))
            } catch {
                receive(index, .failure(error))
                if stopAtFailure && error.code != .filteredOut { return }
            }
        }
    }

    /// What one command does to its record: its outcome, and the change to write.
    private func decide(
        _ command: RecordCommand, _ namespace: NamespaceConfig, existing: StoredRecord?, now: UInt32
    ) throws -> (RecordOutcome, RecordEngine.Change) {
        switch command {
        case .put(let key, let bins, let policy):
            let (result, change) = try apply(key, namespace, bins.map { .write($0) }, policy, existing: existing, now: now)
            return (.written(result.record.metadata), change)
        case .get(let key, nil, let policy) where policy.filter == nil:
            // A whole record, unfiltered: its stored bins as they are, which is what reading
            // every bin gives, without the operations' machinery (a tenth of serve's work
            // for each key of a batch read).
            guard let existing else { throw AerospikeError(.recordNotFound, key: key) }
            return (.record(Record(key: key, metadata: existing.metadata(now: now), bins: existing.bins)), .none)
        case .get(let key, let bins, let policy):
            let operations: [Operation] = bins.map { $0.map { .read($0) } } ?? [.readAll]
            let (result, _) = try apply(key, namespace, operations, WritePolicy(filter: policy.filter), existing: existing, now: now)
            return (.record(result.record), .none)
        case .exists(let key, let policy):
            guard let existing else { return (.exists(nil), .none) }
            try checkFilter(policy.filter, existing, key)
            return (.exists(existing.metadata(now: now)), .none)
        case .remove(let key, let policy):
            try checkRemoval(key, namespace, existing: existing, policy: policy)
            return (.removed, .delete)
        case .operate(let key, let operations, let policy):
            let (result, change) = try apply(key, namespace, operations, policy, existing: existing, now: now)
            return (.operated(result), change)
        }
    }
}
