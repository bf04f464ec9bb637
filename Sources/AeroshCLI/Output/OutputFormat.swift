import ArgumentParser

/// The output formats of `-o` and `SET OUTPUT`.
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    case table
    case json
    case jsonl
    case csv
    case raw
    case vertical

    func makeRenderer(style: TableStyle, terminal: TerminalOutput? = nil, meta: Bool = true, timing: Bool = true) -> any ResultRenderer {
        switch self {
        case .table: TableRenderer(style: style, maxWidth: terminal?.columns, dimKeys: terminal?.colors ?? false, showMeta: meta, showTiming: timing)
        case .json: JSONRenderer()
        case .jsonl: JSONLinesRenderer()
        case .csv: CSVRenderer()
        case .raw: RawRenderer()
        case .vertical: VerticalRenderer(showMeta: meta, showTiming: timing)
        }
    }
}
