import AerospikeCore
import AerospikeEmbedded
import AerospikeNetwork
import AerospikeServer
import Testing

/// Random sequences of list and map operations give the same outcome through the wire
/// client and `aerosh serve` as on the embedded store: success or the same error code, the
/// same results per operation, and the same record (bins and generation) read back after.
///
/// Values come from a small domain (a few integers, strings, a double, short nested lists
/// and maps), so selectors hit, duplicates meet and increments collide with non-numbers.
@Suite("Property: list and map operation sequences, embedded store vs. aerosh serve")
struct CDTPropertyTests {
    static let seeds: [UInt64] = [1, 7, 42, 2024]
    static let sequencesPerBin = 60
    let fast = ClientPolicy(totalTimeout: .seconds(20), tendInterval: .milliseconds(50))

    /// One sequence: how the record starts, and the operations applied to it in one operate.
    struct Case: CustomStringConvertible {
        var start: [Bin]?  // nil: no record at all
        var operations: [Operation]
        var description: String { "start \(start.map { "\($0)" } ?? "no record"), operations \(operations)" }
    }

    enum Outcome: Equatable {
        case results([[Bin]])
        case failure(ResultCode)
    }

    struct Observed: Equatable {
        var operate: Outcome
        /// The record read back with `get`: its bins and generation, or the error code.
        var final: Outcome
        var generation: UInt32?
    }

    /// Known difference, excluded: a CDT result that is itself nil (a nil element or map
    /// value selected) reads as "no result" through the wire client, so nil-valued result
    /// bins are dropped from both sides before comparing.
    static func normalized(_ perOperation: [[Bin]]) -> [[Bin]] {
        perOperation.map { bins in bins.filter { $0.value != .nil } }
    }

    func observe(_ target: any AerospikeClient, _ key: Key, _ testCase: Case) async -> Observed {
        if let start = testCase.start {
            do { try await target.put(key, bins: start, policy: WritePolicy()) } catch {
                return Observed(operate: .failure(error.code), final: .failure(error.code), generation: nil)
            }
        }
        let operate: Outcome
        do {
            let result = try await target.operate(key, operations: testCase.operations, policy: WritePolicy())
            operate = .results(Self.normalized(result.perOperation))
        } catch {
            operate = .failure(error.code)
        }
        do {
            let record = try await target.get(key, bins: nil, policy: ReadPolicy())
            return Observed(operate: operate, final: .results([record.bins]), generation: record.generation)
        } catch {
            return Observed(operate: operate, final: .failure(error.code), generation: nil)
        }
    }

    @Test("random list and map sequences agree", arguments: seeds)
    func sequencesAgree(seed: UInt64) async throws {
        let cluster = try await ClusterFixture(nodes: 1)
        let client = try await WireClient.connect(seeds: [cluster.seed], policy: fast)
        let local = try EmbeddedStore(path: EmbeddedStore.inMemoryPath)
        var generator = SequenceGenerator(seed: seed)
        var mismatches = 0
        for index in 0..<(2 * Self.sequencesPerBin) {
            let testCase = index % 2 == 0 ? generator.listCase() : generator.mapCase()
            let key = Key(namespace: "test", set: "cdtprop", userKey: .string("s\(seed)-\(index)"))
            let wire = await observe(client, key, testCase)
            let store = await observe(local, key, testCase)
            if wire != store { mismatches += 1 }
            #expect(wire == store, "seed \(seed) sequence \(index): \(testCase)")
            if mismatches >= 3 { break }  // enough to read; the rest would repeat them
        }
        await client.close()
        await local.close()
        try await cluster.stop()
    }
}

/// SplitMix64, the same generator as AerospikeTestSupport's `SeededGenerator` (which this
/// test target does not depend on), so a failure repeats on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}

