import AerospikeCore
import NIOCore

/// What a single-record AS_MSG (or one batch entry) asks for, in the client core's terms.
public enum WireRequest: Sendable, Hashable {
    /// get (`bins == nil`) or select.
    case read(Key, bins: [String]?, ReadPolicy)
    /// exists / get header: metadata only, NOT_FOUND when missing.
    case readHeader(Key, ReadPolicy)
    /// Any command with a write: put, increment, touch, operate… `respondAllOps` asks for
    /// one reply entry per operation.
    case operate(Key, [Operation], WritePolicy, respondAllOps: Bool)
    /// Delete the record.
    case remove(Key, WritePolicy)

    public var key: Key {
        switch self {
        case .read(let key, _, _), .readHeader(let key, _), .operate(let key, _, _, _), .remove(let key, _): key
        }
    }

    /// Whether it may change the record: an attempt that got no answer may have done so.
    public var isWrite: Bool {
        switch self {
        case .read, .readHeader: false
        case .operate(_, let operations, _, _): operations.contains(where: \.isWrite)
        case .remove: true
        }
    }
}

/// The header fields of a command, whether it came as a whole AS_MSG or as a batch entry.
public struct CommandHeader: Sendable, Hashable {
    public var readFlags: ReadFlags
    public var writeFlags: WriteFlags
    public var infoFlags: InfoFlags
    public var generation: UInt32
    public var recordTTL: UInt32
    public var timeoutMilliseconds: UInt32

    public init(readFlags: ReadFlags, writeFlags: WriteFlags, infoFlags: InfoFlags, generation: UInt32, recordTTL: UInt32, timeoutMilliseconds: UInt32) {
        self.readFlags = readFlags
        self.writeFlags = writeFlags
        self.infoFlags = infoFlags
        self.generation = generation
        self.recordTTL = recordTTL
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public init(_ message: WireMessage) {
        self.init(
            readFlags: message.readFlags, writeFlags: message.writeFlags, infoFlags: message.infoFlags,
            generation: message.generation, recordTTL: message.recordTTL, timeoutMilliseconds: message.transactionTTL
        )
    }
}

extension WireRequest {
    /// Decodes a single-record AS_MSG.
    public init(_ message: WireMessage) throws(AerospikeError) {
        guard let digestField = message.field(.digest), let digest = Digest(Array(digestField.data.readableBytesView)) else {
            throw .malformed("the request has no 20-byte digest field")
        }
        try self.init(header: CommandHeader(message), digest: digest, fields: message.fields, operations: message.operations)
    }

    /// Decodes a batch entry (its namespace and set come in its own fields).
    public init(_ entry: BatchEntry, timeoutMilliseconds: UInt32) throws(AerospikeError) {
        let header = CommandHeader(
            readFlags: entry.readFlags, writeFlags: entry.writeFlags, infoFlags: entry.infoFlags,
            generation: UInt32(entry.generation), recordTTL: entry.recordTTL, timeoutMilliseconds: timeoutMilliseconds
        )
        try self.init(header: header, digest: entry.digest, fields: entry.fields, operations: entry.operations)
    }

