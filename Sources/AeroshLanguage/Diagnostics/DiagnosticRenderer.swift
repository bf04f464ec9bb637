/// Formats an error the way LANGUAGE.md shows it:
///
///     error: line 3, column 14: expected a value
///       3 | PUT test.demo 'k' {a: }
///         |                       ^
public enum DiagnosticRenderer {
    public static func render(_ error: SyntaxError, in source: SourceText) -> String {
        let (line, column) = source.location(of: error.offset)
        var text = "error: "
        if let name = source.name { text += "\(name): " }
        text += "line \(line), column \(column): \(error.text)\n"
        text += excerpt(line: line, column: column, in: source)
        return text
    }

    /// The source line with a gutter, and a caret under the column.
    public static func excerpt(line: Int, column: Int, in source: SourceText) -> String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        let sourceLine = source.line(line).replacingTabs()
        let caretPad = String(repeating: " ", count: max(0, column - 1))
        return "  \(number) | \(sourceLine)\n  \(gutter) | \(caretPad)^\n"
    }
}

extension String {
    /// Tabs become one space so the caret lines up whatever the terminal's tab stops.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
