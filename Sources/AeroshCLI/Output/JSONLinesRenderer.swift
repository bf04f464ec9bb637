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
        let json = self.json
        let kind = self.kind
        sink.write { out in
            let start = out.count
            guard json.writeDocument(row, kind: kind, to: &out) else {
                out.removeSubrange(start...)
                return
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        []
    }
}
