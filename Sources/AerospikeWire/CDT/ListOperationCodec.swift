import AerospikeCore

/// List operations on the wire: `[code, arguments…]`, with the codes and argument orders
/// of the official clients (`as_list_operations.c`), which a server's op table mirrors.
/// Optional trailing arguments are sent only when given, as the clients do.
enum ListOperationCodec {
    static let setType: Int64 = 0
    static let append: Int64 = 1
    static let appendItems: Int64 = 2
    static let insert: Int64 = 3
    static let insertItems: Int64 = 4
    static let pop: Int64 = 5
    static let popRange: Int64 = 6
    static let remove: Int64 = 7
    static let removeRange: Int64 = 8
    static let set: Int64 = 9
    static let trim: Int64 = 10
    static let clear: Int64 = 11
    static let increment: Int64 = 12
    static let sort: Int64 = 13
    static let size: Int64 = 16
    static let get: Int64 = 17
    static let getRange: Int64 = 18
    /// REMOVE_BY_x is GET_BY_x + 13 for every selector.
    static let removeOffset: Int64 = 13

    /// GET_BY codes per selector (GET_BY_VALUE 20 is the single-match form no client sends;
    /// the clients' "by value" is GET_ALL_BY_VALUE 22).
    static func getCode(_ selector: ListSelector) -> Int64 {
        switch selector {
        case .index: 19
        case .rank: 21
        case .value: 22
        case .valueList: 23
        case .indexRange: 24
        case .valueInterval: 25
        case .rankRange: 26
        case .valueRelativeRankRange: 27
        }
    }

    static func encode(_ operation: ListOperation) -> (code: Int64, arguments: [CDTArgument]) {
        switch operation {
        case .setOrder(let order):
            return (setType, [.int(Int64(order.rawValue))])
        case .append(let value, let policy):
            return (append, [.value(value)] + policyArguments(policy))
        case .appendItems(let items, let policy):
            return (appendItems, [.value(.list(items))] + policyArguments(policy))
        case .insert(let index, let value, let flags):
            return (insert, [.int(index), .value(value)] + flagArguments(flags))
        case .insertItems(let index, let items, let flags):
            return (insertItems, [.int(index), .value(.list(items))] + flagArguments(flags))
        case .increment(let index, let delta, let policy):
            // The C client always sends the delta (1 when none); another client may not.
            var arguments: [CDTArgument] = [.int(index)]
            if let delta { arguments.append(.value(delta)) } else if policy != nil { arguments.append(.int(1)) }
            return (increment, arguments + policyArguments(policy))
        case .set(let index, let value, let flags):
            return (set, [.int(index), .value(value)] + flagArguments(flags))
        case .pop(let index):
            return (pop, [.int(index)])
        case .popRange(let index, let count):
            return (popRange, [.int(index)] + (count.map { [.int($0)] } ?? []))
        case .remove(let index):
            return (remove, [.int(index)])
        case .removeRange(let index, let count):
            return (removeRange, [.int(index)] + (count.map { [.int($0)] } ?? []))
        case .trim(let index, let count):
            return (trim, [.int(index), .int(count)])
        case .clear:
            return (clear, [])
        case .sort(let flags):
            return (sort, [.int(Int64(flags.rawValue))])
        case .size:
            return (size, [])
        case .get(let index):
            return (get, [.int(index)])
        case .getRange(let index, let count):
            return (getRange, [.int(index)] + (count.map { [.int($0)] } ?? []))
        case .getBy(let selector, let returning):
            return (getCode(selector), [.int(returning.wireValue)] + selectorArguments(selector))
        case .removeBy(let selector, let returning):
            return (getCode(selector) + removeOffset, [.int(returning.wireValue)] + selectorArguments(selector))
        }
    }

    private static func policyArguments(_ policy: ListPolicy?) -> [CDTArgument] {
        guard let policy else { return [] }
        return [.int(Int64(policy.order.rawValue)), .int(Int64(policy.flags.rawValue))]
    }

    private static func flagArguments(_ flags: ListWriteFlags?) -> [CDTArgument] {
        flags.map { [.int(Int64($0.rawValue))] } ?? []
    }

    private static func selectorArguments(_ selector: ListSelector) -> [CDTArgument] {
        switch selector {
        case .index(let index), .rank(let index):
            [.int(index)]
        case .indexRange(let index, let count), .rankRange(let index, let count):
            [.int(index)] + (count.map { [.int($0)] } ?? [])
        case .value(let value):
            [.value(value)]
        case .valueList(let values):
            [.value(.list(values))]
        case .valueInterval(let begin, let end):
            [.value(begin)] + (end.map { [.value($0)] } ?? [])
        case .valueRelativeRankRange(let value, let rank, let count):
            [.value(value), .int(rank)] + (count.map { [.int($0)] } ?? [])
        }
    }

