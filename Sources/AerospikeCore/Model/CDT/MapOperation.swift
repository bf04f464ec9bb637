/// The operations on a map, as a server defines them. Map keys are integers, strings or
/// blobs; indexes count in key order and may be negative (-1 is the last entry).
public enum MapOperation: Sendable, Hashable {
    /// Sets the map's order. Returns nothing.
    case setOrder(MapOrder)
    /// Writes one entry, as the policy allows. Returns the new size.
    case put(key: Value, value: Value, MapPolicy = MapPolicy())
    /// Writes several entries, as the policy allows. Returns the new size.
    case putItems([MapEntry], MapPolicy = MapPolicy())
    /// Adds to the number under the key (1 when `by` is nil), creating the entry. Returns the new number.
    case increment(key: Value, by: Value? = nil, MapPolicy = MapPolicy())
    /// Subtracts from the number under the key. Returns the new number.
    case decrement(key: Value, by: Value? = nil, MapPolicy = MapPolicy())
    /// Removes every entry. Returns nothing.
    case clear
    /// Returns the number of entries.
    case size
    /// Returns what `returning` asks about the selected entries.
    case getBy(MapSelector, returning: CDTReturn)
    /// Removes the selected entries; returns what `returning` asks about them.
    case removeBy(MapSelector, returning: CDTReturn)

    /// Whether the operation may change the map (CDT_MODIFY).
    public var isWrite: Bool {
        switch self {
        case .size, .getBy: false
        case .setOrder, .put, .putItems, .increment, .decrement, .clear, .removeBy: true
        }
    }
}

/// Which map entries a `getBy` / `removeBy` selects.
public enum MapSelector: Sendable, Hashable {
    /// The entry with this key (no result when absent).
    case key(Value)
    /// The entries with these keys.
    case keyList([Value])
    /// The entries with `begin <= key < end` (no end: to the largest key).
    case keyInterval(Value, end: Value?)
    /// `count` entries from the index that `key` would have, plus `index`.
    case keyRelativeIndexRange(Value, index: Int64, count: Int64?)
    /// The entry at an index in key order (OP_NOT_APPLICABLE when out of range).
    case index(Int64)
    /// `count` entries from an index (nil: to the end).
    case indexRange(Int64, count: Int64?)
    /// Every entry whose value equals this one.
    case value(Value)
    /// Every entry whose value equals one of these.
    case valueList([Value])
    /// Every entry with `begin <= value < end` (no end: to the largest).
    case valueInterval(Value, end: Value?)
    /// `count` entries from the rank that `value` would have, plus `rank`.
    case valueRelativeRankRange(Value, rank: Int64, count: Int64?)
    /// The entry with this rank by value (OP_NOT_APPLICABLE when out of range).
    case rank(Int64)
    /// `count` entries from a rank, in rank order (nil: to the largest).
    case rankRange(Int64, count: Int64?)

    /// Whether the selector may select several entries (its results are lists or maps).
    public var isMulti: Bool {
        switch self {
        case .key, .index, .rank: false
        case .keyList, .keyInterval, .keyRelativeIndexRange, .indexRange, .value, .valueList, .valueInterval,
             .valueRelativeRankRange, .rankRange:
            true
        }
    }
}
