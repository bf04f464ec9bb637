/// What a write does depending on whether the record exists.
public enum ExistsAction: Sendable, Hashable {
    /// Create or merge into the existing bins (the default, an upsert).
    case update
    /// Fail with RECORD_EXISTS when the record exists.
    case createOnly
    /// Merge into an existing record; fail with NOT_FOUND when it is missing.
    case updateOnly
    /// Replace all bins of an existing record; fail with NOT_FOUND when it is missing.
    case replaceOnly
    /// Replace all bins, creating the record when it is missing.
    case createOrReplace

    /// Whether the write discards the bins it does not name.
    public var replacesBins: Bool {
        switch self {
        case .replaceOnly, .createOrReplace: true
        case .update, .createOnly, .updateOnly: false
        }
    }
}
