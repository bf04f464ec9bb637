import AerospikeCore

/// The elements of a list, or the entries of a map (in key order), as selectors and
/// return types see them.
struct CDTElements {
    /// Map keys; nil for a list.
    let keys: [Value]?
    let values: [Value]
    /// Positions sorted by value, ties by position: rank r is `byRank[r]`.
    let byRank: [Int]

    init(list: [Value]) {
        self.keys = nil
        self.values = list
        self.byRank = CDTElements.rankOrder(list)
    }

    init(map: [MapEntry]) {
        self.keys = map.map(\.key)
        self.values = map.map(\.value)
        self.byRank = CDTElements.rankOrder(values)
    }

    var count: Int { values.count }

    private static func rankOrder(_ values: [Value]) -> [Int] {
        values.indices.sorted { lhs, rhs in
            switch ValueOrder.compare(values[lhs], values[rhs]) {
            case .ascending: true
            case .descending: false
            case .same: lhs < rhs
            }
        }
    }

    /// The rank of each position.
    func ranks() -> [Int] {
        var ranks = [Int](repeating: 0, count: count)
        for (rank, index) in byRank.enumerated() { ranks[index] = rank }
        return ranks
    }

    /// How many of `items` sort before `value`: the rank (or index) `value` would have.
    static func countBelow(_ value: Value, in items: [Value]) -> Int {
        items.reduce(0) { $0 + (ValueOrder.precedes($1, value) ? 1 : 0) }
    }

    /// Whether `begin <= item < end` (no end: above every value); `end == begin` means equal.
    static func inInterval(_ item: Value, _ begin: Value, _ end: Value?) -> Bool {
        guard let end else { return !ValueOrder.precedes(item, begin) }
        if ValueOrder.compare(begin, end) == .same { return ValueOrder.compare(item, begin) == .same }
        return !ValueOrder.precedes(item, begin) && ValueOrder.precedes(item, end)
    }
}

/// The positions a selector picked, and in which order its results come.
struct CDTSelection {
    /// Positions in the order values are returned: index order, or rank order for rank
    /// ranges.
    var positions: [Int]
    /// Whether RANK results are listed in ascending rank (value and rank selectors) rather
    /// than in the order of `positions`.
    var ranksAscending: Bool
    var isMulti: Bool

    /// All elements but the selected ones, in index order.
    func inverted(count: Int) -> CDTSelection {
        let chosen = Set(positions)
        return CDTSelection(positions: (0..<count).filter { !chosen.contains($0) }, ranksAscending: false, isMulti: isMulti)
    }

    static func byIndex(_ range: Range<Int>, multi: Bool) -> CDTSelection {
        CDTSelection(positions: Array(range), ranksAscending: false, isMulti: multi)
    }

    static func byRank(_ range: Range<Int>, _ elements: CDTElements, multi: Bool) -> CDTSelection {
        CDTSelection(positions: Array(elements.byRank[range]), ranksAscending: true, isMulti: multi)
    }

    static func matching(_ items: [Value], multi: Bool, _ predicate: (Value) -> Bool) -> CDTSelection {
        let positions = items.indices.filter { predicate(items[$0]) }
        return CDTSelection(positions: multi ? positions : Array(positions.prefix(1)), ranksAscending: true, isMulti: multi)
    }
}

/// What a selecting operation returns, per return type, as a server builds it.
enum CDTResult {
    /// The result value; nil when the server leaves the result empty (NONE, or a single
    /// value that was not found).
    static func build(_ returning: CDTReturn, _ selection: CDTSelection, _ elements: CDTElements) throws(AerospikeError) -> Value? {
        let count = elements.count
        let positions = selection.positions
        let found = !positions.isEmpty
        switch returning.type {
        case .none:
            return nil
        case .count:
            return .int(Int64(positions.count))
        case .exists:
            return .bool(found)
        case .index, .reverseIndex:
            let reverse = returning.type == .reverseIndex
            let indexes = positions.sorted().map { Int64(reverse ? count - 1 - $0 : $0) }
            if !selection.isMulti { return .int(indexes.first ?? -1) }
            return .list(indexes.map(Value.int))
        case .rank, .reverseRank:
            let reverse = returning.type == .reverseRank
            let all = elements.ranks()
            var ranks = positions.map { all[$0] }
            if selection.ranksAscending { ranks.sort() }
            let mapped = ranks.map { Int64(reverse ? count - 1 - $0 : $0) }
            if !selection.isMulti { return .int(mapped.first ?? -1) }
            return .list(mapped.map(Value.int))
        case .value:
            let values = positions.map { elements.values[$0] }
            return selection.isMulti ? .list(values) : values.first
        case .key:
            guard let keys = elements.keys else { throw notForLists(returning) }
            let selected = positions.map { keys[$0] }
            return selection.isMulti ? .list(selected) : selected.first
        case .keyValue, .unorderedMap, .orderedMap:
            guard let keys = elements.keys else { throw notForLists(returning) }
            var order = positions
            if returning.type == .orderedMap { order.sort() }
            return .map(order.map { MapEntry(keys[$0], elements.values[$0]) })
        }
    }

    private static func notForLists(_ returning: CDTReturn) -> AerospikeError {
        AerospikeError(.opNotApplicable, message: "return type \(returning.type) does not apply to a list")
    }
}
