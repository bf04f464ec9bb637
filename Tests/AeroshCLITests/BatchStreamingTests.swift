import AerospikeCore
@testable import AeroshCLI
import AeroshLanguage
import Synchronization
import Testing

/// Output a test can look at while a statement is still running.
final class SharedSink: OutputSink, Sendable {
    private let buffer = Mutex("")
    var text: String { buffer.withLock { $0 } }
    func write(_ text: String) { buffer.withLock { $0 += text } }
    func flush() {}
}

/// A client whose batches hand on their rows one at a time and note what the output
/// showed after each, optionally failing part-way.
final class StagedBatchClient: AerospikeClient {
    let sink: SharedSink
    let snapshots = Mutex<[String]>([])
    let failAfter: Int?
    /// From this key on, found records carry a second bin, `late`.
    let lateBin: Int?

    init(sink: SharedSink, failAfter: Int?, lateBin: Int? = nil) {
        self.sink = sink
        self.failAfter = failAfter
        self.lateBin = lateBin
    }

    func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) {
        for (index, key) in request.keys.enumerated() {
            if index == failAfter { throw AerospikeError(.timeout, message: "the node went away") }
            let outcome: BatchRecord.Outcome = index % 2 == 0
                ? .record(Record(key: key, metadata: RecordMetadata(generation: 1, ttl: .never),
                                 bins: [Bin("v", .int(Int64(index)))] + (index >= (lateBin ?? .max) ? [Bin("late", .int(1))] : [])))
                : .notFound
            receive(BatchRecord(key: key, outcome: outcome))
            let shown = sink.text
            snapshots.withLock { $0.append(shown) }
        }
    }

    func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata { throw AerospikeError(.unsupportedFeature) }
    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> Record { throw AerospikeError(.unsupportedFeature) }
    func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata? { throw AerospikeError(.unsupportedFeature) }
    func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult { throw AerospikeError(.unsupportedFeature) }
    func scan(_ request: ScanRequest, receive: (ScanEvent) -> Void) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func createIndex(_ index: IndexDefinition) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func dropIndex(namespace: String, name: String) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func truncate(namespace: String, set: String?, before: UInt64?) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func info(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply] { throw AerospikeError(.unsupportedFeature) }
    func placement(of key: Key) -> KeyPlacement { KeyPlacement(partition: key.digest.partitionID, master: nil) }
    func close() async {}
}

@Suite("Batches stream to the output")
struct BatchStreamingTests {
    func run(
        _ format: OutputFormat, failAfter: Int? = nil, statement: String = "BATCH READ test.demo ('k{0..2}')", lateBin: Int? = nil
    ) async -> (client: StagedBatchClient, output: String, errors: String, status: AeroshCLI.ExitStatus) {
        let sink = SharedSink()
        let client = StagedBatchClient(sink: sink, failAfter: failAfter, lateBin: lateBin)
        let display = DisplaySettings(format: format, style: .plain, terminal: nil)
        var runner = ScriptRunner(executor: Executor(client: client), renderer: display.makeRenderer(), showFooters: false, display: display)
        var output = sink
        var errors = StringSink()
        let status = await runner.run(SourceText(statement), output: &output, errors: &errors)
        return (client, sink.text, errors.text, status)
    }

    @Test func jsonLinesWritesEachRowAsItArrives() async {
        let (client, output, _, status) = await run(.jsonl)
        #expect(status == .success)
        let snapshots = client.snapshots.withLock { $0 }
        #expect(snapshots.count == 3)
        #expect(snapshots[0].split(separator: "\n").count == 1 && snapshots[0].contains(#""pk": "k0""#))
        #expect(snapshots[1].split(separator: "\n").count == 2 && snapshots[1].contains("AEROSPIKE_ERR_RECORD_NOT_FOUND"))
        #expect(output.split(separator: "\n").count == 3)
    }

    @Test func jsonOpensTheArrayAndWritesRowsBeforeTheEnd() async {
        let (client, output, _, _) = await run(.json)
        let first = client.snapshots.withLock { $0[0] }
        #expect(first.hasPrefix("[\n{\"key\": ") && !first.contains("]\n"))
        #expect(output.hasSuffix("\n]\n"))
    }

    @Test func rawWritesValuesAsTheyArrive() async {
        let (client, output, _, _) = await run(.raw)
        #expect(client.snapshots.withLock { $0 } == ["0\n", "0\n", "0\n2\n"])
        #expect(output == "0\n2\n")
    }

    /// Three pages (1,000 + 1,000 + 500 rows): each drawn once it is full, with its own
    /// header, so a long batch shows as it comes and is never held whole.
    @Test func aLongBatchTableIsDrawnAPageAtATime() async {
        let (client, output, _, status) = await run(.table, statement: "BATCH READ test.demo ('k{0..2499}')")
        #expect(status == .success)
        let snapshots = client.snapshots.withLock { $0 }
        #expect(snapshots[998].isEmpty)
        #expect(snapshots[999].split(separator: "\n").count == 1_001, "the first page is out once its 1,000th row came")
        #expect(snapshots[1_998].split(separator: "\n").count == 1_001)
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("@key") }.count == 3)
        #expect(output.split(separator: "\n").count == 2_503)
    }

    @Test func csvNamesTheFirstPagesBinsAndSaysWhichLaterBinsItLeftOut() async {
        let (client, output, errors, status) = await run(.csv, statement: "BATCH READ test.demo ('k{0..1199}')", lateBin: 1_100)
        #expect(status == .success)
        let lines = output.split(separator: "\r\n")
        #expect(lines.first == "@key,@gen,@ttl,v,@error")
        #expect(lines.count == 1_201)
        #expect(client.snapshots.withLock { $0[1_050] }.split(separator: "\r\n").count == 1_052, "rows after the first page go out at once")
        #expect(errors.contains("note: the CSV header names the bins of the first 1000 rows; later rows' bins 'late' were left out"), "\(errors)")
    }

    @Test func aTableWaitsForEveryRowToAlignItsColumns() async {
        let (client, output, _, _) = await run(.table)
        #expect(client.snapshots.withLock { $0 }.allSatisfy { $0.isEmpty })
        #expect(output == """
            @key  @result    @gen   @ttl  v
            'k0'  ok            1  NEVER  0
            'k1'  not found
            'k2'  ok            1  NEVER  2

            """)
    }

    @Test func aBatchThatFailsPartWayShowsItsRowsThenTheError() async {
        let (_, output, errors, status) = await run(.json, failAfter: 2)
        #expect(status == .statementFailed)
        // Still one well-formed array: the rows that came, closed.
        #expect(output.hasPrefix("[\n{") && output.hasSuffix("\n]\n"))
        #expect(output.split(separator: "\n").count == 4)
        #expect(errors.hasPrefix("error: line 1: AEROSPIKE_ERR_TIMEOUT (9): test.demo (3 keys): the node went away"), "\(errors)")
    }
}
