import AerospikeCore
import AeroshLanguage

/// What a footer says, counted as the rows go by: `1 row in set`, `OK, 1 record
/// affected`, for a batch `10 rows: 5 found, 4 not found, 1 failed`, for a query
/// `3 rows in set (1.234 ms), query on bin age`.
public struct ResultSummary: Sendable {
    var rows = 0
    var found = 0
    var notFound = 0
    var failed = 0
    /// Keys a batch's WHERE filtered out (result 27): neither found nor failed.
    var filteredOut = 0
    /// OPERATE ORDERED: the values its one row holds.
    var orderedValues = 0
    /// CREATE INDEX, DROP INDEX, TRUNCATE: what was done.
    var message: String?
    /// Remarks the statement made after its rows, for the end of the footer.
    var footnotes: [String] = []

    public init() {}

    public mutating func count(_ row: ResultRow) {
        switch row {
        case .footnote(let text):
            footnotes.append(text)
            return
        case .filteredOut:
            // Said by its footnote; not a row.
            return
        case .batch(let entry):
            switch entry.outcome {
            case .record: found += 1
            case .notFound: notFound += 1
            case .failed(.filteredOut): filteredOut += 1
            case .failed: failed += 1
            }
        case .ordered(_, let results):
            orderedValues += results.count
        case .done(let text):
            message = text
        case .record, .exists, .written, .removed, .count, .info, .values:
            break
        }
        rows += 1
    }

    func footer(_ kind: ResultKind) -> String {
        switch kind {
        case .record, .exists, .scan, .count, .info, .listing: return "\(rows) row\(rows == 1 ? "" : "s") in set"
        case .ordered: return "\(orderedValues) row\(orderedValues == 1 ? "" : "s") in set"
        case .written: return "OK, \(rows) record\(rows == 1 ? "" : "s") affected"
        case .removed: return "OK, \(rows) record\(rows == 1 ? "" : "s") removed"
        case .batch:
            let filtered = filteredOut > 0 ? ", \(filteredOut) filtered out" : ""
            return "\(rows) row\(rows == 1 ? "" : "s"): \(found) found, \(notFound) not found\(filtered), \(failed) failed"
        case .done: return message ?? "OK"
        }
    }

    /// The footer line: what it counts, the time it took (SET TIMING), then the footnotes.
    func footerLine(_ kind: ResultKind, elapsed: Duration, showTiming: Bool) -> String {
        var line = footer(kind)
        if showTiming { line += " (\(elapsed.footerText))" }
        for note in footnotes { line += ", \(note)" }
        return line + "\n"
    }
}
