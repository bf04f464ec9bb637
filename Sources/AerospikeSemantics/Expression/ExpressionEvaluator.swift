import AerospikeCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an expression sees of a record.
package struct ExpressionSubject: Sendable {
    package var bins: [Bin]
    package var setName: String?
    package var digest: Digest
    package var keyStored: Bool
    /// Seconds since the Citrusleaf epoch when it expires; 0 = never.
    package var voidTime: UInt32
    /// Unix milliseconds of the last write, when known.
    package var lastUpdate: UInt64?
    /// The record's size as a server counts it, computed only when asked for.
    package var size: @Sendable () -> Int

    package init(bins: [Bin], setName: String?, digest: Digest, keyStored: Bool, voidTime: UInt32, lastUpdate: UInt64?, size: @escaping @Sendable () -> Int) {
        self.bins = bins
        self.setName = setName
        self.digest = digest
        self.keyStored = keyStored
        self.voidTime = voidTime
        self.lastUpdate = lastUpdate
        self.size = size
    }
}

/// Evaluates filter expressions as a server does: a bin that is missing or of another
/// type than the expression reads is *unknown*, and so is any comparison or arithmetic
/// over it; `and` is false when one side is false, `or` true when one side is true; a
/// record passes only when the whole is true. Integers and floats never mix (a server
/// refuses the expression; here it is simply not true).
package enum ExpressionEvaluator {
    /// A value, or nil for unknown.
    typealias Outcome = Value?

    package static func passes(_ expression: Expression, _ subject: ExpressionSubject, unixMillisecondsNow: UInt64) -> Bool {
        evaluate(expression, subject, unixMillisecondsNow: unixMillisecondsNow) == .bool(true)
    }

    static func evaluate(_ expression: Expression, _ subject: ExpressionSubject, unixMillisecondsNow: UInt64) -> Outcome {
        switch expression {
        case .literal(let value):
            return value
        case .bin(let name, let type):
            guard let value = subject.bins.first(where: { $0.name == name })?.value, matches(value, type) else { return nil }
            return value
        case .binType(let name):
            return .int(Int64(particleType(subject.bins.first(where: { $0.name == name })?.value)))
        case .comparison(let op, let left, let right):
            guard let a = evaluate(left, subject, unixMillisecondsNow: unixMillisecondsNow), let b = evaluate(right, subject, unixMillisecondsNow: unixMillisecondsNow) else { return nil }
            return compare(op, a, b).map(Value.bool)
        case .regex(let pattern, let flags, let target):
            guard case .string(let text)? = evaluate(target, subject, unixMillisecondsNow: unixMillisecondsNow) else { return nil }
            return matchesRegex(pattern, flags: flags, text).map(Value.bool)
        case .and(let operands):
            var unknown = false
            for operand in operands {
                switch evaluate(operand, subject, unixMillisecondsNow: unixMillisecondsNow) {
                case .bool(false)?: return .bool(false)
                case .bool(true)?: continue
                default: unknown = true
                }
            }
            return unknown ? nil : .bool(true)
        case .or(let operands):
            var unknown = false
            for operand in operands {
                switch evaluate(operand, subject, unixMillisecondsNow: unixMillisecondsNow) {
                case .bool(true)?: return .bool(true)
                case .bool(false)?: continue
                default: unknown = true
                }
            }
            return unknown ? nil : .bool(false)
        case .not(let operand):
            guard case .bool(let flag)? = evaluate(operand, subject, unixMillisecondsNow: unixMillisecondsNow) else { return nil }
            return .bool(!flag)
        case .arithmetic(let op, let operands):
            var values: [Value] = []
            for operand in operands {
                guard let value = evaluate(operand, subject, unixMillisecondsNow: unixMillisecondsNow) else { return nil }
                values.append(value)
            }
            return arithmetic(op, values)
        case .metadata(let metadata):
            return self.metadata(metadata, subject, unixMillisecondsNow: unixMillisecondsNow)
        case .collection(let read):
            guard let value = collection(read, subject), matches(value, read.type) else { return nil }
            return value
        }
    }

    static func matches(_ value: Value, _ type: ExpressionType) -> Bool {
        switch (value, type) {
        case (.int, .int), (.double, .float), (.string, .string), (.bytes, .blob), (.bool, .bool),
             (.list, .list), (.map, .map), (.geoJSON, .geoJSON), (.nil, .nil):
            true
        default:
            false
        }
    }

    /// A server's particle type codes, 0 for an absent bin.
    static func particleType(_ value: Value?) -> Int {
        switch value {
        case nil, .nil?: 0
        case .int?: 1
        case .double?: 2
        case .string?: 3
        case .bytes?: 4
        case .bool?: 17
        case .map?: 19
        case .list?: 20
        case .geoJSON?: 23
        }
    }

    /// nil when the two values cannot be compared (different types).
    static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Bool? {
        let order: Int
        switch (a, b) {
        case (.int(let x), .int(let y)): order = x < y ? -1 : (x == y ? 0 : 1)
        case (.double(let x), .double(let y)): order = x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): order = Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) ? -1 : (x == y ? 0 : 1)
        case (.bytes(let x), .bytes(let y)): order = x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        case (.bool(let x), .bool(let y)): order = x == y ? 0 : (!x ? -1 : 1)
        case (.list, .list), (.map, .map), (.geoJSON, .geoJSON), (.nil, .nil):
            switch ValueOrder.compare(a, b) {
            case .ascending: order = -1
            case .same: order = 0
            case .descending: order = 1
            }
        default:
            return nil
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        }
    }

    static func arithmetic(_ op: ArithmeticOperator, _ values: [Value]) -> Outcome {
        guard let first = values.first else { return nil }
        switch first {
        case .int:
            var numbers: [Int64] = []
            for value in values {
                guard case .int(let number) = value else { return nil }
                numbers.append(number)
            }
            var result = numbers[0]
            for number in numbers.dropFirst() {
                switch op {
                case .add: result = result &+ number
                case .subtract: result = result &- number
                case .multiply: result = result &* number
                case .divide:
                    guard number != 0 else { return nil }
                    result = result.dividedReportingOverflow(by: number).partialValue
                }
            }
            // A single operand: `-x` is 0 - x, as a server reads a unary minus.
            if numbers.count == 1, op == .subtract { result = 0 &- result }
            return .int(result)
        case .double:
            var numbers: [Double] = []
            for value in values {
                guard case .double(let number) = value else { return nil }
                numbers.append(number)
            }
            var result = numbers[0]
            for number in numbers.dropFirst() {
                switch op {
                case .add: result += number
                case .subtract: result -= number
                case .multiply: result *= number
                case .divide: result /= number
                }
            }
            if numbers.count == 1, op == .subtract { result = -result }
            return .double(result)
        default:
            return nil
        }
    }

    static func metadata(_ metadata: MetadataExpression, _ subject: ExpressionSubject, unixMillisecondsNow: UInt64) -> Outcome {
        switch metadata {
        case .digestModulo(let modulus):
            guard modulus != 0 else { return nil }
            let bytes = subject.digest.bytes
            let word = UInt32(bytes[16]) | UInt32(bytes[17]) << 8 | UInt32(bytes[18]) << 16 | UInt32(bytes[19]) << 24
            return .int(Int64(word) % Int64(Int32(truncatingIfNeeded: modulus)))
        case .lastUpdate:
            guard let lastUpdate = subject.lastUpdate else { return nil }
            return .int(Int64(lastUpdate) * 1_000_000)
        case .sinceUpdate:
            guard let lastUpdate = subject.lastUpdate else { return nil }
            return .int(Int64(unixMillisecondsNow > lastUpdate ? unixMillisecondsNow - lastUpdate : 0))
        case .voidTime:
            guard subject.voidTime != 0 else { return .int(-1) }
            return .int((Int64(subject.voidTime) + Int64(CitrusleafTime.unixOffset)) * 1_000_000_000)
        case .ttl:
            guard subject.voidTime != 0 else { return .int(-1) }
            let now = Int64(unixMillisecondsNow / 1000) - Int64(CitrusleafTime.unixOffset)
            return .int(max(0, Int64(subject.voidTime) - now))
        case .setName:
            return .string(subject.setName ?? "")
        case .keyExists:
            return .bool(subject.keyStored)
        case .isTombstone:
            return .bool(false)
        case .recordSize:
            return .int(Int64(subject.size()))
        }
    }

    static func collection(_ read: CollectionRead, _ subject: ExpressionSubject) -> Value? {
        guard let value = subject.bins.first(where: { $0.name == read.bin })?.value else { return nil }
        switch (read.kind, value) {
        case (.listSize, .list(let items, _)):
            return .int(Int64(items.count))
        case (.listValue(let index), .list(let items, _)):
            let position = index < 0 ? items.count + Int(index) : Int(index)
            return items.indices.contains(position) ? items[position] : nil
        case (.mapSize, .map(let entries)):
            return .int(Int64(entries.count))
        case (.mapValue(let key), .map(let entries)):
            return entries.first { ValueOrder.compare($0.key, key) == .same }?.value
        default:
            return nil
        }
    }

    /// POSIX regular expressions with the client's flags, as a server matches them (flags
    /// 0: basic syntax, where `+` is a plain character; 1, EXTENDED: `+` repeats); nil when
    /// the pattern does not compile.
    static func matchesRegex(_ pattern: String, flags: Int64, _ text: String) -> Bool? {
        var regex = regex_t()
        guard regcomp(&regex, pattern, REG_NOSUB | Int32(truncatingIfNeeded: flags)) == 0 else { return nil }
        defer { regfree(&regex) }
        return regexec(&regex, text, 0, nil, 0) == 0
    }
}
