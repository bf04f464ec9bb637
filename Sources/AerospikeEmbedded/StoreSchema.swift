import AerospikeCore
import NIOCore
import SQLiteNIO

/// The store file's layout, versioned with `PRAGMA user_version`, and the steps that bring
/// a file written by an earlier aerosh up to date when it is opened.
///
/// The file-format contract: one row per record in `records`, keyed by (namespace,
/// digest); bins as `BinBlob` (the particle bytes a server holds); the user key as its
/// type byte then its bytes; the void time in Citrusleaf seconds (0 = never).
///
/// - Version 0 (aerosh 0.1.0): `records` and its expiry index.
/// - Version 1: each record's partition id (the low 12 bits of the digest read
///   little-endian, so a partition's records are not contiguous in digest order) with an
///   index, so a scan can walk a node's partitions; an index by (namespace, set, digest)
///   so a scan of one set reads only it in digest order; and the tables secondary indexes
///   keep their definitions and entries in.
enum StoreSchema {
    static let currentVersion = 1

    /// Creates every table of the current version in an empty file.
    static func create(_ db: SQLiteConnection) async throws {
        _ = try await db.query("""
            CREATE TABLE IF NOT EXISTS records (
                namespace    TEXT    NOT NULL,
                digest       BLOB    NOT NULL,
                set_name     TEXT,
                user_key     BLOB,
                generation   INTEGER NOT NULL,
                void_time    INTEGER NOT NULL,
                bins         BLOB    NOT NULL,
                partition_id INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (namespace, digest)
            ) WITHOUT ROWID
            """)
        _ = try await db.query("CREATE INDEX IF NOT EXISTS records_by_expiry ON records (void_time) WHERE void_time != 0")
        try await createVersion1Extras(db)
        _ = try await db.query("PRAGMA user_version = \(currentVersion)")
    }

    /// The version of an existing file, and whether it has the records table at all.
    static func version(_ db: SQLiteConnection) async throws -> Int? {
        guard try await !db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'").isEmpty else { return nil }
        return try await db.query("PRAGMA user_version").first?.columns.first?.data.integer ?? 0
    }

    /// Brings a file of `version` up to the current one, inside the caller's write
    /// transaction (so a failure leaves the file as it was).
    static func migrate(_ db: SQLiteConnection, from version: Int) async throws {
        guard version <= currentVersion else {
            throw AerospikeError(.clientError, message: "the store was written by a newer aerosh (format \(version); this one reads up to \(currentVersion))")
        }
        if version < 1 {
            _ = try await db.query("ALTER TABLE records ADD COLUMN partition_id INTEGER NOT NULL DEFAULT 0")
            try await fillPartitionIDs(db)
            try await createVersion1Extras(db)
        }
        _ = try await db.query("PRAGMA user_version = \(currentVersion)")
    }

    private static func createVersion1Extras(_ db: SQLiteConnection) async throws {
        _ = try await db.query("CREATE INDEX IF NOT EXISTS records_by_partition ON records (namespace, partition_id)")
        _ = try await db.query("CREATE INDEX IF NOT EXISTS records_by_set ON records (namespace, set_name, digest)")
        _ = try await db.query("""
            CREATE TABLE IF NOT EXISTS secondary_indexes (
                namespace  TEXT NOT NULL,
                name       TEXT NOT NULL,
                set_name   TEXT,
                bin        TEXT NOT NULL,
                type       TEXT NOT NULL,
                PRIMARY KEY (namespace, name)
            ) WITHOUT ROWID
            """)
        // One row per (index, value, record): integer values in int_value, strings in
        // text_value, so a range or equality lookup is one index seek.
        _ = try await db.query("""
            CREATE TABLE IF NOT EXISTS secondary_index_entries (
                namespace  TEXT    NOT NULL,
                index_name TEXT    NOT NULL,
                int_value  INTEGER,
                text_value TEXT,
                digest     BLOB    NOT NULL
            )
            """)
        _ = try await db.query("""
            CREATE INDEX IF NOT EXISTS secondary_index_lookup
            ON secondary_index_entries (namespace, index_name, int_value, text_value, digest)
            """)
        _ = try await db.query("CREATE INDEX IF NOT EXISTS secondary_index_by_record ON secondary_index_entries (namespace, digest)")
    }

    /// Rows of version 0 had no partition id: computed from each digest, a chunk at a time.
    private static func fillPartitionIDs(_ db: SQLiteConnection) async throws {
        let rows = try await db.query("SELECT namespace, digest FROM records")
        var updates: [(String, Digest)] = []
        for row in rows {
            let values = row.columns.map(\.data)
            guard values.count == 2, let namespace = values[0].string, let bytes = values[1].blob, let digest = Digest(Array(buffer: bytes)) else {
                throw AerospikeError(.serverError, message: "a stored record is malformed")
            }
            updates.append((namespace, digest))
        }
        for (namespace, digest) in updates {
            _ = try await db.query(
                "UPDATE records SET partition_id = ? WHERE namespace = ? AND digest = ?",
                [.integer(digest.partitionID), .text(namespace), .blob(ByteBuffer(bytes: digest.bytes))])
        }
    }
}
