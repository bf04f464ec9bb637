import AerospikeCore

/// A list or map operation applied to a bin's value, as a server applies it
/// (`cdt.c`, `particle_list.c`, `particle_map.c`): pure, so every rule is testable alone.
///
/// - A read of an absent bin gives no result. A write creates the bin — except those
///   that only remove (pop, remove, trim, clear, remove-by), which do nothing, and a list
///   sort, which is BIN_TYPE_ERROR.
/// - A list operation on anything but a list, or a map operation on anything but a map,
///   is BIN_TYPE_ERROR (12).
/// - A context step that finds nothing, or meets something that is not a list or map, is
///   OP_NOT_APPLICABLE (26), unless it may create what is missing.
///
/// An ordered list is one a server keeps sorted: the flag lives in the list
/// (`Value.list(_, ordered:)`), set when a write creates the list with an ORDERED policy
/// (or a context step creates it ORDERED) or by LIST_SET_ORDER. As on a server, a policy's
/// order matters only when the list is created; after that the list's own flag decides.
package enum CDTEngine {
    package struct Outcome: Sendable, Hashable {
        /// The bin's new value; nil when the operation changed nothing.
        package var value: Value?
        /// What the operation returns; nil when it returns nothing.
        package var result: Value?

        package init(value: Value?, result: Value?) {
            self.value = value
            self.result = result
        }
    }

    package static func apply(_ operation: CDTOperation, to bin: Value?) throws(AerospikeError) -> Outcome {
        let outcome: Outcome
        if let bin {
            let (value, result) = try descend(bin, operation.context[...], operation)
            outcome = Outcome(value: value, result: result)
        } else {
            guard operation.isWrite else { return Outcome(value: nil, result: nil) }
            outcome = try create(operation)
        }
        // A value written inside a list or map is checked as a server checks its msgpack.
        if let value = outcome.value, let bad = StoredValue.invalidMapKey(in: value) {
            throw AerospikeError(.parameterError, message: "a map key must be an integer, a string or a blob, not \(bad.typeName)")
        }
        return outcome
    }

    // MARK: - An absent bin

    /// A write to an absent bin: the container the operation needs, inside the containers
    /// its context path needs when the path may create them.
    private static func create(_ operation: CDTOperation) throws(AerospikeError) -> Outcome {
        if case .list(.sort) = operation.action {
            throw AerospikeError(.binTypeError, message: "cannot sort bin '\(operation.binName)': it holds no list")
        }
        if let first = operation.context.first, !canCreate(first) {
            throw AerospikeError(.opNotApplicable, message: "bin '\(operation.binName)' is absent and the context does not create it")
        }
        guard let (leaf, result) = try applyToEmpty(operation) else { return Outcome(value: nil, result: nil) }
        return Outcome(value: try wrap(leaf, in: operation.context[...]), result: result)
    }

    private static func canCreate(_ step: CDTContext) -> Bool {
        switch step {
        case .listIndex(_, .some), .mapKey(_, .some): true
        default: false
        }
    }

    /// The operation applied to a new, empty list or map; nil for those that do nothing there.
    private static func applyToEmpty(_ operation: CDTOperation) throws(AerospikeError) -> (Value, Value?)? {
        switch operation.action {
        case .list(let list):
            switch list {
            case .pop, .popRange, .remove, .removeRange, .trim, .clear, .removeBy: return nil
            default: break
            }
        case .map(let map):
            switch map {
            case .clear, .removeBy: return nil
            default: break
            }
        }
        let empty: Value = operation.isList ? .list([], ordered: createsOrdered(operation)) : .map([])
        let (value, result) = try applyHere(empty, operation)
        return (value ?? empty, result)
    }

    /// The containers a created path is made of, from the outside in.
    private static func wrap(_ leaf: Value, in path: ArraySlice<CDTContext>) throws(AerospikeError) -> Value {
        guard let step = path.first else { return leaf }
        let inner = try wrap(leaf, in: path.dropFirst())
        switch step {
        case .mapKey(let key, _):
            guard StoredValue.isValidMapKey(key) else {
                throw AerospikeError(.parameterError, message: "a map key must be an integer, a string or a blob, not \(key.typeName)")
            }
            return .map([MapEntry(key, inner)])
        case .listIndex(let index, let create):
            if create?.pad == true, index > 0 {
                try CDTIndexing.checkPadding(index)
                return .list(Array(repeating: .nil, count: Int(min(index, Int64(Int32.max)))) + [inner])
            }
            guard index == 0 || index == -1 || create?.order == .ordered else {
                throw AerospikeError(.opNotApplicable, message: "cannot create a list element at index \(index) without padding")
            }
            return .list([inner], ordered: create?.order == .ordered)
        case .listRank, .listValue, .mapIndex, .mapRank, .mapValue:
            throw AerospikeError(.opNotApplicable, message: "a context step by \(stepName(step)) cannot create what is missing")
        }
    }

    // MARK: - An existing bin

    /// Follows the context path and applies the operation at its end; returns the new
    /// value at this level (nil: unchanged) and the operation's result.
    private static func descend(_ value: Value, _ path: ArraySlice<CDTContext>, _ operation: CDTOperation) throws(AerospikeError) -> (Value?, Value?) {
        guard let step = path.first else { return try applyHere(value, operation) }
        let rest = path.dropFirst()
        switch (step, value) {
        case (.listIndex, .list(var items, let ordered)), (.listRank, .list(var items, let ordered)), (.listValue, .list(var items, let ordered)):
            guard let position = locate(step, in: items) else {
                guard operation.isWrite, case .listIndex(let index, let create?) = step else { throw notFound(step) }
                let absolute = CDTIndexing.absolute(index, count: items.count)
                guard absolute == Int64(items.count) || (create.pad && absolute > Int64(items.count)) else { throw notFound(step) }
                guard let (leaf, result) = try applyToEmpty(operation) else { return (nil, nil) }
                try CDTIndexing.checkPadding(absolute - Int64(items.count))
                items.append(contentsOf: Array(repeating: .nil, count: Int(absolute) - items.count))
                items.append(try wrap(leaf, in: rest))
                return (.list(items, ordered: ordered), result)
            }
            let (child, result) = try descend(items[position], rest, operation)
            guard let child else { return (nil, result) }
            items[position] = child
            return (.list(items, ordered: ordered), result)
        case (.mapIndex, .map(var entries)), (.mapRank, .map(var entries)), (.mapKey, .map(var entries)), (.mapValue, .map(var entries)):
            entries = MapEngine(entries: entries).entries
            guard let position = locate(step, in: entries) else {
                guard operation.isWrite, case .mapKey(_, _?) = step else { throw notFound(step) }
                guard let (leaf, result) = try applyToEmpty(operation) else { return (nil, nil) }
                guard case .map(let created) = try wrap(leaf, in: path) else { return (nil, nil) }
                return (.map(MapEngine.keyOrdered(entries + created)), result)
            }
            let (child, result) = try descend(entries[position].value, rest, operation)
            guard let child else { return (nil, result) }
            entries[position].value = child
            return (.map(entries), result)
        default:
            throw AerospikeError(.opNotApplicable, message: "a context step by \(stepName(step)) meets a \(value.typeName)")
        }
    }

    /// The position a step leads to; nil when it finds nothing (out of range, no match).
    private static func locate(_ step: CDTContext, in items: [Value]) -> Int? {
        let elements = CDTElements(list: items)
        let selector: ListSelector = switch step {
        case .listIndex(let index, _): .index(index)
        case .listRank(let rank): .rank(rank)
        case .listValue(let value): .value(value)
        default: .index(0)
        }
        return try? ListEngine.selection(selector, elements, multi: false).positions.first
    }

    private static func locate(_ step: CDTContext, in entries: [MapEntry]) -> Int? {
        let elements = CDTElements(map: entries)
        let selector: MapSelector = switch step {
        case .mapIndex(let index): .index(index)
        case .mapRank(let rank): .rank(rank)
        case .mapKey(let key, _): .key(key)
        case .mapValue(let value): .value(value)
        default: .index(0)
        }
        return try? MapEngine.selection(selector, elements).positions.first
    }

    /// The operation applied to the list or map the path led to.
    private static func applyHere(_ value: Value, _ operation: CDTOperation) throws(AerospikeError) -> (Value?, Value?) {
        switch (operation.action, value) {
        case (.list(let list), .list(let items, let ordered)):
            var engine = ListEngine(items: items, ordered: ordered)
            let result = try engine.apply(list)
            return (list.isWrite ? .list(engine.items, ordered: engine.ordered) : nil, result)
        case (.map(let map), .map(let entries)):
            var engine = MapEngine(entries: entries)
            let result = try engine.apply(map)
            return (map.isWrite ? .map(engine.entries) : nil, result)
        case (.list, _):
            throw AerospikeError(.binTypeError, message: "bin '\(operation.binName)' holds a \(value.typeName), not a list")
        case (.map, _):
            throw AerospikeError(.binTypeError, message: "bin '\(operation.binName)' holds a \(value.typeName), not a map")
        }
    }

    /// Whether a list this operation creates is ordered: its policy's order (a server's
    /// `create_type`), which only appends and increments carry.
    private static func createsOrdered(_ operation: CDTOperation) -> Bool {
        guard case .list(let list) = operation.action else { return false }
        switch list {
        case .append(_, let policy), .appendItems(_, let policy), .increment(_, _, let policy): return policy?.order == .ordered
        default: return false
        }
    }

    private static func notFound(_ step: CDTContext) -> AerospikeError {
        AerospikeError(.opNotApplicable, message: "the context step by \(stepName(step)) finds no element")
    }

    private static func stepName(_ step: CDTContext) -> String {
        switch step {
        case .listIndex(let index, _): "list index \(index)"
        case .listRank(let rank): "list rank \(rank)"
        case .listValue: "list value"
        case .mapIndex(let index): "map index \(index)"
        case .mapRank(let rank): "map rank \(rank)"
        case .mapKey: "map key"
        case .mapValue: "map value"
        }
    }
}
