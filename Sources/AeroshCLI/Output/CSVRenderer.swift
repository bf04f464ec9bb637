import AerospikeCore
import AeroshLanguage

/// CSV (RFC 4180): a header of key, generation, TTL and the union of the bin names, then a
/// row per record; fields with commas, quotes or line breaks are quoted.
public struct CSVRenderer: ResultRenderer {
    /// A streamed batch's rows: the header names every bin, so it waits for them all.
    private var batchRows: [RecordRows.Row] = []

    public init() {}

    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        write(RecordRows.rows(result), to: &sink)
    }

    public mutating func beginBatch(_ kind: StatementResult.BatchKind, to sink: inout some OutputSink) {
        batchRows = []
    }

    public mutating func batchRow(_ entry: BatchRecord, to sink: inout some OutputSink) {
        batchRows.append(RecordRows.row(entry))
    }

    public mutating func endBatch(_ summary: BatchSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        write(batchRows, to: &sink)
        batchRows = []
    }

    private func write(_ rows: [RecordRows.Row], to sink: inout some OutputSink) {
        guard !rows.isEmpty else { return }
        var binNames: [String] = []
        for case .record(let record) in rows {
            for bin in record.bins where !binNames.contains(bin.name) { binNames.append(bin.name) }
        }
        let errorColumn = rows.contains(where: \.isMissing)
        sink.write(line(["@key", "@gen", "@ttl"] + binNames + (errorColumn ? ["@error"] : [])))
        for row in rows {
            switch row {
            case .record(let record):
                sink.write(line([RecordRows.keyText(record.key)] + meta(record.metadata) + binNames.map { record[bin: $0].map(RecordRows.plainText) ?? "" } + (errorColumn ? [""] : [])))
            case .metadata(let key, let metadata):
                sink.write(line([RecordRows.keyText(key)] + (metadata.map(meta) ?? ["", ""]) + binNames.map { _ in "" } + (errorColumn ? [""] : [])))
            case .missing(let key, let code):
                sink.write(line([RecordRows.keyText(key), "", ""] + binNames.map { _ in "" } + [code.name]))
            }
        }
    }

    private func meta(_ metadata: RecordMetadata) -> [String] {
        switch metadata.ttl {
        case .never: [String(metadata.generation), "-1"]
        case .seconds(let seconds): [String(metadata.generation), String(seconds)]
        }
    }

    private func line(_ fields: [String]) -> String {
        fields.map(CSVRenderer.escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

extension RecordRows.Row {
    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}
