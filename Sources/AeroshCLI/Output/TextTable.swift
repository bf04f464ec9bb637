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

    func render(style: TableStyle) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, width) in widths.enumerated() {
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: width - cell.count)
                parts.append(rightAligned[column] ? padding + cell : cell + padding)
            }
            switch style {
            case .plain:
                var text = parts.joined(separator: "  ")
                while text.last == " " { text.removeLast() }
                return text + "\n"
            case .boxed:
                return "| " + parts.joined(separator: " | ") + " |\n"
            }
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        var text = ""
        if style == .boxed { text += rule }
        text += line(headers)
        if style == .boxed { text += rule }
        for row in rows { text += line(row) }
        if style == .boxed { text += rule }
        return text
    }
}
