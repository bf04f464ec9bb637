import AerospikeCore
@testable import AeroshCLI
import AeroshLanguage
import Testing

/// Golden tests: exact rendered text for each result shape and value type.
@Suite("Renderers")
struct RendererGoldenTests {
    let key = Key(namespace: "test", set: "demo", userKey: .string("key1"))
    let allTypes: [Bin] = [
        Bin("s", .string("it's")), Bin("i", .int(-42)), Bin("f", .double(3.0)), Bin("b", .bytes([0, 1, 2])),
        Bin("l", .list([.int(1), .string("x"), .list([.double(2.5)])])),
        Bin("m", .map([MapEntry(.string("k"), .int(2)), MapEntry(.string("two words"), .nil)])),
        Bin("im", .map([MapEntry(.int(7), .bytes([1]))])), Bin("t", .bool(true)),
        Bin("g", .geoJSON(#"{"type":"Point","coordinates":[1,2]}"#)),
    ]

    func render(_ renderer: some ResultRenderer, _ result: StatementResult, footer: Bool = false) -> String {
        var renderer = renderer
        var sink = StringSink()
        renderer.render(result, elapsed: .microseconds(412), showFooter: footer, to: &sink)
        return sink.text
    }

    @Test func jsonRecordWithEveryValueType() {
        let record = Record(key: key, metadata: RecordMetadata(generation: 3, ttl: .seconds(2_591_998)), bins: allTypes)
        #expect(render(JSONRenderer(), .record(record)) == """
            {"key": {"namespace": "test", "set": "demo", "pk": "key1", "digest": "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960"}, "meta": {"gen": 3, "ttl": 2591998}, \
            "bins": {"s": "it's", "i": -42, "f": 3.0, "b": {"$bytes": "AAEC"}, "l": [1, "x", [2.5]], "m": {"k": 2, "two words": null}, \
            "im": {"$map": [[7, {"$bytes": "AQ=="}]]}, "t": true, "g": {"$geojson": "{\\"type\\":\\"Point\\",\\"coordinates\\":[1,2]}"}}}

            """)
    }

    @Test func jsonExistsOrderedAndWrites() {
        #expect(render(JSONRenderer(), .exists(key, nil)) == """
            {"key": {"namespace": "test", "set": "demo", "pk": "key1", "digest": "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960"}, "meta": null}

            """)
        let record = Record(key: Key(namespace: "test", set: nil, userKey: .int(5)), metadata: RecordMetadata(generation: 2, ttl: .never), bins: [])
        #expect(render(JSONRenderer(), .ordered(record, [Bin("counter", .int(2))])) == """
            {"key": {"namespace": "test", "set": null, "pk": 5, "digest": "\(record.key.digest.hex)"}, "meta": {"gen": 2, "ttl": -1}, "results": [["counter", 2]]}

            """)
        #expect(render(JSONRenderer(), .written(key, RecordMetadata(generation: 1, ttl: .never)), footer: true) == "")
        #expect(render(JSONRenderer(), .removed(key), footer: true) == "")
    }

    @Test func plainTableWithEveryValueType() {
        let record = Record(key: key, metadata: RecordMetadata(generation: 3, ttl: .seconds(60)), bins: allTypes)
        #expect(render(TableRenderer(style: .plain), .record(record), footer: true) == """
            @key    @gen  @ttl  s          i    f  b          l                m                          im          t     g
            'key1'     3    60  'it\\'s'  -42  3.0  x'000102'  [1, 'x', [2.5]]  {k: 2, 'two words': null}  {7: x'01'}  true  GEOJSON('{"type":"Point","coordinates":[1,2]}')
            1 row in set (0.412 ms)

            """)
    }

    @Test func boxedTableExistsAndOrdered() {
        #expect(render(TableRenderer(style: .boxed), .exists(key, RecordMetadata(generation: 1, ttl: .never))) == """
            +--------+--------+------+-------+
            | @key   | exists | @gen |  @ttl |
            +--------+--------+------+-------+
            | 'key1' | true   |    1 | NEVER |
            +--------+--------+------+-------+

            """)
        let record = Record(key: key, metadata: RecordMetadata(generation: 2, ttl: .never), bins: [])
        #expect(render(TableRenderer(style: .plain), .ordered(record, [Bin("name", .string("Bob")), Bin("counter", .int(2))]), footer: true) == """
            bin      value
            name     'Bob'
            counter  2
            2 rows in set (0.412 ms)

            """)
    }

    @Test func writeFootersAndQuietMode() {
        let metadata = RecordMetadata(generation: 1, ttl: .never)
        #expect(render(TableRenderer(style: .plain), .written(key, metadata), footer: true) == "OK, 1 record affected (0.412 ms)\n")
        #expect(render(TableRenderer(style: .plain), .removed(key), footer: true) == "OK, 1 record removed (0.412 ms)\n")
        #expect(render(TableRenderer(style: .plain), .written(key, metadata), footer: false) == "")
    }

    @Test func missingKeyShowsTheDigest() {
        let digestOnly = Key(namespace: "test", set: "demo", userKey: nil, digest: key.digest)
        let text = render(TableRenderer(style: .plain), .record(Record(key: digestOnly, metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("a", .int(1))])))
        #expect(text.contains("DIGEST x'ec91192d4b7f8ce35d5d78d34bca65cbaaaac960'"))
    }

    @Test(arguments: [(0, "AA=="), (1, "AAE="), (2, "AAEC"), (3, "AAECAw==")])
    func base64MatchesRFC4648(length: Int, expected: String) {
        #expect(Base64.encode(Array(0..<UInt8(length + 1))) == expected)
    }

    @Test func base64PublishedVectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (input, output) in vectors {
            #expect(Base64.encode(Array(input.utf8)) == output)
        }
    }
}

@Suite("Row formats")
struct RowFormatGoldenTests {
    let a = Key(namespace: "test", set: "demo", userKey: .string("a"))
    let b = Key(namespace: "test", set: "demo", userKey: .int(2))
    let c = Key(namespace: "test", set: "demo", userKey: .bytes([1]))

    func render(_ renderer: some ResultRenderer, _ result: StatementResult) -> String {
        var renderer = renderer
        var sink = StringSink()
        renderer.render(result, elapsed: .zero, showFooter: true, to: &sink)
        return sink.text
    }

    var batch: StatementResult {
        .batch([
            BatchRecord(key: a, outcome: .record(Record(key: a, metadata: RecordMetadata(generation: 1, ttl: .seconds(60)),
                                                        bins: [Bin("s", .string("x,\"y\"\nz")), Bin("n", .int(1))]))),
            BatchRecord(key: b, outcome: .notFound),
            BatchRecord(key: c, outcome: .record(Record(key: c, metadata: RecordMetadata(generation: 3, ttl: .never),
                                                        bins: [Bin("l", .list([.int(1), .bytes([255])])), Bin("f", .double(2.0))]))),
            BatchRecord(key: a, outcome: .failed(.binTypeError)),
        ], .read)
    }

    @Test func csvFollowsRFC4180() {
        #expect(render(CSVRenderer(), batch) == """
            @key,@gen,@ttl,s,n,l,f,@error\r
            a,1,60,"x,""y""\nz",1,,,\r
            2,,,,,,,AEROSPIKE_ERR_RECORD_NOT_FOUND\r
            01,3,-1,,,"[1, {""$bytes"": ""/w==""}]",2.0,\r
            a,,,,,,,AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE\r

            """)
    }

    @Test func jsonLinesPutsEachDocumentOnItsOwnLine() {
        let lines = render(JSONLinesRenderer(), batch).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"key\": ") && $0.hasSuffix("}") })
        #expect(lines[1].hasSuffix(#""error": {"code": 2, "name": "AEROSPIKE_ERR_RECORD_NOT_FOUND"}}"#))
    }

    /// The deepest value a server can hand over (the msgpack reader stops at
    /// Value.maxNestingDepth; deeper is a clear error there), lists and maps in turn,
    /// through every renderer: each prints all of it.
    @Test func theDeepestValueRendersEverywhere() {
        var value = Value.int(7)
        for level in 0..<Value.maxNestingDepth {
            value = level % 2 == 0 ? .list([value]) : .map([MapEntry(.string("k"), value)])
        }
        let record = Record(key: a, metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("deep", value)])
        let renderers: [(String, any ResultRenderer)] = [
            ("table", TableRenderer(style: .plain)), ("boxed", TableRenderer(style: .boxed)), ("json", JSONRenderer()),
            ("jsonl", JSONLinesRenderer()), ("csv", CSVRenderer()), ("raw", RawRenderer()),
            ("vertical", VerticalRenderer(showMeta: true, showTiming: false)),
        ]
        for (name, renderer) in renderers {
            let text = render(renderer, .record(record))
            #expect(text.filter { $0 == "[" }.count >= Value.maxNestingDepth / 2, "\(name): \(text.prefix(200))")
            #expect(text.contains("7"), "\(name)")
        }
    }

    @Test func rawPrintsValuesOnly() {
        #expect(render(RawRenderer(), batch) == "x,\"y\"\nz\n1\n[1, {\"$bytes\": \"/w==\"}]\n2.0\n")
        #expect(render(RawRenderer(), .exists(a, nil)) == "false\n")
        #expect(render(RawRenderer(), .written(a, RecordMetadata(generation: 1, ttl: .never))) == "")
    }
}

@Suite("Terminal decoration")
struct TerminalDecorationTests {
    @Test func wideTablesAreSqueezedTextFirst() {
        var table = TextTable(headers: ["@key", "@ttl", "name", "city"], rightAligned: [false, true, false, false])
        table.rows = [["'k'", "2592000", "'a very long name indeed'", "'Paris'"]]
        let text = table.render(style: .boxed, maxWidth: 40)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(text)")
        #expect(text.contains("2592000"))
        #expect(text.contains("…"))
        #expect(table.render(style: .boxed, maxWidth: 200) == table.render(style: .boxed))
    }

    /// Columns line up by characters, not bytes: 'café' is six wide, though seven bytes.
    @Test func nonASCIICellsAlignByCharacters() {
        var table = TextTable(headers: ["name", "n"], rightAligned: [false, true])
        table.rows = [["'café'", "1"], ["'x'", "22"], ["'日本'", "3"]]
        #expect(table.render(style: .plain) == "name     n\n'café'   1\n'x'     22\n'日本'     3\n")
        #expect(table.render(style: .boxed) == """
            +--------+----+
            | name   |  n |
            +--------+----+
            | 'café' |  1 |
            | 'x'    | 22 |
            | '日本'   |  3 |
            +--------+----+

            """)
        #expect(TextTable.characterCount("café") == 4 && TextTable.characterCount("abc") == 3 && TextTable.characterCount("") == 0)
    }

    @Test func dimColumnsAreWrappedAfterPadding() {
        var table = TextTable(headers: ["@key", "v"], rightAligned: [false, true])
        table.rows = [["'k'", "1"]]
        #expect(table.render(style: .plain, dimColumns: [0]) == "\u{1B}[2m@key\u{1B}[0m  v\n\u{1B}[2m'k' \u{1B}[0m  1\n")
    }

    @Test func redSinkWrapsEachWrite() {
        var sink = RedSink(base: StringSink())
        sink.write("error: x\n")
        #expect(sink.base.text == "\u{1B}[31merror: x\n\u{1B}[0m")
    }
}

@Suite("Vertical output")
struct VerticalRendererTests {
    func render(_ result: StatementResult, meta: Bool = true) -> String {
        var renderer = VerticalRenderer(showMeta: meta, showTiming: false)
        var sink = StringSink()
        renderer.render(result, elapsed: .zero, showFooter: true, to: &sink)
        return sink.text
    }

    @Test func aRecordIsABlockOfAlignedNameValueLines() {
        let key = Key(namespace: "test", set: "demo", userKey: .string("user1"))
        let record = Record(key: key, metadata: RecordMetadata(generation: 2, ttl: .seconds(300)),
                            bins: [Bin("name", .string("Alice")), Bin("a_long_bin_name", .list([.int(1), .string(String(repeating: "x", count: 200))]))])
        #expect(render(.record(record)) == """
            *************************** 1. row ***************************
                       @key: 'user1'
                       @gen: 2
                       @ttl: 300
                       name: 'Alice'
            a_long_bin_name: [1, '\(String(repeating: "x", count: 200))']
            1 row in set

            """)
        #expect(render(.record(record), meta: false).hasPrefix("*************************** 1. row ***************************\n           name: 'Alice'\n"))
    }

    @Test func aBatchIsABlockPerKeyNumberedInOrder() {
        let found = Record(key: Key(namespace: "test", set: "demo", userKey: .int(1)), metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("v", .int(1))])
        let result = StatementResult.batch([
            BatchRecord(key: found.key, outcome: .record(found)),
            BatchRecord(key: Key(namespace: "test", set: "demo", userKey: .int(2)), outcome: .notFound),
        ], .read)
        #expect(render(result) == """
            *************************** 1. row ***************************
               @key: 1
            @result: ok
               @gen: 1
               @ttl: NEVER
                  v: 1
            *************************** 2. row ***************************
               @key: 2
            @result: not found
            2 rows: 1 found, 1 not found, 0 failed

            """)
    }
}

@Suite("Tables at a terminal's width")
struct TableWidthTests {
    @Test func aRowTooWideForTheTerminalIsShownAsAVerticalBlockAndANarrowOneAsATable() {
        let key = Key(namespace: "test", set: "demo", userKey: .string("k"))
        let wide = Record(key: key, metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("s", .string(String(repeating: "x", count: 100))), Bin("n", .int(1))])
        var renderer = TableRenderer(style: .boxed, maxWidth: 40, showTiming: false)
        var sink = StringSink()
        renderer.render(.record(wide), elapsed: .zero, showFooter: true, to: &sink)
        #expect(sink.text == """
            *************************** 1. row ***************************
            @key: 'k'
            @gen: 1
            @ttl: NEVER
               s: '\(String(repeating: "x", count: 100))'
               n: 1
            1 row in set

            """)
        let narrow = Record(key: key, metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("n", .int(1))])
        var table = StringSink()
        renderer.render(.record(narrow), elapsed: .zero, showFooter: false, to: &table)
        #expect(table.text.hasPrefix("+------+------+-------+---+\n| @key | @gen |  @ttl | n |\n"), "\(table.text)")
        // A batch page too wide: a block per key, with only the columns each key has.
        var batchRenderer = TableRenderer(style: .boxed, maxWidth: 40, showTiming: false)
        var batch = StringSink()
        batchRenderer.render(.batch([
            BatchRecord(key: key, outcome: .record(wide)),
            BatchRecord(key: narrow.key, outcome: .record(Record(key: Key(namespace: "test", set: "demo", userKey: .string("n")), metadata: narrow.metadata, bins: narrow.bins))),
            BatchRecord(key: Key(namespace: "test", set: "demo", userKey: .string("gone")), outcome: .notFound),
        ], .read), elapsed: .zero, showFooter: false, to: &batch)
        #expect(batch.text.contains("""
            *************************** 2. row ***************************
               @key: 'k'
            @result: ok
               @gen: 1
               @ttl: NEVER
                  n: 1
            *************************** 3. row
            """), "a key's block has no line for a bin only another key has: \(batch.text)")
        #expect(batch.text.hasSuffix("""
            *************************** 3. row ***************************
               @key: 'gone'
            @result: not found

            """), "\(batch.text)")
        // Without a terminal width (a pipe) nothing switches.
        var plain = TableRenderer(style: .plain, showTiming: false)
        var piped = StringSink()
        plain.render(.record(wide), elapsed: .zero, showFooter: false, to: &piped)
        #expect(piped.text.hasPrefix("@key  @gen   @ttl  s "), "\(piped.text)")
    }
}