    static func decode(code: Int64, _ raw: [CDTArgument]) throws(AerospikeError) -> ListOperation {
        var args = CDTArgumentList("list operation \(code)", raw)
        switch code {
        case setType:
            try args.expect(1)
            // 0x10 asks a server to persist an index, which changes nothing visible.
            return .setOrder(try order(try args.int() & ~0x10))
        case append:
            try args.expect(1, 3)
            return .append(try args.value(), try policy(&args))
        case appendItems:
            try args.expect(1, 3)
            return .appendItems(try args.list(), try policy(&args))
        case insert:
            try args.expect(2, 3)
            return .insert(index: try args.int(), try args.value(), try writeFlags(args.optionalInt()))
        case insertItems:
            try args.expect(2, 3)
            return .insertItems(index: try args.int(), try args.list(), try writeFlags(args.optionalInt()))
        case increment:
            try args.expect(1, 4)
            let index = try args.int()
            let delta = args.remaining > 0 ? try args.value() : nil
            return .increment(index: index, by: delta, try policy(&args))
        case set:
            try args.expect(2, 3)
            return .set(index: try args.int(), try args.value(), try writeFlags(args.optionalInt()))
        case pop:
            try args.expect(1)
            return .pop(index: try args.int())
        case popRange:
            try args.expect(1, 2)
            return .popRange(index: try args.int(), count: try args.optionalInt())
        case remove:
            try args.expect(1)
            return .remove(index: try args.int())
        case removeRange:
            try args.expect(1, 2)
            return .removeRange(index: try args.int(), count: try args.optionalInt())
        case trim:
            try args.expect(2)
            return .trim(index: try args.int(), count: try args.int())
        case clear:
            try args.expect(0)
            return .clear
        case sort:
            try args.expect(1)
            return .sort(ListSortFlags(rawValue: try byte(args.int(), "sort flags")))
        case size:
            try args.expect(0)
            return .size
        case get:
            try args.expect(1)
            return .get(index: try args.int())
        case getRange:
            try args.expect(1, 2)
            return .getRange(index: try args.int(), count: try args.optionalInt())
        case 19...27:
            // Selector calls put the return type first.
            let returning = try args.returnType()
            return .getBy(try selector(code: code, &args), returning: returning)
        case (19 + removeOffset)...(27 + removeOffset):
            let returning = try args.returnType()
            return .removeBy(try selector(code: code - removeOffset, &args), returning: returning)
        default:
            throw .malformed("unknown list operation \(code)")
        }
    }

    /// The selector's arguments, after the return type (counts include it).
    private static func selector(code: Int64, _ args: inout CDTArgumentList) throws(AerospikeError) -> ListSelector {
        switch code {
        case 19:
            try args.expect(2)
            return .index(try args.int())
        case 21:
            try args.expect(2)
            return .rank(try args.int())
        case 22:
            try args.expect(2)
            return .value(try args.value())
        case 23:
            try args.expect(2)
            return .valueList(try args.list())
        case 24:
            try args.expect(2, 3)
            return .indexRange(try args.int(), count: try args.optionalInt())
        case 25:
            try args.expect(2, 3)
            return .valueInterval(try args.value(), end: try args.rangeEnd())
        case 26:
            try args.expect(2, 3)
            return .rankRange(try args.int(), count: try args.optionalInt())
        case 27:
            try args.expect(3, 4)
            return .valueRelativeRankRange(try args.value(), rank: try args.int(), count: try args.optionalInt())
        default:
            // 20: GET_BY_VALUE (first match only), which no official client sends.
            throw .malformed("list operation \(code) is not supported")
        }
    }

    private static func policy(_ args: inout CDTArgumentList) throws(AerospikeError) -> ListPolicy? {
        guard args.remaining > 0 else { return nil }
        let order = try order(try args.int())
        let flags = try writeFlags(try args.optionalInt()) ?? []
        return ListPolicy(order: order, flags: flags)
    }

    static func order(_ code: Int64) throws(AerospikeError) -> ListOrder {
        guard let order = ListOrder(rawValue: try byte(code, "list order")) else { throw .malformed("unknown list order \(code)") }
        return order
    }

    private static func writeFlags(_ code: Int64?) throws(AerospikeError) -> ListWriteFlags? {
        guard let code else { return nil }
        return ListWriteFlags(rawValue: try byte(code, "list write flags"))
    }

    static func byte(_ code: Int64, _ what: String) throws(AerospikeError) -> UInt8 {
        guard let byte = UInt8(exactly: code) else { throw .malformed("\(what) \(code) out of range") }
        return byte
    }
}
