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
    /// A list or map operation on a bin (or on a list or map inside it).
    case cdt(CDTOperation)

    public var isWrite: Bool {
        switch self {
        case .read, .readAll: false
        case .write, .add, .append, .prepend, .touch, .delete: true
        case .cdt(let operation): operation.isWrite
        }
    }

    /// The list or map operation this is, if it is one.
    public var cdtOperation: CDTOperation? {
        if case .cdt(let operation) = self { return operation }
        return nil
    }

    /// The bin the operation names, if any.
    public var binName: String? {
        switch self {
        case .read(let name): name
        case .write(let bin), .add(let bin), .append(let bin), .prepend(let bin): bin.name
        case .cdt(let operation): operation.binName
        case .readAll, .touch, .delete: nil
        }
    }
}
