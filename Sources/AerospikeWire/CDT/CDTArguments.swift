import AerospikeCore
import NIOCore

/// One argument of a CDT operation as it sits in the msgpack array: a value (integers
/// included), or one of the two markers clients put in range arguments.
enum CDTArgument: Sendable, Hashable {
    case value(Value)
    /// msgpack ext `d4 ff 01`: above every value (an open range end).
    case infinity
    /// msgpack ext `d4 ff 00`: matches anything (inside relative selectors).
    case wildcard

    static func int(_ number: Int64) -> CDTArgument { .value(.int(number)) }
}

/// Reads the msgpack of a CDT operation: array headers, integers, and Aerospike values,
/// from untrusted bytes (every read is checked; errors are PARAMETER_ERROR).
struct CDTArgumentReader {
    private(set) var buffer: ByteBuffer

    init(_ buffer: ByteBuffer) {
        self.buffer = buffer
    }

    var isAtEnd: Bool { buffer.readableBytes == 0 }

    /// The element count of the array that comes next.
    mutating func readArrayCount() throws(AerospikeError) -> Int {
        guard let marker = buffer.readInteger(as: UInt8.self) else { throw .malformed("a CDT operation ends where an array should start") }
        let count: Int
        switch marker {
        case 0x90...0x9f: count = Int(marker & 0x0f)
        case 0xdc:
            guard let length = buffer.readInteger(as: UInt16.self) else { throw .malformed("a CDT array16 header is truncated") }
            count = Int(length)
        case 0xdd:
            guard let length = buffer.readInteger(as: UInt32.self) else { throw .malformed("a CDT array32 header is truncated") }
            count = Int(length)
        default:
            throw .malformed("a CDT operation has 0x\(Hex.encode(CollectionOfOne(marker))) where an array should be")
        }
        // Every element takes at least a byte: a larger count cannot be honest.
        guard count <= buffer.readableBytes else { throw .malformed("a CDT array of \(count) elements does not fit in \(bytesPhrase(buffer.readableBytes))") }
        return count
    }

    mutating func readInt(_ what: String) throws(AerospikeError) -> Int64 {
        guard case .value(.int(let number)) = try readArgument() else {
            throw .malformed("a CDT operation's \(what) is not an integer")
        }
        return number
    }

    mutating func readArgument() throws(AerospikeError) -> CDTArgument {
        if let marker = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self), marker == 0xd4,
           let type = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self), type == 0xff,
           let data = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt8.self) {
            buffer.moveReaderIndex(forwardBy: 3)
            switch data {
            case 0: return .wildcard
            case 1: return .infinity
            default: throw .malformed("unknown CDT marker ext 0x\(Hex.encode(CollectionOfOne(data)))")
            }
        }
        return .value(try MessagePack.read(from: &buffer))
    }

    mutating func readArguments(_ count: Int) throws(AerospikeError) -> [CDTArgument] {
        var arguments: [CDTArgument] = []
        arguments.reserveCapacity(count)
        for _ in 0..<count { arguments.append(try readArgument()) }
        return arguments
    }
}

/// Writes the msgpack of a CDT operation the way the C client does.
enum CDTArgumentWriter {
    static func arrayHeader(_ count: Int, to buffer: inout ByteBuffer) {
        MessagePackEncoder.writeHeader(count: count, fix: 0x90, fixLimit: 16, marker16: 0xdc, marker32: 0xdd, to: &buffer)
    }

    static func write(_ argument: CDTArgument, to buffer: inout ByteBuffer) {
        switch argument {
        case .value(let value): MessagePackEncoder.write(value, to: &buffer)
        case .infinity: buffer.writeBytes([0xd4, 0xff, 0x01])
        case .wildcard: buffer.writeBytes([0xd4, 0xff, 0x00])
        }
    }

    /// `[code, arguments…]`.
    static func call(_ code: Int64, _ arguments: [CDTArgument], to buffer: inout ByteBuffer) {
        arrayHeader(arguments.count + 1, to: &buffer)
        MessagePackEncoder.writeInteger(code, to: &buffer)
        for argument in arguments { write(argument, to: &buffer) }
    }
}

/// The arguments of one decoded call, read in order with their meaning checked.
struct CDTArgumentList {
    let name: String
    private let arguments: [CDTArgument]
    private var next = 0

    init(_ name: String, _ arguments: [CDTArgument]) {
        self.name = name
        self.arguments = arguments
    }

    var count: Int { arguments.count }
    var remaining: Int { arguments.count - next }

    /// Throws unless the call has between `minimum` and `maximum` arguments.
    func expect(_ minimum: Int, _ maximum: Int? = nil) throws(AerospikeError) {
        let maximum = maximum ?? minimum
        guard (minimum...maximum).contains(arguments.count) else {
            let wanted = minimum == maximum ? "\(minimum)" : "\(minimum) to \(maximum)"
            throw .malformed("\(name) takes \(wanted) arguments, not \(arguments.count)")
        }
    }

    mutating func argument() throws(AerospikeError) -> CDTArgument {
        guard next < arguments.count else { throw .malformed("\(name) is missing an argument") }
        defer { next += 1 }
        return arguments[next]
    }

    mutating func value() throws(AerospikeError) -> Value {
        guard case .value(let value) = try argument() else { throw .malformed("\(name) takes a value, not an ext marker") }
        return value
    }

    mutating func int() throws(AerospikeError) -> Int64 {
        guard case .int(let number) = try value() else { throw .malformed("\(name) takes an integer argument") }
        return number
    }

    /// An optional trailing integer.
    mutating func optionalInt() throws(AerospikeError) -> Int64? {
        remaining > 0 ? try int() : nil
    }

    mutating func list() throws(AerospikeError) -> [Value] {
        guard case .list(let items, _) = try value() else { throw .malformed("\(name) takes a list argument") }
        return items
    }

    /// The end of a range: absent or infinity mean "no end".
    mutating func rangeEnd() throws(AerospikeError) -> Value? {
        guard remaining > 0 else { return nil }
        switch try argument() {
        case .value(let value): return value
        case .infinity: return nil
        case .wildcard: throw .malformed("\(name) cannot end its range at a wildcard")
        }
    }

    mutating func returnType() throws(AerospikeError) -> CDTReturn {
        let code = try int()
        guard let returning = CDTReturn(wireValue: code) else { throw .malformed("\(name) has an unknown return type \(code)") }
        return returning
    }
}
