import AeroshLanguage

/// Turns statement results into text, one statement at a time. Sendable so that a runner
/// can move into the task that the interactive shell cancels on Ctrl-C.
public protocol ResultRenderer: Sendable {
    /// Writes one statement's result; `footer` carries the row count and timing line when
    /// footers are on.
    mutating func render(_ result: StatementResult, elapsed: Duration, showFooter: Bool, to sink: inout some OutputSink)
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
