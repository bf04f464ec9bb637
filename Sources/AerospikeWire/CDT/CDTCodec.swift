import AerospikeCore
import NIOCore

/// List and map operations as AS_MSG operations: type CDT_READ (3) or CDT_MODIFY (4),
/// particle BLOB, the bin's name, and a msgpack value `[code, arguments…]` — or, for an
/// operation inside a nested list or map, `[0xff, [context type, context value, …],
/// [code, arguments…]]`. Values inside are Aerospike's msgpack (strings with their
/// particle-type byte), exactly as the C client writes them.
public enum CDTCodec {
    /// The code that announces a context path.
    static let contextEval: Int64 = 0xff

    public static func encode(_ operation: CDTOperation) -> WireOperation {
        var buffer = ByteBuffer()
        let (code, arguments) = switch operation.action {
        case .list(let list): ListOperationCodec.encode(list)
        case .map(let map): MapOperationCodec.encode(map)
        }
        if !operation.context.isEmpty {
            CDTArgumentWriter.arrayHeader(3, to: &buffer)
            MessagePackEncoder.writeInteger(contextEval, to: &buffer)
            CDTArgumentWriter.arrayHeader(operation.context.count * 2, to: &buffer)
            for step in operation.context {
                let (type, value) = CDTContextCodec.encode(step)
                MessagePackEncoder.writeInteger(type, to: &buffer)
                MessagePackEncoder.write(value, to: &buffer)
            }
        }
        CDTArgumentWriter.call(code, arguments, to: &buffer)
        return WireOperation(
            operation.isWrite ? .cdtModify : .cdtRead, particleType: ParticleType.blob.rawValue,
            binName: operation.binName, value: buffer
        )
    }

    /// Whether the wire operation is a list or map operation this codec reads.
    public static func isCDT(_ operation: WireOperation) -> Bool {
        operation.type == .cdtRead || operation.type == .cdtModify
    }

    /// Decodes a CDT_READ or CDT_MODIFY operation. A read type carrying a modifying
    /// operation is refused, as a server refuses it.
    public static func decode(_ operation: WireOperation) throws(AerospikeError) -> CDTOperation {
        let (context, code, arguments) = try call(operation.value)
        let action: CDTOperation.Action = switch code {
        case 0..<64: .list(try ListOperationCodec.decode(code: code, arguments))
        case 64..<128: .map(try MapOperationCodec.decode(code: code, arguments))
        default: throw .malformed("unknown CDT operation \(code)")
        }
        let decoded = CDTOperation(binName: operation.binName, context: context, action)
        guard decoded.isWrite == (operation.type == .cdtModify) else {
            throw .malformed("CDT operation \(code) is a \(decoded.isWrite ? "write" : "read") sent as operation type \(operation.type.rawValue)")
        }
        return decoded
    }

    /// The context path, the operation code and its arguments.
    private static func call(_ value: ByteBuffer) throws(AerospikeError) -> ([CDTContext], Int64, [CDTArgument]) {
        var reader = CDTArgumentReader(value)
        // The deprecated form a server still reads: a 16-bit code, then an argument array.
        if let first = value.getInteger(at: value.readerIndex, as: UInt8.self), first == 0 {
            var rest = value
            guard let code = rest.readInteger(as: UInt16.self) else { throw .malformed("a CDT operation is too short") }
            reader = CDTArgumentReader(rest)
            let arguments = reader.isAtEnd ? [] : try reader.readArguments(try reader.readArrayCount())
            try end(reader)
            return ([], Int64(code), arguments)
        }
        let count = try reader.readArrayCount()
        guard count > 0 else { throw .malformed("a CDT operation is an empty array") }
        var code = try reader.readInt("code")
        var context: [CDTContext] = []
        var argumentCount = count - 1
        if code == contextEval {
            guard count == 3 else { throw .malformed("a CDT context call has \(count) elements, not 3") }
            let pairs = try reader.readArrayCount()
            guard pairs > 0, pairs % 2 == 0 else { throw .malformed("a CDT context has \(pairs) elements, not type/value pairs") }
            for _ in 0..<(pairs / 2) {
                let type = try reader.readInt("context type")
                guard case .value(let value) = try reader.readArgument() else { throw .malformed("a CDT context value is an ext marker") }
                context.append(try CDTContextCodec.decode(type: type, value: value))
            }
            let inner = try reader.readArrayCount()
            guard inner > 0 else { throw .malformed("a CDT operation is an empty array") }
            code = try reader.readInt("code")
            argumentCount = inner - 1
        }
        let arguments = try reader.readArguments(argumentCount)
        try end(reader)
        return (context, code, arguments)
    }

