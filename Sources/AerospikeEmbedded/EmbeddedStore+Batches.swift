import AerospikeCore
import AerospikeSemantics
import SQLiteNIO

extension EmbeddedStore {
    /// Keys a batch reads per statement (and a read batch per transaction): rows reach the
    /// caller a chunk at a time.
    static let chunk = 256

    /// A batch that only reads runs a chunk of keys per statement and delivers each chunk
    /// as it is read (a real server gives no snapshot across a batch's keys either). A
    /// batch that writes runs in one transaction, rolled back whole when cancelled, and is
    /// delivered once committed.
    public func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        switch request {
        case .read(let keys, let bins, _):
            let operations: [Operation]
            switch bins {
            case .all: operations = [.readAll]
            case .only(let names): operations = names.map { .read($0) }
            case .none: operations = []
            }
            try await readInChunks(keys, receive: receive) { key, existing, now in
                try self.apply(key, try self.config(for: key), operations, WritePolicy(), existing: existing, now: now).result.record
            }
        case .operate(let keys, let operations, let policy) where !operations.contains(where: \.isWrite):
            try await readInChunks(keys, receive: receive) { key, existing, now in
                try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now).result.record
            }
        case .operate(let keys, let operations, let policy):
            try await writeAll(keys.map { ($0, operations) }, receive: receive) { key, operations, existing, now in
                let (result, change) = try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now)
                return (result.record, change)
            }
        case .write(let entries, let policy):
            try await writeAll(entries.map { ($0.key, $0.operations) }, receive: receive) { key, operations, existing, now in
                let (result, change) = try self.apply(key, try self.config(for: key), operations, policy, existing: existing, now: now)
                return (result.record, change)
            }
        case .remove(let keys, let policy):
            try await writeAll(keys.map { ($0, []) }, receive: receive) { key, _, existing, _ in
                try self.checkRemoval(key, try self.config(for: key), existing: existing, policy: policy)
                return (AerospikeCore.Record(key: key, metadata: RecordMetadata(generation: 0, ttl: .never), bins: []), .delete)
            }
        }
    }

    func readInChunks(
        _ keys: [Key], receive: (BatchRecord) -> Void,
        _ entry: (Key, StoredRecord?, UInt32) throws -> AerospikeCore.Record
    ) async throws(AerospikeError) {
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(keys.count, start + EmbeddedStore.chunk)]
            let (existing, now) = try await read { db in
                let now = CitrusleafTime.now(self.clock)
                return (try await self.liveMany(db, chunk, now: now), now)
            }
            for key in chunk {
                if Task.isCancelled { throw AerospikeError(.clientAbort, message: "cancelled") }
                receive(batchEntry(key) { () throws -> AerospikeCore.Record in try entry(key, existing[key.namespace]?[key.digest], now) })
            }
            start = chunk.endIndex
        }
    }

    /// A batch that writes: per chunk, the records in one statement, each entry applied in
    /// memory (a later entry for the same key sees the earlier one's result), then the
    /// chunk's writes and deletes in one statement each. One transaction for the whole.
    func writeAll(
        _ entries: [(Key, [Operation])], receive: (BatchRecord) -> Void,
        _ entry: (Key, [Operation], StoredRecord?, UInt32) throws -> (AerospikeCore.Record, RecordEngine.Change)
    ) async throws(AerospikeError) {
        let records = try await write { db in
            var records: [BatchRecord] = []
            records.reserveCapacity(entries.count)
            var start = 0
            while start < entries.count {
                let chunk = entries[start..<min(entries.count, start + EmbeddedStore.chunk)]
                let outcomes = try await self.applyChunk(db, chunk.map(\.0)) { index, existing, now in
                    try Task.checkCancellation()
                    let (key, operations) = chunk[chunk.startIndex + index]
                    return try entry(key, operations, existing, now)
                }
                for (index, outcome) in outcomes.enumerated() {
                    let key = chunk[chunk.startIndex + index].0
                    records.append(self.batchEntry(key) { () throws -> AerospikeCore.Record in try outcome.get() })
                }
                start = chunk.endIndex
            }
            return records
        }
        records.forEach(receive)
    }
}
