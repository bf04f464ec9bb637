import AerospikeCore
import AerospikeTestSupport

/// Random list and map operations over every case, selector, return type, policy and
/// context step, with values from `ValueGenerator`. Only forms the codec writes are made:
/// those a client can send in two ways (a map put with flags and a write mode, an explicit
/// nil increment) come out in the one way the C client sends them.
struct CDTOperationGenerator {
    var values: ValueGenerator

    init(seed: UInt64) {
        values = ValueGenerator(seed: seed)
        values.maxDepth = 2
    }

    private mutating func pick(_ count: Int) -> Int { Int.random(in: 0..<count, using: &values.rng) }
    private mutating func chance() -> Bool { Bool.random(using: &values.rng) }
    private mutating func value() -> Value { values.value() }
    private mutating func int() -> Int64 { values.integer() }
    private mutating func items() -> [Value] { (0..<pick(4)).map { _ in value() } }
    private mutating func optionalCount() -> Int64? { chance() ? int() : nil }

    mutating func operation() -> CDTOperation {
        let context = (0..<pick(3)).map { _ in step() }
        let name = ["l", "m", "bin", "fifteen-chars15"][pick(4)]
        return chance() ? .list(name, context: context, listOperation()) : .map(name, context: context, mapOperation())
    }

    mutating func step() -> CDTContext {
        switch pick(7) {
        case 0:
            let creates: [ListCreate?] = [nil, ListCreate(), ListCreate(pad: true), ListCreate(order: .ordered)]
            return .listIndex(int(), create: creates[pick(4)])
        case 1: return .listRank(int())
        case 2: return .listValue(value())
        case 3: return .mapIndex(int())
        case 4: return .mapRank(int())
        case 5: return .mapKey(value(), create: [nil, MapOrder.unordered, .keyOrdered, .keyValueOrdered][pick(4)])
        default: return .mapValue(value())
        }
    }

    mutating func returning() -> CDTReturn {
        CDTReturn(CDTReturnType.allCases[pick(CDTReturnType.allCases.count)], inverted: chance())
    }

    mutating func listPolicy() -> ListPolicy? {
        chance() ? ListPolicy(order: chance() ? .ordered : .unordered, flags: ListWriteFlags(rawValue: UInt8(pick(16)))) : nil
    }

    mutating func listFlags() -> ListWriteFlags? { chance() ? ListWriteFlags(rawValue: UInt8(pick(16))) : nil }

    mutating func listSelector() -> ListSelector {
        switch pick(8) {
        case 0: .index(int())
        case 1: .indexRange(int(), count: optionalCount())
        case 2: .rank(int())
        case 3: .rankRange(int(), count: optionalCount())
        case 4: .value(value())
        case 5: .valueList(items())
        case 6: .valueInterval(value(), end: chance() ? value() : nil)
        default: .valueRelativeRankRange(value(), rank: int(), count: optionalCount())
        }
    }

    mutating func listOperation() -> ListOperation {
        switch pick(21) {
        case 0: return .setOrder(chance() ? .ordered : .unordered)
        case 1: return .append(value(), listPolicy())
        case 2: return .appendItems(items(), listPolicy())
        case 3: return .insert(index: int(), value(), listFlags())
        case 4: return .insertItems(index: int(), items(), listFlags())
        case 5:
            // With a policy the delta is always sent (the C client sends 1 for none).
            let policy = listPolicy()
            return .increment(index: int(), by: policy == nil && chance() ? nil : value(), policy)
        case 6: return .set(index: int(), value(), listFlags())
        case 7: return .pop(index: int())
        case 8: return .popRange(index: int(), count: optionalCount())
        case 9: return .remove(index: int())
        case 10: return .removeRange(index: int(), count: optionalCount())
        case 11: return .trim(index: int(), count: int())
        case 12: return .clear
        case 13: return .sort(ListSortFlags(rawValue: UInt8(pick(4))))
        case 14: return .size
        case 15: return .get(index: int())
        case 16: return .getRange(index: int(), count: optionalCount())
        case 17, 18: return .getBy(listSelector(), returning: returning())
        default: return .removeBy(listSelector(), returning: returning())
        }
    }

    mutating func mapPolicy() -> MapPolicy {
        let order = [MapOrder.unordered, .keyOrdered, .keyValueOrdered][pick(3)]
        switch pick(4) {
        case 0: return MapPolicy(order: order, flags: MapWriteFlags(rawValue: UInt8(1 + pick(15))))
        case 1: return MapPolicy(order: order, writeMode: .createOnly)
        case 2: return MapPolicy(writeMode: .updateOnly)  // MAP_REPLACE carries no order
        default: return MapPolicy(order: order)
        }
    }

    mutating func mapSelector() -> MapSelector {
        switch pick(12) {
        case 0: .key(value())
        case 1: .keyList(items())
        case 2: .keyInterval(value(), end: chance() ? value() : nil)
        case 3: .keyRelativeIndexRange(value(), index: int(), count: optionalCount())
        case 4: .index(int())
        case 5: .indexRange(int(), count: optionalCount())
        case 6: .value(value())
        case 7: .valueList(items())
        case 8: .valueInterval(value(), end: chance() ? value() : nil)
        case 9: .valueRelativeRankRange(value(), rank: int(), count: optionalCount())
        case 10: .rank(int())
        default: .rankRange(int(), count: optionalCount())
        }
    }

    mutating func mapOperation() -> MapOperation {
        // An explicit nil delta is the same call as none.
        func delta(_ generator: inout CDTOperationGenerator) -> Value? {
            let value = generator.value()
            return value == .nil ? nil : value
        }
        switch pick(10) {
        case 0: return .setOrder([MapOrder.unordered, .keyOrdered, .keyValueOrdered][pick(3)])
        case 1: return .put(key: value(), value: value(), mapPolicy())
        case 2: return .putItems((0..<pick(4)).map { _ in MapEntry(value(), value()) }, mapPolicy())
        case 3: return .increment(key: value(), by: delta(&self), MapPolicy(order: [MapOrder.unordered, .keyOrdered][pick(2)]))
        case 4: return .decrement(key: value(), by: delta(&self), MapPolicy(order: [MapOrder.unordered, .keyValueOrdered][pick(2)]))
        case 5: return .clear
        case 6: return .size
        case 7, 8: return .getBy(mapSelector(), returning: returning())
        default: return .removeBy(mapSelector(), returning: returning())
        }
    }
}
