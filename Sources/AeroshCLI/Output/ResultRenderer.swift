import AerospikeCore
import AeroshLanguage

/// Turns statement results into text, one statement at a time. Sendable so that a runner
/// can move into the task that the interactive shell cancels on Ctrl-C.
public protocol ResultRenderer: Sendable {
    /// Writes one statement's result; `footer` carries the row count and timing line when
    /// footers are on.
    mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink)

    /// A batch's rows as the client hands them on: `beginBatch`, one `batchRow` per key in
    /// key order, then `endBatch`. A format that needs every row before the first (aligned
    /// columns, a CSV header naming every bin) keeps them; the others write each at once.
    mutating func beginBatch(_ kind: StatementResult.BatchKind, to sink: inout some OutputSink)
    mutating func batchRow(_ entry: BatchRecord, to sink: inout some OutputSink)
    /// After the last row, or after the rows that came before the batch failed
    /// (`showFooter` false then).
    mutating func endBatch(_ summary: BatchSummary, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink)
}

extension ResultRenderer {
    /// A whole batch at once, through the same steps as a streamed one.
    mutating func renderBatch(_ results: [BatchRecord], _ kind: StatementResult.BatchKind, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink) {
        beginBatch(kind, to: &sink)
        for entry in results { batchRow(entry, to: &sink) }
        endBatch(BatchSummary(results), elapsed: elapsed, showFooter: showFooter, to: &sink)
    }
}

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
