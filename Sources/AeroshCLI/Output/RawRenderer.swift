import AerospikeCore
import AeroshLanguage

/// Values only, one per line, for `$(aerosh -o raw -c "GET … BINS name")`: strings as
/// they are, numbers as numbers, lists and maps as JSON. EXISTS prints true or false.
public struct RawRenderer: ResultRenderer {
    public init() {}

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {}

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        write(RecordRows.rows(row), to: &sink)
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        []
    }

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
