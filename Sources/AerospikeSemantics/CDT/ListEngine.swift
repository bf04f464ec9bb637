import AerospikeCore

/// A list operation applied to a list, with a server's rules (`particle_list.c`): negative
/// indexes, padding with nils past the end, ADD_UNIQUE / INSERT_BOUNDED / NO_FAIL / PARTIAL,
/// ordered lists kept sorted, and the server's error codes.
struct ListEngine {
    var items: [Value]
    /// Whether the list is kept sorted (the list's own flag; see `CDTEngine`).
    var ordered: Bool

    /// Applies the operation; returns its result (nil: none).
    mutating func apply(_ operation: ListOperation) throws(AerospikeError) -> Value? {
        switch operation {
        case .setOrder(let order):
            if order == .ordered && !ordered { items = ListEngine.sorted(items) }
            ordered = order == .ordered
            return nil
        case .append(let value, let policy):
            return try add([value], at: nil, flags: policy?.flags ?? [])
        case .appendItems(let values, let policy):
            return try add(values, at: nil, flags: policy?.flags ?? [])
        case .insert(let index, let value, let flags):
            try refuseOrdered("insert")
            return try add([value], at: index, flags: flags ?? [])
        case .insertItems(let index, let values, let flags):
            try refuseOrdered("insert")
            return try add(values, at: index, flags: flags ?? [])
        case .increment(let index, let delta, let policy):
            return try increment(index, by: delta, flags: policy?.flags ?? [])
        case .set(let index, let value, let flags):
            try refuseOrdered("set")
            try set(index, value, flags: flags ?? [])
            return nil
        case .pop(let index):
            return try removeBy(.indexRange(index, count: 1), CDTReturn(.value), multi: false)
        case .popRange(let index, let count):
            return try removeBy(.indexRange(index, count: count), CDTReturn(.value), multi: true)
        case .remove(let index):
            return try removeBy(.indexRange(index, count: 1), CDTReturn(.count), multi: false)
        case .removeRange(let index, let count):
            return try removeBy(.indexRange(index, count: count), CDTReturn(.count), multi: true)
        case .trim(let index, let count):
            return try removeBy(.indexRange(index, count: count), CDTReturn(.count, inverted: true), multi: true)
        case .clear:
            items = []
            return nil
        case .sort(let flags):
            sort(flags)
            return nil
        case .size:
            return .int(Int64(items.count))
        case .get(let index):
            return try select(.indexRange(index, count: 1), CDTReturn(.value), multi: false, remove: false)
        case .getRange(let index, let count):
            return try select(.indexRange(index, count: count), CDTReturn(.value), multi: true, remove: false)
        case .getBy(let selector, let returning):
            return try select(selector, returning, multi: selector.isMulti, remove: false)
        case .removeBy(let selector, let returning):
            return try select(selector, returning, multi: selector.isMulti, remove: true)
        }
    }

    private mutating func removeBy(_ selector: ListSelector, _ returning: CDTReturn, multi: Bool) throws(AerospikeError) -> Value? {
        try select(selector, returning, multi: multi, remove: true)
    }

    // MARK: - Selecting

    private mutating func select(_ selector: ListSelector, _ returning: CDTReturn, multi: Bool, remove: Bool) throws(AerospikeError) -> Value? {
        if returning.inverted && !multi {
            throw AerospikeError(.opNotApplicable, message: "INVERTED does not apply to a single-element selection")
        }
        let elements = CDTElements(list: items)
        var selection = try ListEngine.selection(selector, elements, multi: multi)
        if returning.inverted { selection = selection.inverted(count: elements.count) }
        let result = try CDTResult.build(returning, selection, elements)
        if remove { items = items.removing(positions: Set(selection.positions)) }
        return result
    }

    static func selection(_ selector: ListSelector, _ elements: CDTElements, multi: Bool) throws(AerospikeError) -> CDTSelection {
        let count = elements.count
        switch selector {
        case .index(let index):
            return .byIndex(try CDTIndexing.range(index, 1, count: count, multi: false), multi: false)
        case .indexRange(let index, let length):
            return .byIndex(try CDTIndexing.range(index, length, count: count, multi: multi), multi: multi)
        case .rank(let rank):
            return .byRank(try CDTIndexing.range(rank, 1, count: count, multi: false), elements, multi: false)
        case .rankRange(let rank, let length):
            return .byRank(try CDTIndexing.range(rank, length, count: count, multi: true), elements, multi: true)
        case .value(let value):
            return .matching(elements.values, multi: true) { ValueOrder.compare($0, value) == .same }
        case .valueList(let values):
            return .matching(elements.values, multi: true) { item in values.contains { ValueOrder.compare(item, $0) == .same } }
        case .valueInterval(let begin, let end):
            return .matching(elements.values, multi: true) { CDTElements.inInterval($0, begin, end) }
        case .valueRelativeRankRange(let value, let rank, let length):
            let anchor = CDTElements.countBelow(value, in: elements.values)
            let (start, span) = CDTIndexing.relative(rank, length, anchor: anchor)
            return .byRank(try CDTIndexing.range(start, span, count: count, multi: true), elements, multi: true)
        }
    }

