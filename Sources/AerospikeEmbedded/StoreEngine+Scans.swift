import AerospikeCore
import AerospikeSemantics

extension StoreEngine {
    /// Records read per statement: a chunk's read is short, so a long scan never holds a
    /// snapshot (or the connection) for long, and writers go on between chunks.
    static let scanChunkRows = 512

    func scan(_ request: ScanRequest, isCancelled: () -> Bool, receive: (ScanEvent) -> Bool) throws(AerospikeError) {
        guard namespaces[request.namespace] != nil else {
            throw AerospikeError(.namespaceNotFound, message: "namespace '\(request.namespace)' does not exist")
        }
        let source = try scanSource(request)
        var remaining = request.maxRecords ?? Int.max
        guard remaining > 0 else { return }
        let statement = ScanTable.Statement(source, withBins: request.bins != .none || request.filter != nil)
        // A query reads only the partitions its index says hold matches.
        var matching: Set<Int>?
        if case .index(let index, let filter) = source {
            matching = try read { db in try ScanTable.partitions(db, index, filter) }
        }
        var partitionsDone = 0
        let cursors = request.cursors
        for cursor in cursors {
            var after = cursor.after
            while matching?.contains(cursor.id) ?? true {
                if isCancelled() { throw AerospikeError(.clientAbort, message: "cancelled") }
                let limit = min(StoreEngine.scanChunkRows, remaining)
                let now = CitrusleafTime.now(clock)
                let chunk = try read { db in
                    try statement.chunk(db, partition: cursor.id, after: after, limit: limit, now: now)
                }
                for (digest, stored) in chunk {
                    guard let record = ScanTable.record(request, digest: digest, stored, now: now) else { continue }
                    guard receive(.record(record)) else { return }
                    remaining -= 1
                    if remaining == 0 { return }
                }
                guard chunk.count == limit, let last = chunk.last else { break }
                after = last.0
            }
            partitionsDone += 1
            if partitionsDone % 256 == 0 || partitionsDone == cursors.count {
                guard receive(.partitionsDone(partitionsDone)) else { return }
            }
        }
    }

    /// Where a request's records come from: the namespace, a set, or an index.
    private func scanSource(_ request: ScanRequest) throws(AerospikeError) -> ScanTable.Source {
        guard let filter = request.filter else { return .records(namespace: request.namespace, set: request.set) }
        let indexes = try read { db in try SecondaryIndexTable.definitions(db, namespace: request.namespace) }
        // As on a server, an index serves queries of exactly its set (a set-less one, the
        // queries without a set).
        guard let index = indexes.first(where: { $0.bin == filter.bin && $0.type == filter.indexType && $0.set == request.set }) else {
            let place = request.set.map { "\(request.namespace).\($0)" } ?? request.namespace
            throw AerospikeError(.indexNotFound, message: "no \(filter.indexType.rawValue) index on bin '\(filter.bin)' of \(place)")
        }
        return .index(index, filter)
    }
}

/// The statements a scan reads records with, a partition's chunk at a time.
enum ScanTable {
    enum Source {
        case records(namespace: String, set: String?)
        case index(IndexDefinition, IndexFilter)
    }

    /// The statement that reads a chunk of one partition, built once per scan.
    struct Statement {
        let sql: String
        /// The parameters before the partition's own (namespace, set or index and value).
        let leading: [SQLValue]

        init(_ source: Source, withBins: Bool) {
            // Without bins: an empty bin list (a count of 0), never decoded from the row.
            let binsColumn = withBins ? "r.bins" : "x'0000'"
            let columns = "r.digest, r.set_name, r.user_key, r.generation, r.void_time, \(binsColumn)"
            let live = "(r.void_time = 0 OR r.void_time > ?)"
            switch source {
            case .records(let namespace, let set):
                var sql = "SELECT \(columns) FROM records r WHERE r.namespace = ?"
                var leading: [SQLValue] = [.text(namespace)]
                if let set {
                    sql += " AND r.set_name = ?"
                    leading.append(.text(set))
                }
                self.sql = sql + " AND r.partition_id = ? AND r.digest > ? AND \(live) ORDER BY r.digest LIMIT ?"
                self.leading = leading
            case .index(let index, let filter):
                let (condition, values) = ScanTable.valueCondition(filter)
                sql = """
                    SELECT \(columns) FROM secondary_index_entries e
                    JOIN records r ON r.namespace = e.namespace AND r.digest = e.digest
                    WHERE e.namespace = ? AND e.index_name = ? AND \(condition)
                    AND e.partition_id = ? AND e.digest > ? AND \(live) ORDER BY e.digest LIMIT ?
                    """
                leading = [.text(index.namespace), .text(index.name)] + values
            }
        }

        /// Up to `limit` live records of one partition after `after`, in digest order.
        func chunk(_ db: SQLiteDatabase, partition: Int, after: Digest?, limit: Int, now: UInt32) throws -> [(Digest, StoredRecord)] {
            try ScanTable.rows(db, sql, leading + [
                .integer(Int64(partition)), .blob(after?.bytes ?? []), .integer(Int64(now)), .integer(Int64(limit)),
            ])
        }
    }

    /// The condition on an index entry's value, and its parameters.
    static func valueCondition(_ filter: IndexFilter) -> (String, [SQLValue]) {
        switch filter {
        case .equal(_, .int(let value)): ("e.int_value = ?", [.integer(value)])
        case .equal(_, .string(let value)): ("e.text_value = ?", [.text(value)])
        case .range(_, let low, let high): ("e.int_value BETWEEN ? AND ?", [.integer(low), .integer(high)])
        }
    }

    /// The partitions that hold entries matching the filter (expired records included:
    /// the per-partition read leaves them out).
    static func partitions(_ db: SQLiteDatabase, _ index: IndexDefinition, _ filter: IndexFilter) throws -> Set<Int> {
        let (condition, values) = valueCondition(filter)
        let rows = try db.statement("""
            SELECT DISTINCT e.partition_id FROM secondary_index_entries e
            WHERE e.namespace = ? AND e.index_name = ? AND \(condition)
            """).rows([.text(index.namespace), .text(index.name)] + values) { Int($0.integer(0)) }
        return Set(rows)
    }

    static func rows(_ db: SQLiteDatabase, _ sql: String, _ parameters: [SQLValue]) throws -> [(Digest, StoredRecord)] {
        try db.statement(sql).rows(parameters) { row in
            guard let digest = row.blob(0).flatMap(Digest.init) else {
                throw AerospikeError(.serverError, message: "a stored record is malformed")
            }
            return (digest, try RecordTable.record(row, from: 1))
        }
    }

    /// The record a scan hands on: its key as stored (set, and user key when it was sent),
    /// the bins asked for. nil when a query's filter no longer matches (never, while the
    /// index is kept current; checked so a stale entry cannot leak a record).
    static func record(_ request: ScanRequest, digest: Digest, _ stored: StoredRecord, now: UInt32) -> Record? {
        if let filter = request.filter {
            guard let value = stored.bins.first(where: { $0.name == filter.bin })?.value, filter.matches(value) else { return nil }
        }
        let key = Key(namespace: request.namespace, set: stored.setName, userKey: stored.userKey, digest: digest)
        let bins: [Bin] = switch request.bins {
        case .all: stored.bins
        case .none: []
        case .only(let names): stored.bins.filter { names.contains($0.name) }
        }
        return Record(key: key, metadata: stored.metadata(now: now), bins: bins)
    }
}
