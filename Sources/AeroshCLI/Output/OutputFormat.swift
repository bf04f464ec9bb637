import ArgumentParser

/// The output formats of `-o` and `SET OUTPUT`.
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    case table
    case json
    case jsonl
    case csv
    case raw

    func makeRenderer(style: TableStyle, terminal: TerminalOutput? = nil) -> any ResultRenderer {
        switch self {
        case .table: TableRenderer(style: style, maxWidth: terminal?.columns, dimKeys: terminal?.colors ?? false)
        case .json: JSONRenderer()
        case .jsonl: JSONLinesRenderer()
        case .csv: CSVRenderer()
        case .raw: RawRenderer()
        }
    }
}
