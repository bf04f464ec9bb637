import AerospikeCore
import AeroshLanguage

/// Values only, one per line, for `$(aerosh -o raw -c "GET … BINS name")`: strings as
/// they are, numbers as numbers, lists and maps as JSON. EXISTS prints true or false,
/// COUNT(*) the count, ASINFO each node's reply, a listing (SHOW) a line per row with its
/// values separated by tabs.
public struct RawRenderer: ResultRenderer {
    public init() {}

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {}

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        if case .info(let reply) = row {
            // The reply alone, for `$(aerosh -o raw -c "ASINFO 'build'")`.
            sink.write(reply.value + "\n")
        } else if let cells = row.cells {
            sink.write(cells.map(RecordRows.plainText).joined(separator: "\t") + "\n")
        } else {
            write(RecordRows.rows(row), to: &sink)
        }
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
