import AerospikeCore
import AeroshLanguage

/// What a footer says, counted as the rows go by: `1 row in set`, `OK, 1 record
/// affected`, or for a batch `10 rows: 5 found, 4 not found, 1 failed`.
public struct ResultSummary: Sendable {
    var rows = 0
    var found = 0
    var notFound = 0
    var failed = 0
    /// OPERATE ORDERED: the values its one row holds.
    var orderedValues = 0

    public init() {}

    public mutating func count(_ row: ResultRow) {
        rows += 1
        switch row {
        case .batch(let entry):
            switch entry.outcome {
            case .record: found += 1
            case .notFound: notFound += 1
            case .failed: failed += 1
            }
        case .ordered(_, let results):
            orderedValues += results.count
        case .record, .exists, .written, .removed:
            break
        }
    }

    func footer(_ kind: ResultKind) -> String {
        switch kind {
        case .record, .exists: return "\(rows) row\(rows == 1 ? "" : "s") in set"
        case .ordered: return "\(orderedValues) row\(orderedValues == 1 ? "" : "s") in set"
        case .written: return "OK, \(rows) record\(rows == 1 ? "" : "s") affected"
        case .removed: return "OK, \(rows) record\(rows == 1 ? "" : "s") removed"
        case .batch: return "\(rows) row\(rows == 1 ? "" : "s"): \(found) found, \(notFound) not found, \(failed) failed"
        }
    }
}
