import AerospikeCore
import AeroshLanguage

/// JSON lines: the documents of the JSON format, one per line, a batch's rows included, so
/// each line stands alone for `jq -c` and friends.
public struct JSONLinesRenderer: ResultRenderer {
    private var json = JSONRenderer()
    private var batchKind = StatementResult.BatchKind.read

    public init() {}

    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        guard case .batch(let results, let kind) = result else {
            json.render(result, elapsed: elapsed, showFooter: showFooter, to: &sink)
            return
        }
        renderBatch(results, kind, elapsed: elapsed, showFooter: showFooter, to: &sink)
    }

    public mutating func beginBatch(_ kind: StatementResult.BatchKind, to sink: inout some OutputSink) {
        batchKind = kind
    }

    public mutating func batchRow(_ entry: BatchRecord, to sink: inout some OutputSink) {
        var line = ""
        json.writeBatchEntry(entry, kind: batchKind, to: &line)
        sink.write(line + "\n")
    }

    public mutating func endBatch(_ summary: BatchSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {}
}
