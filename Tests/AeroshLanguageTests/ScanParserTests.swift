import AerospikeCore
@testable import AeroshLanguage
import Testing

@Suite("Parser: scans and queries")
struct ScanParserTests {
    @Test(arguments: [
        ("SELECT * FROM test.demo", ScanQuery(namespace: "test", set: "demo")),
        ("select * from test", ScanQuery(namespace: "test")),
        ("SELECT name, 'age' FROM test.demo LIMIT 10", ScanQuery(namespace: "test", set: "demo", bins: ["name", "age"], limit: 10)),
        ("SELECT * FROM test.demo WHERE age = 30", ScanQuery(namespace: "test", set: "demo", condition: .comparison(.equal, .bin("age", .int), .literal(.int(30))))),
        ("SELECT * FROM test.demo WHERE name = 'Alice'", ScanQuery(namespace: "test", set: "demo", condition: .comparison(.equal, .bin("name", .string), .literal(.string("Alice"))))),
        ("SELECT * FROM test.demo WHERE age BETWEEN -5 AND 40 LIMIT 3",
         ScanQuery(namespace: "test", set: "demo", condition: between("age", -5, 40), limit: 3)),
        ("SELECT * FROM test.demo WHERE age BETWEEN 7 AND 7", ScanQuery(namespace: "test", set: "demo", condition: between("age", 7, 7))),
        ("SELECT * FROM test.demo TIMEOUT 5s", ScanQuery(namespace: "test", set: "demo", options: StatementOptions(timeout: .seconds(5)))),
        // A bin named count is a bin: COUNT(*) needs its parenthesis.
        ("SELECT count FROM test.demo", ScanQuery(namespace: "test", set: "demo", bins: ["count"])),
    ])
    func scans(text: String, query: ScanQuery) throws {
        #expect(try parseOne(text) == .scan(query))
    }

