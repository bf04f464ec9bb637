import AerospikeCore
import AeroshLanguage

/// JSON lines: the documents of the JSON format, one per line, a batch's and a scan's rows
/// included, so each line stands alone for `jq -c` and friends.
public struct JSONLinesRenderer: ResultRenderer {
    private let json = JSONRenderer()
    private var kind = ResultKind.record

    public init() {}

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {
        self.kind = kind
    }

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        _ = json.writeRow(row, kind: kind, after: nil, newline: true, to: &sink)
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        []
    }
}
