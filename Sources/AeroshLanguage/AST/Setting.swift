import AerospikeCore

/// A session setting, as `SET …` changes it.
public enum Setting: Sendable, Hashable {
    case output(OutputName)
    /// nil: back to the client's default.
    case timeout(Duration?)
    case ttl(WriteTTL)
    case sendKey(Bool)
    case timing(Bool)
    case meta(Bool)
    case continueOnError(Bool)
    /// `SET LIMIT n`: at most n records from each scan or query; nil (`SET LIMIT OFF`): all.
    case limit(Int?)
    /// `SET CONFIRM ON | OFF`: whether TRUNCATE asks first at the prompt.
    case confirm(Bool)
    /// `SET CONCURRENCY n`: how many single-record statements of a script may be in flight
    /// at once (each key's still in script order).
    case concurrency(Int)

    /// The most `SET CONCURRENCY` and `--concurrency` take.
    public static let maxConcurrency = 256

    /// The output formats, named as `SET OUTPUT` and `-o` take them.
    public enum OutputName: String, Sendable, Hashable, CaseIterable {
        case table, json, jsonl, csv, raw, vertical
    }

    /// The words after SET that name each setting, for help and completion.
    public static let names = ["OUTPUT", "TIMEOUT", "TTL", "SEND KEY", "TIMING", "META", "ON ERROR", "LIMIT", "CONFIRM", "CONCURRENCY"]
}