    @Test func countStar() throws {
        #expect(try parseOne("SELECT COUNT(*) FROM test.demo") == .count(ScanQuery(namespace: "test", set: "demo")))
        #expect(try parseOne("select count ( * ) from test") == .count(ScanQuery(namespace: "test")))
        #expect(try parseOne("SELECT COUNT(*) FROM test.demo WHERE age BETWEEN 1 AND 2") == .count(
            ScanQuery(namespace: "test", set: "demo", condition: between("age", 1, 2))))
    }

    @Test func wherePKIsStillARead() throws {
        #expect(try parseOne("SELECT * FROM test.demo WHERE PK = 'u1'") == .get(demo("u1"), bins: nil, StatementOptions()))
        #expect(try parseOne("SELECT a FROM test.demo WHERE pk = 7 TIMEOUT 2s") == .get(
            Key(namespace: "test", set: "demo", userKey: .int(7)), bins: ["a"], StatementOptions(timeout: .seconds(2))))
    }

    /// A newline ends a scan where it may end: WHERE and LIMIT belong to its line.
    @Test func aScanEndsAtTheLineEnd() {
        let result = Parser.parse(SourceText("SELECT * FROM test.demo\nGET test.demo 'k'\nSELECT *\n  FROM test LIMIT 5\nLIMIT 5"))
        #expect(result.errors.map(\.message) == ["unknown statement 'LIMIT'"])
        #expect(result.statements.map(\.statement) == [
            .scan(ScanQuery(namespace: "test", set: "demo")),
            .get(demo("k"), bins: nil, StatementOptions()),
            .scan(ScanQuery(namespace: "test", limit: 5)),
        ])
    }

    @Test(arguments: [
        ("SELECT * FROM test.demo WHERE ‸'a' + 1 = 2", "'+' needs two integers or two floats, not a string and an integer"),
        ("SELECT * FROM test.demo WHERE age = ‸1 + 'x'", "'+' needs two integers or two floats"),
        ("SELECT * FROM test.demo WHERE ‸a = b", "cannot tell what type to read both sides as"),
        ("SELECT * FROM test.demo WHERE age ‸= NULL", "nothing equals NULL: ask whether a bin exists with IS NULL"),
        ("SELECT * FROM test.demo WHERE ‸5", "expected a condition (a comparison, LIKE, IS NULL, AND, OR, NOT), found an integer value"),
        ("SELECT * FROM test.demo WHERE ‸@foo > 1", "unknown metadata '@foo'"),
        ("SELECT * FROM test.demo WHERE ‸1 = 1.0", "cannot compare an integer with a float (write 5.0 for a float"),
        ("SELECT * FROM test.demo WHERE ‸@ttl LIKE 'x'", "expected a string here, found an integer: LIKE matches strings"),
        ("SELECT * FROM test.demo WHERE SIZE(tags) = ‸'x'", "expected an integer here, found a string: SIZE(tags) is an integer"),
        ("SELECT * FROM test.demo WHERE age > ‸", "expected a condition: a bin, a value, @metadata or '('"),
        ("SELECT * FROM test.demo WHERE age BETWEEN 1 ‸OR 2", "expected AND"),
        ("SELECT * FROM test.demo LIMIT ‸0", "LIMIT must be from 1 to 2147483647"),
        ("SELECT * FROM test.demo LIMIT ‸ten", "expected the largest number of records after LIMIT"),
        ("SELECT * FROM test.demo WHERE PK = 'k' ‸LIMIT 1", "LIMIT does not apply to WHERE PK = …, which reads one record"),
        ("SELECT COUNT(*) FROM test.demo WHERE ‸PK = 'k'", "COUNT(*) counts the records of a scan or a query"),
        ("SELECT COUNT(*) FROM test.demo ‸LIMIT 5", "LIMIT does not apply to COUNT(*)"),
        ("SELECT COUNT(‸a) FROM test.demo", "expected '*': COUNT(*)"),
        ("SELECT * FROM test.demo ‸TTL 5", "TTL does not apply to SELECT"),
        ("SELECT * FROM test.demo ‸WHEN a = 1", "expected ';' or the end of the line, found 'WHEN'; did you mean WHERE?"),
        ("DELETE FROM test.demo ‸", "DELETE needs WHERE PK = …"),
        ("DELETE FROM test.demo WHERE ‸age = 5", "DELETE takes WHERE PK = … or WHERE DIGEST = …"),
    ])
    func errors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }

    @Test func aBetweenAwaitingItsUpperEndIsUnfinished() {
        #expect(Parser.parse(SourceText("SELECT * FROM test.demo WHERE age BETWEEN 1 AND")).isIncomplete)
    }
}

