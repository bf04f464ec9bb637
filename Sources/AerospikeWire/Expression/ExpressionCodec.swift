import AerospikeCore
import NIOCore

/// Filter expressions on the wire: the msgpack trees the official clients put in a
/// message's filter field (43) — `[op, args…]` arrays, bin names and regular expressions
/// as plain msgpack strings, constants as Aerospike's msgpack values (strings with their
/// particle-type byte), list constants quoted.
public enum ExpressionCodec {
    static let binCode: Int64 = 81
    static let binTypeCode: Int64 = 82
    static let regexCode: Int64 = 7
    static let andCode: Int64 = 16
    static let orCode: Int64 = 17
    static let notCode: Int64 = 18
    static let quoteCode: Int64 = 126
    static let callCode: Int64 = 127
    /// The CDT operations a collection read uses, and the "value" return type.
    static let listSize: Int64 = 16
    static let listGetByIndex: Int64 = 19
    static let mapSize: Int64 = 96
    static let mapGetByKey: Int64 = 97
    static let returnValue: Int64 = 7

    /// The bytes of the filter field.
    public static func encode(_ expression: Expression) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(expression, to: &buffer)
        return buffer
    }

    static func write(_ expression: Expression, to buffer: inout ByteBuffer) {
        switch expression {
        case .literal(let value):
            if case .list = value {
                array(2, &buffer)
                MessagePackEncoder.writeInteger(quoteCode, to: &buffer)
            }
            MessagePackEncoder.write(value, to: &buffer)
        case .bin(let name, let type):
            array(3, &buffer)
            MessagePackEncoder.writeInteger(binCode, to: &buffer)
            MessagePackEncoder.writeInteger(type.rawValue, to: &buffer)
            plain(name, &buffer)
        case .binType(let name):
            array(2, &buffer)
            MessagePackEncoder.writeInteger(binTypeCode, to: &buffer)
            plain(name, &buffer)
        case .comparison(let op, let left, let right):
            array(3, &buffer)
            MessagePackEncoder.writeInteger(op.rawValue, to: &buffer)
            write(left, to: &buffer)
            write(right, to: &buffer)
        case .regex(let pattern, let flags, let subject):
            array(4, &buffer)
            MessagePackEncoder.writeInteger(regexCode, to: &buffer)
            MessagePackEncoder.writeInteger(flags, to: &buffer)
            plain(pattern, &buffer)
            write(subject, to: &buffer)
        case .and(let operands), .or(let operands):
            array(operands.count + 1, &buffer)
            if case .and = expression { MessagePackEncoder.writeInteger(andCode, to: &buffer) } else { MessagePackEncoder.writeInteger(orCode, to: &buffer) }
            for operand in operands { write(operand, to: &buffer) }
        case .not(let operand):
            array(2, &buffer)
            MessagePackEncoder.writeInteger(notCode, to: &buffer)
            write(operand, to: &buffer)
        case .arithmetic(let op, let operands):
            array(operands.count + 1, &buffer)
            MessagePackEncoder.writeInteger(op.rawValue, to: &buffer)
            for operand in operands { write(operand, to: &buffer) }
        case .metadata(let metadata):
            if case .digestModulo(let modulus) = metadata {
                array(2, &buffer)
                MessagePackEncoder.writeInteger(metadata.code, to: &buffer)
                MessagePackEncoder.writeInteger(modulus, to: &buffer)
            } else {
                array(1, &buffer)
                MessagePackEncoder.writeInteger(metadata.code, to: &buffer)
            }
        case .collection(let read):
            array(5, &buffer)
            MessagePackEncoder.writeInteger(callCode, to: &buffer)
            MessagePackEncoder.writeInteger(read.type.rawValue, to: &buffer)
            // The system call: 0 is a CDT operation.
            MessagePackEncoder.writeInteger(0, to: &buffer)
            let isList: Bool
            switch read.kind {
            case .listSize:
                isList = true
                array(1, &buffer)
                MessagePackEncoder.writeInteger(listSize, to: &buffer)
            case .listValue(let index):
                isList = true
                array(3, &buffer)
                MessagePackEncoder.writeInteger(listGetByIndex, to: &buffer)
                MessagePackEncoder.writeInteger(returnValue, to: &buffer)
                MessagePackEncoder.writeInteger(index, to: &buffer)
            case .mapSize:
                isList = false
                array(1, &buffer)
                MessagePackEncoder.writeInteger(mapSize, to: &buffer)
            case .mapValue(let key):
                isList = false
                array(3, &buffer)
                MessagePackEncoder.writeInteger(mapGetByKey, to: &buffer)
                MessagePackEncoder.writeInteger(returnValue, to: &buffer)
                MessagePackEncoder.write(key, to: &buffer)
            }
            write(.bin(read.bin, isList ? .list : .map), to: &buffer)
        }
    }

    private static func array(_ count: Int, _ buffer: inout ByteBuffer) {
        MessagePackEncoder.writeHeader(count: count, fix: 0x90, fixLimit: 16, marker16: 0xdc, marker32: 0xdd, to: &buffer)
    }

    /// A msgpack str without a particle-type byte: bin names and patterns.
    private static func plain(_ text: String, _ buffer: inout ByteBuffer) {
        MessagePackEncoder.writeStrHeader(payloadCount: text.utf8.count, to: &buffer)
        buffer.writeString(text)
    }

    // MARK: - Decoding

    /// The expression of a filter field, as a server reads it; an operation aerosh does not
    /// evaluate is refused with `unsupportedFeature`, a malformed tree with `parameterError`.
    public static func decode(_ field: ByteBuffer) throws(AerospikeError) -> Expression {
        var buffer = field
        let tree = try MessagePack.read(from: &buffer)
        guard buffer.readableBytes == 0 else { throw malformed("bytes after the expression") }
        return try expression(tree)
    }

    static func expression(_ tree: Value) throws(AerospikeError) -> Expression {
        guard case .list(let items, _) = tree else { return .literal(tree) }
        guard case .int(let code)? = items.first else { throw malformed("an expression array that does not begin with an operation code") }
        let args = Array(items.dropFirst())
        func arity(_ count: Int) throws(AerospikeError) {
            guard args.count == count else { throw malformed("operation \(code) takes \(count) arguments, not \(args.count)") }
        }
        switch code {
        case 1...6:
            try arity(2)
            return .comparison(ComparisonOperator(rawValue: code)!, try expression(args[0]), try expression(args[1]))
        case regexCode:
            try arity(3)
            guard case .int(let flags) = args[0], case .string(let pattern) = args[1] else { throw malformed("a regex needs flags and a pattern") }
            return .regex(pattern, flags: flags, try expression(args[2]))
        case andCode, orCode:
            var operands: [Expression] = []
            for arg in args { operands.append(try expression(arg)) }
            return code == andCode ? .and(operands) : .or(operands)
        case notCode:
            try arity(1)
            return .not(try expression(args[0]))
        case 20...23:
            var operands: [Expression] = []
            for arg in args { operands.append(try expression(arg)) }
            return .arithmetic(ArithmeticOperator(rawValue: code)!, operands)
        case 64:
            try arity(1)
            guard case .int(let modulus) = args[0] else { throw malformed("digest modulo needs an integer") }
            return .metadata(.digestModulo(modulus))
        case 66, 67, 68, 69, 70, 71, 72, 74:
            let metadata: MetadataExpression = switch code {
            case 66: .lastUpdate
            case 67: .sinceUpdate
            case 68: .voidTime
            case 69: .ttl
            case 70: .setName
            case 71: .keyExists
            case 72: .isTombstone
            default: .recordSize
            }
            return .metadata(metadata)
        case binCode:
            try arity(2)
            guard case .int(let typeCode) = args[0], let type = ExpressionType(rawValue: typeCode), case .string(let name) = args[1] else {
                throw malformed("a bin read needs a type and a name")
            }
            return .bin(name, type)
        case binTypeCode:
            try arity(1)
            guard case .string(let name) = args[0] else { throw malformed("a bin type needs a name") }
            return .binType(name)
        case quoteCode:
            try arity(1)
            return .literal(args[0])
        case callCode:
            return try collection(args)
        default:
            throw AerospikeError(.unsupportedFeature, message: "expression operation \(code) is not supported by this server")
        }
    }

    private static func collection(_ args: [Value]) throws(AerospikeError) -> Expression {
        guard args.count == 4, case .int(let typeCode) = args[0], let type = ExpressionType(rawValue: typeCode),
              case .int(0) = args[1], case .list(let operation, _) = args[2],
              case .bin(let bin, let binType) = try expression(args[3])
        else { throw AerospikeError(.unsupportedFeature, message: "this collection expression is not supported by this server") }
        let kind: CollectionRead.Kind
        switch (binType, operation.first, operation.count) {
        case (.list, .int(listSize)?, 1): kind = .listSize
        case (.map, .int(mapSize)?, 1): kind = .mapSize
        case (.list, .int(listGetByIndex)?, 3):
            guard operation[1] == .int(returnValue), case .int(let index) = operation[2] else { throw unsupportedCollection() }
            kind = .listValue(index: index)
        case (.map, .int(mapGetByKey)?, 3):
            guard operation[1] == .int(returnValue) else { throw unsupportedCollection() }
            kind = .mapValue(key: operation[2])
        default:
            throw unsupportedCollection()
        }
        return .collection(CollectionRead(kind, bin: bin, type: type))
    }

    private static func unsupportedCollection() -> AerospikeError {
        AerospikeError(.unsupportedFeature, message: "this list or map expression is not supported by this server")
    }

    private static func malformed(_ what: String) -> AerospikeError {
        AerospikeError(.parameterError, message: "malformed filter expression: \(what)")
    }
}
