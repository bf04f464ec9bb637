import AerospikeCore
import AerospikeSemantics

extension StoreEngine {
    /// Keys a batch reads per statement (and a batch that writes applies per step): rows
    /// reach the caller a chunk at a time.
    static let chunk = 256

    /// A batch that only reads runs a chunk of keys per statement and delivers each chunk
    /// as it is read. A batch that writes runs in one transaction, rolled back whole when
    /// cancelled, and is delivered once committed.
    func batch(_ request: BatchRequest, isCancelled: () -> Bool, receive: (BatchRecord) -> Void) throws(AerospikeError) {
        switch request {
        case .read(let keys, let bins, let readPolicy):
            let operations: [Operation]
            switch bins {
            case .all: operations = [.readAll]
            case .only(let names): operations = names.map { .read($0) }
            case .none: operations = []
            }
            try readInChunks(keys, isCancelled: isCancelled, receive: receive) { key, existing, now in
                try self.apply(key, try self.config(for: key), operations, WritePolicy(filter: readPolicy.filter), existing: existing, now: now).result.record
            }
        case .operate(let keys, let operations, let policy) where !operations.contains(where: \.isWrite):
            try readInChunks(keys, isCancelled: isCancelled, receive: receive) { key, existing, now in
                try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now).result.record
            }
        case .operate(let keys, let operations, let policy):
            try writeAll(keys.map { ($0, operations) }, isCancelled: isCancelled, receive: receive) { key, operations, existing, now in
                let (result, change) = try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now)
                return (result.record, change)
            }
        case .write(let entries, let policy):
            try writeAll(entries.map { ($0.key, $0.operations) }, isCancelled: isCancelled, receive: receive) { key, operations, existing, now in
                let (result, change) = try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now)
                return (result.record, change)
            }
        case .remove(let keys, let policy):
            try writeAll(keys.map { ($0, []) }, isCancelled: isCancelled, receive: receive) { key, _, existing, _ in
                try self.checkRemoval(key, try self.config(for: key), existing: existing, policy: policy)
                return (Record(key: key, metadata: RecordMetadata(generation: 0, ttl: .never), bins: []), .delete)
            }
        }
    }

    private func readInChunks(
        _ keys: [Key], isCancelled: () -> Bool, receive: (BatchRecord) -> Void,
        _ entry: (Key, StoredRecord?, UInt32) throws -> Record
    ) throws(AerospikeError) {
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(keys.count, start + StoreEngine.chunk)]
            let now = CitrusleafTime.now(clock)
            let existing = try read { db in try self.liveMany(db, chunk, now: now) }
            for key in chunk {
                if isCancelled() { throw AerospikeError(.clientAbort, message: "cancelled") }
                receive(batchEntry(key) { () throws -> Record in try entry(key, existing[key.namespace]?[key.digest], now) })
            }
            start = chunk.endIndex
        }
    }

    /// A batch that writes: per chunk, the records in one statement, each entry applied in
    /// memory (a later entry for the same key sees the earlier one's result), then the
    /// chunk's writes and deletes. One transaction for the whole.
    private func writeAll(
        _ entries: [(Key, [Operation])], isCancelled: () -> Bool, receive: (BatchRecord) -> Void,
        _ entry: (Key, [Operation], StoredRecord?, UInt32) throws -> (Record, RecordEngine.Change)
    ) throws(AerospikeError) {
        let records = try write { db in
            var records: [BatchRecord] = []
            records.reserveCapacity(entries.count)
            var start = 0
            while start < entries.count {
                let chunk = entries[start..<min(entries.count, start + StoreEngine.chunk)]
                let outcomes = try self.applyChunk(db, chunk.map(\.0)) { index, existing, now in
                    if isCancelled() { throw CancellationError() }
                    let (key, operations) = chunk[chunk.startIndex + index]
                    return try entry(key, operations, existing, now)
                }
                for (index, outcome) in outcomes.enumerated() {
                    let key = chunk[chunk.startIndex + index].0
                    records.append(self.batchEntry(key) { () throws -> Record in try outcome.get() })
                }
                start = chunk.endIndex
            }
            return records
        }
        records.forEach(receive)
    }
}
