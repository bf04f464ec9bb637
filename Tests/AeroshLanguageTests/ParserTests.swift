import AerospikeCore
@testable import AeroshLanguage
import Testing

func parseOne(_ text: String) throws -> Statement {
    let result = Parser.parse(SourceText(text))
    if let error = result.errors.first { throw error }
    try #require(result.statements.count == 1)
    return result.statements[0].statement
}

func demo(_ pk: String) -> Key { Key(namespace: "test", set: "demo", userKey: .string(pk)) }

@Suite("Parser: statements")
struct ParserStatementTests {
    @Test func putWithEveryValueType() throws {
        let statement = try parseOne("""
            PUT test.demo 'user1' {str_bin: 'hello', "int_bin": 42, float_bin: 3.14, bytes_bin: x'000102',
                list_bin: [1, 2, 3], map_bin: {nested: 'dict'}, bool_bin: true, none_bin: null,
                geo: GEOJSON('{"type":"Point","coordinates":[1,2]}'), neg: -7, hex: 0x1F, exp: -1e3}
            """)
        let expected: [Bin] = [
            Bin("str_bin", .string("hello")), Bin("int_bin", .int(42)), Bin("float_bin", .double(3.14)),
            Bin("bytes_bin", .bytes([0, 1, 2])), Bin("list_bin", .list([.int(1), .int(2), .int(3)])),
            Bin("map_bin", .map([MapEntry(.string("nested"), .string("dict"))])), Bin("bool_bin", .bool(true)),
            Bin("none_bin", .nil), Bin("geo", .geoJSON(#"{"type":"Point","coordinates":[1,2]}"#)),
            Bin("neg", .int(-7)), Bin("hex", .int(31)), Bin("exp", .double(-1000)),
        ]
        #expect(statement == .put(demo("user1"), bins: expected, StatementOptions()))
    }

    @Test func keysOfEveryKind() throws {
        #expect(try parseOne("GET test.demo 12345").key == Key(namespace: "test", set: "demo", userKey: .int(12345)))
        #expect(try parseOne("GET test.demo x'0102'").key == Key(namespace: "test", set: "demo", userKey: .bytes([1, 2])))
        #expect(try parseOne("GET test 'no-set'").key == Key(namespace: "test", set: nil, userKey: .string("no-set")))
        let digest = try #require(Digest(hex: "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960"))
        #expect(try parseOne("GET test.demo DIGEST x'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960'").key == Key(namespace: "test", set: "demo", userKey: nil, digest: digest))
        #expect(try parseOne("GET test.demo 'key1'").key?.digest == digest)
    }

    @Test func readStatements() throws {
        #expect(try parseOne("get test.demo 'u' bins name, 'age'") == .get(demo("u"), bins: ["name", "age"], StatementOptions()))
        #expect(try parseOne("EXISTS test.demo 'u' TIMEOUT 2s") == .exists(demo("u"), StatementOptions(timeout: .seconds(2))))
    }

    @Test func updateStatements() throws {
        #expect(try parseOne("INCREMENT test.demo 'u' age 1") == .increment(demo("u"), Bin("age", .int(1)), StatementOptions()))
        #expect(try parseOne("INCREMENT test.demo 'u' score 0.5") == .increment(demo("u"), Bin("score", .double(0.5)), StatementOptions()))
        #expect(try parseOne("APPEND test.demo 'u' name ' Smith'") == .append(demo("u"), Bin("name", .string(" Smith")), StatementOptions()))
        #expect(try parseOne("PREPEND test.demo 'u' greeting 'Hello, '") == .prepend(demo("u"), Bin("greeting", .string("Hello, ")), StatementOptions()))
    }

    @Test func removeAndTouch() throws {
        #expect(try parseOne("REMOVE test.demo 'u'") == .remove(demo("u"), StatementOptions()))
        #expect(try parseOne("REMOVE test.demo 'u' IF GEN = 5 DURABLE") == .remove(demo("u"), StatementOptions(generation: .equal(5), durable: true)))
        #expect(try parseOne("REMOVE test.demo 'u' BINS temp_bin, debug_bin") == .removeBins(demo("u"), bins: ["temp_bin", "debug_bin"], StatementOptions()))
        #expect(try parseOne("TOUCH test.demo 'u' TTL 600") == .touch(demo("u"), StatementOptions(ttl: .seconds(600))))
    }

    @Test func operate() throws {
        let statement = try parseOne("OPERATE ORDERED test.demo 'u' WRITE name = 'Bob', INCR counter 1, READ counter")
        #expect(statement == .operate(demo("u"), [.write(Bin("name", .string("Bob"))), .add(Bin("counter", .int(1))), .read("counter")], ordered: true, StatementOptions()))
        #expect(try parseOne("OPERATE test.demo 'u' READ *, TOUCH, DELETE") == .operate(demo("u"), [.readAll, .touch, .delete], ordered: false, StatementOptions()))
    }

    @Test(arguments: [
        ("TTL 300", StatementOptions(ttl: .seconds(300))),
        ("TTL 2d", StatementOptions(ttl: .seconds(172_800))),
        ("TTL NEVER", StatementOptions(ttl: .never)),
        ("TTL -1", StatementOptions(ttl: .never)),
        ("TTL DEFAULT", StatementOptions(ttl: .namespaceDefault)),
        ("TTL UNCHANGED", StatementOptions(ttl: .unchanged)),
        ("CREATE ONLY", StatementOptions(exists: .createOnly)),
        ("UPDATE ONLY", StatementOptions(exists: .updateOnly)),
        ("REPLACE ONLY", StatementOptions(exists: .replaceOnly)),
        ("REPLACE", StatementOptions(exists: .createOrReplace)),
        ("SEND KEY", StatementOptions(sendKey: true)),
        ("IF GEN = 3", StatementOptions(generation: .equal(3))),
        ("IF GEN > 3", StatementOptions(generation: .greaterThan(3))),
        ("TIMEOUT 50ms", StatementOptions(timeout: .milliseconds(50))),
        ("TIMEOUT 250", StatementOptions(timeout: .milliseconds(250))),
        ("DURABLE", StatementOptions(durable: true)),
        ("send key ttl 10 create only", StatementOptions(ttl: .seconds(10), exists: .createOnly, sendKey: true)),
    ])
    func putOptions(text: String, options: StatementOptions) throws {
        #expect(try parseOne("PUT test.demo 'k' {v: 1} \(text)") == .put(demo("k"), bins: [Bin("v", .int(1))], options))
    }

    @Test func statementsSplitOnSemicolonsAndLines() {
        let result = Parser.parse(SourceText("""
            PUT test.demo 'a' {v: 1}; GET test.demo 'a'
            -- a comment line
            PUT test.demo 'b'
              {v: [1,
                   2]}
            GET test.demo 'b'
            """))
        #expect(result.errors.isEmpty)
        #expect(result.statements.count == 4)
        #expect(result.statements[2].statement == .put(demo("b"), bins: [Bin("v", .list([.int(1), .int(2)]))], StatementOptions()))
    }

    @Test func stringEscapesAndUnicode() throws {
        let statement = try parseOne(#"PUT test.demo 'k' {s: 'it\'s\n\t\u{1F600}\u00e9', d: "say \"hi\""}"#)
        #expect(statement == .put(demo("k"), bins: [Bin("s", .string("it's\n\t😀é")), Bin("d", .string("say \"hi\""))], StatementOptions()))
    }

    @Test func jsonTextIsValueSyntax() throws {
        let statement = try parseOne(#"PUT test.demo 'k' {"doc": {"a": [1, 2.5, "x", null, true], "b": {}}}"#)
        let doc = Value.map([
            MapEntry(.string("a"), .list([.int(1), .double(2.5), .string("x"), .nil, .bool(true)])),
            MapEntry(.string("b"), .map([])),
        ])
        #expect(statement == .put(demo("k"), bins: [Bin("doc", doc)], StatementOptions()))
    }
}

@Suite("Parser: batch statements")
struct BatchParserTests {
    func keys(_ statement: Statement) -> [UserKey?] {
        switch statement {
        case .batchRead(let keys, _, _), .batchOperate(let keys, _, _), .batchRemove(let keys, _): keys.map(\.userKey)
        default: []
        }
    }

    @Test func keyListsWithRanges() throws {
        let statement = try parseOne("BATCH READ test.demo ('user_{0..2}', 7, 10..12, x'01', '{008..010}', 'plain') BINS name, age")
        #expect(keys(statement) == [
            .string("user_0"), .string("user_1"), .string("user_2"), .int(7), .int(10), .int(11), .int(12), .bytes([1]),
            .string("008"), .string("009"), .string("010"), .string("plain"),
        ])
        guard case .batchRead(let list, .only(["name", "age"]), _) = statement else { Issue.record("\(statement)"); return }
        #expect(list.allSatisfy { $0.namespace == "test" && $0.set == "demo" })
    }

    /// Ranges stay ranges in the AST; reading the keys (by position or all at once) makes
    /// each key and its digest, in the order written.
    @Test func rangesExpandWhenRead() throws {
        guard case .batchRead(let keys, _, _) = try parseOne("BATCH READ test.demo (5, 1..999995, 'u{08..10}x', x'ff')") else {
            Issue.record("not a batch read"); return
        }
        #expect(keys.items == [.key(.int(5)), .integers(1...999_995), .numbered(prefix: "u", numbers: 8...10, width: 2, suffix: "x"), .key(.bytes([0xff]))])
        #expect(keys.count == 1_000_000, "exactly the limit")
        let demoKey = { (userKey: UserKey) in Key(namespace: "test", set: "demo", userKey: userKey) }
        #expect(keys.first == demoKey(.int(5)))
        #expect(keys[1] == demoKey(.int(1)))
        #expect(keys[999_995] == demoKey(.int(999_995)))
        #expect(keys[999_996] == demoKey(.string("u08x")))
        #expect(keys[999_998] == demoKey(.string("u10x")))
        #expect(keys.last == demoKey(.bytes([0xff])))

        guard case .batchRead(let small, _, _) = try parseOne("BATCH READ test.demo (-2..1, 'a', '{0..2}', 9)") else {
            Issue.record("not a batch read"); return
        }
        let expected: [UserKey] = [.int(-2), .int(-1), .int(0), .int(1), .string("a"), .string("0"), .string("1"), .string("2"), .int(9)]
        #expect(small.expanded() == expected.map(demoKey))
        #expect(Array(small) == expected.map(demoKey))
    }

    @Test func everyBatchForm() throws {
        guard case .batchRead(_, .none, _) = try parseOne("BATCH EXISTS test.demo (1..3)") else { Issue.record("exists"); return }
        guard case .batchRead(_, .all, _) = try parseOne("BATCH READ test.demo (1)") else { Issue.record("read"); return }
        #expect(try parseOne("BATCH OPERATE test.demo (1, 2) INCR views 1, READ views") == .batchOperate(
            BatchKeys(namespace: "test", set: "demo", userKeys: [.int(1), .int(2)]), [.add(Bin("views", .int(1))), .read("views")], StatementOptions()))
        #expect(try parseOne("BATCH PUT test.demo ('a' {v: 1}, 2 {w: 'x'}) SEND KEY") == .batchPut([
            BatchWrite(key: Key(namespace: "test", set: "demo", userKey: .string("a")), operations: [.write(Bin("v", .int(1)))]),
            BatchWrite(key: Key(namespace: "test", set: "demo", userKey: .int(2)), operations: [.write(Bin("w", .string("x")))]),
        ], StatementOptions(sendKey: true)))
        #expect(try parseOne("BATCH REMOVE test.demo ('temp_{0..99}') DURABLE").key == Key(namespace: "test", set: "demo", userKey: .string("temp_0")))
    }

    @Test(arguments: [
        ("BATCH ‸FETCH test.demo (1)", "expected READ, EXISTS, OPERATE, REMOVE or PUT after BATCH"),
        ("BATCH PUT test.demo ('a' ‸5)", "expected the bins as {name: value, …}"),
        ("BATCH READ test.demo ‸", "expected '(' and the list of keys"),
        ("BATCH READ test.demo (‸)", "a batch needs at least one key"),
        ("BATCH READ test.demo (‸5..1)", "the range 5..1 is empty"),
        ("BATCH READ test.demo (‸'k{9..1}')", "the range {9..1} is empty"),
        ("BATCH READ test.demo (‸0..2000000)", "a batch holds at most 1000000 keys"),
        // The span of this range passes Int64: computing it trapped (SIGILL) until the check
        // used overflow-reporting subtraction.
        ("BATCH READ test.demo (‸-9223372036854775808..9223372036854775807)", "a batch holds at most 1000000 keys"),
        ("BATCH READ test.demo (1..600000, ‸'k{1..400001}')", "a batch holds at most 1000000 keys"),
        ("BATCH READ test.demo (1) ‸TTL 5", "TTL does not apply to BATCH READ"),
    ])
    func batchErrors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }
}

