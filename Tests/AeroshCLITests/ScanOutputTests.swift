import AerospikeCore
import AerospikeEmbedded
@testable import AeroshCLI
import AeroshLanguage
import Synchronization
import Testing

@Suite("Scans: output")
struct ScanOutputTests {
    static let hidden = Key(namespace: "test", set: "demo", userKey: nil, digest: Key(namespace: "test", set: "demo", userKey: .string("hidden")).digest)
    static let records = [
        Record(key: Key(namespace: "test", set: "demo", userKey: .string("a")), metadata: RecordMetadata(generation: 1, ttl: .seconds(60)),
               bins: [Bin("name", .string("Alice, A.")), Bin("age", .int(30))]),
        Record(key: hidden, metadata: RecordMetadata(generation: 1, ttl: .seconds(60)), bins: [Bin("age", .int(41))]),
        Record(key: Key(namespace: "test", set: "demo", userKey: .int(7)), metadata: RecordMetadata(generation: 2, ttl: .never),
               bins: [Bin("name", .string("Bob")), Bin("tags", .list([.string("x")]))]),
    ]

    func run(
        _ format: OutputFormat, _ text: String = "SELECT * FROM test.demo WHERE age BETWEEN 1 AND 99", client: StagedScanClient? = nil,
        footers: Bool = true, progress: ProgressLine? = nil, sink: SharedSink = SharedSink()
    ) async -> (output: String, errors: String, status: AeroshCLI.ExitStatus) {
        let client = client ?? StagedScanClient(records: Self.records)
        let display = DisplaySettings(format: format, style: .plain, terminal: nil, timing: false)
        var runner = ScriptRunner(executor: Executor(client: client), renderer: display.makeRenderer(), showFooters: footers, display: display)
        runner.progress = progress
        var output = sink
        var errors = StringSink()
        let status = await runner.run(SourceText(text), output: &output, errors: &errors)
        return (sink.text, errors.text, status)
    }

