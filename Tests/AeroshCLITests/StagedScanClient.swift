import AerospikeCore
import AerospikeEmbedded
@testable import AeroshCLI
import AeroshLanguage
import Synchronization
import Testing

/// A client whose scans hand on the records given, in order, with a partitions-done event
/// after each, noting what the output showed after every record; optionally cancelling
/// its own task after some records (what Ctrl-C does), as a real client then stops.
final class StagedScanClient: AerospikeClient {
    let records: [Record]
    let sink: SharedSink?
    let cancelAfter: Int?
    let snapshots = Mutex<[String]>([])
    let requests = Mutex<[ScanRequest]>([])

    init(records: [Record], sink: SharedSink? = nil, cancelAfter: Int? = nil) {
        self.records = records
        self.sink = sink
        self.cancelAfter = cancelAfter
    }

    func scan(_ request: ScanRequest, receive: (ScanEvent) -> Void) async throws(AerospikeError) {
        requests.withLock { $0.append(request) }
        for (index, record) in records.prefix(request.maxRecords ?? .max).enumerated() {
            if index == cancelAfter { withUnsafeCurrentTask { $0?.cancel() } }
            if Task.isCancelled { throw AerospikeError(.clientAbort, message: "cancelled") }
            receive(.record(request.bins == .none ? Record(key: record.key, metadata: record.metadata, bins: []) : record))
            receive(.partitionsDone(index + 1))
            if let sink { snapshots.withLock { $0.append(sink.text) } }
        }
    }

    func batch(_ request: BatchRequest, receive: (BatchRecord) -> Void) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func put(_ key: Key, bins: [Bin], policy: WritePolicy) async throws(AerospikeError) -> RecordMetadata { throw AerospikeError(.unsupportedFeature) }
    func get(_ key: Key, bins: [String]?, policy: ReadPolicy) async throws(AerospikeError) -> Record { throw AerospikeError(.unsupportedFeature) }
    func exists(_ key: Key, policy: ReadPolicy) async throws(AerospikeError) -> RecordMetadata? { throw AerospikeError(.unsupportedFeature) }
    func remove(_ key: Key, policy: WritePolicy) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func operate(_ key: Key, operations: [Operation], policy: WritePolicy) async throws(AerospikeError) -> OperateResult { throw AerospikeError(.unsupportedFeature) }
    func createIndex(_ index: IndexDefinition) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func dropIndex(namespace: String, name: String) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    func truncate(namespace: String, set: String?, before: UInt64?) async throws(AerospikeError) { throw AerospikeError(.unsupportedFeature) }
    /// An index on test.demo's age, as a server lists it: queries on age use it.
    func info(_ command: String, on target: InfoTarget) async throws(AerospikeError) -> [InfoReply] {
        guard command.hasPrefix("sindex-list") else { throw AerospikeError(.unsupportedFeature) }
        return [InfoReply(node: "BB9", value: "ns=test:indexname=idx_age:set=demo:bin=age:type=numeric:indextype=default:context=null:exp=null:state=RW")]
    }
    func placement(of key: Key) -> KeyPlacement { KeyPlacement(partition: key.digest.partitionID, master: "BB9", address: "10.0.0.1:3000") }
    func close() async {}
}

/// Everything written to standard output and to the progress line, in the order written.
final class TerminalLog: OutputSink, Sendable {
    enum Entry: Equatable { case output(String), flush, progress(String) }
    private let entries = Mutex<[Entry]>([])
    var all: [Entry] { entries.withLock { $0 } }
    func write(_ text: String) { entries.withLock { $0.append(.output(text)) } }
    func flush() { entries.withLock { $0.append(.flush) } }
    func progress(_ text: String) { entries.withLock { $0.append(.progress(text)) } }
}
