@testable import AerospikeEmbedded
import AerospikeCore
import Testing
import VaporCSQLite

/// The statements a scan reads its chunks with are prepared once per connection. SQLite
/// 3.54 plans `LIMIT ?`, and `column = ?` in a query with ORDER BY, by the value bound,
/// and prepares such a statement again on every run: a scan of one node of
/// `serve --nodes 3` (1,365 runs of one partition) spent two thirds of its time parsing.
@Suite("Scan statements")
struct ScanStatementTests {
    static let sources: [(String, ScanTable.Source)] = [
        ("namespace", .records(namespace: "test", set: nil)),
        ("set", .records(namespace: "test", set: "demo")),
        ("integer equal", .index(IndexDefinition(namespace: "test", set: nil, name: "by_n", bin: "n", type: .numeric), .equal(bin: "n", .int(7)))),
        ("string equal", .index(IndexDefinition(namespace: "test", set: nil, name: "by_s", bin: "s", type: .string), .equal(bin: "s", .string("x")))),
        ("range", .index(IndexDefinition(namespace: "test", set: nil, name: "by_n", bin: "n", type: .numeric), .range(bin: "n", 1, 9))),
    ]

    @Test(arguments: sources.map(\.0))
    func chunksAreReadWithoutPreparingAgain(kind: String) throws {
        let source = try #require(Self.sources.first { $0.0 == kind }?.1)
        let db = try SQLiteDatabase(path: nil)
        try StoreSchema.create(db)
        let statement = ScanTable.Statement(source, withBins: true)
        // Runs of one partition each, as a node of a three-node cluster reads them, and a
        // chunk resumed after a digest, with limits that change.
        for (index, partition) in stride(from: 5, to: 200, by: 3).enumerated() {
            _ = try statement.chunk(db, from: (partition, nil), through: partition, limit: 512 - index, now: 100)
        }
        _ = try statement.chunk(db, from: (9, Digest(hex: String(repeating: "ab", count: 20))), through: 4095, limit: 3, now: 100)
        let handle = try db.statement(sql: statement.sql).handle
        #expect(sqlite_nio_sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0) == 0)
        // And the plan is still a search of the key (or the index), not a full scan. (A
        // query sorts each chunk's entries by digest: the index holds no digest.)
        let plan = try db.statement(sql: "EXPLAIN QUERY PLAN " + statement.sql)
            .rows(statement.parameters(from: (5, nil), through: 5, limit: 10, now: 100)) { $0.text(3) ?? "" }
        #expect(plan.allSatisfy { $0.hasPrefix("SEARCH") || $0 == "USE TEMP B-TREE FOR LAST TERM OF ORDER BY" }, "\(plan)")
        #expect(plan.first?.contains(kind.hasSuffix("equal") || kind == "range" ? "INDEX secondary_index_lookup (namespace=? AND index_name=?" : "PRIMARY KEY (namespace=?") == true, "\(plan)")
    }

    /// Every write reads the namespace's index definitions: that statement too is prepared
    /// once.
    @Test func indexDefinitionsAreReadWithoutPreparingAgain() throws {
        let db = try SQLiteDatabase(path: nil)
        try StoreSchema.create(db)
        for namespace in ["test", "bar", "test"] { _ = try SecondaryIndexTable.definitions(db, namespace: namespace) }
        let handle = try db.statement(SecondaryIndexTable.definitionsSQL).handle
        #expect(sqlite_nio_sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0) == 0)
    }
}