@Suite("Parser: indexes, SHOW, ASINFO, EXPLAIN, TRUNCATE")
struct AdminParserTests {
    @Test func createAndDropIndex() throws {
        #expect(try parseOne("CREATE INDEX idx_age ON test.demo (age) NUMERIC") == .createIndex(
            IndexDefinition(namespace: "test", set: "demo", name: "idx_age", bin: "age", type: .numeric)))
        #expect(try parseOne("create index 'by name' on test ('name') string") == .createIndex(
            IndexDefinition(namespace: "test", set: nil, name: "by name", bin: "name", type: .string)))
        #expect(try parseOne("DROP INDEX test.demo idx_age") == .dropIndex(namespace: "test", set: "demo", name: "idx_age"))
        #expect(try parseOne("drop index test idx_age") == .dropIndex(namespace: "test", set: nil, name: "idx_age"))
    }

    @Test(arguments: [
        ("SHOW NAMESPACES", Statement.show(.namespaces)),
        ("show sets", .show(.sets(namespace: nil))),
        ("SHOW SETS test", .show(.sets(namespace: "test"))),
        ("SHOW BINS", .show(.bins(namespace: nil, set: nil))),
        ("SHOW BINS test.demo", .show(.bins(namespace: "test", set: "demo"))),
        ("SHOW INDEXES", .show(.indexes(namespace: nil, set: nil))),
        ("SHOW INDEX test.demo", .show(.indexes(namespace: "test", set: "demo"))),
        ("SHOW SETTINGS", .showSettings),
        ("ASINFO 'namespaces'", .info(command: "namespaces", target: .any)),
        ("asinfo 'sets/test' on all", .info(command: "sets/test", target: .all)),
        ("ASINFO 'build' ON '10.0.0.1:3000'", .info(command: "build", target: .node("10.0.0.1:3000"))),
        ("ASINFO 'build' ON BB9020011AC4202", .info(command: "build", target: .node("BB9020011AC4202"))),
        ("EXPLAIN GET test.demo 'u1'", .explain(demo("u1"))),
        ("EXPLAIN SELECT * FROM test.demo WHERE PK = 'u1'", .explain(demo("u1"))),
        ("EXPLAIN SELECT * FROM test.demo", .explainQuery(ScanQuery(namespace: "test", set: "demo"))),
        ("TRUNCATE test.demo", .truncate(namespace: "test", set: "demo", before: nil)),
        ("TRUNCATE test", .truncate(namespace: "test", set: nil, before: nil)),
        ("TRUNCATE test.demo BEFORE '2026-01-01T00:00:00Z'", .truncate(namespace: "test", set: "demo", before: 1_767_225_600)),
        ("truncate test before '2026-01-01'", .truncate(namespace: "test", set: nil, before: 1_767_225_600)),
    ])
    func statements(text: String, statement: Statement) throws {
        #expect(try parseOne(text) == statement)
    }

    @Test(arguments: [
        ("CREATE ‸TABLE t", "expected INDEX after CREATE"),
        ("CREATE ‸LIST INDEX i ON test.demo (l) NUMERIC", "only indexes on a bin's own value are supported"),
        ("CREATE INDEX i ON test.demo (age) ‸GEO2DSPHERE", "GEO2DSPHERE indexes are not supported; the types are NUMERIC and STRING"),
        ("CREATE INDEX i ON test.demo (age) ‸INTEGER", "expected the index type, NUMERIC or STRING"),
        ("CREATE INDEX i ON test.demo ‸age NUMERIC", "expected '(' and the bin to index"),
        ("CREATE INDEX i ‸test.demo (age) NUMERIC", "expected ON"),
        ("CREATE INDEX i ON test.demo (‸sixteen_bytes_xx) NUMERIC", "bin name 'sixteen_bytes_xx' is 16 bytes"),
        ("CREATE INDEX ‸'' ON test.demo (age) NUMERIC", "an index name is 1 to 63 bytes"),
        ("DROP ‸TABLE test", "expected INDEX"),
        ("DROP INDEX test.demo ‸5", "expected the index name"),
        ("SHOW ‸NAMESPAECS", "cannot show 'NAMESPAECS'; SHOW takes NAMESPACES, SETS, BINS, INDEXES, SETTINGS; did you mean NAMESPACES?"),
        ("SHOW SETS test.‸demo", "SHOW SETS takes a namespace, not a set"),
        ("ASINFO ‸namespaces", "expected the info command as a string"),
        ("ASINFO 'build' ON ‸3000", "expected ALL, or a node as 'host:port' or its name"),
        ("EXPLAIN ‸PUT test.demo 'k' {a: 1}", "expected GET or SELECT after EXPLAIN"),
        ("TRUNCATE test.demo BEFORE ‸2026", "expected a time in quotes after BEFORE"),
        ("TRUNCATE test.demo BEFORE ‸'2026-02-30'", "'2026-02-30' is not a time such as '2026-01-01T00:00:00Z'"),
        ("TRUNCATE test.demo BEFORE ‸'yesterday'", "is not a time"),
        ("TRUNCATE ‸", "expected a namespace"),
    ])
    func errors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }

    /// The caret of a bad time points at it, on its line and column.
    @Test func aBadTimeIsShownWithItsCaret() {
        let source = SourceText("SHOW SETS\nTRUNCATE test.demo BEFORE '2026-13-01'")
        let error = Parser.parse(source).errors.first
        #expect(error.map { DiagnosticRenderer.render($0, in: source) } == """
            error: line 2, column 27: '2026-13-01' is not a time such as '2026-01-01T00:00:00Z', '2026-01-01 12:00+02:00' or '2026-01-01' (UTC unless a zone is given)
              2 | TRUNCATE test.demo BEFORE '2026-13-01'
                |                           ^

            """)
    }

    @Test(arguments: [
        ("SET LIMIT 1000", Setting.limit(1000)),
        ("set limit off", .limit(nil)),
        ("SET CONFIRM OFF", .confirm(false)),
        ("SET CONFIRM ON", .confirm(true)),
    ])
    func settings(text: String, setting: Setting) throws {
        #expect(try parseOne(text) == .set(setting))
    }

    @Test func aLimitOfNothingIsRefused() {
        let (error, offset) = firstError("SET LIMIT ‸-1")
        #expect(error?.text == "SET LIMIT must be from 1 to 2147483647")
        #expect(error?.offset == offset)
    }

    @Test func everyNewStatementHasHelp() {
        for keyword in ["SHOW", "CREATE", "DROP", "TRUNCATE", "ASINFO", "EXPLAIN", "SELECT"] {
            let text = StatementHelp.text(topic: keyword.lowercased())
            #expect(text.hasPrefix(keyword), "\(text)")
        }
        #expect(StatementHelp.text(topic: "select").contains("COUNT(*)"))
        #expect(StatementHelp.text(topic: "set").contains("SET LIMIT n|OFF"))
    }
}

@Suite("ISO 8601 times")
struct ISOTimeTests {
    // Unix times checked with Python's datetime.fromisoformat(…).timestamp().
    @Test(arguments: [
        ("2026-01-01", UInt64(1_767_225_600)), ("2026-01-01T00:00:00Z", 1_767_225_600), ("2026-01-01T00:00:30.5Z", 1_767_225_630),
        ("2026-01-01 02:00+02:00", 1_767_225_600), ("2025-12-31T19:00:00-05:00", 1_767_225_600), ("2026-01-01T00:00:00+0000", 1_767_225_600),
        ("2000-02-29T12:00:00Z", 951_825_600), ("2038-01-19T03:14:08Z", 2_147_483_648), ("2100-03-01", 4_107_542_400),
        ("1970-01-01T00:00:00Z", 0), ("2026-01-01t00:00:30", 1_767_225_630),
    ])
    func parses(text: String, seconds: UInt64) {
        #expect(ISOTime.parse(text) == seconds)
    }

    @Test(arguments: [
        "2026-02-30", "2025-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "1969-12-31", "2026-01-01T24:00",
        "2026-01-01T12:60", "2026-01-01T12:00:60", "2026-01-01T12", "2026-01-01Z", "2026-01-01T12:00+2", "2026-01-01T12:00:00.Z",
        "yesterday", "", "2026-01-01 ",
    ])
    func refuses(text: String) {
        #expect(ISOTime.parse(text) == nil)
    }

    @Test func formatsBackAsUTC() {
        #expect(ISOTime.format(951_825_600) == "2000-02-29T12:00:00Z")
        #expect(ISOTime.format(0) == "1970-01-01T00:00:00Z")
        #expect(ISOTime.format(4_107_542_399) == "2100-02-28T23:59:59Z")
        for seconds: UInt64 in [1, 59, 86_399, 951_782_399, 1_767_225_630, 4_102_444_800] {
            #expect(ISOTime.parse(ISOTime.format(seconds)) == seconds)
        }
    }
}

/// `bin BETWEEN low AND high` as the parser builds it: both bounds, integers.
func between(_ bin: String, _ low: Int64, _ high: Int64) -> Expression {
    .and([
        .comparison(.greaterOrEqual, .bin(bin, .int), .literal(.int(low))),
        .comparison(.lessOrEqual, .bin(bin, .int), .literal(.int(high))),
    ])
}
