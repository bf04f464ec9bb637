import AerospikeCore
import AerospikeSemantics
import Testing

/// The rules of list and map operations beyond what the capture exercised, each as the
/// official clients document it (the examples of `cdt_list.go` / `cdt_map.go`) or as an
/// 8.1 server's `particle_list.c` / `particle_map.c` / `cdt.c` decide it.
@Suite("CDT engine rules")
struct CDTEngineTests {
    static func ints(_ numbers: [Int64]) -> Value { .list(numbers.map(Value.int)) }
    static func ordered(_ numbers: [Int64]) -> Value { .list(numbers.map(Value.int), ordered: true) }
    static func map(_ pairs: [(Int64, Int64)]) -> Value { .map(pairs.map { MapEntry(.int($0.0), .int($0.1)) }) }

    func list(_ value: Value?, _ operation: ListOperation, context: [CDTContext] = []) throws(AerospikeError) -> CDTEngine.Outcome {
        try CDTEngine.apply(.list("b", context: context, operation), to: value)
    }

    func map(_ value: Value?, _ operation: MapOperation, context: [CDTContext] = []) throws(AerospikeError) -> CDTEngine.Outcome {
        try CDTEngine.apply(.map("b", context: context, operation), to: value)
    }

    func code(_ body: () throws -> Void) -> ResultCode? {
        do { try body() } catch { return (error as? AerospikeError)?.code }
        return nil
    }

    // MARK: - Indexes

    /// The clients' documented index/range examples, on a six-element list.
    static let rangeExamples: [(Int64, Int64?, [Int64])] = [
        (0, nil, [0, 1, 2, 3, 4, 5]), (-1, 1, [5]), (-3, 3, [3, 4, 5]), (1, 2, [1, 2]),
        (-5, 4, [1, 2, 3, 4]), (4, 10, [4, 5]), (6, nil, []), (-8, 3, [0]), (-10, 2, []),
    ]

    @Test("negative indexes and ranges select as documented", arguments: rangeExamples)
    func ranges(index: Int64, count: Int64?, expected: [Int64]) throws {
        let outcome = try list(Self.ints([0, 1, 2, 3, 4, 5]), .getRange(index: index, count: count))
        #expect(outcome.result == Self.ints(expected))
        #expect(outcome.value == nil)
    }

    @Test("a single index out of range is OP_NOT_APPLICABLE; a range out of range selects nothing")
    func singleOutOfRange() throws {
        let items = Self.ints([1, 2, 3])
        for operation: ListOperation in [.get(index: 3), .get(index: -4), .pop(index: 5), .remove(index: -9),
                                         .getBy(.index(3), returning: CDTReturn(.value)), .getBy(.rank(3), returning: CDTReturn(.value))] {
            #expect(code { _ = try list(items, operation) } == .opNotApplicable, "\(operation)")
        }
        #expect(try list(items, .getBy(.indexRange(7, count: 2), returning: CDTReturn(.value))).result == .list([]))
        #expect(code { _ = try map(Self.map([(1, 1)]), .getBy(.index(1), returning: CDTReturn(.key))) } == .opNotApplicable)
    }

    // MARK: - Writes

    @Test("insert and set beyond the end pad with nils; INSERT_BOUNDED refuses, NO_FAIL skips")
    func padding() throws {
        #expect(try list(Self.ints([1]), .insert(index: 3, .int(9))).value == .list([.int(1), .nil, .nil, .int(9)]))
        #expect(try list(Self.ints([1]), .set(index: 2, .int(9))).value == .list([.int(1), .nil, .int(9)]))
        #expect(try list(Self.ints([1]), .insert(index: 3, .int(9))).result == .int(4))
        #expect(code { _ = try list(Self.ints([1]), .insert(index: 3, .int(9), .insertBounded)) } == .opNotApplicable)
        let skipped = try list(Self.ints([1]), .insert(index: 3, .int(9), [.insertBounded, .noFail]))
        #expect(skipped.result == .int(1))
        #expect(skipped.value == Self.ints([1]))
        // An insert before the first element counts from the end, and no further.
        #expect(try list(Self.ints([1, 2]), .insert(index: -1, .int(9))).value == Self.ints([1, 9, 2]))
        #expect(code { _ = try list(Self.ints([1, 2]), .insert(index: -3, .int(9))) } == .opNotApplicable)
    }

