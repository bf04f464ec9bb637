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
        let statement = ScanTable.Statement(source, withBins: request.bins != .none || request.filter != nil || request.policy.filter != nil)
        // A query reads only the partitions its index says hold matches.
        var matching: Set<Int>?
        if case .index(let index, let filter) = source {
            matching = try read { db in try ScanTable.partitions(db, index, filter) }
        }
        let cursors = request.cursors
        var progress = ScanProgress(total: cursors.count)
        // Runs of consecutive partitions are read with one statement per chunk, in
        // (partition, digest) order, however many partitions they span; a query reads
        // each partition that holds matches on its own.
        let runs = ScanTable.runs(cursors, splitEach: matching != nil)
        var next = 0
        var position = runs.first.map { (partition: $0.first, after: $0.after) }
        while next < runs.count, let from = position {
            if isCancelled() { throw AerospikeError(.clientAbort, message: "cancelled") }
            let now = CitrusleafTime.now(clock)
            let budget = min(StoreEngine.scanChunkRows, remaining)
            let pieces = try read { db in
                try ScanTable.pieces(db, statement, runs, from: (next, from), rows: budget, matching: matching, now: now)
            }
            let unixMillisecondsNow = clock.unixMilliseconds()
            for piece in pieces {
                let run = runs[piece.run]
                for (digest, stored) in piece.rows {
                    if let done = progress.reached(digest.partitionID - run.first + run.offset), !receive(.partitionsDone(done)) { return }
                    // A filter expression leaves a record out, as a server's scan does.
                    guard stored.passes(request.policy.filter, digest: digest, unixMillisecondsNow: unixMillisecondsNow),
                          let record = ScanTable.record(request, digest: digest, stored, now: now) else { continue }
                    guard receive(.record(record)) else { return }
                    remaining -= 1
                    if remaining == 0 { return }
                }
                if piece.finished {
                    if let done = progress.reached(run.offset + run.last - run.first + 1), !receive(.partitionsDone(done)) { return }
                    next = piece.run + 1
                    position = next < runs.count ? (runs[next].first, runs[next].after) : nil
                } else if let last = piece.rows.last {
                    position = (last.0.partitionID, last.0)
                }
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
            throw AerospikeError(.indexNotFound, message: request.missingIndexMessage)
        }
        return .index(index, filter)
    }
}

/// How many of a scan's partitions are done, told every 256 (and at the end).
struct ScanProgress {
    let total: Int
    private var done = 0
    private var told = 0

    init(total: Int) {
        self.total = total
    }

    /// The partitions before the one at `place` (among the request's) are done; returns
    /// the count to report, when it is time to.
    mutating func reached(_ place: Int) -> Int? {
        done = max(done, place)
        guard done - told >= 256 || (done == total && told < total) else { return nil }
        told = done
        return done
    }
}

