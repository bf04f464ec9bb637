/// One step of an `operate` call, applied in order and atomically with the others.
public enum Operation: Sendable, Hashable {
    /// Returns the bin's value (nothing when the bin is absent).
    case read(String)
    /// Returns every bin of the record.
    case readAll
    /// Sets a bin; `.nil` removes it.
    case write(Bin)
    /// Adds an integer or float to a numeric bin, creating it when absent.
    case add(Bin)
    case append(Bin)
    case prepend(Bin)
    /// Resets the TTL from the policy and bumps the generation.
    case touch
    /// Removes the record.
    case delete

    public var isWrite: Bool {
        switch self {
        case .read, .readAll: false
        case .write, .add, .append, .prepend, .touch, .delete: true
        }
    }

    /// The bin the operation names, if any.
    public var binName: String? {
        switch self {
        case .read(let name): name
        case .write(let bin), .add(let bin), .append(let bin), .prepend(let bin): bin.name
        case .readAll, .touch, .delete: nil
        }
    }
}