/// Random sequences of 1–8 list operations on bin "l" or map operations on bin "m".
/// Excluded (known difference: ordered lists lose their order flag through the wire):
/// ORDERED list policies, ordered list creation in a context, and set-order operations.
/// Maps still get key-ordered policies; final bins are compared as values.
private struct SequenceGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    mutating func pick(_ count: Int) -> Int { Int.random(in: 0..<count, using: &rng) }
    mutating func chance(_ percent: Int = 50) -> Bool { pick(100) < percent }

    mutating func scalar() -> Value {
        switch pick(10) {
        case 0...4: .int(Int64(pick(7)) - 2)
        case 5, 6: .string(["a", "b", "c"][pick(3)])
        case 7: .double([1.5, -0.5][pick(2)])
        case 8: .bool(chance())
        default: chance(30) ? .nil : .bytes([UInt8(pick(3))])
        }
    }

    mutating func value(depth: Int = 0) -> Value {
        guard depth < 2, chance(15) else { return scalar() }
        if chance() { return .list((0..<pick(4)).map { _ in value(depth: depth + 1) }) }
        return .map((0..<pick(4)).map { _ in MapEntry(scalar(), value(depth: depth + 1)) })
    }

    mutating func items(_ max: Int = 4) -> [Value] { (0..<pick(max)).map { _ in value() } }
    /// A map key: mostly a valid one (an integer or a string), now and then any scalar.
    mutating func key() -> Value {
        switch pick(20) {
        case 0...9: .int(Int64(pick(7)) - 2)
        case 10...18: .string(["a", "b", "c"][pick(3)])
        default: scalar()
        }
    }

    /// A number mostly, now and then anything (which an increment must refuse alike).
    mutating func delta() -> Value? {
        switch pick(10) {
        case 0: nil
        case 1...6: .int(Int64(pick(7)) - 2)
        case 7, 8: .double([1.5, -0.5][pick(2)])
        default: scalar()
        }
    }

    /// Mostly an index within a short list, now and then one from the end or past it.
    mutating func index() -> Int64 { chance(70) ? Int64(pick(3)) : Int64(pick(9)) - 4 }
    mutating func count() -> Int64? { chance(25) ? nil : Int64(pick(6)) - 1 }
    /// A return type (for a list, mostly one that applies to lists), inverted only now
    /// and then for a single-element selector (which must fail alike).
    mutating func returning(multi: Bool, list: Bool) -> CDTReturn {
        let forLists: [CDTReturnType] = [.none, .index, .reverseIndex, .rank, .reverseRank, .count, .value, .exists]
        let types = list && chance(90) ? forLists : CDTReturnType.allCases
        return CDTReturn(types[pick(types.count)], inverted: (multi || chance(10)) && chance(20))
    }

    /// Now and then one step into a nested element (often one that is not there).
    mutating func context(list: Bool) -> [CDTContext] {
        guard chance(8) else { return [] }
        switch (list, pick(3)) {
        case (true, 0): return [.listIndex(Int64(pick(3)) - 1, create: chance(30) ? ListCreate(pad: chance()) : nil)]
        case (true, 1): return [.listValue(value())]
        case (false, 0): return [.mapKey(key(), create: chance(30) ? .unordered : nil)]
        case (false, 1): return [.mapIndex(Int64(pick(3)))]
        case (true, _): return [.listRank(Int64(pick(3)) - 1)]
        case (false, _): return [.mapRank(Int64(pick(3)) - 1)]
        }
    }

    // MARK: lists

    mutating func listFlags() -> ListWriteFlags? { chance() ? ListWriteFlags(rawValue: UInt8(pick(16))) : nil }
    mutating func listPolicy() -> ListPolicy? { chance() ? ListPolicy(flags: ListWriteFlags(rawValue: UInt8(pick(16)))) : nil }

    mutating func listSelector() -> ListSelector {
        switch pick(8) {
        case 0: .index(index())
        case 1: .indexRange(index(), count: count())
        case 2: .rank(index())
        case 3: .rankRange(index(), count: count())
        case 4: .value(value())
        case 5: .valueList(items())
        case 6: .valueInterval(scalar(), end: chance() ? scalar() : nil)
        default: .valueRelativeRankRange(scalar(), rank: index(), count: count())
        }
    }

    mutating func listOperation() -> ListOperation {
        switch pick(19) {
        case 0, 1: return .append(value(), listPolicy())
        case 2: return .appendItems(items(), listPolicy())
        case 3: return .insert(index: index(), value(), listFlags())
        case 4: return .insertItems(index: index(), items(), listFlags())
        case 5: return .increment(index: index(), by: delta(), listPolicy())
        case 6: return .set(index: index(), value(), listFlags())
        case 7: return .pop(index: index())
        case 8: return .popRange(index: index(), count: count())
        case 9: return .remove(index: index())
        case 10: return .removeRange(index: index(), count: count())
        case 11: return .trim(index: index(), count: Int64(pick(5)))
        case 12: return chance(30) ? .clear : .size
        case 13: return .sort(ListSortFlags(rawValue: UInt8(pick(4))))
        case 14: return .get(index: index())
        case 15: return .getRange(index: index(), count: count())
        case 16, 17:
            let selector = listSelector()
            return .getBy(selector, returning: returning(multi: selector.isMulti, list: true))
        default:
            let selector = listSelector()
            return .removeBy(selector, returning: returning(multi: selector.isMulti, list: true))
        }
    }

    // MARK: maps

    mutating func mapPolicy() -> MapPolicy {
        let order = [MapOrder.unordered, .unordered, .keyOrdered][pick(3)]
        switch pick(8) {
        case 0: return MapPolicy(order: order, flags: MapWriteFlags(rawValue: UInt8(pick(16))))
        case 1: return MapPolicy(order: order, writeMode: .createOnly)
        case 2: return MapPolicy(writeMode: .updateOnly)
        default: return MapPolicy(order: order)
        }
    }

    mutating func mapSelector() -> MapSelector {
        switch pick(12) {
        case 0: .key(key())
        case 1: .keyList((0..<pick(4)).map { _ in key() })
        case 2: .keyInterval(key(), end: chance() ? key() : nil)
        case 3: .keyRelativeIndexRange(key(), index: index(), count: count())
        case 4: .index(index())
        case 5: .indexRange(index(), count: count())
        case 6: .value(value())
        case 7: .valueList(items())
        case 8: .valueInterval(scalar(), end: chance() ? scalar() : nil)
        case 9: .valueRelativeRankRange(scalar(), rank: index(), count: count())
        case 10: .rank(index())
        default: .rankRange(index(), count: count())
        }
    }

    mutating func mapOperation() -> MapOperation {
        switch pick(10) {
        case 0, 1: return .put(key: key(), value: value(), mapPolicy())
        case 2: return .putItems((0..<pick(4)).map { _ in MapEntry(key(), value()) }, mapPolicy())
        case 3: return .increment(key: key(), by: delta(), MapPolicy(order: chance() ? .unordered : .keyOrdered))
        case 4: return .decrement(key: key(), by: delta())
        case 5: return chance(30) ? .clear : .size
        case 6, 7:
            let selector = mapSelector()
            return .getBy(selector, returning: returning(multi: selector.isMulti, list: false))
        default:
            let selector = mapSelector()
            return .removeBy(selector, returning: returning(multi: selector.isMulti, list: false))
        }
    }

    // MARK: sequences

    /// How the record starts: the bin written first (with another bin beside it now and
    /// then), only another bin (the CDT bin absent), or no record.
    mutating func start(_ bin: Bin) -> [Bin]? {
        switch pick(8) {
        case 0: return nil
        case 1: return [Bin("o", .int(1))]
        case 2: return [bin, Bin("o", .string("x"))]
        default: return [bin]
        }
    }

    mutating func listCase() -> Case {
        let start = start(Bin("l", .list(items(6))))
        let operations: [Operation] = (0..<(1 + pick(8))).map { _ in
            // Now and then a map operation on the list bin, which must fail alike.
            chance(2) ? .cdt(.map("l", .size)) : .cdt(.list("l", context: context(list: true), listOperation()))
        }
        return Case(start: start, operations: operations)
    }

    mutating func mapCase() -> Case {
        let start = start(Bin("m", .map((0..<pick(6)).map { _ in MapEntry(key(), value()) })))
        let operations: [Operation] = (0..<(1 + pick(8))).map { _ in
            chance(2) ? .cdt(.list("m", .size)) : .cdt(.map("m", context: context(list: false), mapOperation()))
        }
        return Case(start: start, operations: operations)
    }
}

private typealias Case = CDTPropertyTests.Case
