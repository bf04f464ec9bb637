import AerospikeCore
import NIOCore

/// One field of an AS_MSG: a type and its bytes.
public struct WireField: Sendable, Hashable {
    public var type: FieldType
    public var data: ByteBuffer

    public init(_ type: FieldType, _ data: ByteBuffer) {
        self.type = type
        self.data = data
    }

    public init(_ type: FieldType, string: String) {
        self.init(type, ByteBuffer(string: string))
    }

    public init(_ type: FieldType, bytes: [UInt8]) {
        self.init(type, ByteBuffer(bytes: bytes))
    }

    public var string: String { String(decoding: data.readableBytesView, as: UTF8.self) }
}

/// One operation of an AS_MSG: what to do with which bin, and the value as particle bytes.
public struct WireOperation: Sendable, Hashable {
    public var type: OperationType
    public var particleType: UInt8
    /// Bit 0 is XDR's "has LUT"; clients send 0.
    public var flags: UInt8
    public var binName: String
    public var value: ByteBuffer

    public init(_ type: OperationType, particleType: UInt8 = 0, flags: UInt8 = 0, binName: String, value: ByteBuffer = ByteBuffer()) {
        self.type = type
        self.particleType = particleType
        self.flags = flags
        self.binName = binName
        self.value = value
    }

    /// An operation carrying a value, encoded as the particle a server stores.
    public init(_ type: OperationType, bin: Bin) {
        var value = ByteBuffer()
        ParticleCodec.write(bin.value, to: &value)
        self.init(type, particleType: ParticleCodec.type(of: bin.value).rawValue, binName: bin.name, value: value)
    }

    /// The value decoded from its particle bytes.
    public func decodedValue() throws(AerospikeError) -> Value {
        try ParticleCodec.read(type: particleType, from: value)
    }
}

/// An AS_MSG (proto type 3): the 22-byte header, then fields, then operations.
public struct WireMessage: Sendable, Hashable {
    public static let headerSize: UInt8 = 22

    public var readFlags: ReadFlags
    public var writeFlags: WriteFlags
    public var infoFlags: InfoFlags
    /// Transaction flags (server 8.0+); ignored by this implementation.
    public var transactionFlags: UInt8
    public var resultCode: UInt8
    /// Expected generation (requests) or the record's (replies).
    public var generation: UInt32
    /// TTL asked for (requests) or the void time (replies).
    public var recordTTL: UInt32
    /// Timeout in ms (requests); the batch index of a batch reply entry.
    public var transactionTTL: UInt32
    public var fields: [WireField]
    public var operations: [WireOperation]

    public init(
        readFlags: ReadFlags = [], writeFlags: WriteFlags = [], infoFlags: InfoFlags = [], transactionFlags: UInt8 = 0,
        resultCode: UInt8 = 0, generation: UInt32 = 0, recordTTL: UInt32 = 0, transactionTTL: UInt32 = 0,
        fields: [WireField] = [], operations: [WireOperation] = []
    ) {
        self.readFlags = readFlags
        self.writeFlags = writeFlags
        self.infoFlags = infoFlags
        self.transactionFlags = transactionFlags
        self.resultCode = resultCode
        self.generation = generation
        self.recordTTL = recordTTL
        self.transactionTTL = transactionTTL
        self.fields = fields
        self.operations = operations
    }

    public func field(_ type: FieldType) -> WireField? {
        fields.first { $0.type == type }
    }

    // MARK: - Encoding

    /// The bytes `write(to:)` appends: header, fields and operations.
    public var encodedSize: Int {
        var size = Int(WireMessage.headerSize)
        for field in fields { size += 5 + field.data.readableBytes }
        for operation in operations { size += 8 + operation.binName.utf8.count + operation.value.readableBytes }
        return size
    }

    public func write(to buffer: inout ByteBuffer) {
        // Room for the whole message first: from an empty buffer, each write that outgrew
        // it reallocated and copied (a PUT's 30-odd writes cost 13k instructions).
        buffer.reserveCapacity(minimumWritableBytes: encodedSize)
        writeReserved(to: &buffer)
    }

