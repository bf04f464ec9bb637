import AerospikeCore
import AerospikeSemantics

/// Secondary indexes, truncation and the statistics info commands report.
extension StoreEngine {
    func createIndex(_ index: IndexDefinition) throws(AerospikeError) {
        try checkNamespace(index.namespace)
        guard !index.name.isEmpty, index.name.utf8.count < 64 else {
            throw AerospikeError(.parameterError, message: "an index name is 1 to 63 bytes")
        }
        guard !index.bin.isEmpty, index.bin.utf8.count <= 15 else {
            throw AerospikeError(.parameterError, message: "a bin name is 1 to 15 bytes")
        }
        let now = CitrusleafTime.now(clock)
        try write { db in try SecondaryIndexTable.create(db, index, now: now) }
    }

    func dropIndex(namespace: String, name: String) throws(AerospikeError) {
        try checkNamespace(namespace)
        try write { db in try SecondaryIndexTable.drop(db, namespace: namespace, name: name) }
    }

    func indexes(namespace: String) throws(AerospikeError) -> [IndexDefinition] {
        try checkNamespace(namespace)
        return try read { db in try SecondaryIndexTable.definitions(db, namespace: namespace) }
    }

    func indexEntries(namespace: String, name: String) throws(AerospikeError) -> Int {
        try checkNamespace(namespace)
        return try read { db in try SecondaryIndexTable.entryCount(db, namespace: namespace, name: name) }
    }

    /// One statement per table, whatever the number of records: entries first, then the
    /// records, in one transaction.
    func truncate(namespace: String, set: String?, before: UInt64?) throws(AerospikeError) {
        try checkNamespace(namespace)
        var condition = "namespace = ?"
        var parameters: [SQLValue] = [.text(namespace)]
        if let set {
            condition += " AND set_name = ?"
            parameters.append(.text(set))
        }
        if let before {
            condition += " AND last_update < ?"
            parameters.append(.integer(Int64(before) * 1000))
        }
        try write { db in
            try db.run(sql: """
                DELETE FROM secondary_index_entries WHERE namespace = ? AND digest IN (SELECT digest FROM records WHERE \(condition))
                """, [.text(namespace)] + parameters)
            try db.run(sql: "DELETE FROM records WHERE \(condition)", parameters)
        }
    }

    func setStatistics(namespace: String, owned: (Int) -> Bool) throws(AerospikeError) -> [SetStatistics] {
        try checkNamespace(namespace)
        let now = CitrusleafTime.now(clock)
        let rows = try read { db in
            try db.statement("""
                SELECT set_name, partition_id, COUNT(*), SUM(LENGTH(bins)) FROM records
                WHERE namespace = ? AND set_name IS NOT NULL AND (void_time = 0 OR void_time > ?)
                GROUP BY set_name, partition_id
                """).rows([.text(namespace), .integer(Int64(now))]) { row in
                (row.text(0) ?? "", Int(row.integer(1)), Int(row.integer(2)), Int(row.integer(3)))
            }
        }
        var sets: [String: SetStatistics] = [:]
        for (name, partition, count, bytes) in rows where owned(partition) {
            sets[name, default: SetStatistics(name: name, objects: 0, dataBytes: 0)].objects += count
            sets[name]?.dataBytes += bytes
        }
        return sets.values.sorted { $0.name < $1.name }
    }

    private func checkNamespace(_ namespace: String) throws(AerospikeError) {
        guard namespaces[namespace] != nil else {
            throw AerospikeError(.namespaceNotFound, message: "namespace '\(namespace)' does not exist")
        }
    }
}
