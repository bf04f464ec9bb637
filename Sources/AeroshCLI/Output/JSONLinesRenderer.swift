import AerospikeCore
import AeroshLanguage

/// JSON lines: the documents of the JSON format, one per line, a batch's rows included, so
/// each line stands alone for `jq -c` and friends.
public struct JSONLinesRenderer: ResultRenderer {
    private var json = JSONRenderer()

    public init() {}

    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        guard case .batch = result else {
            json.render(result, elapsed: elapsed, showFooter: showFooter, to: &sink)
            return
        }
        var lines = StringSink()
        json.render(result, elapsed: elapsed, showFooter: showFooter, to: &lines)
        // The JSON array puts one document per line between "[" and "]".
        for line in lines.text.split(separator: "\n") where line != "[" && line != "]" {
            sink.write((line.hasSuffix(",") ? line.dropLast() : line) + "\n")
        }
    }
}
