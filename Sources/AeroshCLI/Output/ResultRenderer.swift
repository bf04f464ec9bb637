import AerospikeCore
import AeroshLanguage

/// Turns a statement's rows into text as they come: `begin` with the kind of rows, `row`
/// for each, then `end`. Every statement takes this one path (a single-record statement
/// has one row); a format writes each row at once where it can, and where it cannot
/// (aligned columns, a CSV header naming every bin) it holds a page of rows at most, so
/// memory stays flat however many come. Sendable so that a runner can move into the task
/// that the interactive shell cancels on Ctrl-C.
public protocol ResultRenderer: Sendable {
    mutating func begin(_ kind: ResultKind, to sink: inout some OutputSink)
    mutating func row(_ row: ResultRow, to sink: inout some OutputSink)
    /// After the last row, or after the rows that came before the statement failed
    /// (`showFooter` false then). Returns notes for standard error, if any.
    @discardableResult
    mutating func end(_ summary: ResultSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String]
}

extension ResultRenderer {
    /// A whole result at once, through the same steps as a streamed one.
    @discardableResult
    public mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) -> [String] {
        var summary = ResultSummary()
        begin(result.kind, to: &sink)
        for row in result.rows {
            summary.count(row)
            self.row(row, to: &sink)
        }
        return end(summary, elapsed: elapsed, showFooter: showFooter, to: &sink)
    }
}

/// Rows a table or CSV holds before writing them: each page is aligned (and, for CSV,
/// the header named) from its own rows.
let renderPageRows = 1_000

extension Duration {
    /// `0.412 ms`, the way the footer shows elapsed time.
    var footerText: String {
        let (seconds, attoseconds) = components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let milliseconds = Double(microseconds) / 1000
        let thousandths = Int((milliseconds * 1000).rounded())
        let whole = thousandths / 1000
        let fraction = String(thousandths % 1000)
        return "\(whole).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) ms"
    }
}
