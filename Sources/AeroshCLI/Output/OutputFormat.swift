import ArgumentParser

/// The output formats of `-o` and `SET OUTPUT`.
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    case table
    case json
    case jsonl
    case csv
    case raw

    func makeRenderer(style: TableStyle) -> any ResultRenderer {
        switch self {
        case .table: TableRenderer(style: style)
        case .json: JSONRenderer()
        case .jsonl: JSONLinesRenderer()
        case .csv: CSVRenderer()
        case .raw: RawRenderer()
        }
    }
}