    @Test("ADD_UNIQUE: an existing value is ELEMENT_EXISTS, a repeat inside the items OP_NOT_APPLICABLE; NO_FAIL and PARTIAL")
    func addUnique() throws {
        let items = Self.ints([1, 2])
        #expect(code { _ = try list(items, .appendItems([.int(3), .int(2)], ListPolicy(flags: .addUnique))) } == .elementExists)
        #expect(code { _ = try list(items, .appendItems([.int(3), .int(3)], ListPolicy(flags: .addUnique))) } == .opNotApplicable)
        let whole = try list(items, .appendItems([.int(3), .int(2)], ListPolicy(flags: [.addUnique, .noFail])))
        #expect(whole.value == items)
        #expect(whole.result == .int(2))
        let partial = try list(items, .appendItems([.int(3), .int(2), .int(3)], ListPolicy(flags: [.addUnique, .noFail, .partial])))
        #expect(partial.value == Self.ints([1, 2, 3]))
        #expect(partial.result == .int(3))
    }

    @Test("an ordered list takes appends at their sorted place; setting an order sorts")
    func orderedList() throws {
        let ordered = ListPolicy(order: .ordered)
        // A new list takes the policy's order, and keeps it in its own flag.
        #expect(try list(nil, .appendItems([.int(5), .int(1), .int(3)], ordered)).value == Self.ordered([1, 3, 5]))
        // After that the list's flag decides, whatever each append's policy says.
        #expect(try list(Self.ordered([1, 3, 5]), .append(.int(2), ordered)).value == Self.ordered([1, 2, 3, 5]))
        #expect(try list(Self.ordered([1, 3, 5]), .append(.int(2))).value == Self.ordered([1, 2, 3, 5]))
        #expect(try list(Self.ordered([1, 3, 5]), .appendItems([.int(9), .int(0)])).value == Self.ordered([0, 1, 3, 5, 9]))
        #expect(try list(Self.ints([5, 1]), .append(.int(2), ordered)).value == Self.ints([5, 1, 2]))
        // Increment re-sorts; insert and set by index are refused (the server's list_insert/list_set).
        #expect(try list(Self.ordered([1, 3, 5]), .increment(index: 0, by: .int(10))).value == Self.ordered([3, 5, 11]))
        #expect(throws: AerospikeError.self) { try list(Self.ordered([1, 3]), .insert(index: 0, .int(2))) }
        #expect(throws: AerospikeError.self) { try list(Self.ordered([1, 3]), .set(index: 0, .int(2))) }
        // Sorting an ordered list keeps its order (DESCENDING does not apply), dropping duplicates if asked.
        #expect(try list(Self.ordered([1, 3, 3]), .sort([.descending, .dropDuplicates])).value == Self.ordered([1, 3]))
        // LIST_SET_ORDER sorts and flags the list; back to unordered keeps the elements.
        #expect(try list(Self.ints([5, 1, 3]), .setOrder(.ordered)).value == Self.ordered([1, 3, 5]))
        #expect(try list(Self.ordered([1, 3, 5]), .setOrder(.unordered)).value == Self.ints([1, 3, 5]))
        // A context step that creates an ORDERED list flags it.
        let created = try list(nil, .append(.int(4)), context: [.listIndex(0, create: ListCreate(order: .ordered))])
        #expect(created.value == Value.list([Self.ints([4])], ordered: true))
        #expect(try list(Self.ints([3, 1, 3, 2]), .sort([.descending, .dropDuplicates])).value == Self.ints([3, 2, 1]))
    }

    @Test("increment keeps the element's type, creates past the end, and refuses non-numbers")
    func increment() throws {
        #expect(try list(.list([.int(1), .double(1.5)]), .increment(index: 1, by: .int(2))).result == .double(3.5))
        #expect(try list(.list([.int(1)]), .increment(index: 0, by: .double(2.7))).result == .int(3))
        #expect(try list(.list([.int(1)]), .increment(index: 2)).value == .list([.int(1), .nil, .int(1)]))
        #expect(code { _ = try list(.list([.string("a")]), .increment(index: 0)) } == .parameterError)
        #expect(try map(Self.map([]), .decrement(key: .int(1), by: .int(4))).result == .int(-4))
        #expect(code { _ = try map(.map([MapEntry(.int(1), .string("a"))]), .increment(key: .int(1))) } == .parameterError)
    }

    // MARK: - Selecting and return types

    /// `[0, 4, 5, 9, 11, 15]`, documented with getByValueRelativeRankRange.
    static let relativeRankExamples: [(Int64, Int64, Int64?, [Int64])] = [
        (5, 0, nil, [5, 9, 11, 15]), (5, 1, nil, [9, 11, 15]), (5, -1, nil, [4, 5, 9, 11, 15]),
        (3, 0, nil, [4, 5, 9, 11, 15]), (3, 3, nil, [11, 15]), (3, -3, nil, [0, 4, 5, 9, 11, 15]),
        (5, 0, 2, [5, 9]), (5, 1, 1, [9]), (5, -1, 2, [4, 5]), (3, 0, 1, [4]), (3, 3, 7, [11, 15]), (3, -3, 2, []),
    ]