/// The statements a scan reads records with, a chunk at a time.
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
            let columns = "r.digest, r.set_name, r.user_key, r.generation, r.void_time, \(binsColumn), r.last_update"
            let live = "(r.void_time = 0 OR r.void_time > ?)"
            // SQLite (3.54) plans `LIMIT ?`, and an equality `column = ?` in a query with
            // ORDER BY, by the value bound, and so prepares the statement again whenever a
            // value is bound: every chunk was parsed and planned anew (1,365 times in the
            // scan of one node of `serve --nodes 3`, 130 ms for an empty set). A parameter
            // inside a CAST is an expression the statement evaluates as it runs, and the
            // plan (the same search of the primary key) is made once
            // (`ScanStatementTests`).
            let limit = "LIMIT CAST(? AS INTEGER)"
            switch source {
            case .records(let namespace, let set):
                // Through the primary key, in its (partition, digest) order; a set's scan
                // keeps the set's records, as a server without a set index does.
                var sql = "SELECT \(columns) FROM records r WHERE r.namespace = CAST(? AS TEXT)"
                var leading: [SQLValue] = [.text(namespace)]
                if let set {
                    sql += " AND r.set_name = CAST(? AS TEXT)"
                    leading.append(.text(set))
                }
                self.sql = sql + """
                     AND r.partition_id BETWEEN ? AND ? AND (r.partition_id, r.digest) > (?, ?) AND \(live)
                    ORDER BY r.partition_id, r.digest \(limit)
                    """
                self.leading = leading
            case .index(let index, let filter):
                // The partition-first index, named: planning without the values bound, SQLite
                // took the value-first one for a range and read the whole range per chunk.
                let (condition, values) = ScanTable.valueCondition(filter)
                sql = """
                    SELECT \(columns) FROM secondary_index_entries e INDEXED BY secondary_index_lookup
                    JOIN records r ON r.namespace = e.namespace AND r.partition_id = e.partition_id AND r.digest = e.digest
                    WHERE e.namespace = CAST(? AS TEXT) AND e.index_name = CAST(? AS TEXT) AND \(condition)
                    AND e.partition_id BETWEEN ? AND ? AND (e.partition_id, e.digest) > (?, ?) AND \(live)
                    ORDER BY e.partition_id, e.digest \(limit)
                    """
                leading = [.text(index.namespace), .text(index.name)] + values
            }
        }

        /// Up to `limit` live records after `from` (a partition, and the digest in it the
        /// last delivered) up to the end of partition `through`, in (partition, digest) order.
        func chunk(
            _ db: SQLiteDatabase, from: (partition: Int, after: Digest?), through last: Int, limit: Int, now: UInt32
        ) throws -> [(Digest, StoredRecord)] {
            try ScanTable.rows(db, sql, parameters(from: from, through: last, limit: limit, now: now))
        }

        /// What `sql` is bound with for a chunk: `leading`, then the chunk's own.
        func parameters(from: (partition: Int, after: Digest?), through last: Int, limit: Int, now: UInt32) -> [SQLValue] {
            leading + [
                .integer(Int64(from.partition)), .integer(Int64(last)),
                .integer(Int64(from.partition)), .blob(from.after?.bytes ?? []),
                .integer(Int64(now)), .integer(Int64(limit)),
            ]
        }
    }

    /// A stretch of consecutive partitions read in one go: from `first` (after a digest,
    /// when resumed) to `last`; `offset` is the place of `first` among the request's.
    struct Run {
        var first: Int
        var last: Int
        var after: Digest?
        var offset: Int
    }

    /// The cursors grouped into runs of consecutive partitions (only the first of a run
    /// may resume after a digest); each cursor alone with `splitEach`.
    static func runs(_ cursors: [PartitionCursor], splitEach: Bool) -> [Run] {
        var runs: [Run] = []
        for (offset, cursor) in cursors.enumerated() {
            if !splitEach, cursor.after == nil, let previous = runs.last, previous.last + 1 == cursor.id {
                runs[runs.count - 1].last = cursor.id
            } else {
                runs.append(Run(first: cursor.id, last: cursor.id, after: cursor.after, offset: offset))
            }
        }
        return runs
    }

    /// What one read transaction of a scan read of one run: its rows, and whether the run
    /// is done.
    struct Piece {
        var run: Int
        var rows: [(Digest, StoredRecord)]
        var finished: Bool
    }

    /// The most runs one read transaction covers. A scan of one node of `serve --nodes 3`
    /// has 1,365 runs of a single partition each (node i masters p % 3 == i), and a read
    /// transaction each made an empty set's scan take 130 ms; reading runs together until
    /// `rows` are read (or this many runs) keeps each snapshot as short as one chunk's.
    static let runsPerRead = 256

    /// Chunks of consecutive runs from `start` (a run, and where in it to go on), in one
    /// read transaction, until `rows` rows are read or a run is cut short by them. A query
    /// reads nothing of a partition its index holds no match in.
    static func pieces(
        _ db: SQLiteDatabase, _ statement: Statement, _ runs: [Run], from start: (run: Int, position: (partition: Int, after: Digest?)),
        rows: Int, matching: Set<Int>?, now: UInt32
    ) throws -> [Piece] {
        var pieces: [Piece] = []
        var read = 0
        var index = start.run
        var position = start.position
        while index < runs.count, pieces.count < runsPerRead, read < rows {
            let run = runs[index]
            let limit = rows - read
            var chunk: [(Digest, StoredRecord)] = []
            if matching?.contains(run.first) ?? true {
                chunk = try statement.chunk(db, from: position, through: run.last, limit: limit, now: now)
            }
            read += chunk.count
            let finished = chunk.count < limit
            pieces.append(Piece(run: index, rows: chunk, finished: finished))
            guard finished else { break }
            index += 1
            if index < runs.count { position = (runs[index].first, runs[index].after) }
        }
        return pieces
    }

    /// The condition on an index entry's value, and its parameters.
    static func valueCondition(_ filter: IndexFilter) -> (String, [SQLValue]) {
        switch filter {
        case .equal(_, .int(let value)): ("e.int_value = CAST(? AS INTEGER)", [.integer(value)])
        case .equal(_, .string(let value)): ("e.text_value = CAST(? AS TEXT)", [.text(value)])
        case .range(_, let low, let high): ("e.int_value BETWEEN ? AND ?", [.integer(low), .integer(high)])
        }
    }

    /// The partitions that hold entries matching the filter (expired records included:
    /// the per-partition read leaves them out). The value-first index is named: left alone,
    /// the planner took the partition-first one and read every entry of the index.
    static func partitions(_ db: SQLiteDatabase, _ index: IndexDefinition, _ filter: IndexFilter) throws -> Set<Int> {
        let (condition, values) = valueCondition(filter)
        let rows = try db.statement(sql: """
            SELECT DISTINCT e.partition_id FROM secondary_index_entries e INDEXED BY secondary_index_by_value
            WHERE e.namespace = ? AND e.index_name = ? AND \(condition)
            """).rows([.text(index.namespace), .text(index.name)] + values) { Int($0.integer(0)) }
        return Set(rows)
    }

    static func rows(_ db: SQLiteDatabase, _ sql: String, _ parameters: [SQLValue]) throws -> [(Digest, StoredRecord)] {
        try db.statement(sql: sql).rows(parameters) { row in
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
