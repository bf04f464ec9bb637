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
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
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
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
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
        // Each line is one string built in place: a table per record (a GET's result) made
        // padding strings, a parts array and a join for every cell.
        let boxed = style == .boxed
        let dims = !dimColumns.isEmpty
        func line(_ cells: [String]) -> String {
            var text = ""
            text.reserveCapacity(widths.reduce(4 * widths.count + 4, +))
            if boxed { text += "| " }
            for (column, width) in widths.enumerated() {
                if column > 0 { text += boxed ? " | " : "  " }
                var cell = column < cells.count ? cells[column] : ""
                var count = cell.count
                if count > width {
                    cell = String(cell.prefix(width - 1)) + "…"
                    count = width
                }
                let dim = dims && dimColumns.contains(column)
                if dim { text += "\u{1B}[2m" }
                if rightAligned[column] {
                    TextTable.appendSpaces(width - count, to: &text)
                    text += cell
                } else {
                    text += cell
                    TextTable.appendSpaces(width - count, to: &text)
                }
                if dim { text += "\u{1B}[0m" }
            }
            if boxed {
                text += " |"
            } else {
                while text.utf8.last == UInt8(ascii: " ") { text.removeLast() }
            }
            text += "\n"
            return text
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        if style == .boxed { sink.write(rule) }
        sink.write(line(headers))
        if style == .boxed { sink.write(rule) }
        for row in rows { sink.write(line(row)) }
        if style == .boxed { sink.write(rule) }
    }

    private static func appendSpaces(_ count: Int, to text: inout String) {
        for _ in 0..<max(0, count) { text.unicodeScalars.append(" ") }
    }
}