    @Test func tableShowsKeysOrDigestsAndTheQueryInTheFooter() async {
        let (output, errors, status) = await run(.table)
        #expect(status == .success && errors.isEmpty)
        #expect(output == """
            @key                                                @gen   @ttl  name         age  tags
            'a'                                                    1     60  'Alice, A.'   30
            DIGEST x'\(Self.hidden.digest.hex)'     1     60                41
            7                                                      2  NEVER  'Bob'             ['x']
            3 rows in set, query on bin age (index idx_age)

            """)
    }

    @Test func jsonIsOneArrayOfRecords() async {
        let (output, _, _) = await run(.json)
        #expect(output == """
            [
            {"key": {"namespace": "test", "set": "demo", "pk": "a", "digest": "\(Self.records[0].key.digest.hex)"}, "meta": {"gen": 1, "ttl": 60}, "bins": {"name": "Alice, A.", "age": 30}},
            {"key": {"namespace": "test", "set": "demo", "pk": null, "digest": "\(Self.hidden.digest.hex)"}, "meta": {"gen": 1, "ttl": 60}, "bins": {"age": 41}},
            {"key": {"namespace": "test", "set": "demo", "pk": 7, "digest": "\(Self.records[2].key.digest.hex)"}, "meta": {"gen": 2, "ttl": -1}, "bins": {"name": "Bob", "tags": ["x"]}}
            ]

            """)
    }

    @Test func jsonLinesIsARecordALine() async {
        let (output, _, _) = await run(.jsonl)
        #expect(output == """
            {"key": {"namespace": "test", "set": "demo", "pk": "a", "digest": "\(Self.records[0].key.digest.hex)"}, "meta": {"gen": 1, "ttl": 60}, "bins": {"name": "Alice, A.", "age": 30}}
            {"key": {"namespace": "test", "set": "demo", "pk": null, "digest": "\(Self.hidden.digest.hex)"}, "meta": {"gen": 1, "ttl": 60}, "bins": {"age": 41}}
            {"key": {"namespace": "test", "set": "demo", "pk": 7, "digest": "\(Self.records[2].key.digest.hex)"}, "meta": {"gen": 2, "ttl": -1}, "bins": {"name": "Bob", "tags": ["x"]}}

            """)
    }

    @Test func csvHasOneHeaderForTheScan() async {
        let (output, _, _) = await run(.csv)
        #expect(output == """
            @key,@gen,@ttl,name,age,tags\r
            a,1,60,"Alice, A.",30,\r
            \(Self.hidden.digest.hex),1,60,,41,\r
            7,2,-1,Bob,,"[""x""]"\r

            """)
    }

    @Test func rawAndVerticalToo() async {
        #expect(await run(.raw).output == "Alice, A.\n30\n41\nBob\n[\"x\"]\n")
        let vertical = await run(.vertical, "SELECT * FROM test.demo LIMIT 1").output
        #expect(vertical == """
            *************************** 1. row ***************************
            @key: 'a'
            @gen: 1
            @ttl: 60
            name: 'Alice, A.'
             age: 30
            1 row in set, stopped at LIMIT 1

            """)
    }

    @Test func countIsOneRow() async {
        let client = StagedScanClient(records: Self.records)
        #expect(await run(.table, "SELECT COUNT(*) FROM test.demo", client: client).output == "count\n    3\n1 row in set\n")
        #expect(client.requests.withLock { $0.first?.bins } == BatchBins.none, "a count reads no bins")
        #expect(await run(.json, "SELECT COUNT(*) FROM test.demo").output == "{\"count\": 3}\n")
        #expect(await run(.csv, "SELECT COUNT(*) FROM test").output == "count\r\n3\r\n")
        #expect(await run(.raw, "SELECT COUNT(*) FROM test").output == "3\n")
    }

    @Test func aScanStreamsItsRowsAsTheyCome() async {
        let sink = SharedSink()
        let client = StagedScanClient(records: Self.records, sink: sink)
        _ = await run(.jsonl, "SELECT * FROM test.demo", client: client, sink: sink)
        let snapshots = client.snapshots.withLock { $0 }
        #expect(snapshots.map { $0.split(separator: "\n").count } == [1, 2, 3])
    }

    /// 2,500 records: a table's page is drawn once it has 1,000 rows, with its own header.
    @Test func aLongScanTableIsDrawnAPageAtATime() async {
        let many = (0..<2_500).map { Record(key: Key(namespace: "test", set: "demo", userKey: .int(Int64($0))), metadata: RecordMetadata(generation: 1, ttl: .never), bins: [Bin("v", .int(Int64($0)))]) }
        let sink = SharedSink()
        let client = StagedScanClient(records: many, sink: sink)
        let (output, _, _) = await run(.table, "SELECT * FROM test.demo", client: client, footers: false, sink: sink)
        let snapshots = client.snapshots.withLock { $0 }
        #expect(snapshots[998].isEmpty)
        #expect(snapshots[999].split(separator: "\n").count == 1_001)
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("@key") }.count == 3)
        #expect(output.split(separator: "\n").count == 2_503)
    }

    @Test func theSessionsLimitCapsTheScan() async {
        let client = StagedScanClient(records: Self.records)
        let (output, _, _) = await run(.csv, "SET LIMIT 2\nSELECT * FROM test.demo\nSET LIMIT OFF\nSELECT * FROM test.demo LIMIT 5", client: client)
        #expect(client.requests.withLock { $0.map(\.maxRecords) } == [2, 5])
        // A header and two rows, then a header and three.
        let lines: [Substring] = output.split(separator: "\r\n")
        #expect(lines.count == 7)
    }

    /// Ctrl-C cancels the statement's task: the rows so far are shown, the error names the
    /// line, nothing after it runs, and the status is 1.
    @Test func aCancelledScanStopsTheScriptNamingItsLine() async {
        let client = StagedScanClient(records: Self.records, cancelAfter: 2)
        let (output, errors, status) = await run(.jsonl, "SET OUTPUT JSONL\nSELECT * FROM test.demo\nSELECT COUNT(*) FROM test", client: client)
        #expect(status == .statementFailed)
        #expect(output.split(separator: "\n").count == 2)
        #expect(errors == "error: line 2: cancelled: test.demo\n")
        #expect(client.requests.withLock { $0.count } == 1)
    }

    @Test func progressIsDrawnInPlaceAndErasedAtTheEnd() async {
        let drawn = Mutex<[String]>([])
        let line = ProgressLine(interval: .zero, columns: nil, sharesTerminalWithOutput: false) { text in drawn.withLock { $0.append(text) } }
        let (output, _, _) = await run(.jsonl, "SELECT * FROM test.demo", progress: line)
        let writes = drawn.withLock { $0 }
        #expect(output.split(separator: "\n").count == 3)
        #expect(writes.count >= 2)
        #expect(writes.dropLast().allSatisfy { $0.hasPrefix("\r\u{1B}[Ktest.demo: ") && $0.hasSuffix(" of 4,096 partitions") }, "\(writes)")
        #expect(writes.dropLast().last?.contains("3 records (") == true, "\(writes)")
        #expect(writes.last == "\r\u{1B}[K", "the line is erased when the scan ends")
    }

    @Test func noProgressForAScanQuickerThanTheInterval() async {
        let drawn = Mutex<[String]>([])
        let line = ProgressLine(interval: .seconds(3600), columns: nil, sharesTerminalWithOutput: true) { text in drawn.withLock { $0.append(text) } }
        _ = await run(.table, "SELECT * FROM test.demo", progress: line)
        #expect(drawn.withLock { $0 }.isEmpty)
    }

    /// Output on the terminal the progress line is on: the line is erased before any row is
    /// written, and rows go out before it is drawn again.
    @Test func progressNeverMixesWithRowsOnTheSameTerminal() async {
        let log = TerminalLog()
        let line = ProgressLine(interval: .zero, columns: 30, sharesTerminalWithOutput: true) { text in log.progress(text) }
        let display = DisplaySettings(format: .jsonl, style: .plain, terminal: nil, timing: false)
        var runner = ScriptRunner(executor: Executor(client: StagedScanClient(records: Self.records)), renderer: display.makeRenderer(), display: display)
        runner.progress = line
        var output = log
        var errors = StringSink()
        _ = await runner.run(SourceText("SELECT * FROM test.demo"), output: &output, errors: &errors)
        var shown = false
        var pendingOutput = false
        for entry in log.all {
            switch entry {
            case .progress(let text):
                #expect(!pendingOutput || text == "\r\u{1B}[K", "rows were buffered when the line was drawn")
                #expect(text.dropFirst(4).count < 30, "the line fits the terminal: \(text)")
                shown = text != "\r\u{1B}[K"
            case .output:
                #expect(!shown, "a row was written after the progress text")
                pendingOutput = true
            case .flush:
                pendingOutput = false
            }
        }
        #expect(log.all.contains { if case .progress(let text) = $0 { text != "\r\u{1B}[K" } else { false } })
    }

    @Test func numbersAreGroupedByThousands() {
        #expect([0, 999, 1_000, 4_096, 1_234_567].map(ProgressLine.grouped) == ["0", "999", "1,000", "4,096", "1,234,567"])
    }
}

@Suite("Listings: output")
struct ListingOutputTests {
    let sets = StatementResult(.listing(columns: ["ns", "set", "objects", "data_bytes"]), [
        .values([.string("test"), .string("demo"), .int(1_200), .int(96_000)]),
        .values([.string("test"), .string("with, comma"), .int(3), .int(120)]),
        .values([.string("test"), .nil, .int(1), .int(17)]),
        .footnote("summed over 2 nodes"),
    ])
    let info = StatementResult(.info, [.info(InfoReply(node: "BB9", value: "test;bar")), .info(InfoReply(node: "BB8", value: "test;bar"))])
    let done = StatementResult(.done, [.done("OK, index idx_age created")])

    func render(_ renderer: some ResultRenderer, _ result: StatementResult) -> String {
        var renderer = renderer
        var sink = StringSink()
        renderer.render(result, elapsed: .microseconds(412), showFooter: true, to: &sink)
        return sink.text
    }

    @Test func table() {
        #expect(render(TableRenderer(style: .plain), sets) == """
            ns    set          objects  data_bytes
            test  demo            1200       96000
            test  with, comma        3         120
            test                     1          17
            3 rows in set (0.412 ms), summed over 2 nodes

            """)
        #expect(render(TableRenderer(style: .boxed), info) == """
            +------+----------+
            | node | reply    |
            +------+----------+
            | BB9  | test;bar |
            | BB8  | test;bar |
            +------+----------+
            2 rows in set (0.412 ms)

            """)
        #expect(render(TableRenderer(style: .plain), done) == "OK, index idx_age created (0.412 ms)\n")
        #expect(render(TableRenderer(style: .plain, showTiming: false), done) == "OK, index idx_age created\n")
    }

    @Test func jsonAndJSONLines() {
        #expect(render(JSONRenderer(), sets) == """
            [
            {"ns": "test", "set": "demo", "objects": 1200, "data_bytes": 96000},
            {"ns": "test", "set": "with, comma", "objects": 3, "data_bytes": 120},
            {"ns": "test", "set": null, "objects": 1, "data_bytes": 17}
            ]

            """)
        #expect(render(JSONLinesRenderer(), info) == "{\"node\": \"BB9\", \"reply\": \"test;bar\"}\n{\"node\": \"BB8\", \"reply\": \"test;bar\"}\n")
        #expect(render(JSONRenderer(), StatementResult(.listing(columns: ["ns"]), [])) == "[]\n")
        #expect(render(JSONRenderer(), done) == "")
        #expect(render(JSONLinesRenderer(), done) == "")
    }

    @Test func csvRawAndVertical() {
        #expect(render(CSVRenderer(), sets) == "ns,set,objects,data_bytes\r\ntest,demo,1200,96000\r\ntest,\"with, comma\",3,120\r\ntest,,1,17\r\n")
        #expect(render(CSVRenderer(), info) == "node,reply\r\nBB9,test;bar\r\nBB8,test;bar\r\n")
        #expect(render(RawRenderer(), sets) == "test\tdemo\t1200\t96000\ntest\twith, comma\t3\t120\ntest\t\t1\t17\n")
        #expect(render(RawRenderer(), info) == "test;bar\ntest;bar\n")
        #expect(render(CSVRenderer(), done) == "" && render(RawRenderer(), done) == "")
        #expect(render(VerticalRenderer(showTiming: false), StatementResult(.listing(columns: ["ns", "set", "objects"]), [
            .values([.string("test"), .nil, .int(1)]),
        ])) == """
            *************************** 1. row ***************************
                 ns: test
            objects: 1
            1 row in set

            """)
        #expect(render(VerticalRenderer(showTiming: false), done) == "OK, index idx_age created\n")
    }
}

@Suite("Scans and administration through the runner")
struct AdministrationRunnerTests {
    func runner(_ store: EmbeddedStore, format: OutputFormat = .table) -> ScriptRunner {
        let display = DisplaySettings(format: format, style: .plain, terminal: nil, timing: false)
        return ScriptRunner(executor: Executor(client: store, defaults: SessionDefaults(sendKey: true)), renderer: display.makeRenderer(), display: display)
    }

    func count(_ store: EmbeddedStore, set: String) async throws -> Int {
        try await store.scanAll(ScanRequest(namespace: "test", set: set, bins: .none)).count
    }

    func filled() async throws -> EmbeddedStore {
        let store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath, clock: ManualClock())
        for index in 0..<5 { try await store.put(Key(namespace: "test", set: "demo", userKey: .int(Int64(index))), bins: [Bin("age", .int(Int64(20 + index)))], policy: WritePolicy(sendKey: true)) }
        return store
    }

    @Test func aWhereWithoutAnIndexIsAScanWithAFilter() async throws {
        var runner = runner(try await filled())
        var output = StringSink()
        var errors = StringSink()
        let status = await runner.run(SourceText("SELECT age FROM test.demo WHERE age = 21\nBATCH READ test.demo (0, 1, 2) WHERE age > 20"), output: &output, errors: &errors)
        #expect(status == .success, "\(errors.text)")
        #expect(output.text.contains("1 row in set, scan with a filter expression\n"), "\(output.text)")
        #expect(output.text.contains("3 rows: 2 found, 0 not found, 1 filtered out, 0 failed\n"), "\(output.text)")
    }

    @Test func createQueryDropInATable() async throws {
        var runner = runner(try await filled())
        var output = StringSink()
        var errors = StringSink()
        let status = await runner.run(SourceText("""
            CREATE INDEX idx_age ON test.demo (age) NUMERIC
            SELECT age FROM test.demo WHERE age = 22
            SHOW INDEXES
            DROP INDEX test.demo idx_age
            """), output: &output, errors: &errors)
        #expect(status == .success, "\(errors.text)")
        #expect(output.text == """
            OK, index idx_age created
            @key  @gen     @ttl  age
            2        1  2592000   22
            1 row in set, query on bin age (index idx_age)
            ns    name     set   bin  type     state
            test  idx_age  demo  age  numeric  RW
            1 row in set
            OK, index idx_age dropped

            """)
    }

    @Test func truncateAsksAtThePromptOnly() async throws {
        let store = try await filled()
        let asked = Mutex<[String]>([])
        var runner = runner(store)
        runner.confirmation = { question in
            asked.withLock { $0.append(question) }
            return false
        }
        var output = StringSink()
        var errors = StringSink()
        #expect(await runner.run(SourceText("TRUNCATE test.demo BEFORE '2100-01-01'"), output: &output, errors: &errors) == .success)
        #expect(asked.withLock { $0 } == ["TRUNCATE removes every record of test.demo last written before 2100-01-01T00:00:00Z. Go on? [y/N] "])
        #expect(output.text == "Nothing was truncated.\n")
        #expect(try await count(store, set: "demo") == 5)

        // Yes.
        runner.confirmation = { _ in true }
        output = StringSink()
        _ = await runner.run(SourceText("TRUNCATE test.demo"), output: &output, errors: &errors)
        #expect(output.text == "OK, test.demo truncated\n")
        #expect(try await count(store, set: "demo") == 0)

        // SET CONFIRM OFF: not asked.
        try await store.put(Key(namespace: "test", set: "demo", userKey: .int(1)), bins: [Bin("a", .int(1))], policy: WritePolicy())
        runner.confirmation = { _ in
            asked.withLock { $0.append("again") }
            return false
        }
        _ = await runner.run(SourceText("SET CONFIRM OFF\nTRUNCATE test.demo"), output: &output, errors: &errors)
        #expect(asked.withLock { $0.count } == 1)
        #expect(try await count(store, set: "demo") == 0)
        #expect(runner.settingsText().contains("CONFIRM   OFF"))
    }

    @Test func aScriptTruncatesWithoutAsking() async throws {
        let store = try await filled()
        var runner = runner(store)
        var output = StringSink()
        var errors = StringSink()
        #expect(await runner.run(SourceText("TRUNCATE test.demo"), output: &output, errors: &errors) == .success)
        #expect(try await count(store, set: "demo") == 0)
    }

    @Test func settingsShowTheLimit() async throws {
        var runner = runner(try await filled())
        var output = StringSink()
        var errors = StringSink()
        _ = await runner.run(SourceText("SHOW SETTINGS\nSET LIMIT 2\nSHOW SETTINGS\nSELECT * FROM test.demo"), output: &output, errors: &errors)
        let lines = output.text.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("LIMIT ") } == ["LIMIT     OFF", "LIMIT     2"])
        #expect(lines.last == "2 rows in set, stopped at SET LIMIT 2")
    }

    /// Ctrl-C during a scan of the embedded store: the task is cancelled, the store stops
    /// between chunks, and the script ends there.
    @Test func cancellingTheTaskStopsAnEmbeddedScan() async throws {
        let store = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        for index in 0..<600 { try await store.put(Key(namespace: "test", set: "big", userKey: .int(Int64(index))), bins: [Bin("v", .int(1))], policy: WritePolicy()) }
        let runner = runner(store, format: .jsonl)
        let result = await Task { () -> (AeroshCLI.ExitStatus, String, Int) in
            var runner = runner
            var output = CancellingSink()
            var errors = StringSink()
            let status = await runner.run(SourceText("SELECT * FROM test.big\nSELECT COUNT(*) FROM test.big"), output: &output, errors: &errors)
            return (status, errors.text, output.lines)
        }.value
        #expect(result.0 == .statementFailed)
        #expect(result.1 == "error: line 1: cancelled: test.big\n")
        #expect(result.2 >= 1 && result.2 < 600, "\(result.2) rows came")
    }
}

/// Cancels the task it is written from at the first row: what Ctrl-C does to a running statement.
struct CancellingSink: OutputSink {
    var lines = 0

    mutating func write(_ text: String) {
        lines += text.filter { $0 == "\n" }.count
        withUnsafeCurrentTask { $0?.cancel() }
    }

    mutating func flush() {}
}
