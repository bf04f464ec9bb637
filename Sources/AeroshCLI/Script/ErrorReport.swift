import AerospikeCore
import AeroshLanguage

/// How a failed statement is reported on standard error:
/// `error: line 3: AEROSPIKE_ERR_RECORD_NOT_FOUND (2): test.demo 'user1'`.
enum ErrorReport {
    static func render(_ error: AerospikeError, statement: ParsedStatement, in source: SourceText) -> String {
        var text = "error: \(place(of: statement, in: source)): \(error.code.name) (\(error.code.rawValue))"
        let target = statement.statement.targetDescription
        if !target.isEmpty { text += ": \(target)" }
        if let message = error.message { text += ": \(message)" }
        return text + "\n"
    }

    /// Where a statement stands: `script.aql: line 3`, or `line 3` for `-c` and stdin.
    static func place(of statement: ParsedStatement, in source: SourceText) -> String {
        let line = source.location(of: statement.range.lowerBound).line
        return (source.name.map { "\($0): " } ?? "") + "line \(line)"
    }

    /// `error: line 2: cancelled: test.demo 'user1'` for a statement that Ctrl-C stopped
    /// (or that did not start because of it).
    static func cancelled(_ statement: ParsedStatement, in source: SourceText) -> String {
        let target = statement.statement.targetDescription
        return "error: \(place(of: statement, in: source)): cancelled" + (target.isEmpty ? "" : ": \(target)") + "\n"
    }
}
