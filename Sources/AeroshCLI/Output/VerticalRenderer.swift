import AerospikeCore
import AeroshLanguage

/// Vertical output for wide records (`-o vertical`, `SET OUTPUT VERTICAL`; mysql's `\G`,
/// psql's `\x`): a block per record, one `name: value` line per column, names aligned.
/// Nothing is elided, however wide a value: every row is written as it comes.
public struct VerticalRenderer: ResultRenderer {
    let showMeta: Bool
    let showTiming: Bool
    private var kind = ResultKind.record
    private var blocks = 0

    public init(showMeta: Bool = true, showTiming: Bool = true) {
        self.showMeta = showMeta
        self.showTiming = showTiming
    }

    public mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink) {
        self.kind = kind
        blocks = 0
    }

    public mutating func row(_ row: ResultRow, to sink: inout some OutputSink) {
        switch row {
        case .record(let record):
            block(meta(record.key, record.metadata) + record.bins.map { ($0.name, ValueLiteral.render($0.value)) }, to: &sink)
        case .exists(let key, let metadata):
            var lines = [("@key", keyText(key)), ("exists", metadata == nil ? "false" : "true")]
            if showMeta, let metadata { lines += metaLines(metadata) }
            block(showMeta ? lines : lines.filter { $0.0 != "@key" }, to: &sink)
        case .ordered(_, let results):
            block(results.map { ($0.name, ValueLiteral.render($0.value)) }, to: &sink)
        case .count, .info, .values:
            guard let columns = kind.tableColumns, let cells = row.cells else { return }
            // A column the row has no value for is left out, as a wide table's blocks do.
            block(zip(columns, cells).filter { $0.1 != .nil }.map { ($0.0, TableRenderer.listingCell($0.1)) }, to: &sink)
        case .written, .removed, .filteredOut, .done, .footnote:
            break
        case .batch(let entry):
            var lines: [(String, String)] = showMeta ? [("@key", keyText(entry.key))] : []
            switch entry.outcome {
            case .record(let record):
                lines.append(("@result", "ok"))
                if showMeta, kind != .batch(.remove) { lines += metaLines(record.metadata) }
                lines += record.bins.map { ($0.name, ValueLiteral.render($0.value)) }
            case .notFound:
                lines.append(("@result", "not found"))
            case .failed(let code):
                lines.append(("@result", "\(code.name) (\(code.rawValue))"))
            }
            block(lines, to: &sink)
        }
    }

    @discardableResult
    public mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        if showFooter { sink.write(summary.footerLine(kind, elapsed: elapsed, showTiming: showTiming)) }
        return []
    }

    private mutating func block(_ lines: [(String, String)], to sink: inout some OutputSink) {
        blocks += 1
        sink.write(VerticalBlock.text(number: blocks, lines: lines))
    }

    private func meta(_ key: Key, _ metadata: RecordMetadata) -> [(String, String)] {
        showMeta ? [("@key", keyText(key))] + metaLines(metadata) : []
    }

    private func metaLines(_ metadata: RecordMetadata) -> [(String, String)] {
        Array(zip(["@gen", "@ttl"], TableRenderer.metaCells(metadata)))
    }

    private func keyText(_ key: Key) -> String {
        TableRenderer.keyCell(key)
    }
}

/// One vertical block: `*** n. row ***`, then a `name: value` line per column, the names
/// right-aligned. What `-o vertical` writes, and what a table writes for rows too wide
/// for the terminal.
enum VerticalBlock {
    static func text(number: Int, lines: [(name: String, value: String)]) -> String {
        let width = lines.map(\.name.count).max() ?? 0
        var text = "*************************** \(number). row ***************************\n"
        for (name, value) in lines {
            text += String(repeating: " ", count: width - name.count) + name + ": " + value + "\n"
        }
        return text
    }
}
