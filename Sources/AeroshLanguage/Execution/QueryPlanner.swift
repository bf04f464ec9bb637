import AerospikeCore

/// How a SELECT's WHERE is answered: the part a secondary index can answer goes to the
/// index (a query), the rest goes to the server as a filter expression. A server uses one
/// index per query; this picks the first conjunct (an equality before a range) whose bin
/// has an index of the query's set and of the value's type.
public struct QueryPlan: Sendable, Hashable {
    /// The index query, and the name of the index that answers it.
    public var index: (filter: IndexFilter, name: String)?
    /// What the index does not answer.
    public var filter: Expression?

    public init(index: (filter: IndexFilter, name: String)? = nil, filter: Expression? = nil) {
        self.index = index
        self.filter = filter
    }

    public static func == (a: QueryPlan, b: QueryPlan) -> Bool {
        a.index?.filter == b.index?.filter && a.index?.name == b.index?.name && a.filter == b.filter
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index?.filter)
        hasher.combine(index?.name)
        hasher.combine(filter)
    }
}

public enum QueryPlanner {
    /// The plan for `condition` on `set`, given the namespace's indexes.
    public static func plan(_ condition: Expression?, set: String?, indexes: [IndexDefinition]) -> QueryPlan {
        guard let condition else { return QueryPlan() }
        var conjuncts = flatten(condition)
        func index(bin: String, type: IndexType) -> IndexDefinition? {
            indexes.first { $0.bin == bin && $0.type == type && $0.set == set }
        }
        // An equality first: it selects the fewest records.
        for (position, conjunct) in conjuncts.enumerated() {
            guard let (bin, key) = equality(conjunct), let found = index(bin: bin, type: key.type) else { continue }
            conjuncts.remove(at: position)
            return QueryPlan(index: (.equal(bin: bin, key), found.name), filter: combine(conjuncts))
        }
        // Then an integer range: every bound on one bin narrows it.
        var bounds: [String: (low: Int64, high: Int64, used: [Int])] = [:]
        for (position, conjunct) in conjuncts.enumerated() {
            guard let (bin, low, high) = bound(conjunct) else { continue }
            var current = bounds[bin] ?? (Int64.min, Int64.max, [])
            current.low = max(current.low, low)
            current.high = min(current.high, high)
            current.used.append(position)
            bounds[bin] = current
        }
        for (position, conjunct) in conjuncts.enumerated() {
            guard let (bin, _, _) = bound(conjunct), let range = bounds[bin], range.used.first == position,
                  let found = index(bin: bin, type: .numeric) else { continue }
            let rest = conjuncts.enumerated().filter { !range.used.contains($0.offset) }.map(\.element)
            return QueryPlan(index: (.range(bin: bin, range.low, range.high), found.name), filter: combine(rest))
        }
        return QueryPlan(filter: condition)
    }

    /// The operands of a top-level AND, nested ANDs included.
    static func flatten(_ expression: Expression) -> [Expression] {
        guard case .and(let operands) = expression else { return [expression] }
        return operands.flatMap(flatten)
    }

    static func combine(_ conjuncts: [Expression]) -> Expression? {
        switch conjuncts.count {
        case 0: nil
        case 1: conjuncts[0]
        default: .and(conjuncts)
        }
    }

    /// `bin = 5` or `bin = 'x'` (either way round).
    static func equality(_ expression: Expression) -> (String, IndexKey)? {
        guard case .comparison(.equal, let a, let b) = expression else { return nil }
        switch (a, b) {
        case (.bin(let bin, .int), .literal(.int(let value))), (.literal(.int(let value)), .bin(let bin, .int)):
            return (bin, .int(value))
        case (.bin(let bin, .string), .literal(.string(let value))), (.literal(.string(let value)), .bin(let bin, .string)):
            return (bin, .string(value))
        default:
            return nil
        }
    }

    /// An integer bound `bin op n` (either way round) as an inclusive range.
    static func bound(_ expression: Expression) -> (String, Int64, Int64)? {
        guard case .comparison(let op, let a, let b) = expression else { return nil }
        let (bin, value, flipped): (String, Int64, Bool)
        switch (a, b) {
        case (.bin(let name, .int), .literal(.int(let number))): (bin, value, flipped) = (name, number, false)
        case (.literal(.int(let number)), .bin(let name, .int)): (bin, value, flipped) = (name, number, true)
        default: return nil
        }
        // `5 < v` is `v > 5`.
        let direction: ComparisonOperator = switch (op, flipped) {
        case (.less, true): .greater
        case (.lessOrEqual, true): .greaterOrEqual
        case (.greater, true): .less
        case (.greaterOrEqual, true): .lessOrEqual
        default: op
        }
        switch direction {
        case .greater: return value == Int64.max ? nil : (bin, value + 1, Int64.max)
        case .greaterOrEqual: return (bin, value, Int64.max)
        case .less: return value == Int64.min ? nil : (bin, Int64.min, value - 1)
        case .lessOrEqual: return (bin, Int64.min, value)
        case .equal, .notEqual: return nil
        }
    }
}

extension IndexKey {
    /// The type of index that holds it.
    var type: IndexType {
        switch self {
        case .int: .numeric
        case .string: .string
        }
    }
}