    public init(header: CommandHeader, digest: Digest, fields: [WireField], operations: [WireOperation]) throws(AerospikeError) {
        guard let namespace = fields.first(where: { $0.type == .namespace })?.string, !namespace.isEmpty else {
            throw .malformed("the request has no namespace field")
        }
        let set = fields.first(where: { $0.type == .set })?.string
        let keyField = fields.first(where: { $0.type == .key })
        let userKey = try keyField.map { field throws(AerospikeError) in try UserKeyField.decode(field.data) }
        let key = Key(namespace: namespace, set: set?.isEmpty == false ? set : nil, userKey: userKey, digest: digest)
        let command = CommandPolicy(totalTimeout: header.timeoutMilliseconds == 0 ? nil : .milliseconds(Int64(header.timeoutMilliseconds)))
        let filter = try fields.first(where: { $0.type == .filterExpression }).map { field throws(AerospikeError) in
            try ExpressionCodec.decode(field.data)
        }

        if header.writeFlags.contains(.write) {
            let policy = WritePolicy(
                command: command,
                ttl: WriteTTL(wireValue: header.recordTTL),
                exists: WireRequest.existsAction(header),
                generation: header.writeFlags.contains(.generation) ? .equal(header.generation)
                    : header.writeFlags.contains(.generationGreater) ? .greaterThan(header.generation) : .none,
                sendKey: keyField != nil,
                durableDelete: header.writeFlags.contains(.durableDelete),
                filter: filter
            )
            if header.writeFlags.contains(.delete) && operations.isEmpty {
                self = .remove(key, policy)
                return
            }
            var decoded = try operations.map { operation throws(AerospikeError) in try WireRequest.operation(operation) }
            if header.writeFlags.contains(.delete) { decoded.insert(.delete, at: 0) }
            self = .operate(key, decoded, policy, respondAllOps: header.writeFlags.contains(.respondAllOps))
            return
        }

        let policy = ReadPolicy(command: command, filter: filter)
        // A read command may carry list and map reads (CDT_READ): an operate without writes
        // (the official clients send map reads with RESPOND_ALL_OPS in the write flags).
        if operations.contains(where: CDTCodec.isCDT) {
            let decoded = try operations.map { operation throws(AerospikeError) in try WireRequest.operation(operation) }
            self = .operate(key, decoded, WritePolicy(command: command, filter: filter), respondAllOps: header.writeFlags.contains(.respondAllOps))
            return
        }
        if header.readFlags.contains(.noBinData) {
            self = .readHeader(key, policy)
            return
        }
        if header.readFlags.contains(.getAll) || operations.contains(where: { $0.type == .read && $0.binName.isEmpty }) {
            self = .read(key, bins: nil, policy)
            return
        }
        if operations.isEmpty {
            self = .readHeader(key, policy)
            return
        }
        var names: [String] = []
        for operation in operations {
            guard operation.type == .read else {
                throw AerospikeError(.unsupportedFeature, key: key, message: "operation type \(operation.type.rawValue) is not supported by this server")
            }
            names.append(operation.binName)
        }
        self = .read(key, bins: names, policy)
    }

    static func existsAction(_ header: CommandHeader) -> ExistsAction {
        if header.writeFlags.contains(.createOnly) { return .createOnly }
        if header.infoFlags.contains(.createOrReplace) { return .createOrReplace }
        if header.infoFlags.contains(.replaceOnly) { return .replaceOnly }
        if header.infoFlags.contains(.updateOnly) { return .updateOnly }
        return .update
    }

    static func operation(_ operation: WireOperation) throws(AerospikeError) -> Operation {
        switch operation.type {
        case .read:
            return operation.binName.isEmpty ? .readAll : .read(operation.binName)
        case .write:
            return .write(Bin(operation.binName, try operation.decodedValue()))
        case .add:
            return .add(Bin(operation.binName, try operation.decodedValue()))
        case .append:
            return .append(Bin(operation.binName, try operation.decodedValue()))
        case .prepend:
            return .prepend(Bin(operation.binName, try operation.decodedValue()))
        case .touch:
            return .touch
        case .delete:
            return .delete
        case .cdtRead, .cdtModify:
            return .cdt(try CDTCodec.decode(operation))
        default:
            throw AerospikeError(.unsupportedFeature, message: "operation type \(operation.type.rawValue) is not supported by this server")
        }
    }
}

/// The KEY field: a particle type byte, then the user key's bytes.
public enum UserKeyField {
    public static func encode(_ key: UserKey) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(key.particleType.rawValue)
        buffer.writeBytes(key.digestBytes)
        return buffer
    }

    public static func decode(_ data: ByteBuffer) throws(AerospikeError) -> UserKey {
        var data = data
        guard let type = data.readInteger(as: UInt8.self) else { throw .malformed("the key field is empty") }
        switch ParticleType(rawValue: type) {
        case .integer?:
            guard data.readableBytes == 8, let value = data.readInteger(as: Int64.self) else {
                throw .malformed("an integer key is 8 bytes")
            }
            return .int(value)
        case .string?:
            return .string(String(decoding: data.readableBytesView, as: UTF8.self))
        case .blob?:
            return .bytes(Array(data.readableBytesView))
        default:
            throw .malformed("key particle type \(type) is not an integer, string or bytes")
        }
    }
}
