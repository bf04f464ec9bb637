import AerospikeCore

/// Map operations on the wire: `[code, arguments…]`, with the codes and argument orders
/// of the official clients (`as_map_operations.c`). A put with write flags is MAP_PUT with
/// the flags after the order; a policy built with a write mode uses MAP_ADD (create only)
/// or MAP_REPLACE (update only, without an order) instead, as the clients do.
enum MapOperationCodec {
    static let setType: Int64 = 64
    static let add: Int64 = 65
    static let addItems: Int64 = 66
    static let put: Int64 = 67
    static let putItems: Int64 = 68
    static let replace: Int64 = 69
    static let replaceItems: Int64 = 70
    static let increment: Int64 = 73
    static let decrement: Int64 = 74
    static let clear: Int64 = 75
    static let size: Int64 = 96

    /// (GET_BY code, REMOVE_BY code) per selector.
    static func codes(_ selector: MapSelector) -> (get: Int64, remove: Int64) {
        switch selector {
        case .key: (97, 76)
        case .index: (98, 77)
        case .rank: (100, 79)
        case .value: (102, 82)
        case .keyInterval: (103, 84)
        case .indexRange: (104, 85)
        case .valueInterval: (105, 86)
        case .rankRange: (106, 87)
        case .keyList: (107, 81)
        case .valueList: (108, 83)
        case .keyRelativeIndexRange: (109, 88)
        case .valueRelativeRankRange: (110, 89)
        }
    }

    static func encode(_ operation: MapOperation) -> (code: Int64, arguments: [CDTArgument]) {
        switch operation {
        case .setOrder(let order):
            return (setType, [.int(Int64(order.rawValue))])
        case .put(let key, let value, let policy):
            return write(policy, item: (put, add, replace), [.value(key), .value(value)])
        case .putItems(let entries, let policy):
            return write(policy, item: (putItems, addItems, replaceItems), [.value(.map(entries))])
        case .increment(let key, let delta, let policy):
            return (increment, [.value(key), .value(delta ?? .nil), .int(Int64(policy.order.rawValue))])
        case .decrement(let key, let delta, let policy):
            return (decrement, [.value(key), .value(delta ?? .nil), .int(Int64(policy.order.rawValue))])
        case .clear:
            return (clear, [])
        case .size:
            return (size, [])
        case .getBy(let selector, let returning):
            return (codes(selector).get, [.int(returning.wireValue)] + selectorArguments(selector))
        case .removeBy(let selector, let returning):
            return (codes(selector).remove, [.int(returning.wireValue)] + selectorArguments(selector))
        }
    }

    /// The C client's choice of code and trailing arguments for a put or put-items.
    private static func write(
        _ policy: MapPolicy, item codes: (put: Int64, add: Int64, replace: Int64), _ arguments: [CDTArgument]
    ) -> (code: Int64, arguments: [CDTArgument]) {
        let order = CDTArgument.int(Int64(policy.order.rawValue))
        if !policy.flags.isEmpty {
            return (codes.put, arguments + [order, .int(Int64(policy.flags.rawValue))])
        }
        switch policy.writeMode {
        case .update: return (codes.put, arguments + [order])
        case .createOnly: return (codes.add, arguments + [order])
        case .updateOnly: return (codes.replace, arguments)
        }
    }

    private static func selectorArguments(_ selector: MapSelector) -> [CDTArgument] {
        switch selector {
        case .key(let value), .value(let value):
            [.value(value)]
        case .index(let index), .rank(let index):
            [.int(index)]
        case .keyList(let values), .valueList(let values):
            [.value(.list(values))]
        case .keyInterval(let begin, let end), .valueInterval(let begin, let end):
            [.value(begin)] + (end.map { [.value($0)] } ?? [])
        case .indexRange(let index, let count), .rankRange(let index, let count):
            [.int(index)] + (count.map { [.int($0)] } ?? [])
        case .keyRelativeIndexRange(let value, let index, let count), .valueRelativeRankRange(let value, let index, let count):
            [.value(value), .int(index)] + (count.map { [.int($0)] } ?? [])
        }
    }