    @Test("relative rank ranges select as documented", arguments: relativeRankExamples)
    func relativeRank(value: Int64, rank: Int64, count: Int64?, expected: [Int64]) throws {
        let selector = ListSelector.valueRelativeRankRange(.int(value), rank: rank, count: count)
        #expect(try list(Self.ints([0, 4, 5, 9, 11, 15]), .getBy(selector, returning: CDTReturn(.value))).result == Self.ints(expected))
    }

    /// `{0: 17, 4: 2, 5: 15, 9: 10}`, documented with getByKeyRelativeIndexRange and
    /// removeByValueRelativeRankRange.
    @Test("relative index and rank ranges of a map select as documented")
    func mapRelative() throws {
        let source = Self.map([(0, 17), (4, 2), (5, 15), (9, 10)])
        func keys(_ selector: MapSelector) throws -> Value? { try map(source, .getBy(selector, returning: CDTReturn(.key))).result }
        #expect(try keys(.keyRelativeIndexRange(.int(5), index: 0, count: nil)) == Self.ints([5, 9]))
        #expect(try keys(.keyRelativeIndexRange(.int(5), index: -1, count: nil)) == Self.ints([4, 5, 9]))
        #expect(try keys(.keyRelativeIndexRange(.int(3), index: 2, count: nil)) == Self.ints([9]))
        #expect(try keys(.keyRelativeIndexRange(.int(3), index: -2, count: 2)) == Self.ints([0]))
        #expect(try keys(.valueRelativeRankRange(.int(11), rank: 1, count: nil)) == Self.ints([0]))
        #expect(try keys(.valueRelativeRankRange(.int(11), rank: -1, count: nil)) == Self.ints([9, 5, 0]))
        #expect(try keys(.valueRelativeRankRange(.int(11), rank: -1, count: 1)) == Self.ints([9]))
    }

    @Test("return types of a value selection: positions, ranks, count, existence, values")
    func returnTypes() throws {
        // Value 7 at indexes 1 and 3, ranks 2 and 3, of [9, 7, 1, 7, 3].
        let source = Self.ints([9, 7, 1, 7, 3])
        func get(_ type: CDTReturnType, inverted: Bool = false) throws -> Value? {
            try list(source, .getBy(.value(.int(7)), returning: CDTReturn(type, inverted: inverted))).result
        }
        #expect(try get(.index) == Self.ints([1, 3]))
        #expect(try get(.reverseIndex) == Self.ints([3, 1]))
        #expect(try get(.rank) == Self.ints([2, 3]))
        #expect(try get(.reverseRank) == Self.ints([2, 1]))
        #expect(try get(.count) == .int(2))
        #expect(try get(.exists) == .bool(true))
        #expect(try get(.value) == Self.ints([7, 7]))
        #expect(try get(.none) == nil)
        #expect(try get(.value, inverted: true) == Self.ints([9, 1, 3]))
        #expect(try get(.count, inverted: true) == .int(3))
        #expect(code { _ = try get(.keyValue) } == .opNotApplicable)
        // A rank range returns its values in rank order.
        #expect(try list(source, .getBy(.rankRange(-2, count: nil), returning: CDTReturn(.value))).result == Self.ints([7, 9]))
        #expect(try list(source, .removeBy(.value(.int(7)), returning: CDTReturn(.none, inverted: true))).value == Self.ints([7, 7]))
        #expect(try list(source, .trim(index: 1, count: 2)).value == Self.ints([7, 1]))
        #expect(try list(source, .trim(index: 1, count: 2)).result == .int(3))
    }

    @Test("a map key that is absent: no value, index -1, an empty map, count 0")
    func mapKeyNotFound() throws {
        let source = Self.map([(1, 10)])
        func get(_ type: CDTReturnType) throws -> Value? { try map(source, .getBy(.key(.int(2)), returning: CDTReturn(type))).result }
        #expect(try get(.value) == nil)
        #expect(try get(.index) == .int(-1))
        #expect(try get(.keyValue) == .map([]))
        #expect(try get(.count) == .int(0))
        #expect(try get(.exists) == .bool(false))
    }

    @Test("map indexes count in key order, whatever order the map was given in")
    func mapIndexOrder() throws {
        let source = Value.map([MapEntry(.string("z"), .int(1)), MapEntry(.string("a"), .int(2)), MapEntry(.int(5), .int(3))])
        #expect(try map(source, .getBy(.indexRange(0, count: nil), returning: CDTReturn(.key))).result == .list([.int(5), .string("a"), .string("z")]))
        #expect(try map(source, .getBy(.rank(0), returning: CDTReturn(.key))).result == .string("z"))
    }

