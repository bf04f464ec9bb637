import AerospikeCore

/// The counts a batch footer shows: `10 rows: 5 found, 4 not found, 1 failed`, kept as
/// the rows go by.
public struct BatchSummary: Sendable {
    var found = 0
    var notFound = 0
    var failed = 0

    public init() {}

    init(_ results: [BatchRecord]) {
        results.forEach { count($0) }
    }

    public mutating func count(_ entry: BatchRecord) {
        switch entry.outcome {
        case .record: found += 1
        case .notFound: notFound += 1
        case .failed: failed += 1
        }
    }

    var footer: String {
        let rows = found + notFound + failed
        return "\(rows) row\(rows == 1 ? "" : "s"): \(found) found, \(notFound) not found, \(failed) failed"
    }
}
