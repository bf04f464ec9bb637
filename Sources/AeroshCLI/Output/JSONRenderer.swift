import AerospikeCore
import AeroshLanguage

/// One JSON document per statement that returns data, in the shape of the seed's Record:
/// `{"key": {…}, "meta": {"gen": 1, "ttl": 2592000}, "bins": {…}}`. A statement with many
/// rows (a batch, a scan, SHOW, ASINFO) is one array, written a row at a time; COUNT(*) is
/// `{"count": n}`. Writes and administrative statements print nothing.
public struct JSONRenderer: ResultRenderer {
    private var kind = ResultKind.record
    private var arrayRows = 0

    public init() {}

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {
        self.kind = kind
        arrayRows = 0
        if kind.isMultiRow { sink.write("[") }
    }

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        let separator: StaticString? = kind.isMultiRow ? (arrayRows == 0 ? "\n" : ",\n") : nil
        if writeRow(row, kind: kind, after: separator, newline: !kind.isMultiRow, to: &sink), kind.isMultiRow {
            arrayRows += 1
        }
    }

    /// Writes a row's document into the sink's buffer, after `separator` and, with
    /// `newline`, ended by one; a row that prints no document writes nothing (its separator
    /// is taken back). Whether it wrote.
    func writeRow(_ row: ResultRow, kind: ResultKind, after separator: StaticString?, newline: Bool, to sink: inout some OutputSink) -> Bool {
        var wrote = false
        sink.write { out in
            let start = out.count
            if let separator { out.appendLiteral(separator) }
            guard writeDocument(row, kind: kind, to: &out) else {
                out.removeSubrange(start...)
                return
            }
            if newline { out.append(UInt8(ascii: "\n")) }
            wrote = true
        }
        return wrote
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        if kind.isMultiRow { sink.write(arrayRows == 0 ? "]\n" : "\n]\n") }
        return []
    }

    /// The document of a row of a statement of `kind`; false for a row that prints none
    /// (a write, a footnote).
    func writeDocument(_ row: ResultRow, kind: ResultKind, to out: inout [UInt8]) -> Bool {
        switch row {
        case .record(let record):
            writeHead(record.key, record.metadata, to: &out)
            out.appendLiteral(", \"bins\": ")
            JSONText.write(record.bins, to: &out)
            out.appendLiteral("}")
        case .exists(let key, let metadata):
            writeHead(key, metadata, to: &out)
            out.appendLiteral("}")
        case .ordered(let record, let results):
            writeHead(record.key, record.metadata, to: &out)
            out.appendLiteral(", \"results\": [")
            for (index, bin) in results.enumerated() {
                if index > 0 { out.appendLiteral(", ") }
                out.appendLiteral("[")
                JSONText.writeString(bin.name, to: &out)
                out.appendLiteral(", ")
                JSONText.write(bin.value, to: &out)
                out.appendLiteral("]")
            }
            out.appendLiteral("]}")
        case .batch(let entry):
            if case .batch(let batchKind) = kind {
                writeBatchEntry(entry, kind: batchKind, to: &out)
            } else {
                writeBatchEntry(entry, kind: .read, to: &out)
            }
        case .count, .info, .values:
            guard let columns = kind.tableColumns, let cells = row.cells else { return false }
            writeObject(columns, cells, to: &out)
        case .filteredOut(let key):
            writeError(key, .filteredOut, to: &out)
        case .written, .removed, .done, .footnote:
            return false
        }
        return true
    }

    /// `{"column": value, …}`
    private func writeObject(_ columns: [String], _ values: [Value], to out: inout [UInt8]) {
        out.appendLiteral("{")
        for (index, (column, value)) in zip(columns, values).enumerated() {
            if index > 0 { out.appendLiteral(", ") }
            JSONText.writeString(column, to: &out)
            out.appendLiteral(": ")
            JSONText.write(value, to: &out)
        }
        out.appendLiteral("}")
    }

    /// One key of a batch: its record, or its error.
    func writeBatchEntry(_ entry: BatchRecord, kind: ResultKind.BatchKind, to out: inout [UInt8]) {
        switch entry.outcome {
        case .record(let record):
            writeHead(entry.key, kind == .remove ? nil : record.metadata, to: &out)
            if kind == .read || kind == .operate {
                out.appendLiteral(", \"bins\": ")
                JSONText.write(record.bins, to: &out)
            }
            out.appendLiteral("}")
        case .notFound:
            writeError(entry.key, .recordNotFound, to: &out)
        case .failed(let code):
            writeError(entry.key, code, to: &out)
        }
    }

    private func writeError(_ key: Key, _ code: ResultCode, to out: inout [UInt8]) {
        out.appendLiteral("{\"key\": ")
        JSONText.write(key, to: &out)
        out.appendLiteral(", \"error\": {\"code\": ")
        out.appendDecimal(code.rawValue)
        out.appendLiteral(", \"name\": \"")
        out.appendText(code.name)
        out.appendLiteral("\"}}")
    }

    private func writeHead(_ key: Key, _ metadata: RecordMetadata?, to out: inout [UInt8]) {
        out.appendLiteral("{\"key\": ")
        JSONText.write(key, to: &out)
        out.appendLiteral(", \"meta\": ")
        if let metadata { JSONText.write(metadata, to: &out) } else { out.appendLiteral("null") }
    }
}