    private static func end(_ reader: CDTArgumentReader) throws(AerospikeError) {
        guard reader.isAtEnd else { throw .malformed("\(bytesPhrase(reader.buffer.readableBytes)) after a CDT operation") }
    }
}

/// Context steps: a type code (list 0x1_, map 0x2_; index 0, rank 1, key 2, value 3) with
/// creation flags in bits 6-7, and the step's value.
enum CDTContextCodec {
    static func encode(_ step: CDTContext) -> (Int64, Value) {
        switch step {
        case .listIndex(let index, let create): (0x10 | listCreateFlag(create), .int(index))
        case .listRank(let rank): (0x11, .int(rank))
        case .listValue(let value): (0x13, value)
        case .mapIndex(let index): (0x20, .int(index))
        case .mapRank(let rank): (0x21, .int(rank))
        case .mapKey(let key, let create): (0x22 | mapCreateFlag(create), key)
        case .mapValue(let value): (0x23, value)
        }
    }

    private static func listCreateFlag(_ create: ListCreate?) -> Int64 {
        guard let create else { return 0 }
        return create.order == .ordered ? 0xc0 : create.pad ? 0x80 : 0x40
    }

    private static func mapCreateFlag(_ create: MapOrder?) -> Int64 {
        switch create {
        case nil: 0
        case .unordered?: 0x40
        case .keyOrdered?: 0x80
        case .keyValueOrdered?: 0xc0
        }
    }

    static func decode(type: Int64, value: Value) throws(AerospikeError) -> CDTContext {
        let create = type & 0xc0
        func int() throws(AerospikeError) -> Int64 {
            guard case .int(let number) = value else { throw .malformed("CDT context type 0x\(String(type, radix: 16)) takes an integer") }
            return number
        }
        func noCreate() throws(AerospikeError) {
            guard create == 0 else { throw .malformed("CDT context type 0x\(String(type, radix: 16)) cannot create") }
        }
        switch type & ~0xc0 {
        case 0x10:
            let flag: ListCreate? = switch create {
            case 0x40: ListCreate(order: .unordered, pad: false)
            case 0x80: ListCreate(order: .unordered, pad: true)
            case 0xc0: ListCreate(order: .ordered, pad: false)
            default: nil
            }
            return .listIndex(try int(), create: flag)
        case 0x11:
            try noCreate()
            return .listRank(try int())
        case 0x13:
            try noCreate()
            return .listValue(value)
        case 0x20:
            try noCreate()
            return .mapIndex(try int())
        case 0x21:
            try noCreate()
            return .mapRank(try int())
        case 0x22:
            let order: MapOrder? = switch create {
            case 0x40: .unordered
            case 0x80: .keyOrdered
            case 0xc0: .keyValueOrdered
            default: nil
            }
            return .mapKey(value, create: order)
        case 0x23:
            try noCreate()
            return .mapValue(value)
        default:
            // Expressions (0x04), key lists, persisted indexes: not spoken here.
            throw AerospikeError(.opNotApplicable, message: "CDT context type 0x\(String(type, radix: 16)) is not supported")
        }
    }
}
