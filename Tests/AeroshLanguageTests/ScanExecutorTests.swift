import AerospikeCore
import AerospikeEmbedded
import AeroshLanguage
import Testing

/// Scans, queries, indexes, SHOW, ASINFO, EXPLAIN and TRUNCATE against the embedded store.
@Suite("Executor: scans and administration")
struct ScanExecutorTests {
    let clock = ManualClock()
    let store: EmbeddedStore

    init() throws {
        store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, clock: clock)
    }

    func statement(_ text: String) throws -> Statement {
        let parsed = Parser.parse(SourceText(text))
        if let error = parsed.errors.first { throw error }
        return try #require(parsed.statements.first).statement
    }

    func run(_ text: String, defaults: SessionDefaults = SessionDefaults()) async throws -> StatementResult {
        try await Executor(client: store, defaults: defaults).execute(try statement(text))
    }

    /// The client's error for a statement that must fail; nil when it succeeds.
    func failure(_ text: String) async throws -> AerospikeError? {
        do {
            _ = try await run(text)
            return nil
        } catch let error as AerospikeError {
            return error
        }
    }

    /// Runs statements that yield nothing to look at (writes), failing on any error.
    func setUp(_ text: String) async throws {
        let executor = Executor(client: store, defaults: SessionDefaults(sendKey: true))
        for parsed in Parser.parse(SourceText(text)).statements { _ = try await executor.execute(parsed.statement) }
    }

    /// `PUT test.<set> '<prefix>0' {v: 1}` and so on: many records, one statement each.
    func puts(_ count: Int, set: String, prefix: String) -> String {
        (0..<count).map { "PUT test.\(set) '\(prefix)\($0)' {v: 1}" }.joined(separator: "\n")
    }

    /// `demo` holds people 0..<10 (age 20+i, name 'p<i>'), `other` two records, one record has no set.
    func people() async throws {
        try await setUp("""
            BATCH PUT test.demo (\((0..<10).map { "'p\($0)' {kind: 'person'}" }.joined(separator: ", ")))
            \((0..<10).map { "PUT test.demo 'p\($0)' {age: \(20 + $0), name: 'p\($0)'}" }.joined(separator: "\n"))
            BATCH PUT test.other ('o1' {z: 1}, 'o2' {z: 2, extra: true})
            PUT test 'loose' {q: 1}
            PUT bar.demo 'elsewhere' {age: 25}
            """)
    }

    func userKeys(_ result: StatementResult) -> Set<UserKey> {
        Set(result.rows.compactMap { if case .record(let record) = $0 { record.key.userKey } else { nil } })
    }

    func records(_ result: StatementResult) -> [Record] {
        result.rows.compactMap { if case .record(let record) = $0 { record } else { nil } }
    }

    @Test func aScanOfASetYieldsItsRecordsOnlyWithTheirKeys() async throws {
        try await people()
        let result = try await run("SELECT * FROM test.demo")
        #expect(result.kind == .scan)
        #expect(userKeys(result) == Set((0..<10).map { UserKey.string("p\($0)") }))
        #expect(result.rows.count == 10, "no footnote for a plain scan: \(result.footnotes)")
        let p3 = try #require(records(result).first { $0.key.userKey == .string("p3") })
        #expect(p3.bins == [Bin("kind", .string("person")), Bin("age", .int(23)), Bin("name", .string("p3"))])
        #expect(p3.key == Key(namespace: "test", set: "demo", userKey: .string("p3")))
    }

    @Test func aScanOfANamespaceYieldsEverySetAndTheSetless() async throws {
        try await people()
        let result = try await run("SELECT * FROM test")
        #expect(userKeys(result) == Set((0..<10).map { UserKey.string("p\($0)") } + [.string("o1"), .string("o2"), .string("loose")]))
        #expect(records(result).first { $0.key.userKey == .string("loose") }?.key.set == nil)
    }

    @Test func selectedBinsOnly() async throws {
        try await people()
        let result = try await run("SELECT name FROM test.demo")
        #expect(records(result).count == 10)
        #expect(records(result).allSatisfy { $0.bins.map(\.name) == ["name"] })
    }

    @Test func aRecordWrittenWithoutSendKeyComesBackAsItsDigest() async throws {
        _ = try await run("PUT test.plain 'secret' {v: 1}")
        let record = try #require(records(try await run("SELECT * FROM test.plain")).first)
        #expect(record.key.userKey == nil)
        #expect(record.key.digest == Key(namespace: "test", set: "plain", userKey: .string("secret")).digest)
    }

    @Test func limitAndTheSessionsLimit() async throws {
        try await people()
        let limited = try await run("SELECT * FROM test.demo LIMIT 4")
        #expect(records(limited).count == 4)
        #expect(limited.footnotes == ["stopped at LIMIT 4"])
        let session = SessionDefaults(maxRecords: 3)
        #expect(records(try await run("SELECT * FROM test.demo", defaults: session)).count == 3)
        #expect(try await run("SELECT * FROM test.demo", defaults: session).footnotes == ["stopped at SET LIMIT 3"])
        // The smaller wins, whichever gave it.
        #expect(records(try await run("SELECT * FROM test.demo LIMIT 2", defaults: session)).count == 2)
        #expect(records(try await run("SELECT * FROM test.demo LIMIT 8", defaults: session)).count == 3)
        // A limit the scan does not reach says nothing.
        #expect(try await run("SELECT * FROM test.demo LIMIT 50").footnotes == [])
    }

    @Test func countCountsWithoutTheSessionsLimit() async throws {
        try await people()
        #expect(try await run("SELECT COUNT(*) FROM test.demo", defaults: SessionDefaults(maxRecords: 3)) == StatementResult(.count, [.count(10)]))
        #expect(try await run("SELECT COUNT(*) FROM test") == StatementResult(.count, [.count(13)]))
        #expect(try await run("SELECT COUNT(*) FROM test.nothing") == StatementResult(.count, [.count(0)]))
    }

    @Test func queriesThroughAnIndex() async throws {
        try await people()
        #expect(try await run("CREATE INDEX idx_age ON test.demo (age) NUMERIC") == StatementResult(.done, [.done("OK, index idx_age created")]))
        let equal = try await run("SELECT * FROM test.demo WHERE age = 25")
        #expect(userKeys(equal) == [.string("p5")])
        #expect(equal.footnotes == ["query on bin age (index idx_age)"])
        let range = try await run("SELECT name FROM test.demo WHERE age BETWEEN 22 AND 24")
        #expect(userKeys(range) == [.string("p2"), .string("p3"), .string("p4")])
        #expect(records(range).allSatisfy { $0.bins.map(\.name) == ["name"] })
        // bar.demo has an age of 25 too, but the index is test.demo's.
        #expect(try await run("SELECT COUNT(*) FROM test.demo WHERE age BETWEEN 0 AND 100") == StatementResult(.count, [.count(10), .footnote("query on bin age (index idx_age)")]))
        _ = try await run("CREATE INDEX by_name ON test.demo (name) STRING")
        #expect(userKeys(try await run("SELECT * FROM test.demo WHERE name = 'p7'")) == [.string("p7")])
        #expect(records(try await run("SELECT * FROM test.demo WHERE name = 'nobody'")).isEmpty)
    }

    @Test func aWhereNoIndexAnswersIsAScanWithAFilter() async throws {
        try await people()
        let scanned = try await run("SELECT * FROM test.demo WHERE age BETWEEN 21 AND 22")
        #expect(userKeys(scanned) == [.string("p1"), .string("p2")])
        #expect(scanned.footnotes == ["scan with a filter expression"])
        // A numeric index does not answer a string equality: still a filtered scan.
        _ = try await run("CREATE INDEX idx_age ON test.demo (age) NUMERIC")
        let mistyped = try await run("SELECT * FROM test.demo WHERE age = 'old'")
        #expect(records(mistyped).isEmpty && mistyped.footnotes == ["scan with a filter expression"])
        // The index answers the range, the filter the rest.
        let both = try await run("SELECT * FROM test.demo WHERE age >= 21 AND age < 25 AND name != 'p3'")
        #expect(userKeys(both) == [.string("p1"), .string("p2"), .string("p4")])
        #expect(both.footnotes == ["query on bin age (index idx_age)", "and a filter expression"])
    }

    @Test func dropIndexMakesTheQueryAScanAgain() async throws {
        try await people()
        _ = try await run("CREATE INDEX idx_age ON test.demo (age) NUMERIC")
        #expect(records(try await run("SELECT * FROM test.demo WHERE age = 21")).count == 1)
        #expect(try await run("DROP INDEX test.demo idx_age") == StatementResult(.done, [.done("OK, index idx_age dropped")]))
        let again = try await run("SELECT * FROM test.demo WHERE age = 21")
        #expect(records(again).count == 1 && again.footnotes == ["scan with a filter expression"])
        #expect(try await run("SHOW INDEXES test").dataRows.isEmpty)
    }

    @Test func explainSaysHowASelectWouldRead() async throws {
        try await people()
        _ = try await run("CREATE INDEX idx_age ON test.demo (age) NUMERIC")
        let plan = try await run("EXPLAIN SELECT * FROM test.demo WHERE age > 20 AND name LIKE '^p'")
        #expect(plan.dataRows == [.values([.string("test"), .string("demo"), .string("query"), .string("idx_age"),
                                           .string("age BETWEEN 21 AND 9223372036854775807"), .string("name LIKE '^p'")])])
        let scan = try await run("EXPLAIN SELECT * FROM test.demo WHERE name = 'p1'")
        #expect(scan.dataRows == [.values([.string("test"), .string("demo"), .string("scan"), .nil, .nil, .string("name = 'p1'")])])
    }

    @Test func aRecordTheWhereRejectsIsFilteredOutNotAnError() async throws {
        try await people()
        let got = try await run("GET test.demo 'p5' WHERE age > 30")
        #expect(got.dataRows == [.filteredOut(Key(namespace: "test", set: "demo", userKey: .string("p5")))])
        #expect(got.footnotes.first?.contains("filtered out") == true)
        #expect(try await run("GET test.demo 'p5' WHERE age = 25").dataRows.count == 1)
        let batch = try await run("BATCH READ test.demo ('p1', 'p5', 'nobody') WHERE age > 22")
        let outcomes = batch.dataRows.compactMap { row -> BatchRecord.Outcome? in if case .batch(let entry) = row { entry.outcome } else { nil } }
        #expect(outcomes.count == 3)
        #expect(outcomes[0] == .failed(.filteredOut))
        #expect(outcomes[2] == .notFound)
    }

    @Test func showNamespacesSetsAndIndexes() async throws {
        try await people()
        // In the order the node lists them (`namespaces` answers test;bar).
        #expect(try await run("SHOW NAMESPACES") == StatementResult(.listing(columns: ["ns"]), [.values([.string("test")]), .values([.string("bar")])]))
        let sets = try await run("SHOW SETS")
        #expect(sets.kind == .listing(columns: ["ns", "set", "objects", "data_bytes"]))
        let counts = sets.rows.compactMap { row -> [Value]? in
            guard case .values(let values) = row else { return nil }
            return Array(values.prefix(3))
        }
        #expect(counts == [
            [.string("test"), .string("demo"), .int(10)],
            [.string("test"), .string("other"), .int(2)],
            [.string("bar"), .string("demo"), .int(1)],
        ])
        #expect(try await run("SHOW SETS bar").rows.count == 1)

        _ = try await run("CREATE INDEX idx_age ON test.demo (age) NUMERIC")
        _ = try await run("CREATE INDEX any_z ON test (z) NUMERIC")
        _ = try await run("CREATE INDEX bar_age ON bar.demo (age) NUMERIC")
        #expect(try await run("SHOW INDEXES test") == StatementResult(.listing(columns: ["ns", "name", "set", "bin", "type", "state"]), [
            .values([.string("test"), .string("any_z"), .nil, .string("z"), .string("numeric"), .string("RW")]),
            .values([.string("test"), .string("idx_age"), .string("demo"), .string("age"), .string("numeric"), .string("RW")]),
        ]))
        #expect(try await run("SHOW INDEXES").dataRows.count == 3)
        #expect(try await run("SHOW INDEXES test.demo").dataRows.count == 1)
    }

    @Test func showSetsOfANamespaceThatIsNotThereFails() async throws {
        #expect(try await failure("SHOW SETS nosuch")?.code == .namespaceNotFound)
    }

    @Test func showBinsSamplesRecordsAndSaysSo() async throws {
        try await people()
        let demo = try await run("SHOW BINS test.demo")
        #expect(demo == StatementResult(.listing(columns: ["ns", "set", "bin", "records"]), [
            .values([.string("test"), .string("demo"), .string("age"), .int(10)]),
            .values([.string("test"), .string("demo"), .string("kind"), .int(10)]),
            .values([.string("test"), .string("demo"), .string("name"), .int(10)]),
            .footnote("bins of a sample of 10 records"),
        ]))
        let namespace = try await run("SHOW BINS test")
        #expect(namespace.dataRows.contains(.values([.string("test"), .string("other"), .string("extra"), .int(1)])))
        #expect(namespace.dataRows.contains(.values([.string("test"), .nil, .string("q"), .int(1)])))
        #expect(namespace.footnotes == ["bins of a sample of 13 records"])
        #expect(try await run("SHOW BINS").footnotes == ["bins of a sample of 14 records (at most 1000 per namespace)"])
    }

    @Test func showBinsSamplesAtMostAThousandRecords() async throws {
        try await setUp(puts(1200, set: "many", prefix: "k"))
        let result = try await run("SHOW BINS test.many")
        #expect(result.dataRows == [.values([.string("test"), .string("many"), .string("v"), .int(1000)])])
        #expect(result.footnotes == ["bins of a sample of 1000 records"])
    }

    @Test func asinfoHandsOnEachReply() async throws {
        #expect(try await run("ASINFO 'namespaces'") == StatementResult(.info, [.info(InfoReply(node: "embedded", value: "test;bar"))]))
        #expect(try await run("ASINFO 'node' ON ALL") == StatementResult(.info, [.info(InfoReply(node: "embedded", value: "embedded"))]))
        #expect(try await run("ASINFO 'node' ON 'embedded'").rows.count == 1)
        #expect(try await failure("ASINFO 'node' ON '10.9.9.9:3000'")?.code == .invalidNode)
    }

    /// The digests and partitions of protocol.md §6, computed with the official client.
    @Test(arguments: [
        ("EXPLAIN GET test.demo 'key1'", "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960", 492, Value.string("key1"), "string"),
        ("EXPLAIN SELECT * FROM test.demo WHERE PK = 1", "b7f4b83889e2da67de683e1df6919a1eacc446c8", 1207, .int(1), "integer"),
        ("EXPLAIN GET test.demo x'0102'", "41721215fd2e56087e4f962047729a972784f317", 577, .bytes([1, 2]), "bytes"),
        ("EXPLAIN GET test.demo DIGEST x'a933ee0e8f82c106697150d15e504f08b2b2e01d'", "a933ee0e8f82c106697150d15e504f08b2b2e01d", 937, .nil, "digest"),
    ])
    func explainShowsWhereTheRecordLives(text: String, digest: String, partition: Int64, key: Value, type: String) async throws {
        let result = try await run(text)
        #expect(result == StatementResult(.listing(columns: ["ns", "set", "key", "key_type", "digest", "partition", "node", "address"]), [
            .values([.string("test"), .string("demo"), key, .string(type), .string(digest), .int(partition), .string("embedded"), .nil]),
        ]))
    }

    @Test func truncateASetOrWhatWasWrittenBeforeATime() async throws {
        try await people()
        #expect(try await run("TRUNCATE test.other") == StatementResult(.done, [.done("OK, test.other truncated")]))
        #expect(try await run("SELECT COUNT(*) FROM test.other") == StatementResult(.count, [.count(0)]))
        #expect(try await run("SELECT COUNT(*) FROM test.demo") == StatementResult(.count, [.count(10)]))

        // The clock starts at 2026-01-01T00:00:00Z; an hour later come new records.
        clock.advance(by: 3600)
        try await setUp(puts(3, set: "demo", prefix: "late"))
        #expect(try await run("TRUNCATE test.demo BEFORE '2026-01-01T00:30:00Z'") == StatementResult(.done, [
            .done("OK, the records of test.demo last written before 2026-01-01T00:30:00Z truncated"),
        ]))
        #expect(userKeys(try await run("SELECT * FROM test.demo")) == [.string("late0"), .string("late1"), .string("late2")])
        _ = try await run("TRUNCATE test")
        #expect(try await run("SELECT COUNT(*) FROM test") == StatementResult(.count, [.count(0)]))
        #expect(try await run("SELECT COUNT(*) FROM bar") == StatementResult(.count, [.count(1)]))
    }

    @Test func progressComesWithTheRecordsAndThePartitions() async throws {
        try await setUp(puts(50, set: "demo", prefix: "k"))
        var seen: [ScanProgress] = []
        var rows = 0
        try await Executor(client: store).run(try statement("SELECT * FROM test.demo"), progress: { seen.append($0) }, receive: { _ in rows += 1 })
        #expect(rows == 50)
        #expect(seen.last == ScanProgress(records: 50, partitionsDone: 4096, partitions: 4096))
        #expect(seen.map(\.records) == seen.map(\.records).sorted())
        #expect(seen.contains { $0.partitionsDone > 0 && $0.partitionsDone < 4096 })
    }
}
