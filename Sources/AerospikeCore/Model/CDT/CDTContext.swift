/// One step from a list or map down to an element inside it (the clients' `cdt_ctx`).
/// A CDT operation with a context applies to the list or map it leads to.
public enum CDTContext: Sendable, Hashable {
    /// The element at an index of a list (negative: from the end). With `create`, an index
    /// one past the end (or further, when padding) makes a new element there.
    case listIndex(Int64, create: ListCreate? = nil)
    /// The element of a list with this rank (0 = smallest, -1 = largest).
    case listRank(Int64)
    /// The first element of a list equal to the value.
    case listValue(Value)
    /// The value of the map entry at an index in key order.
    case mapIndex(Int64)
    /// The value of the map entry with this rank by value.
    case mapRank(Int64)
    /// The value under a key of a map. With `create`, a missing key is added, holding a
    /// new list or map (whichever the rest of the path, or the operation, needs).
    case mapKey(Value, create: MapOrder? = nil)
    /// The value of the first map entry whose value equals this one.
    case mapValue(Value)

    /// Whether the step looks inside a list (else a map).
    public var entersList: Bool {
        switch self {
        case .listIndex, .listRank, .listValue: true
        case .mapIndex, .mapRank, .mapKey, .mapValue: false
        }
    }
}

/// How a context step that creates a missing list element makes it.
public struct ListCreate: Sendable, Hashable {
    public var order: ListOrder
    /// Allow an index beyond the end, filling the gap with nils.
    public var pad: Bool

    public init(order: ListOrder = .unordered, pad: Bool = false) {
        self.order = order
        self.pad = pad
    }
}