    static func decode(code: Int64, _ raw: [CDTArgument]) throws(AerospikeError) -> MapOperation {
        var args = CDTArgumentList("map operation \(code)", raw)
        switch code {
        case setType:
            try args.expect(1)
            return .setOrder(try order(try args.int()))
        case put, add, replace:
            try args.expect(2, code == put ? 4 : code == add ? 3 : 2)
            let (key, value) = (try args.value(), try args.value())
            return .put(key: key, value: value, try policy(code == put ? .update : code == add ? .createOnly : .updateOnly, &args))
        case putItems, addItems, replaceItems:
            try args.expect(1, code == putItems ? 3 : code == addItems ? 2 : 1)
            guard case .map(let entries) = try args.value() else { throw .malformed("map put-items takes a map") }
            return .putItems(entries, try policy(code == putItems ? .update : code == addItems ? .createOnly : .updateOnly, &args))
        case increment, decrement:
            try args.expect(1, 3)
            let key = try args.value()
            let delta = args.remaining > 0 ? try args.value() : nil
            let policy = MapPolicy(order: try optionalOrder(&args))
            let by = delta == .nil ? nil : delta
            return code == increment ? .increment(key: key, by: by, policy) : .decrement(key: key, by: by, policy)
        case clear:
            try args.expect(0)
            return .clear
        case size:
            try args.expect(0)
            return .size
        case 97...110:
            let returning = try args.returnType()
            return .getBy(try selector(get: code, &args), returning: returning)
        case 76...89:
            guard let get = removeToGet[code] else { throw .malformed("unknown map operation \(code)") }
            let returning = try args.returnType()
            return .removeBy(try selector(get: get, &args), returning: returning)
        default:
            throw .malformed("unknown map operation \(code)")
        }
    }

    /// REMOVE_BY code → the GET_BY code of the same selector.
    private static let removeToGet: [Int64: Int64] = [
        76: 97, 77: 98, 79: 100, 82: 102, 84: 103, 85: 104, 86: 105, 87: 106, 81: 107, 83: 108, 88: 109, 89: 110,
    ]

    /// The selector's arguments, after the return type (counts include it).
    private static func selector(get code: Int64, _ args: inout CDTArgumentList) throws(AerospikeError) -> MapSelector {
        switch code {
        case 97:
            try args.expect(2)
            return .key(try args.value())
        case 98:
            try args.expect(2)
            return .index(try args.int())
        case 100:
            try args.expect(2)
            return .rank(try args.int())
        case 102:
            try args.expect(2)
            return .value(try args.value())
        case 103:
            try args.expect(2, 3)
            return .keyInterval(try args.value(), end: try args.rangeEnd())
        case 104:
            try args.expect(2, 3)
            return .indexRange(try args.int(), count: try args.optionalInt())
        case 105:
            try args.expect(2, 3)
            return .valueInterval(try args.value(), end: try args.rangeEnd())
        case 106:
            try args.expect(2, 3)
            return .rankRange(try args.int(), count: try args.optionalInt())
        case 107:
            try args.expect(2)
            return .keyList(try args.list())
        case 108:
            try args.expect(2)
            return .valueList(try args.list())
        case 109:
            try args.expect(3, 4)
            return .keyRelativeIndexRange(try args.value(), index: try args.int(), count: try args.optionalInt())
        case 110:
            try args.expect(3, 4)
            return .valueRelativeRankRange(try args.value(), rank: try args.int(), count: try args.optionalInt())
        default:
            throw .malformed("unknown map operation \(code)")
        }
    }

    private static func policy(_ mode: MapWriteMode, _ args: inout CDTArgumentList) throws(AerospikeError) -> MapPolicy {
        let order = try optionalOrder(&args)
        var flags: MapWriteFlags = []
        if let code = try args.optionalInt() { flags = MapWriteFlags(rawValue: try ListOperationCodec.byte(code, "map write flags")) }
        return MapPolicy(order: order, flags: flags, writeMode: flags.isEmpty ? mode : .update)
    }

    private static func optionalOrder(_ args: inout CDTArgumentList) throws(AerospikeError) -> MapOrder {
        guard let code = try args.optionalInt() else { return .unordered }
        return try order(code)
    }

    static func order(_ code: Int64) throws(AerospikeError) -> MapOrder {
        // 0x10 asks a server to persist an index, which changes nothing visible.
        guard let order = MapOrder(rawValue: try ListOperationCodec.byte(code & ~0x10, "map order")) else {
            throw .malformed("unknown map order \(code)")
        }
        return order
    }
}
