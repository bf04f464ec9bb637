import AerospikeCore
import AeroshLanguage

/// One JSON document per statement that returns data, in the shape of the seed's Record:
/// `{"key": {…}, "meta": {"gen": 1, "ttl": 2592000}, "bins": {…}}`. Writes print nothing.
public struct JSONRenderer: ResultRenderer {
    private var batchKind = StatementResult.BatchKind.read
    private var batchRows = 0

    public init() {}

    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        var out = ""
        switch result {
        case .record(let record):
            writeHead(record.key, record.metadata, to: &out)
            out += ", \"bins\": "
            JSONText.write(.map(record.bins.map { MapEntry(.string($0.name), $0.value) }), to: &out)
            out += "}\n"
        case .exists(let key, let metadata):
            writeHead(key, metadata, to: &out)
            out += "}\n"
        case .ordered(let record, let results):
            writeHead(record.key, record.metadata, to: &out)
            out += ", \"results\": ["
            for (index, bin) in results.enumerated() {
                if index > 0 { out += ", " }
                out += "["
                JSONText.writeString(bin.name, to: &out)
                out += ", "
                JSONText.write(bin.value, to: &out)
                out += "]"
            }
            out += "]}\n"
        case .written, .removed:
            return
        case .batch(let results, let kind):
            renderBatch(results, kind, elapsed: elapsed, showFooter: showFooter, to: &sink)
            return
        }
        sink.write(out)
    }

    // One array per statement; a row per key, a failed or missing key as an error.
    public mutating func beginBatch(_ kind: StatementResult.BatchKind, to sink: inout some OutputSink) {
        batchKind = kind
        batchRows = 0
        sink.write("[")
    }

    public mutating func batchRow(_ entry: BatchRecord, to sink: inout some OutputSink) {
        var out = batchRows == 0 ? "\n" : ",\n"
        writeBatchEntry(entry, kind: batchKind, to: &out)
        sink.write(out)
        batchRows += 1
    }

    public mutating func endBatch(_ summary: BatchSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        sink.write(batchRows == 0 ? "]\n" : "\n]\n")
    }

    /// One key of a batch: its record, or its error.
    func writeBatchEntry(_ entry: BatchRecord, kind: StatementResult.BatchKind, to out: inout String) {
        switch entry.outcome {
        case .record(let record):
            writeHead(entry.key, kind == .remove ? nil : record.metadata, to: &out)
            if kind == .read || kind == .operate {
                out += ", \"bins\": "
                JSONText.write(.map(record.bins.map { MapEntry(.string($0.name), $0.value) }), to: &out)
            }
            out += "}"
        case .notFound:
            writeError(entry.key, .recordNotFound, to: &out)
        case .failed(let code):
            writeError(entry.key, code, to: &out)
        }
    }

    private func writeError(_ key: Key, _ code: ResultCode, to out: inout String) {
        out += "{\"key\": "
        JSONText.write(key, to: &out)
        out += ", \"error\": {\"code\": \(code.rawValue), \"name\": \"\(code.name)\"}}"
    }

    private func writeHead(_ key: Key, _ metadata: RecordMetadata?, to out: inout String) {
        out += "{\"key\": "
        JSONText.write(key, to: &out)
        out += ", \"meta\": "
        if let metadata { JSONText.write(metadata, to: &out) } else { out += "null" }
    }
}
