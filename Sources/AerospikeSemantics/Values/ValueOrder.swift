import AerospikeCore

/// Aerospike's order of values, as a server sorts map keys, ordered lists and ranks.
///
/// Across types: nil < false < true < integers < strings < lists < maps < blobs < floats <
/// GeoJSON. An integer and a float are never compared by value: every integer sorts before
/// every float. Within a type: integers and floats by value (NaN equals everything it meets,
/// as a server's `<`/`>` test makes it), strings and blobs bytewise with a prefix first,
/// lists element by element with a prefix first, maps by entry count and then key, value,
/// key, value in their stored order.
public enum ValueOrder {
    public static func compare(_ a: Value, _ b: Value) -> Comparison {
        let (rankA, rankB) = (rank(a), rank(b))
        if rankA != rankB { return rankA < rankB ? .ascending : .descending }
        switch (a, b) {
        case (.int(let x), .int(let y)):
            return order(x, y)
        case (.double(let x), .double(let y)):
            return x < y ? .ascending : x > y ? .descending : .same
        case (.string(let x), .string(let y)), (.geoJSON(let x), .geoJSON(let y)):
            return bytewise(Array(x.utf8), Array(y.utf8))
        case (.bytes(let x), .bytes(let y)):
            return bytewise(x, y)
        case (.list(let xs, _), .list(let ys, _)):
            for (x, y) in zip(xs, ys) {
                let step = compare(x, y)
                if step != .same { return step }
            }
            return order(xs.count, ys.count)
        case (.map(let xs), .map(let ys)):
            if xs.count != ys.count { return order(xs.count, ys.count) }
            for (x, y) in zip(xs, ys) {
                let byKey = compare(x.key, y.key)
                if byKey != .same { return byKey }
                let byValue = compare(x.value, y.value)
                if byValue != .same { return byValue }
            }
            return .same
        default:
            // Same rank, so the same type: nil, or two equal-ranked booleans.
            return .same
        }
    }

    public static func precedes(_ a: Value, _ b: Value) -> Bool {
        compare(a, b) == .ascending
    }

    public enum Comparison: Sendable {
        case ascending, same, descending
    }

    private static func rank(_ value: Value) -> Int {
        switch value {
        case .nil: 0
        case .bool(false): 1
        case .bool(true): 2
        case .int: 3
        case .string: 4
        case .list: 5
        case .map: 6
        case .bytes: 7
        case .double: 8
        case .geoJSON: 9
        }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> Comparison {
        x < y ? .ascending : x > y ? .descending : .same
    }

    private static func bytewise(_ x: [UInt8], _ y: [UInt8]) -> Comparison {
        for (a, b) in zip(x, y) where a != b {
            return a < b ? .ascending : .descending
        }
        return order(x.count, y.count)
    }
}
