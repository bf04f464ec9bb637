import AerospikeCore
import AeroshLanguage

/// The default output: a column per bin after the key, generation and TTL columns, each
/// value written as a literal that pastes back as input.
public struct TableRenderer: ResultRenderer {
    let style: TableStyle
    /// The terminal's width: wider tables are squeezed, cells elided with `…`.
    let maxWidth: Int?
    /// Draw the key column faint (on a colour terminal).
    let dimKeys: Bool
    /// The @key, @gen and @ttl columns (SET META).
    let showMeta: Bool
    /// The elapsed time in footers (SET TIMING).
    let showTiming: Bool
    /// What the statement's rows are.
    private var kind = ResultKind.record
    /// Rows of a batch, scan or listing not yet drawn: aligned columns need a page of them
    /// before its first line.
    private var page: [ResultRow] = []
    /// Rows of this statement shown vertically so far (their blocks are numbered).
    private var verticalRows = 0

    public init(style: TableStyle, maxWidth: Int? = nil, dimKeys: Bool = false, showMeta: Bool = true, showTiming: Bool = true) {
        self.style = style
        self.maxWidth = maxWidth
        self.dimKeys = dimKeys
        self.showMeta = showMeta
        self.showTiming = showTiming
    }

    private mutating func draw(_ table: TextTable, to sink: inout some OutputSink) {
        var table = table
        if !showMeta {
            let hidden = Set(table.headers.indices.filter { ["@key", "@gen", "@ttl"].contains(table.headers[$0]) })
            table.headers = table.headers.indices.filter { !hidden.contains($0) }.map { table.headers[$0] }
            table.rightAligned = table.rightAligned.indices.filter { !hidden.contains($0) }.map { table.rightAligned[$0] }
            table.rows = table.rows.map { row in row.indices.filter { !hidden.contains($0) }.map { row[$0] } }
        }
        let keyColumn = table.headers.firstIndex(of: "@key")
        let dim: Set<Int> = dimKeys ? Set(keyColumn.map { [$0] } ?? []) : []
        // On a terminal, rows that would not fit its width are shown as vertical blocks
        // rather than cut down to ellipses.
        if let maxWidth, table.naturalWidth(style: style) > maxWidth {
            table.writeVertical(to: &sink, firstNumber: verticalRows + 1, dimColumns: dim)
            verticalRows += table.rows.count
            return
        }
        table.write(to: &sink, style: style, maxWidth: maxWidth, dimColumns: dim)
    }

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {
        self.kind = kind
        page = []
        verticalRows = 0
    }

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        switch row {
        case .record(let record) where kind != .scan:
            draw(recordTable([record]), to: &sink)
        case .exists(let key, let metadata):
            var table = TextTable(headers: ["@key", "exists", "@gen", "@ttl"], rightAligned: [false, false, true, true])
            table.rows.append([Self.keyCell(key), metadata == nil ? "false" : "true"] + (metadata.map(Self.metaCells) ?? ["", ""]))
            draw(table, to: &sink)
        case .ordered(_, let results):
            var table = TextTable(headers: ["bin", "value"], rightAligned: [false, results.allSatisfy(\.value.isNumber)])
            table.rows = results.map { [$0.name, ValueLiteral.render($0.value)] }
            draw(table, to: &sink)
        case .written, .removed, .filteredOut, .done, .footnote:
            break
        case .record, .batch, .info, .values, .count:
            // A page at a time, each aligned on its own rows (its header repeated), so a
            // long batch, scan or listing is shown as it comes and never held whole.
            page.append(row)
            if page.count >= renderPageRows { drawPage(to: &sink) }
        }
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        drawPage(to: &sink)
        if showFooter { sink.write(summary.footerLine(kind, elapsed: elapsed, showTiming: showTiming)) }
        return []
    }

    private mutating func drawPage(to sink: inout some OutputSink) {
        guard !page.isEmpty else { return }
        if let columns = kind.tableColumns {
            draw(Self.listingTable(columns, page.compactMap(\.cells)), to: &sink)
        } else if case .batch(let batchKind) = kind {
            draw(batchTable(page.compactMap { if case .batch(let entry) = $0 { entry } else { nil } }, kind: batchKind), to: &sink)
        } else if kind == .scan {
            draw(recordTable(page.compactMap { if case .record(let record) = $0 { record } else { nil } }), to: &sink)
        }
        page = []
    }

    /// A listing's (or ASINFO's, COUNT's) rows: strings as they are (names, not literals),
    /// numbers right-aligned, an empty cell where a row has no value.
    static func listingTable(_ columns: [String], _ rows: [[Value]]) -> TextTable {
        let numeric = columns.indices.map { column in
            rows.allSatisfy { column >= $0.count || $0[column] == .nil || $0[column].isNumber }
        }
        var table = TextTable(headers: columns, rightAligned: numeric)
        table.rows = rows.map { $0.map(listingCell) }
        return table
    }

    static func listingCell(_ value: Value) -> String {
        switch value {
        case .nil: ""
        case .string(let text): text
        default: ValueLiteral.render(value)
        }
    }

    /// The bin columns of `records`: every bin name in the order first seen, and whether
    /// each column holds only numbers (right-aligned).
    private func binColumns(_ records: [Record]) -> (names: [String], numeric: [Bool]) {
        // One record with a few bins of distinct names (a GET's table): its bins as they
        // are, without a set of names seen.
        if records.count == 1, records[0].bins.count <= 16 {
            let bins = records[0].bins
            let distinct = bins.indices.allSatisfy { index in !bins[..<index].contains { $0.name == bins[index].name } }
            if distinct { return (bins.map(\.name), bins.map(\.value.isNumber)) }
        }
        var binNames: [String] = []
        var seen: Set<String> = []
        for record in records {
            for bin in record.bins where seen.insert(bin.name).inserted { binNames.append(bin.name) }
        }
        let numeric = binNames.map { name in records.allSatisfy { $0[bin: name].map(\.isNumber) ?? true } }
        return (binNames, numeric)
    }

    func recordTable(_ records: [Record]) -> TextTable {
        let (binNames, numeric) = binColumns(records)
        var headers = ["@key", "@gen", "@ttl"]
        headers.append(contentsOf: binNames)
        var rightAligned = [false, true, true]
        rightAligned.append(contentsOf: numeric)
        var table = TextTable(headers: headers, rightAligned: rightAligned)
        table.rows.reserveCapacity(records.count)
        for record in records {
            // One array per row, filled in place (three joined arrays were three allocations).
            var row: [String] = []
            row.reserveCapacity(headers.count)
            row.append(Self.keyCell(record.key))
            Self.appendMetaCells(record.metadata, to: &row)
            for name in binNames { row.append(record[bin: name].map(ValueLiteral.render) ?? "") }
            table.rows.append(row)
        }
        return table
    }

    /// One row per key, in key order: the outcome, then metadata and bins when found.
    func batchTable(_ results: [BatchRecord], kind: ResultKind.BatchKind) -> TextTable {
        let (binNames, numeric) = binColumns(results.compactMap(\.record))
        var table = TextTable(headers: ["@key", "@result", "@gen", "@ttl"] + binNames, rightAligned: [false, false, true, true] + numeric)
        for entry in results {
            switch entry.outcome {
            case .record(let record):
                let meta = kind == .remove ? ["", ""] : Self.metaCells(record.metadata)
                table.rows.append([Self.keyCell(entry.key), "ok"] + meta + binNames.map { record[bin: $0].map(ValueLiteral.render) ?? "" })
            case .notFound:
                table.rows.append([Self.keyCell(entry.key), "not found"])
            case .failed(let code):
                table.rows.append([Self.keyCell(entry.key), "\(code.name) (\(code.rawValue))"])
            }
        }
        return table
    }

    /// A key as a literal that pastes back (the table's and the vertical blocks' @key).
    static func keyCell(_ key: Key) -> String {
        key.userKey.map(ValueLiteral.render) ?? "DIGEST x'\(key.digest.hex)'"
    }

    /// @gen and @ttl as the table and the vertical blocks show them.
    static func metaCells(_ metadata: RecordMetadata) -> [String] {
        var cells: [String] = []
        appendMetaCells(metadata, to: &cells)
        return cells
    }

    /// @gen and @ttl.
    static func appendMetaCells(_ metadata: RecordMetadata, to cells: inout [String]) {
        cells.append(String(metadata.generation))
        switch metadata.ttl {
        case .never: cells.append("NEVER")
        case .seconds(let seconds): cells.append(String(seconds))
        }
    }
}

extension Value {
    var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }
}
