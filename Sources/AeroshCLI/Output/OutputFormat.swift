import ArgumentParser

/// The output formats of `-o` and `SET OUTPUT`.
public enum OutputFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    case table
    case json

    func makeRenderer(style: TableStyle) -> any ResultRenderer {
        switch self {
        case .table: TableRenderer(style: style)
        case .json: JSONRenderer()
        }
    }
}
