import AerospikeCore
import AerospikeSemantics
import NIOCore
import SQLiteNIO

/// The SQLite table that holds every record, keyed like a server's index by (namespace, digest).
enum RecordTable {
    static func load(_ db: SQLiteConnection, namespace: String, digest: Digest) async throws -> StoredRecord? {
        try await loadMany(db, namespace: namespace, digests: [digest])[digest]
    }

    /// The records of these digests that exist, in one statement (a batch reads a chunk of
    /// keys at a time this way).
    static func loadMany(_ db: SQLiteConnection, namespace: String, digests: [Digest]) async throws -> [Digest: StoredRecord] {
        guard !digests.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: digests.count).joined(separator: ", ")
        let rows = try await db.query("""
            SELECT digest, set_name, user_key, generation, void_time, bins FROM records
            WHERE namespace = ? AND digest IN (\(placeholders))
            """, [.text(namespace)] + digests.map { .blob(ByteBuffer(bytes: $0.bytes)) })
        var records: [Digest: StoredRecord] = [:]
        for row in rows {
            let values = row.columns.map(\.data)
            guard values.count == 6, let digestBytes = values[0].blob, let digest = Digest(Array(buffer: digestBytes)),
                  let generation = values[3].integer, let voidTime = values[4].integer, let bins = values[5].blob
            else { throw AerospikeError(.serverError, message: "a stored record is malformed") }
            records[digest] = StoredRecord(
                setName: values[1].string,
                userKey: values[2].blob.flatMap { UserKeyColumn.decode(Array(buffer: $0)) },
                generation: UInt32(truncatingIfNeeded: generation),
                voidTime: UInt32(truncatingIfNeeded: voidTime),
                bins: try BinBlob.decode(Array(buffer: bins)),
                storedBins: Array(buffer: bins)
            )
        }
        return records
    }

    /// A record to write: its key in the table, and what to store.
    struct Row: Sendable {
        var digest: Digest
        var record: StoredRecord
        var binBytes: [UInt8]
    }

    static func save(_ db: SQLiteConnection, namespace: String, rows: [Row]) async throws {
        guard !rows.isEmpty else { return }
        let placeholders = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * 8)
        for row in rows {
            binds += [
                .text(namespace),
                .blob(ByteBuffer(bytes: row.digest.bytes)),
                row.record.setName.map { .text($0) } ?? .null,
                row.record.userKey.map { .blob(ByteBuffer(bytes: UserKeyColumn.encode($0))) } ?? .null,
                .integer(Int(row.record.generation)),
                .integer(Int(row.record.voidTime)),
                .blob(ByteBuffer(bytes: row.binBytes)),
                .integer(row.digest.partitionID),
            ]
        }
        _ = try await db.query("""
            INSERT OR REPLACE INTO records (namespace, digest, set_name, user_key, generation, void_time, bins, partition_id)
            VALUES \(placeholders)
            """, binds)
    }

    /// The row is still the one read: every column, not generation and void time alone
    /// (a record removed and written again by another process starts at generation 1
    /// again, and one that never expires always has void time 0).
    private static let unchanged = "generation = ? AND void_time = ? AND bins = ? AND set_name IS ? AND user_key IS ?"

    private static func unchangedBinds(_ current: StoredRecord) -> [SQLiteData] {
        [
            .integer(Int(current.generation)),
            .integer(Int(current.voidTime)),
            .blob(ByteBuffer(bytes: current.storedBins ?? [])),
            current.setName.map { .text($0) } ?? .null,
            current.userKey.map { .blob(ByteBuffer(bytes: UserKeyColumn.encode($0))) } ?? .null,
        ]
    }

    /// Writes the row only if the table still holds `current` (nil: no row at all), and says
    /// whether it did: compare-and-set on the whole row.
    static func save(_ db: SQLiteConnection, namespace: String, row: Row, replacing current: StoredRecord?) async throws -> Bool {
        let values: [SQLiteData] = [
            row.record.setName.map { .text($0) } ?? .null,
            row.record.userKey.map { .blob(ByteBuffer(bytes: UserKeyColumn.encode($0))) } ?? .null,
            .integer(Int(row.record.generation)),
            .integer(Int(row.record.voidTime)),
            .blob(ByteBuffer(bytes: row.binBytes)),
        ]
        let key: [SQLiteData] = [.text(namespace), .blob(ByteBuffer(bytes: row.digest.bytes))]
        let rows: [SQLiteRow]
        if let current {
            rows = try await db.query("""
                UPDATE records SET set_name = ?, user_key = ?, generation = ?, void_time = ?, bins = ?
                WHERE namespace = ? AND digest = ? AND \(unchanged)
                RETURNING 1
                """, values + key + unchangedBinds(current))
        } else {
            rows = try await db.query("""
                INSERT INTO records (set_name, user_key, generation, void_time, bins, namespace, digest, partition_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                RETURNING 1
                """, values + key + [.integer(row.digest.partitionID)])
        }
        return !rows.isEmpty
    }

    /// Deletes the row only if the table still holds `current`, and says whether it did.
    static func delete(_ db: SQLiteConnection, namespace: String, digest: Digest, replacing current: StoredRecord) async throws -> Bool {
        let rows = try await db.query("""
            DELETE FROM records WHERE namespace = ? AND digest = ? AND \(unchanged)
            RETURNING 1
            """, [.text(namespace), .blob(ByteBuffer(bytes: digest.bytes))] + unchangedBinds(current))
        return !rows.isEmpty
    }

    static func delete(_ db: SQLiteConnection, namespace: String, digests: [Digest]) async throws {
        guard !digests.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: digests.count).joined(separator: ", ")
        _ = try await db.query(
            "DELETE FROM records WHERE namespace = ? AND digest IN (\(placeholders))",
            [.text(namespace)] + digests.map { .blob(ByteBuffer(bytes: $0.bytes)) })
    }

    /// Set and bin names of the first `limit` records of a namespace (in key order, so the
    /// sample is cheap through the primary key); only bin names are decoded, not values.
    static func sampleNames(_ db: SQLiteConnection, namespace: String, limit: Int) async throws -> (sets: Set<String>, bins: Set<String>) {
        let rows = try await db.query("SELECT set_name, bins FROM records WHERE namespace = ? LIMIT ?", [.text(namespace), .integer(max(0, limit))])
        var sets: Set<String> = []
        var bins: Set<String> = []
        for row in rows {
            let values = row.columns.map(\.data)
            if let set = values.first?.string { sets.insert(set) }
            if values.count > 1, let blob = values[1].blob { bins.formUnion(try BinBlob.names(Array(buffer: blob))) }
        }
        return (sets, bins)
    }

    /// Removes what has expired, like a server's namespace supervisor; cheap through the expiry index.
    static func purgeExpired(_ db: SQLiteConnection, now: UInt32) async throws {
        _ = try await db.query("DELETE FROM records WHERE void_time != 0 AND void_time <= ?", [.integer(Int(now))])
    }

    static func hasExpired(_ db: SQLiteConnection, now: UInt32) async throws -> Bool {
        let rows = try await db.query("SELECT EXISTS (SELECT 1 FROM records WHERE void_time != 0 AND void_time <= ?)", [.integer(Int(now))])
        return rows.first?.columns.first?.data.integer == 1
    }
}