    // MARK: - Writing

    private func refuseOrdered(_ verb: String) throws(AerospikeError) {
        if ordered { throw AerospikeError(.opNotApplicable, message: "cannot \(verb) by index into an ordered list") }
    }

    /// ADD_UNIQUE refused: NO_FAIL turns it into a no-op (the size is still returned).
    private func exists(_ flags: ListWriteFlags) throws(AerospikeError) -> Value {
        guard flags.contains(.noFail) else { throw AerospikeError(.elementExists, message: "the list already holds the value") }
        return .int(Int64(items.count))
    }

    private func contains(_ value: Value) -> Bool {
        items.contains { ValueOrder.compare($0, value) == .same }
    }

    /// Appends (index nil) or inserts values; returns the new size.
    private mutating func add(_ values: [Value], at index: Int64?, flags: ListWriteFlags) throws(AerospikeError) -> Value {
        let size = Value.int(Int64(items.count))
        guard !values.isEmpty else { return size }
        var position = items.count
        if let index {
            let absolute = CDTIndexing.absolute(index, count: items.count)
            guard index <= Int64(Int32.max), absolute >= 0 else {
                throw AerospikeError(.opNotApplicable, message: "index \(index) is out of range for \(items.count) elements")
            }
            if flags.contains(.insertBounded) && absolute > Int64(items.count) {
                guard flags.contains(.noFail) else {
                    throw AerospikeError(.opNotApplicable, message: "index \(index) is beyond the end of the list (INSERT_BOUNDED)")
                }
                return size
            }
            position = Int(absolute)
        }
        var accepted: [Value] = []
        if flags.contains(.addUnique) {
            for value in values {
                if contains(value) {
                    if flags.contains(.partial) { continue }
                    return try exists(flags)
                }
                if accepted.contains(where: { ValueOrder.compare($0, value) == .same }) {
                    // The same value twice in one write.
                    guard flags.contains(.noFail) else {
                        throw AerospikeError(.opNotApplicable, message: "the values to add repeat a value (ADD_UNIQUE)")
                    }
                    if !flags.contains(.partial) { return size }
                    continue
                }
                accepted.append(value)
            }
            if accepted.isEmpty { return try exists(flags) }
        } else {
            accepted = values
        }
        if ordered && index == nil {
            for value in accepted { items.insert(value, at: ListEngine.upperBound(value, in: items)) }
        } else {
            if position > items.count {
                try CDTIndexing.checkPadding(Int64(position - items.count))
                items.append(contentsOf: Array(repeating: .nil, count: position - items.count))
            }
            items.insert(contentsOf: accepted, at: position)
        }
        return .int(Int64(items.count))
    }

    private mutating func set(_ index: Int64, _ value: Value, flags: ListWriteFlags) throws(AerospikeError) {
        if index >= Int64(items.count) {
            _ = try add([value], at: index, flags: flags)
            return
        }
        let absolute = CDTIndexing.absolute(index, count: items.count)
        guard absolute >= 0 else { throw AerospikeError(.opNotApplicable, message: "index \(index) is out of range for \(items.count) elements") }
        let position = Int(absolute)
        if flags.contains(.addUnique) {
            let equal = items.indices.filter { ValueOrder.compare(items[$0], value) == .same }
            if equal.contains(where: { $0 != position }) { _ = try exists(flags); return }
        }
        items[position] = value
    }

    private mutating func increment(_ index: Int64, by delta: Value?, flags: ListWriteFlags) throws(AerospikeError) -> Value {
        let absolute = CDTIndexing.absolute(index, count: items.count)
        guard index <= Int64(Int32.max), absolute >= 0 else {
            throw AerospikeError(.opNotApplicable, message: "index \(index) is out of range for \(items.count) elements")
        }
        let position = Int(absolute)
        let current = position < items.count ? items[position] : nil
        let result = try CDTArithmetic.add(delta, to: current)
        if ordered, position < items.count {
            items.remove(at: position)
            items.insert(result, at: ListEngine.upperBound(result, in: items))
        } else if position < items.count {
            if flags.contains(.addUnique), items.indices.contains(where: { $0 != position && ValueOrder.compare(items[$0], result) == .same }) {
                _ = try exists(flags)
                return result
            }
            items[position] = result
        } else {
            _ = try add([result], at: Int64(position), flags: flags)
        }
        return result
    }

    private mutating func sort(_ flags: ListSortFlags) {
        var sorted = ordered ? items : ListEngine.sorted(items)
        if flags.contains(.descending) && !ordered { sorted.reverse() }
        if flags.contains(.dropDuplicates) {
            var kept: [Value] = []
            for item in sorted where kept.last.map({ ValueOrder.compare($0, item) != .same }) ?? true { kept.append(item) }
            sorted = kept
        }
        items = sorted
    }

    static func sorted(_ items: [Value]) -> [Value] {
        CDTElements(list: items).byRank.map { items[$0] }
    }

    /// Where a value goes in a sorted list: after every element not above it.
    static func upperBound(_ value: Value, in items: [Value]) -> Int {
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if ValueOrder.precedes(value, items[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
