import AerospikeCore
import AeroshLanguage

/// CSV (RFC 4180): a header of key, generation, TTL and the bin names, then a row per
/// record; fields with commas, quotes or line breaks are quoted. A listing (SHOW, EXPLAIN),
/// ASINFO and COUNT(*) have a header of their own columns.
///
/// The header names the bins of the first page of rows (1,000), which are held until it
/// can be written; later rows go out at once in its columns. A later record with a bin
/// the header does not name has that bin left out, and the end says so on standard error.
public struct CSVRenderer: ResultRenderer {
    /// Rows waiting for the header.
    private var page: [RecordRows.Row] = []
    /// The columns once the header is out.
    private var columns: (bins: [String], errorColumn: Bool)?
    /// Bins of later records that the header does not name.
    private var leftOut: [String] = []
    /// A later key had no record, and the header has no @error column for its code.
    private var errorsBeyondHeader = false
    private var kind = ResultKind.record
    /// A listing's header is out.
    private var tableHeaderWritten = false

    public init() {}

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {
        self.kind = kind
        page = []
        columns = nil
        leftOut = []
        errorsBeyondHeader = false
        tableHeaderWritten = false
    }

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        if let columns = kind.tableColumns {
            if let cells = row.cells { writeTableRow(columns, cells, to: &sink) }
            return
        }
        let rows = RecordRows.rows(row)
        guard kind.isMultiRow else {
            // One record: its own header and row.
            writePage(rows, to: &sink)
            columns = nil
            return
        }
        if columns == nil {
            page += rows
            if page.count >= renderPageRows { writePage(page, to: &sink) }
            return
        }
        for row in rows { write(row, to: &sink) }
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        if columns == nil { writePage(page, to: &sink) }
        page = []
        var notes: [String] = []
        if !leftOut.isEmpty {
            notes.append("note: the CSV header names the bins of the first \(renderPageRows) rows; later rows' bins \(leftOut.map { "'\($0)'" }.joined(separator: ", ")) were left out")
        }
        if errorsBeyondHeader {
            notes.append("note: later keys with no record carry their error in a field after the header's columns (no @error column: none of the first \(renderPageRows) rows failed)")
        }
        return notes
    }

    /// A row of a table whose columns are known at once: the header before the first.
    private mutating func writeTableRow(_ columns: [String], _ values: [Value], to sink: inout some OutputSink) {
        if !tableHeaderWritten {
            sink.write(line(columns))
            tableHeaderWritten = true
        }
        sink.write(line(values.map(RecordRows.plainText)))
    }

    /// The header from these rows, then the rows.
    private mutating func writePage(_ rows: [RecordRows.Row], to sink: inout some OutputSink) {
        page = []
        guard !rows.isEmpty else { return }
        var binNames: [String] = []
        var seen: Set<String> = []
        for case .record(let record) in rows {
            for bin in record.bins where seen.insert(bin.name).inserted { binNames.append(bin.name) }
        }
        let errorColumn = rows.contains(where: \.isMissing)
        columns = (binNames, errorColumn)
        sink.write(line(["@key", "@gen", "@ttl"] + binNames + (errorColumn ? ["@error"] : [])))
        for row in rows { write(row, to: &sink) }
    }

    private mutating func write(_ row: RecordRows.Row, to sink: inout some OutputSink) {
        guard let (binNames, errorColumn) = columns else { return }
        switch row {
        case .record(let record):
            for bin in record.bins where !binNames.contains(bin.name) && !leftOut.contains(bin.name) { leftOut.append(bin.name) }
            sink.write(line([RecordRows.keyText(record.key)] + meta(record.metadata) + binNames.map { record[bin: $0].map(RecordRows.plainText) ?? "" } + (errorColumn ? [""] : [])))
        case .metadata(let key, let metadata):
            sink.write(line([RecordRows.keyText(key)] + (metadata.map(meta) ?? ["", ""]) + binNames.map { _ in "" } + (errorColumn ? [""] : [])))
        case .missing(let key, let code):
            // Without an @error column (no key of the first page failed), the code goes in a
            // field after the header's columns rather than be lost, and the end says so.
            if !errorColumn { errorsBeyondHeader = true }
            sink.write(line([RecordRows.keyText(key), "", ""] + binNames.map { _ in "" } + [code.name]))
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
