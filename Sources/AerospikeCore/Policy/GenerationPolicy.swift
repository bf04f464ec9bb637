/// Optimistic locking: apply a write only when the record's generation matches.
public enum GenerationPolicy: Sendable, Hashable {
    case none
    /// The record's generation must equal this one.
    case equal(UInt32)
    /// This generation must be greater than the record's.
    case greaterThan(UInt32)
}

extension GenerationPolicy {
    /// Why this policy refuses a write to a record at `generation`, or nil when it allows
    /// it. The embedded store and the wire client word refusals the same way.
    public func refusal(recordGeneration generation: UInt32) -> String? {
        switch self {
        case .equal(let expected) where expected != generation:
            "expected generation \(expected), record has \(generation)"
        case .greaterThan(let expected) where expected <= generation:
            "generation \(expected) is not greater than the record's \(generation)"
        case .none, .equal, .greaterThan:
            nil
        }
    }
}
