import AerospikeCore
import AeroshLanguage

/// Values only, one per line, for `$(aerosh -o raw -c "GET … BINS name")`: strings as
/// they are, numbers as numbers, lists and maps as JSON. EXISTS prints true or false.
public struct RawRenderer: ResultRenderer {
    public init() {}

    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        if case .batch(let results, let kind) = result {
            renderBatch(results, kind, elapsed: elapsed, showFooter: showFooter, to: &sink)
            return
        }
        write(RecordRows.rows(result), to: &sink)
    }

    public mutating func beginBatch(_ kind: StatementResult.BatchKind, to sink: inout some OutputSink) {}

    public mutating func batchRow(_ entry: BatchRecord, to sink: inout some OutputSink) {
        write([RecordRows.row(entry)], to: &sink)
    }

    public mutating func endBatch(_ summary: BatchSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {}

    private func write(_ rows: [RecordRows.Row], to sink: inout some OutputSink) {
        for row in rows {
            switch row {
            case .record(let record):
                for bin in record.bins { sink.write(RecordRows.plainText(bin.value) + "\n") }
            case .metadata(_, let metadata):
                sink.write(metadata == nil ? "false\n" : "true\n")
            case .missing:
                break
            }
        }
    }
}
