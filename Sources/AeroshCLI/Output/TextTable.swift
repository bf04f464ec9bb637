/// How a table is drawn: bordered on a terminal, plain aligned columns otherwise (easy to
/// read and to cut with awk).
public enum TableStyle: Sendable {
    case plain
    case boxed
}

/// Rows of cells laid out in aligned columns.
struct TextTable {
    var headers: [String]
    var rightAligned: [Bool]
    var rows: [[String]] = []

    init(headers: [String], rightAligned: [Bool]) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    /// The narrowest a column gets when the table is squeezed to a terminal's width.
    static let minimumColumnWidth = 6

    /// Lays the table out; with `maxWidth`, the widest columns give way first and cells that
    /// no longer fit end in `…`. `dimColumns` are drawn faint (ANSI) — terminals only.
    func render(style: TableStyle, maxWidth: Int? = nil, dimColumns: Set<Int> = []) -> String {
        var text = StringSink()
        write(to: &text, style: style, maxWidth: maxWidth, dimColumns: dimColumns)
        return text.text
    }

    /// The width the table takes with no cell elided.
    func naturalWidth(style: TableStyle) -> Int {
        let widths = TextTable.columnWidths(headers.map(TextTable.characterCount), rows.map { $0.map(TextTable.characterCount) })
        let chrome = style == .boxed ? 3 * widths.count + 1 : 2 * max(0, widths.count - 1)
        return widths.reduce(chrome, +)
    }

    /// The rows as vertical blocks (`VerticalBlock`, for rows that would not fit a
    /// terminal's width), numbered from `firstNumber`. An empty cell is a column the row has
    /// no value for (a literal is never empty: an empty string is `''`), so it is left
    /// out, as `-o vertical` leaves it out.
    func writeVertical(to sink: inout some OutputSink, firstNumber: Int, dimColumns: Set<Int> = []) {
        for (offset, row) in rows.enumerated() {
            let lines = zip(headers, row).enumerated().compactMap { column, pair -> (name: String, value: String)? in
                let (header, cell) = pair
                guard !cell.isEmpty else { return nil }
                return (header, dimColumns.contains(column) ? "\u{1B}[2m\(cell)\u{1B}[0m" : cell)
            }
            sink.write(VerticalBlock.text(number: firstNumber + offset, lines: lines))
        }
    }

    /// Writes the table a line at a time: a batch's table is never one string in memory.
    func write(to sink: inout some OutputSink, style: TableStyle, maxWidth: Int? = nil, dimColumns: Set<Int> = []) {
        // Each cell's width is counted once: `String.count` walks grapheme clusters, and
        // a GET's one-row table spent a fifth of a piped script's time counting and
        // appending.
        let headerCounts = headers.map(TextTable.characterCount)
        let rowCounts = rows.map { $0.map(TextTable.characterCount) }
        var widths = TextTable.columnWidths(headerCounts, rowCounts)
        if let maxWidth {
            let chrome = style == .boxed ? 3 * widths.count + 1 : 2 * max(0, widths.count - 1)
            // Text columns give way before numbers, which an ellipsis would falsify.
            func widest(_ columns: [Int]) -> Int? {
                columns.filter { widths[$0] > TextTable.minimumColumnWidth }.max(by: { widths[$0] < widths[$1] })
            }
            while widths.reduce(chrome, +) > maxWidth,
                  let column = widest(widths.indices.filter { !rightAligned[$0] }) ?? widest(Array(widths.indices)) {
                widths[column] -= 1
            }
        }
        // Each line is built as UTF-8 bytes in one reused buffer and handed over whole.
        let boxed = style == .boxed
        let dims = !dimColumns.isEmpty
        var line: [UInt8] = []
        line.reserveCapacity(widths.reduce(4 * widths.count + 4, +))
        func write(_ cells: [String], counts: [Int]) {
            line.removeAll(keepingCapacity: true)
            if boxed { line.appendLiteral("| ") }
            for (column, width) in widths.enumerated() {
                if column > 0 { line.appendLiteral(boxed ? " | " : "  ") }
                var cell = column < cells.count ? cells[column] : ""
                var count = column < counts.count ? counts[column] : 0
                if count > width {
                    cell = String(cell.prefix(width - 1)) + "…"
                    count = width
                }
                let dim = dims && dimColumns.contains(column)
                if dim { line.appendLiteral("\u{1B}[2m") }
                if rightAligned[column] {
                    line.appendSpaces(width - count)
                    line.appendText(cell)
                } else {
                    line.appendText(cell)
                    line.appendSpaces(width - count)
                }
                if dim { line.appendLiteral("\u{1B}[0m") }
            }
            if boxed {
                line.appendLiteral(" |")
            } else {
                while line.last == UInt8(ascii: " ") { line.removeLast() }
            }
            line.append(UInt8(ascii: "\n"))
            sink.write(utf8: line)
        }
        guard boxed else {
            write(headers, counts: headerCounts)
            for (row, counts) in zip(rows, rowCounts) { write(row, counts: counts) }
            return
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        sink.write(rule)
        write(headers, counts: headerCounts)
        sink.write(rule)
        for (row, counts) in zip(rows, rowCounts) { write(row, counts: counts) }
        sink.write(rule)
    }

    /// Each column's widest cell, header included (cells past the headers are ignored).
    private static func columnWidths(_ headerCounts: [Int], _ rowCounts: [[Int]]) -> [Int] {
        var widths = headerCounts
        for counts in rowCounts {
            for (column, count) in counts.enumerated() where column < widths.count {
                widths[column] = max(widths[column], count)
            }
        }
        return widths
    }

    /// A cell's width in characters; ASCII text (nearly every cell) without walking
    /// grapheme clusters.
    static func characterCount(_ text: String) -> Int {
        for byte in text.utf8 where byte >= 0x80 { return text.count }
        return text.utf8.count
    }
}