    /// `write(to:)` into a buffer that already has room for the message.
    private func writeReserved(to buffer: inout ByteBuffer) {
        // Each fixed-size header in one write: a write per integer went through the
        // buffer's checks and exclusivity bookkeeping 30-odd times per message.
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Int(WireMessage.headerSize)) { raw in
            raw.storeBytes(of: WireMessage.headerSize, toByteOffset: 0, as: UInt8.self)
            raw.storeBytes(of: readFlags.rawValue, toByteOffset: 1, as: UInt8.self)
            raw.storeBytes(of: writeFlags.rawValue, toByteOffset: 2, as: UInt8.self)
            raw.storeBytes(of: infoFlags.rawValue, toByteOffset: 3, as: UInt8.self)
            raw.storeBytes(of: transactionFlags, toByteOffset: 4, as: UInt8.self)
            raw.storeBytes(of: resultCode, toByteOffset: 5, as: UInt8.self)
            raw.storeBytes(of: generation.bigEndian, toByteOffset: 6, as: UInt32.self)
            raw.storeBytes(of: recordTTL.bigEndian, toByteOffset: 10, as: UInt32.self)
            raw.storeBytes(of: transactionTTL.bigEndian, toByteOffset: 14, as: UInt32.self)
            raw.storeBytes(of: UInt16(fields.count).bigEndian, toByteOffset: 18, as: UInt16.self)
            raw.storeBytes(of: UInt16(operations.count).bigEndian, toByteOffset: 20, as: UInt16.self)
            return Int(WireMessage.headerSize)
        }
        for field in fields {
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 5) { raw in
                raw.storeBytes(of: UInt32(field.data.readableBytes + 1).bigEndian, toByteOffset: 0, as: UInt32.self)
                raw.storeBytes(of: field.type.rawValue, toByteOffset: 4, as: UInt8.self)
                return 5
            }
            var data = field.data
            buffer.writeBuffer(&data)
        }
        for operation in operations {
            WireMessage.write(operation, to: &buffer)
        }
    }

    static func write(_ operation: WireOperation, to buffer: inout ByteBuffer) {
        let nameLength = operation.binName.utf8.count
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 8) { raw in
            raw.storeBytes(of: UInt32(4 + nameLength + operation.value.readableBytes).bigEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: operation.type.rawValue, toByteOffset: 4, as: UInt8.self)
            raw.storeBytes(of: operation.particleType, toByteOffset: 5, as: UInt8.self)
            raw.storeBytes(of: operation.flags, toByteOffset: 6, as: UInt8.self)
            raw.storeBytes(of: UInt8(truncatingIfNeeded: nameLength), toByteOffset: 7, as: UInt8.self)
            return 8
        }
        buffer.writeString(operation.binName)
        var value = operation.value
        buffer.writeBuffer(&value)
    }

    /// The message as the body of a type-3 frame, header included.
    public func frame() -> ByteBuffer {
        let size = encodedSize
        var out = ByteBufferAllocator().buffer(capacity: ProtoFrame.headerSize + size)
        ProtoFrame.writeHeader(type: .message, size: size, to: &out)
        writeReserved(to: &out)
        return out
    }

    // MARK: - Decoding

    /// Reads one message, advancing the reader index; several may stand back to back in
    /// one frame (batch replies). Every length is checked against what is left.
    public static func read(from buffer: inout ByteBuffer) throws(AerospikeError) -> WireMessage {
        let start = buffer.readerIndex
        do {
            return try readUnchecked(from: &buffer)
        } catch {
            buffer.moveReaderIndex(to: start)
            throw error
        }
    }

    private static func readUnchecked(from buffer: inout ByteBuffer) throws(AerospikeError) -> WireMessage {
        guard buffer.readableBytes >= Int(headerSize) else {
            throw .malformed("an AS_MSG needs a 22-byte header; \(bytesPhrase(buffer.readableBytes)) left")
        }
        // The fixed header in one read (a read per integer went through the buffer's
        // checks eleven times).
        let (headerLength, header, fieldCount, operationCount) = buffer.withUnsafeReadableBytes { raw in
            func u32(_ offset: Int) -> UInt32 { UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
            func u16(_ offset: Int) -> UInt16 { UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
            let message = WireMessage(
                readFlags: ReadFlags(rawValue: raw[1]), writeFlags: WriteFlags(rawValue: raw[2]),
                infoFlags: InfoFlags(rawValue: raw[3]), transactionFlags: raw[4], resultCode: raw[5],
                generation: u32(6), recordTTL: u32(10), transactionTTL: u32(14))
            return (raw[0], message, Int(u16(18)), Int(u16(20)))
        }
        guard headerLength == headerSize else {
            buffer.moveReaderIndex(forwardBy: 1)
            throw .malformed("AS_MSG header size is \(headerLength), not 22")
        }
        buffer.moveReaderIndex(forwardBy: Int(headerSize))
        var message = header
        (message.fields, message.operations) = try readFieldsAndOperations(fieldCount: fieldCount, operationCount: operationCount, from: &buffer)
        return message
    }

    /// The fields and operations that follow a header (or a batch entry's counts).
    static func readFieldsAndOperations(
        fieldCount: Int, operationCount: Int, from buffer: inout ByteBuffer
    ) throws(AerospikeError) -> ([WireField], [WireOperation]) {
        // Each field takes at least 5 bytes and each operation at least 8: refuse counts
        // the bytes cannot hold before reserving anything.
        guard fieldCount * 5 + operationCount * 8 <= buffer.readableBytes else {
            throw .malformed("AS_MSG announces \(fieldCount) fields and \(operationCount) operations in \(bytesPhrase(buffer.readableBytes))")
        }
        var fields: [WireField] = []
        fields.reserveCapacity(fieldCount)
        for _ in 0..<fieldCount {
            guard let size = buffer.readInteger(as: UInt32.self), size >= 1, Int(size) <= buffer.readableBytes else {
                throw .malformed("an AS_MSG field is truncated")
            }
            let type = FieldType(rawValue: buffer.getInteger(at: buffer.readerIndex)!)
            fields.append(WireField(type, buffer.getSlice(at: buffer.readerIndex + 1, length: Int(size) - 1)!))
            buffer.moveReaderIndex(forwardBy: Int(size))
        }
        var operations: [WireOperation] = []
        operations.reserveCapacity(operationCount)
        for _ in 0..<operationCount {
            guard let size = buffer.readInteger(as: UInt32.self), size >= 4, Int(size) <= buffer.readableBytes else {
                throw .malformed("an AS_MSG operation is truncated")
            }
            // The four bytes after the size in one read.
            let (type, particleType, flags, nameLength) = buffer.withUnsafeReadableBytes { raw in
                (OperationType(rawValue: raw[0]), raw[1], raw[2], Int(raw[3]))
            }
            buffer.moveReaderIndex(forwardBy: 4)
            guard nameLength <= Int(size) - 4 else { throw .malformed("an AS_MSG bin name runs past its operation") }
            let name = buffer.readString(length: nameLength)!
            let value = buffer.readSlice(length: Int(size) - 4 - nameLength)!
            operations.append(WireOperation(type, particleType: particleType, flags: flags, binName: name, value: value))
        }
        return (fields, operations)
    }
}
