import AerospikeCore
import AerospikeSemantics
import Testing

@Suite("Value order and stored maps")
struct ValueOrderTests {
    /// One value of each type, in the order a server sorts them.
    static let ascending: [Value] = [
        .nil, .bool(false), .bool(true), .int(-5), .int(0), .int(3), .string("B"), .string("a"), .string("b"), .string("ba"),
        .list([.int(1)]), .list([.int(1), .int(0)]), .list([.int(2)]),
        .map([MapEntry(.int(9), .int(9))]), .map([MapEntry(.int(1), .int(1)), MapEntry(.int(2), .int(2))]),
        .bytes([]), .bytes([0]), .bytes([1]), .double(-1.5), .double(0.25), .geoJSON("{}"),
    ]

    @Test("every value precedes every later one, and is the same as itself")
    func totalOrder() {
        for (i, a) in Self.ascending.enumerated() {
            for (j, b) in Self.ascending.enumerated() {
                let expected: ValueOrder.Comparison = i < j ? .ascending : i > j ? .descending : .same
                #expect(ValueOrder.compare(a, b) == expected, "\(a) vs \(b)")
            }
        }
    }

    @Test("an integer never equals a float of the same value: integers come first")
    func integersBeforeFloats() {
        #expect(ValueOrder.precedes(.int(Int64.max), .double(-1e300)))
        #expect(!ValueOrder.precedes(.double(1), .int(1)))
    }

    /// Measured on a real 8.1 server: `PUT … {m: {z: 1, a: 2, 3: 'n'}}` reads back key-ordered,
    /// at every nesting level.
    @Test("maps are stored key-ordered at every level; lists keep their order")
    func mapsAreKeyOrdered() {
        let written: Value = .map([
            MapEntry(.string("z"), .int(1)), MapEntry(.string("a"), .int(2)), MapEntry(.int(3), .string("n")),
            MapEntry(.string("B"), .list([.map([MapEntry(.string("y"), .nil), MapEntry(.string("x"), .nil)]), .int(2), .int(1)])),
        ])
        let stored: Value = .map([
            MapEntry(.int(3), .string("n")),
            MapEntry(.string("B"), .list([.map([MapEntry(.string("x"), .nil), MapEntry(.string("y"), .nil)]), .int(2), .int(1)])),
            MapEntry(.string("a"), .int(2)), MapEntry(.string("z"), .int(1)),
        ])
        #expect(StoredValue.normalized(written) == stored)
        #expect(StoredValue.normalized(stored) == stored)
    }

    @Test("map keys may be integers, strings or blobs, at any depth")
    func mapKeys() {
        #expect(StoredValue.invalidMapKey(in: .map([MapEntry(.int(1), .int(1)), MapEntry(.string("a"), .int(1)), MapEntry(.bytes([1]), .nil)])) == nil)
        #expect(StoredValue.invalidMapKey(in: .map([MapEntry(.double(1.5), .int(1))])) == .double(1.5))
        #expect(StoredValue.invalidMapKey(in: .list([.int(1), .map([MapEntry(.list([]), .int(1))])])) == .list([]))
        #expect(StoredValue.invalidMapKey(in: .map([MapEntry(.string("k"), .map([MapEntry(.bool(true), .int(1))]))])) == .bool(true))
    }
}