@Suite("Parser: aql forms")
struct AQLParserTests {
    @Test func insertSelectDelete() throws {
        #expect(try parseOne("INSERT INTO test.demo (PK, name, age) VALUES ('u1', 'Alice', 30) TTL 60") == .put(
            demo("u1"), bins: [Bin("name", .string("Alice")), Bin("age", .int(30))], StatementOptions(ttl: .seconds(60))))
        #expect(try parseOne("insert into test.demo (name, pk) values ('Bob', 7)") == .put(
            Key(namespace: "test", set: "demo", userKey: .int(7)), bins: [Bin("name", .string("Bob"))], StatementOptions()))
        #expect(try parseOne("SELECT name, age FROM test.demo WHERE PK = 'u1'") == .get(demo("u1"), bins: ["name", "age"], StatementOptions()))
        #expect(try parseOne("SELECT * FROM test.demo WHERE PK = 'u1'") == .get(demo("u1"), bins: nil, StatementOptions()))
        let digest = try #require(Digest(hex: "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960"))
        #expect(try parseOne("SELECT * FROM test.demo WHERE DIGEST = 'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960'").key == Key(namespace: "test", set: "demo", userKey: nil, digest: digest))
        #expect(try parseOne("DELETE FROM test.demo WHERE PK = 'u1'") == .remove(demo("u1"), StatementOptions()))
    }

    @Test func aqlValueForms() throws {
        let statement = try parseOne(#"PUT test.demo 'k' {j: JSON('{"a": [1, 2.5]}'), l: LIST('[1, "x"]'), m: MAP('{"k": 1}'), list: 1, map: {json: 2}}"#)
        #expect(statement == .put(demo("k"), bins: [
            Bin("j", .map([MapEntry(.string("a"), .list([.int(1), .double(2.5)]))])),
            Bin("l", .list([.int(1), .string("x")])),
            Bin("m", .map([MapEntry(.string("k"), .int(1))])),
            Bin("list", .int(1)),
            Bin("map", .map([MapEntry(.string("json"), .int(2))])),
        ], StatementOptions()))
    }

    @Test(arguments: [
        ("CAST('12' AS INT)", Value.int(12)), ("cast(' -0x1F ' as decimal)", .int(-31)), ("CAST(4.0 AS NUMERIC)", .int(4)),
        ("CAST(7 AS INTEGER)", .int(7)), ("CAST('-9223372036854775808' AS INT)", .int(.min)),
        ("CAST(3 AS FLOAT)", .double(3)), ("CAST('2.5e1' AS REAL)", .double(25)), ("CAST(1.5 AS DOUBLE)", .double(1.5)),
        ("CAST(42 AS STRING)", .string("42")), ("CAST(1.5 AS VARCHAR)", .string("1.5")), ("CAST('x' AS TEXT)", .string("x")),
        ("CAST('[1, \"a\"]' AS LIST)", .list([.int(1), .string("a")])), ("CAST('{\"k\": 2}' AS MAP)", .map([MapEntry(.string("k"), .int(2))])),
        ("CAST('true' AS JSON)", .bool(true)), ("CAST('{\"type\": \"Point\"}' AS GEOJSON)", .geoJSON(#"{"type": "Point"}"#)),
    ])
    func aqlCasts(text: String, value: Value) throws {
        #expect(try parseOne("PUT test.demo 'k' {v: \(text)}") == .put(demo("k"), bins: [Bin("v", value)], StatementOptions()))
    }

    @Test(arguments: [
        ("PUT test.demo 'k' {v: CAST(‸'abc' AS INT)}", "cannot cast 'abc' to an integer"),
        ("PUT test.demo 'k' {v: CAST(‸'9223372036854775808' AS INT)}", "cannot cast '9223372036854775808' to an integer"),
        ("PUT test.demo 'k' {v: CAST(‸1.5 AS INT)}", "it has a fraction"),
        ("PUT test.demo 'k' {v: CAST(‸'1,5' AS FLOAT)}", "cannot cast '1,5' to a float"),
        ("PUT test.demo 'k' {v: CAST('1' AS ‸BLOB)}", "unknown type 'BLOB'"),
        ("PUT test.demo 'k' {v: CAST(‸1 AS LIST)}", "needs the text as a string"),
        ("PUT test.demo 'k' {v: CAST(‸'[1' AS LIST)}", "LIST(…) holds no valid value"),
        ("PUT test.demo 'k' {v: CAST('1' ‸INT)}", "expected AS and a type"),
        ("PUT test.demo 'k' {v: CAST(‸[1] AS LIST)}", "expected a string or a number to cast"),
        ("PUT test.demo 'k' {v: CAST(‸1e19 AS INT)}", "it is out of the 64-bit range"),
        ("PUT test.demo 'k' {v: CAST(‸'-+5' AS INT)}", "cannot cast '-+5' to an integer"),
        ("PUT test.demo 'k' {v: JSON(‸'1}, w: {2')}", "JSON(…) holds no valid value"),
        ("PUT test.demo 'k' {v: CAST(‸'[1] 2' AS LIST)}", "LIST(…) holds no valid value"),
    ])
    func castErrors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }

    @Test(arguments: [
        ("CONNECT '10.0.0.1:3000'", ConnectTarget.cluster(["10.0.0.1:3000"])),
        ("connect '10.0.0.1', '10.0.0.2:3100'", .cluster(["10.0.0.1", "10.0.0.2:3100"])),
        ("CONNECT localhost", .cluster(["localhost"])),
        ("CONNECT localhost:3100", .cluster(["localhost:3100"])), ("CONNECT 'db-1.example.com'", .cluster(["db-1.example.com"])),
        ("CONNECT EMBEDDED 'demo.db'", .embedded(path: "demo.db")),
    ])
    func connect(text: String, target: ConnectTarget) throws {
        #expect(try parseOne(text) == .connect(target))
    }

    @Test(arguments: [
        ("CONNECT ‸", "a seed host"),
        ("CONNECT EMBEDDED ‸demo", "the store's path as a string"),
        ("CONNECT localhost:‸port", "a port number"),
    ])
    func connectErrors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }

    @Test(arguments: [
        ("INSERT INTO test.demo (PK, a) VALUES ('k', 1, 2‸)", "2 columns but 3 values"),
        ("INSERT INTO test.demo (‸a, b) VALUES (1, 2)", "INSERT needs the column PK exactly once"),
        ("SELECT * FROM test.demo WHERE ‸", "expected a condition"),
        ("PUT test.demo 'k' {v: LIST(‸'{\"a\": 1}')}", "LIST(…) holds map"),
    ])
    func aqlErrors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }
}

