import AerospikeCore

/// The store file's layout, versioned with `PRAGMA user_version`, and the steps that bring
/// a file written by an earlier aerosh up to date when it is opened.
///
/// The file-format contract: one row per record in `records`, keyed by (namespace,
/// partition, digest); bins as `BinBlob` (the particle bytes a server holds); the user key as its
/// type byte then its bytes; the void time in Citrusleaf seconds (0 = never).
///
/// - Version 0 (aerosh 0.1.0): `records` and its expiry index.
/// - Version 1: each record's partition id (the low 12 bits of the digest read
///   little-endian, so a partition's records are not contiguous in digest order) with an
///   index, so a scan can walk a node's partitions; an index by (namespace, set, digest)
///   so a scan of one set reads only it in digest order; and the tables secondary indexes
///   keep their definitions and entries in.
/// - Version 2: each record's last-update time (Unix milliseconds), for TRUNCATE … BEFORE
///   and filter expressions; the
///   set index by (namespace, set, partition), so a set's scan reads it a partition at a
///   time in digest order; index entries carry their record's partition, so a query reads
///   a partition at a time too (version 1 kept no entries yet: its table is replaced).
/// - Version 3: `records` keyed by (namespace, partition, digest), the order a scan reads
///   in, so neither the partition index nor the set index is kept: every write updated
///   three trees at random places, now one. A set's scan reads its namespace's records
///   and keeps the set's, as a server without a set index does. A version 2 table is
///   rebuilt.
enum StoreSchema {
    static let currentVersion = 3

    /// Creates every table of the current version in an empty file.
    static func create(_ db: SQLiteDatabase) throws {
        try createRecordTable(db, named: "records")
        try db.execute("CREATE INDEX IF NOT EXISTS records_by_expiry ON records (void_time) WHERE void_time != 0")
        try createIndexTables(db)
        try db.execute("PRAGMA user_version = \(currentVersion)")
    }

    /// The records table of version 3.
    private static func createRecordTable(_ db: SQLiteDatabase, named name: String) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS \(name) (
                namespace    TEXT    NOT NULL,
                digest       BLOB    NOT NULL,
                set_name     TEXT,
                user_key     BLOB,
                generation   INTEGER NOT NULL,
                void_time    INTEGER NOT NULL,
                bins         BLOB    NOT NULL,
                partition_id INTEGER NOT NULL DEFAULT 0,
                last_update  INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (namespace, partition_id, digest)
            ) WITHOUT ROWID
            """)
    }

    /// The version of an existing file, or nil when it has no records table yet.
    static func version(_ db: SQLiteDatabase) throws -> Int? {
        let hasTable = try db.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'").rows { _ in true }
        guard !hasTable.isEmpty else { return nil }
        return try db.statement("PRAGMA user_version").rows { Int($0.integer(0)) }.first ?? 0
    }

    /// Brings a file of `version` up to the current one, inside the caller's write
    /// transaction (so a failure leaves the file as it was).
    static func migrate(_ db: SQLiteDatabase, from version: Int) throws {
        guard version <= currentVersion else {
            throw AerospikeError(.clientError, message: "the store was written by a newer aerosh (format \(version); this one reads up to \(currentVersion))")
        }
        if version < 1 {
            try db.execute("ALTER TABLE records ADD COLUMN partition_id INTEGER NOT NULL DEFAULT 0")
            try fillPartitionIDs(db)
        }
        if version < 2 {
            try db.execute("ALTER TABLE records ADD COLUMN last_update INTEGER NOT NULL DEFAULT 0")
            // Version 1 kept no index entries yet: the table (if any) is replaced.
            try db.execute("DROP TABLE IF EXISTS secondary_index_entries")
        }
        if version < 3 {
            try rebuildRecordTable(db)
        }
        try createIndexTables(db)
        try db.execute("PRAGMA user_version = \(currentVersion)")
    }

    /// Copies the records into a table of the version 3 key and puts it in the old one's
    /// place; the old table's indexes go with it, and only the expiry index is made again.
    private static func rebuildRecordTable(_ db: SQLiteDatabase) throws {
        // The partition is now part of the key: a row left at the column's default 0 (an
        // aerosh 0.1.0 that wrote into a newer file) would no longer be found by its key.
        try fillPartitionIDs(db, onlyZero: true)
        try createRecordTable(db, named: "records_v3")
        // In key order, so the new tree is filled from one end, not at random places.
        try db.execute("""
            INSERT INTO records_v3 (namespace, digest, set_name, user_key, generation, void_time, bins, partition_id, last_update)
            SELECT namespace, digest, set_name, user_key, generation, void_time, bins, partition_id, last_update FROM records
            ORDER BY namespace, partition_id, digest
            """)
        try db.execute("DROP TABLE records")
        try db.execute("ALTER TABLE records_v3 RENAME TO records")
        try db.execute("CREATE INDEX IF NOT EXISTS records_by_expiry ON records (void_time) WHERE void_time != 0")
    }

    /// Secondary indexes: their definitions, and one row per (index, record): integer
    /// values in int_value, strings in text_value, so a partition's matches for a value or
    /// range are one index seek.
    private static func createIndexTables(_ db: SQLiteDatabase) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS secondary_indexes (
                namespace  TEXT NOT NULL,
                name       TEXT NOT NULL,
                set_name   TEXT,
                bin        TEXT NOT NULL,
                type       TEXT NOT NULL,
                PRIMARY KEY (namespace, name)
            ) WITHOUT ROWID
            """)
        try db.execute("""
            CREATE TABLE IF NOT EXISTS secondary_index_entries (
                namespace    TEXT    NOT NULL,
                index_name   TEXT    NOT NULL,
                partition_id INTEGER NOT NULL,
                int_value    INTEGER,
                text_value   TEXT,
                digest       BLOB    NOT NULL
            )
            """)
        try db.execute("""
            CREATE INDEX IF NOT EXISTS secondary_index_lookup
            ON secondary_index_entries (namespace, index_name, partition_id, int_value, text_value)
            """)
        try db.execute("CREATE INDEX IF NOT EXISTS secondary_index_by_record ON secondary_index_entries (namespace, digest)")
        // By value first: which partitions hold a query's matches, in one range read.
        try db.execute("""
            CREATE INDEX IF NOT EXISTS secondary_index_by_value
            ON secondary_index_entries (namespace, index_name, int_value, text_value, partition_id)
            """)
    }

    /// Rows of version 0 had no partition id: computed from each digest (with `onlyZero`,
    /// for the rows that hold the column's default only).
    private static func fillPartitionIDs(_ db: SQLiteDatabase, onlyZero: Bool = false) throws {
        let sql = "SELECT namespace, digest FROM records" + (onlyZero ? " WHERE partition_id = 0" : "")
        let rows = try db.statement(sql: sql).rows { row -> (String, Digest) in
            guard let namespace = row.text(0), let digest = row.blob(1).flatMap(Digest.init) else {
                throw AerospikeError(.serverError, message: "a stored record is malformed")
            }
            return (namespace, digest)
        }
        for (namespace, digest) in rows {
            try db.run("UPDATE records SET partition_id = ? WHERE namespace = ? AND digest = ?",
                       [.integer(Int64(digest.partitionID)), .text(namespace), .blob(digest.bytes)])
        }
    }
}