    @Test("map writes: CREATE_ONLY, UPDATE_ONLY, NO_FAIL, PARTIAL, and keys a server refuses")
    func mapWrites() throws {
        let source = Self.map([(1, 10)])
        let items = [MapEntry(.int(1), .int(11)), MapEntry(.int(2), .int(20))]
        #expect(code { _ = try map(source, .putItems(items, MapPolicy(flags: .updateOnly))) } == .elementNotFound)
        #expect(try map(source, .putItems(items, MapPolicy(flags: [.updateOnly, .noFail]))).value == source)
        #expect(try map(source, .putItems(items, MapPolicy(flags: [.updateOnly, .noFail, .partial]))).value == Self.map([(1, 11)]))
        #expect(try map(source, .putItems(items, MapPolicy(flags: [.createOnly, .noFail, .partial]))).value == Self.map([(1, 10), (2, 20)]))
        #expect(code { _ = try map(source, .put(key: .int(1), value: .int(0), MapPolicy(writeMode: .createOnly))) } == .elementExists)
        #expect(code { _ = try map(source, .put(key: .double(1.5), value: .int(0))) } == .parameterError)
        #expect(code { _ = try list(nil, .append(.map([MapEntry(.list([]), .int(1))]))) } == .parameterError)
    }

    // MARK: - Absent bins, wrong types, contexts

    @Test("an absent bin: reads give nothing, removals do nothing, writes create it, sort is BIN_TYPE_ERROR")
    func absentBin() throws {
        #expect(try list(nil, .size) == CDTEngine.Outcome(value: nil, result: nil))
        #expect(try list(nil, .pop(index: 0)) == CDTEngine.Outcome(value: nil, result: nil))
        #expect(try map(nil, .removeBy(.key(.int(1)), returning: CDTReturn(.value))) == CDTEngine.Outcome(value: nil, result: nil))
        #expect(try list(nil, .insert(index: 1, .int(7))).value == .list([.nil, .int(7)]))
        #expect(try map(nil, .increment(key: .int(1))).value == Self.map([(1, 1)]))
        #expect(code { _ = try list(nil, .sort()) } == .binTypeError)
    }

    @Test("a list operation on anything but a list, and a map operation on anything but a map, is BIN_TYPE_ERROR")
    func wrongType() throws {
        #expect(code { _ = try list(.int(1), .size) } == .binTypeError)
        #expect(code { _ = try list(Self.map([]), .append(.int(1))) } == .binTypeError)
        #expect(code { _ = try map(Self.ints([]), .size) } == .binTypeError)
        #expect(code { _ = try map(.list([Self.ints([])]), .size, context: [.listIndex(0)]) } == .binTypeError)
    }

    @Test("context steps: found, not found (OP_NOT_APPLICABLE), through a scalar, and created")
    func contexts() throws {
        let source = Value.map([MapEntry(.string("a"), .list([Self.ints([1, 2]), Self.map([(7, 70)])]))])
        #expect(try list(source, .size, context: [.mapKey(.string("a")), .listIndex(0)]).result == .int(2))
        #expect(try map(source, .size, context: [.mapKey(.string("a")), .listRank(-1)]).result == .int(1))
        #expect(code { _ = try list(source, .size, context: [.mapKey(.string("b"))]) } == .opNotApplicable)
        // a[0][0] is the integer 1: a list operation there is BIN_TYPE_ERROR, a step into it OP_NOT_APPLICABLE.
        #expect(code { _ = try list(source, .size, context: [.mapKey(.string("a")), .listIndex(0), .listIndex(0)]) } == .binTypeError)
        #expect(code { _ = try list(source, .size, context: [.mapKey(.string("a")), .listIndex(0), .listIndex(0), .listIndex(0)]) } == .opNotApplicable)
        #expect(code { _ = try list(source, .append(.int(1)), context: [.mapKey(.string("b"))]) } == .opNotApplicable)
        let created = try list(source, .append(.int(1)), context: [.mapKey(.string("b"), create: .unordered)])
        #expect(created.result == .int(1))
        guard case .map(let entries)? = created.value else { Issue.record("no map"); return }
        #expect(entries.map(\.key) == [.string("a"), .string("b")])
        #expect(entries.last?.value == Self.ints([1]))
        // An absent bin is created along the path only when its first step may create.
        #expect(code { _ = try list(nil, .append(.int(1)), context: [.mapKey(.string("a"))]) } == .opNotApplicable)
        #expect(try list(nil, .append(.int(1)), context: [.mapKey(.string("a"), create: .keyOrdered)]).value
            == .map([MapEntry(.string("a"), Self.ints([1]))]))
    }
}
