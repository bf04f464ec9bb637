import AerospikeCore

/// A map operation applied to a map, with a server's rules (`particle_map.c`): CREATE_ONLY /
/// UPDATE_ONLY / NO_FAIL / PARTIAL, index order = key order, ranks by value, and the
/// server's error codes. The entries are kept in key order, as aerosh stores every map.
struct MapEngine {
    var entries: [MapEntry]

    init(entries: [MapEntry]) {
        self.entries = ValueOrder.isKeyOrdered(entries) ? entries : MapEngine.keyOrdered(entries)
    }

    /// Applies the operation; returns its result (nil: none).
    mutating func apply(_ operation: MapOperation) throws(AerospikeError) -> Value? {
        switch operation {
        case .setOrder:
            // Every map is already kept in key order; the order only shows in a server's bytes.
            return nil
        case .put(let key, let value, let policy):
            return try putItems([MapEntry(key, value)], policy)
        case .putItems(let items, let policy):
            return try putItems(items, policy)
        case .increment(let key, let delta, _):
            return try increment(key, delta, negate: false)
        case .decrement(let key, let delta, _):
            return try increment(key, delta, negate: true)
        case .clear:
            entries = []
            return nil
        case .size:
            return .int(Int64(entries.count))
        case .getBy(let selector, let returning):
            return try select(selector, returning, remove: false)
        case .removeBy(let selector, let returning):
            return try select(selector, returning, remove: true)
        }
    }

    // MARK: - Writing

    private func position(of key: Value) -> (index: Int, found: Bool) {
        let index = entries.firstIndex { !ValueOrder.precedes($0.key, key) } ?? entries.count
        return (index, index < entries.count && ValueOrder.compare(entries[index].key, key) == .same)
    }

    private static func checkKey(_ key: Value) throws(AerospikeError) {
        guard StoredValue.isValidMapKey(key) else {
            throw AerospikeError(.parameterError, message: "a map key must be an integer, a string or a blob, not \(key.typeName)")
        }
    }

    /// Writes the items (later duplicates winning) as the policy allows; returns the size.
    private mutating func putItems(_ items: [MapEntry], _ policy: MapPolicy) throws(AerospikeError) -> Value {
        for item in items { try MapEngine.checkKey(item.key) }
        let size = Value.int(Int64(entries.count))
        var updated = entries
        for item in MapEngine.keyOrdered(items) {
            let index = updated.firstIndex { !ValueOrder.precedes($0.key, item.key) } ?? updated.count
            let found = index < updated.count && ValueOrder.compare(updated[index].key, item.key) == .same
            let refusal: ResultCode? = found ? (policy.allowsOverwrite ? nil : .elementExists) : (policy.allowsCreate ? nil : .elementNotFound)
            if let refusal {
                guard policy.flags.contains(.noFail) else {
                    throw AerospikeError(refusal, message: refusal == .elementExists ? "the map already holds the key" : "the map does not hold the key")
                }
                if policy.flags.contains(.partial) { continue }
                return size
            }
            if found { updated[index] = item } else { updated.insert(item, at: index) }
        }
        entries = updated
        return .int(Int64(entries.count))
    }

    private mutating func increment(_ key: Value, _ delta: Value?, negate: Bool) throws(AerospikeError) -> Value {
        try MapEngine.checkKey(key)
        let (index, found) = position(of: key)
        let result = try CDTArithmetic.add(delta, to: found ? entries[index].value : nil, negate: negate)
        if found { entries[index].value = result } else { entries.insert(MapEntry(key, result), at: index) }
        return result
    }

    // MARK: - Selecting

    private mutating func select(_ selector: MapSelector, _ returning: CDTReturn, remove: Bool) throws(AerospikeError) -> Value? {
        if returning.inverted && !selector.isMulti {
            throw AerospikeError(.opNotApplicable, message: "INVERTED does not apply to a single-entry selection")
        }
        let elements = CDTElements(map: entries)
        var selection = try MapEngine.selection(selector, elements)
        if returning.inverted { selection = selection.inverted(count: elements.count) }
        let result = try CDTResult.build(returning, selection, elements)
        if remove { entries = entries.removing(positions: Set(selection.positions)) }
        return result
    }

    static func selection(_ selector: MapSelector, _ elements: CDTElements) throws(AerospikeError) -> CDTSelection {
        let keys = elements.keys ?? []
        let count = elements.count
        func same(_ a: Value, _ b: Value) -> Bool { ValueOrder.compare(a, b) == .same }
        switch selector {
        case .key(let key):
            var selection = CDTSelection.matching(keys, multi: false) { same($0, key) }
            selection.ranksAscending = false
            return selection
        case .keyList(let wanted):
            var selection = CDTSelection.matching(keys, multi: true) { key in wanted.contains { same(key, $0) } }
            selection.ranksAscending = false
            return selection
        case .keyInterval(let begin, let end):
            var selection = CDTSelection.matching(keys, multi: true) { CDTElements.inInterval($0, begin, end) }
            selection.ranksAscending = false
            return selection
        case .keyRelativeIndexRange(let key, let offset, let length):
            let (start, span) = CDTIndexing.relative(offset, length, anchor: CDTElements.countBelow(key, in: keys))
            return .byIndex(try CDTIndexing.range(start, span, count: count, multi: true), multi: true)
        case .index(let index):
            return .byIndex(try CDTIndexing.range(index, 1, count: count, multi: false), multi: false)
        case .indexRange(let index, let length):
            return .byIndex(try CDTIndexing.range(index, length, count: count, multi: true), multi: true)
        case .value(let value):
            return .matching(elements.values, multi: true) { same($0, value) }
        case .valueList(let wanted):
            return .matching(elements.values, multi: true) { value in wanted.contains { same(value, $0) } }
        case .valueInterval(let begin, let end):
            return .matching(elements.values, multi: true) { CDTElements.inInterval($0, begin, end) }
        case .valueRelativeRankRange(let value, let offset, let length):
            let (start, span) = CDTIndexing.relative(offset, length, anchor: CDTElements.countBelow(value, in: elements.values))
            return .byRank(try CDTIndexing.range(start, span, count: count, multi: true), elements, multi: true)
        case .rank(let rank):
            return .byRank(try CDTIndexing.range(rank, 1, count: count, multi: false), elements, multi: false)
        case .rankRange(let rank, let length):
            return .byRank(try CDTIndexing.range(rank, length, count: count, multi: true), elements, multi: true)
        }
    }

    /// Entries sorted by key; of entries with equal keys the last one stays.
    static func keyOrdered(_ items: [MapEntry]) -> [MapEntry] {
        var kept: [MapEntry] = []
        for item in items {
            if let index = kept.firstIndex(where: { ValueOrder.compare($0.key, item.key) == .same }) {
                kept[index] = item
            } else {
                kept.append(item)
            }
        }
        return kept.sorted { ValueOrder.precedes($0.key, $1.key) }
    }
}

extension ValueOrder {
    /// Whether map entries are in strictly ascending key order.
    static func isKeyOrdered(_ entries: [MapEntry]) -> Bool {
        zip(entries, entries.dropFirst()).allSatisfy { precedes($0.key, $1.key) }
    }
}
