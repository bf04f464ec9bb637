import AerospikeCore
import FoundationEssentials
import GRDB

/// The SQLite table that holds every record, keyed like a server's index by (namespace, digest).
enum RecordTable {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-records") { db in
            try db.execute(sql: """
                CREATE TABLE records (
                    namespace  TEXT    NOT NULL,
                    digest     BLOB    NOT NULL,
                    set_name   TEXT,
                    user_key   BLOB,
                    generation INTEGER NOT NULL,
                    void_time  INTEGER NOT NULL,
                    bins       BLOB    NOT NULL,
                    PRIMARY KEY (namespace, digest)
                ) WITHOUT ROWID;
                CREATE INDEX records_by_expiry ON records (void_time) WHERE void_time != 0;
                """)
        }
        return migrator
    }

    static func load(_ db: Database, namespace: String, digest: Digest) throws -> StoredRecord? {
        let statement = try db.cachedStatement(sql: """
            SELECT set_name, user_key, generation, void_time, bins FROM records
            WHERE namespace = ? AND digest = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [namespace, Data(digest.bytes)]) else { return nil }
        let userKey: Data? = row[1]
        let bins: Data = row[4]
        return StoredRecord(
            setName: row[0],
            userKey: userKey.flatMap { UserKeyColumn.decode(Array($0)) },
            generation: UInt32(truncatingIfNeeded: row[2] as Int64),
            voidTime: UInt32(truncatingIfNeeded: row[3] as Int64),
            bins: try BinBlob.decode(Array(bins))
        )
    }

    static func save(_ db: Database, namespace: String, digest: Digest, record: StoredRecord, binBytes: [UInt8]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO records (namespace, digest, set_name, user_key, generation, void_time, bins)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            namespace,
            Data(digest.bytes),
            record.setName,
            record.userKey.map { Data(UserKeyColumn.encode($0)) },
            Int64(record.generation),
            Int64(record.voidTime),
            Data(binBytes),
        ])
    }

    static func delete(_ db: Database, namespace: String, digest: Digest) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM records WHERE namespace = ? AND digest = ?")
        try statement.execute(arguments: [namespace, Data(digest.bytes)])
    }

    /// Set and bin names of the first `limit` records of a namespace (in key order, so the
    /// sample is cheap through the primary key); only bin names are decoded, not values.
    static func sampleNames(_ db: Database, namespace: String, limit: Int) throws -> (sets: Set<String>, bins: Set<String>) {
        let statement = try db.cachedStatement(sql: "SELECT set_name, bins FROM records WHERE namespace = ? LIMIT ?")
        let rows = try Row.fetchCursor(statement, arguments: [namespace, max(0, limit)])
        var sets: Set<String> = []
        var bins: Set<String> = []
        while let row = try rows.next() {
            if let set: String = row[0] { sets.insert(set) }
            let blob: Data = row[1]
            bins.formUnion(try BinBlob.names(Array(blob)))
        }
        return (sets, bins)
    }

    /// Removes what has expired, like a server's namespace supervisor; cheap through the expiry index.
    static func purgeExpired(_ db: Database, now: UInt32) throws {
        try db.execute(sql: "DELETE FROM records WHERE void_time != 0 AND void_time <= ?", arguments: [Int64(now)])
    }

    static func hasExpired(_ db: Database, now: UInt32) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM records WHERE void_time != 0 AND void_time <= ?)", arguments: [Int64(now)]) ?? false
    }
}