@Suite("Parser: settings")
struct SettingParserTests {
    @Test(arguments: [
        ("SET OUTPUT json", Setting.output(.json)),
        ("set output CSV", .output(.csv)),
        ("SET TIMEOUT 2s", .timeout(.seconds(2))),
        ("SET TIMEOUT DEFAULT", .timeout(nil)),
        ("SET TTL 30d", .ttl(.seconds(2_592_000))),
        ("SET TTL NEVER", .ttl(.never)),
        ("SET SEND KEY ON", .sendKey(true)),
        ("SET TIMING OFF", .timing(false)),
        ("SET META OFF", .meta(false)),
        ("SET ON ERROR CONTINUE", .continueOnError(true)),
        ("SET ON ERROR STOP", .continueOnError(false)),
    ])
    func settings(text: String, setting: Setting) throws {
        #expect(try parseOne(text) == .set(setting))
    }

    @Test func showSettings() throws {
        #expect(try parseOne("SHOW SETTINGS") == .showSettings)
    }

    @Test(arguments: [
        ("SET ‸OUTPTU JSON", "unknown setting 'OUTPTU'; the settings are OUTPUT, TIMEOUT, TTL, SEND KEY, TIMING, META, ON ERROR, LIMIT, CONFIRM, CONCURRENCY; did you mean OUTPUT?"),
        ("SET OUTPUT ‸XML", "expected TABLE, JSON, JSONL, CSV, RAW or VERTICAL"),
        ("SET META ‸MAYBE", "expected ON or OFF"),
        ("SHOW ‸PARTITIONS", "cannot show 'PARTITIONS'"),
    ])
    func settingErrors(marked: String, message: String) {
        let (error, offset) = firstError(marked)
        #expect(error?.text.contains(message) == true, "got: \(error?.text ?? "no error")")
        #expect(error?.offset == offset)
    }
}
