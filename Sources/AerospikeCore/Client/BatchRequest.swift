/// One batch call of the guide: what to do with which keys, under which policy.
public enum BatchRequest: Sendable, Hashable {
    /// `batch_read`: all bins, some, or none (existence).
    case read([Key], BatchBins, ReadPolicy)
    /// `batch_operate`: the same operations on every key.
    case operate([Key], [Operation], WritePolicy)
    /// `batch_remove`.
    case remove([Key], WritePolicy)
    /// `batch_write`: each key with operations of its own.
    case write([BatchWrite], WritePolicy)

    /// The keys, in request order: the order outcomes are delivered in.
    public var keys: [Key] {
        switch self {
        case .read(let keys, _, _), .operate(let keys, _, _), .remove(let keys, _): keys
        case .write(let entries, _): entries.map(\.key)
        }
    }

    public var count: Int {
        switch self {
        case .read(let keys, _, _), .operate(let keys, _, _), .remove(let keys, _): keys.count
        case .write(let entries, _): entries.count
        }
    }
}
