import AerospikeCore
import AeroshLanguage

/// JSON lines: the documents of the JSON format, one per line, a batch's rows included, so
/// each line stands alone for `jq -c` and friends.
public struct JSONLinesRenderer: ResultRenderer {
    private var json = JSONRenderer()

    public init() {}

    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        guard case .batch(let results, let kind) = result else {
            json.render(result, elapsed: elapsed, showFooter: showFooter, to: &sink)
            return
        }
        var line = ""
        for entry in results {
            json.writeBatchEntry(entry, kind: kind, to: &line)
            sink.write(line + "\n")
            line = ""
        }
    }
}
