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

    /// The most characters of a line an excerpt shows: a longer line (a generated script's
    /// 10 MB literal, a list nested a thousand deep) is cut to a window around the column,
    /// with `…` where text was left out.
    static let widestExcerpt = 160

    /// The source line with a gutter, and a caret under the column.
    public static func excerpt(line: Int, column: Int, in source: SourceText) -> String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        var characters = Array(source.line(line).replacingTabs())
        var caret = max(0, column - 1)
        if characters.count > widestExcerpt {
            let start = max(0, min(caret - widestExcerpt / 2, characters.count - widestExcerpt))
            let end = min(characters.count, start + widestExcerpt)
            let window = Array(characters[start..<end])
            characters = (start > 0 ? ["…"] : []) + window + (end < characters.count ? ["…"] : [])
            caret = caret - start + (start > 0 ? 1 : 0)
        }
        let caretPad = String(repeating: " ", count: caret)
        return "  \(number) | \(String(characters))\n  \(gutter) | \(caretPad)^\n"
    }
}

extension String {
    /// Tabs become one space so the caret lines up whatever the terminal's tab stops.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
