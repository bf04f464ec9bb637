import AerospikeCore
import AerospikeSemantics

/// The SQLite table that holds every record, keyed like a server's index by namespace,
/// then partition and digest (the partition is the digest's, so a key names its row). Its
/// layout and history are `StoreSchema`'s.
enum RecordTable {
    static func load(_ db: SQLiteDatabase, namespace: String, digest: Digest) throws -> StoredRecord? {
        let statement = try db.statement(loadSQL)
        // The primary key names at most one row: one step, and the parameters bound one
        // by one (no array of them, no second step to hear that no row follows).
        defer { statement.reset() }
        try statement.bind(.text(namespace), at: 1)
        try statement.bind(.integer(Int64(digest.partitionID)), at: 2)
        try statement.bind(.blob(digest.bytes), at: 3)
        guard try statement.step() else { return nil }
        return try record(statement, from: 0)
    }

    private static let loadSQL: StaticString = """
        SELECT set_name, user_key, generation, void_time, bins, last_update FROM records
        WHERE namespace = ? AND partition_id = ? AND digest = ?
        """

    /// The parameters that name a record's row: namespace, partition, digest.
    static func key(_ namespace: String, _ digest: Digest) -> [SQLValue] {
        [.text(namespace), .integer(Int64(digest.partitionID)), .blob(digest.bytes)]
    }

    /// The records of these digests that exist (a batch reads a chunk of keys at a time
    /// this way): a lookup each through one prepared statement, in the caller's
    /// transaction. SQLite reads `(partition_id, digest) IN (VALUES …)` by walking the
    /// whole namespace.
    static func loadMany(_ db: SQLiteDatabase, namespace: String, digests: [Digest]) throws -> [Digest: StoredRecord] {
        var records: [Digest: StoredRecord] = [:]
        records.reserveCapacity(digests.count)
        for digest in digests {
            if let record = try load(db, namespace: namespace, digest: digest) { records[digest] = record }
        }
        return records
    }

    /// The stored record in a row's columns from `first` on: set name, user key,
    /// generation, void time, bins, last update.
    static func record(_ row: SQLiteStatement, from first: Int32) throws -> StoredRecord {
        guard let binBytes = row.blob(first + 4) else { throw malformed() }
        return StoredRecord(
            setName: row.text(first),
            userKey: row.blob(first + 1).flatMap(UserKeyColumn.decode),
            generation: UInt32(truncatingIfNeeded: row.integer(first + 2)),
            voidTime: UInt32(truncatingIfNeeded: row.integer(first + 3)),
            bins: try BinBlob.decode(binBytes),
            lastUpdate: UInt64(clamping: row.integer(first + 5))
        )
    }

    private static func malformed() -> AerospikeError {
        AerospikeError(.serverError, message: "a stored record is malformed")
    }

    /// A record to write: its key in the table, and what to store.
    struct Row: Sendable {
        var digest: Digest
        var record: StoredRecord
        var binBytes: [UInt8]
        /// Unix milliseconds.
        var lastUpdate: UInt64
    }

    /// Writes (inserting or replacing) rows of one namespace; each carries its partition,
    /// and the namespace's secondary indexes are brought up to date with them.
    static func save(_ db: SQLiteDatabase, namespace: String, rows: [Row]) throws {
        guard !rows.isEmpty else { return }
        for row in rows {
            try db.run("""
                INSERT OR REPLACE INTO records (namespace, digest, set_name, user_key, generation, void_time, bins, partition_id, last_update)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    .text(namespace),
                    .blob(row.digest.bytes),
                    row.record.setName.map { .text($0) } ?? .null,
                    row.record.userKey.map { .blob(UserKeyColumn.encode($0)) } ?? .null,
                    .integer(Int64(row.record.generation)),
                    .integer(Int64(row.record.voidTime)),
                    .blob(row.binBytes),
                    .integer(Int64(row.digest.partitionID)),
                    .integer(Int64(row.lastUpdate)),
                ])
        }
        try SecondaryIndexTable.update(db, namespace: namespace, rows: rows, indexes: try SecondaryIndexTable.definitions(db, namespace: namespace))
    }

    static func delete(_ db: SQLiteDatabase, namespace: String, digests: [Digest]) throws {
        guard !digests.isEmpty else { return }
        if try SecondaryIndexTable.hasAny(db, namespace: namespace) {
            try SecondaryIndexTable.remove(db, namespace: namespace, digests: digests)
        }
        for digest in digests {
            try db.run("DELETE FROM records WHERE namespace = ? AND partition_id = ? AND digest = ?", key(namespace, digest))
        }
    }

    /// Set and bin names of the first `limit` records of a namespace (in key order, so the
    /// sample is cheap through the primary key); only bin names are decoded, not values.
    static func sampleNames(_ db: SQLiteDatabase, namespace: String, limit: Int) throws -> (sets: Set<String>, bins: Set<String>) {
        var sets: Set<String> = []
        var bins: Set<String> = []
        let rows = try db.statement("SELECT set_name, bins FROM records WHERE namespace = ? LIMIT ?")
            .rows([.text(namespace), .integer(Int64(max(0, limit)))]) { row in (row.text(0), row.blob(1)) }
        for (set, blob) in rows {
            if let set { sets.insert(set) }
            if let blob { bins.formUnion(try BinBlob.names(blob)) }
        }
        return (sets, bins)
    }

    /// Removes what has expired, like a server's namespace supervisor; cheap through the expiry index.
    static func purgeExpired(_ db: SQLiteDatabase, now: UInt32) throws {
        try db.run("""
            DELETE FROM secondary_index_entries WHERE (namespace, digest) IN
            (SELECT namespace, digest FROM records WHERE void_time != 0 AND void_time <= ?)
            """, [.integer(Int64(now))])
        try db.run("DELETE FROM records WHERE void_time != 0 AND void_time <= ?", [.integer(Int64(now))])
    }

    static func hasExpired(_ db: SQLiteDatabase, now: UInt32) throws -> Bool {
        try db.statement("SELECT EXISTS (SELECT 1 FROM records WHERE void_time != 0 AND void_time <= ?)")
            .rows([.integer(Int64(now))]) { row in row.integer(0) == 1 }.first ?? false
    }
}
