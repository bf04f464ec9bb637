/// The operations on a list, as a server defines them. Indexes may be negative (-1 is the
/// last element); a count of nil means "to the end".
public enum ListOperation: Sendable, Hashable {
    /// Sets the list's order; making a list ordered sorts it. Returns nothing.
    case setOrder(ListOrder)
    /// Adds a value at the end (at its sorted place in an ordered list). Returns the new size.
    case append(Value, ListPolicy? = nil)
    /// Adds several values, as `append` does each. Returns the new size.
    case appendItems([Value], ListPolicy? = nil)
    /// Inserts a value before the index (beyond the end: padded with nils). Returns the new size.
    case insert(index: Int64, Value, ListWriteFlags? = nil)
    /// Inserts several values before the index. Returns the new size.
    case insertItems(index: Int64, [Value], ListWriteFlags? = nil)
    /// Adds to the number at the index (1 when `by` is nil). Returns the new number.
    case increment(index: Int64, by: Value? = nil, ListPolicy? = nil)
    /// Replaces the element at the index (beyond the end: appended after nils). Returns nothing.
    case set(index: Int64, Value, ListWriteFlags? = nil)
    /// Removes the element at the index and returns it.
    case pop(index: Int64)
    /// Removes `count` elements from the index and returns them.
    case popRange(index: Int64, count: Int64?)
    /// Removes the element at the index. Returns how many were removed.
    case remove(index: Int64)
    /// Removes `count` elements from the index. Returns how many were removed.
    case removeRange(index: Int64, count: Int64?)
    /// Keeps only `count` elements from the index. Returns how many were removed.
    case trim(index: Int64, count: Int64)
    /// Removes every element. Returns nothing.
    case clear
    /// Sorts the list. Returns nothing.
    case sort(ListSortFlags = [])
    /// Returns the number of elements.
    case size
    /// Returns the element at the index (OP_NOT_APPLICABLE beyond the end).
    case get(index: Int64)
    /// Returns `count` elements from the index.
    case getRange(index: Int64, count: Int64?)
    /// Returns what `returning` asks about the selected elements.
    case getBy(ListSelector, returning: CDTReturn)
    /// Removes the selected elements; returns what `returning` asks about them.
    case removeBy(ListSelector, returning: CDTReturn)

    /// Whether the operation may change the list (CDT_MODIFY).
    public var isWrite: Bool {
        switch self {
        case .size, .get, .getRange, .getBy: false
        case .setOrder, .append, .appendItems, .insert, .insertItems, .increment, .set, .pop, .popRange,
             .remove, .removeRange, .trim, .clear, .sort, .removeBy:
            true
        }
    }
}

/// Which list elements a `getBy` / `removeBy` selects.
public enum ListSelector: Sendable, Hashable {
    /// The element at an index (OP_NOT_APPLICABLE when out of range).
    case index(Int64)
    /// `count` elements from an index, in index order (nil: to the end).
    case indexRange(Int64, count: Int64?)
    /// The element with this rank (OP_NOT_APPLICABLE when out of range).
    case rank(Int64)
    /// `count` elements from a rank, in rank order (nil: to the largest).
    case rankRange(Int64, count: Int64?)
    /// Every element equal to the value.
    case value(Value)
    /// Every element equal to one of the values.
    case valueList([Value])
    /// Every element with `begin <= element < end` (no end: to the largest).
    case valueInterval(Value, end: Value?)
    /// `count` elements from the rank that `value` would have, plus `rank`.
    case valueRelativeRankRange(Value, rank: Int64, count: Int64?)

    /// Whether the selector may select several elements (its results are lists).
    public var isMulti: Bool {
        switch self {
        case .index, .rank: false
        case .indexRange, .rankRange, .value, .valueList, .valueInterval, .valueRelativeRankRange: true
        }
    }
}
