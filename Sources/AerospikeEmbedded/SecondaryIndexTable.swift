import AerospikeCore
import AerospikeSemantics

/// The secondary indexes of the store: their definitions, and one entry per indexed
/// record, kept current by `RecordTable` on every write path (save, delete, expiry,
/// truncation) inside the write's own transaction.
enum SecondaryIndexTable {
    /// Read on every write: `namespace = CAST(? AS TEXT)` because with a bare `?` and
    /// ORDER BY, SQLite prepares the statement again at each run (`ScanStatementTests`).
    static let definitionsSQL: StaticString = "SELECT name, set_name, bin, type FROM secondary_indexes WHERE namespace = CAST(? AS TEXT) ORDER BY name"

    static func definitions(_ db: SQLiteDatabase, namespace: String) throws -> [IndexDefinition] {
        try db.statement(definitionsSQL)
            .rows([.text(namespace)]) { row in
                IndexDefinition(
                    namespace: namespace, set: row.text(1), name: row.text(0) ?? "", bin: row.text(2) ?? "",
                    type: IndexType(rawValue: row.text(3) ?? "") ?? .numeric)
            }
    }

    /// The entries of the records of these digests go; then each indexed bin of each row
    /// gets one.
    static func update(_ db: SQLiteDatabase, namespace: String, rows: [RecordTable.Row], indexes: [IndexDefinition]) throws {
        guard !indexes.isEmpty else { return }
        try remove(db, namespace: namespace, digests: rows.map(\.digest))
        for row in rows {
            for index in indexes where index.set == nil || index.set == row.record.setName {
                try add(db, index, digest: row.digest, bins: row.record.bins)
            }
        }
    }

    static func add(_ db: SQLiteDatabase, _ index: IndexDefinition, digest: Digest, bins: [Bin]) throws {
        guard let value = bins.first(where: { $0.name == index.bin })?.value, let key = IndexKey(value, type: index.type) else { return }
        let (integer, text): (SQLValue, SQLValue) = switch key {
        case .int(let number): (.integer(number), .null)
        case .string(let string): (.null, .text(string))
        }
        try db.run("""
            INSERT INTO secondary_index_entries (namespace, index_name, partition_id, int_value, text_value, digest)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(index.namespace), .text(index.name), .integer(Int64(digest.partitionID)), integer, text, .blob(digest.bytes)])
    }

    static func remove(_ db: SQLiteDatabase, namespace: String, digests: [Digest]) throws {
        for digest in digests {
            try db.run("DELETE FROM secondary_index_entries WHERE namespace = ? AND digest = ?", [.text(namespace), .blob(digest.bytes)])
        }
    }

    static func hasAny(_ db: SQLiteDatabase, namespace: String) throws -> Bool {
        try db.statement("SELECT EXISTS (SELECT 1 FROM secondary_indexes WHERE namespace = ?)")
            .rows([.text(namespace)]) { $0.integer(0) == 1 }.first ?? false
    }

    /// Adds the definition and fills it from the records already stored. As on a real
    /// server: the same definition under the same name again is fine, another under that
    /// name is refused, and the same definition under a new name renames the index.
    static func create(_ db: SQLiteDatabase, _ index: IndexDefinition, now: UInt32) throws {
        let existing = try definitions(db, namespace: index.namespace)
        if let named = existing.first(where: { $0.name == index.name }) {
            guard named == index else {
                throw AerospikeError(.indexFound, message: "'indexname' already exists with different definition")
            }
            return
        }
        if let same = existing.first(where: { $0.set == index.set && $0.bin == index.bin && $0.type == index.type }) {
            try db.run("UPDATE secondary_indexes SET name = ? WHERE namespace = ? AND name = ?", [.text(index.name), .text(index.namespace), .text(same.name)])
            try db.run("UPDATE secondary_index_entries SET index_name = ? WHERE namespace = ? AND index_name = ?",
                       [.text(index.name), .text(index.namespace), .text(same.name)])
            return
        }
        try db.run("INSERT INTO secondary_indexes (namespace, name, set_name, bin, type) VALUES (?, ?, ?, ?, ?)", [
            .text(index.namespace), .text(index.name), index.set.map { .text($0) } ?? .null, .text(index.bin), .text(index.type.rawValue),
        ])
        let sql = index.set == nil
            ? "SELECT digest, bins FROM records WHERE namespace = ? AND (void_time = 0 OR void_time > ?)"
            : "SELECT digest, bins FROM records WHERE namespace = ? AND (void_time = 0 OR void_time > ?) AND set_name = ?"
        var parameters: [SQLValue] = [.text(index.namespace), .integer(Int64(now))]
        if let set = index.set { parameters.append(.text(set)) }
        let rows = try db.statement(sql: sql).rows(parameters) { row in (row.blob(0).flatMap(Digest.init), row.blob(1)) }
        for case let (digest?, blob?) in rows {
            try add(db, index, digest: digest, bins: try BinBlob.decode(blob))
        }
    }

    static func drop(_ db: SQLiteDatabase, namespace: String, name: String) throws {
        try db.run("DELETE FROM secondary_index_entries WHERE namespace = ? AND index_name = ?", [.text(namespace), .text(name)])
        try db.run("DELETE FROM secondary_indexes WHERE namespace = ? AND name = ?", [.text(namespace), .text(name)])
    }

    static func entryCount(_ db: SQLiteDatabase, namespace: String, name: String) throws -> Int {
        try db.statement("SELECT COUNT(*) FROM secondary_index_entries WHERE namespace = ? AND index_name = ?")
            .rows([.text(namespace), .text(name)]) { Int($0.integer(0)) }.first ?? 0
    }
}
