/// Optimistic locking: apply a write only when the record's generation matches.
public enum GenerationPolicy: Sendable, Hashable {
    case none
    /// The record's generation must equal this one.
    case equal(UInt32)
    /// This generation must be greater than the record's.
    case greaterThan(UInt32)
}
