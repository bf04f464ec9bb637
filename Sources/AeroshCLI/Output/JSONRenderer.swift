import AerospikeCore
import AeroshLanguage

/// One JSON document per statement that returns data, in the shape of the seed's Record:
/// `{"key": {…}, "meta": {"gen": 1, "ttl": 2592000}, "bins": {…}}`. Writes print nothing.
public struct JSONRenderer: ResultRenderer {
    private var kind = ResultKind.record
    private var batchRows = 0

    public init() {}

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {
        self.kind = kind
        batchRows = 0
        // A batch is one array per statement, a row per key.
        if case .batch = kind { sink.write("[") }
    }

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        var out = ""
        if case .batch(let entry) = row, case .batch(let batchKind) = kind {
            out += batchRows == 0 ? "\n" : ",\n"
            writeBatchEntry(entry, kind: batchKind, to: &out)
            batchRows += 1
            sink.write(out)
            return
        }
        guard writeDocument(row, to: &out) else { return }
        sink.write(out + "\n")
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        if case .batch = kind { sink.write(batchRows == 0 ? "]\n" : "\n]\n") }
        return []
    }

    /// The document of a row that is not a batch's; false for a write, which prints nothing.
    func writeDocument(_ row: ResultRow, to out: inout String) -> Bool {
        switch row {
        case .record(let record):
            writeHead(record.key, record.metadata, to: &out)
            out += ", \"bins\": "
            JSONText.write(.map(record.bins.map { MapEntry(.string($0.name), $0.value) }), to: &out)
            out += "}"
        case .exists(let key, let metadata):
            writeHead(key, metadata, to: &out)
            out += "}"
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
            out += "]}"
        case .written, .removed:
            return false
        case .batch(let entry):
            writeBatchEntry(entry, kind: .read, to: &out)
        }
        return true
    }

    /// One key of a batch: its record, or its error.
    func writeBatchEntry(_ entry: BatchRecord, kind: ResultKind.BatchKind, to out: inout String) {
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
