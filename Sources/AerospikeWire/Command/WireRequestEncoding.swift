import AerospikeCore
import NIOCore

extension WireRequest {
    /// The AS_MSG a client sends for this request; `WireRequest(message)` reads it back.
    public func message() -> WireMessage {
        var message = WireMessage(fields: WireRequest.keyFields(key, sendKey: sendsKey))
        switch self {
        case .read(_, let bins, let policy):
            message.readFlags = bins == nil ? [.read, .getAll] : [.read]
            message.operations = (bins ?? []).map { WireOperation(.read, binName: $0) }
            message.transactionTTL = WireRequest.milliseconds(policy.command.totalTimeout)
        case .readHeader(_, let policy):
            message.readFlags = [.read, .noBinData]
            message.transactionTTL = WireRequest.milliseconds(policy.command.totalTimeout)
        case .operate(_, let operations, let policy, let respondAllOps):
            WireRequest.apply(policy, to: &message)
            if operations.contains(where: { !$0.isWrite }) { message.readFlags.insert(.read) }
            if operations.contains(.readAll) { message.readFlags.insert(.getAll) }
            if operations.contains(where: \.isWrite) { message.writeFlags.insert(.write) }
            if WireRequest.respondsAllOps(operations, requested: respondAllOps) { message.writeFlags.insert(.respondAllOps) }
            message.operations = operations.map(WireRequest.wireOperation)
        case .remove(_, let policy):
            WireRequest.apply(policy, to: &message)
            message.writeFlags.formUnion([.write, .delete])
        }
        if let filter {
            message.fields.append(WireField(.filterExpression, ExpressionCodec.encode(filter)))
        }
        return message
    }

    /// The policy's filter expression, if any.
    public var filter: Expression? {
        switch self {
        case .read(_, _, let policy), .readHeader(_, let policy): policy.filter
        case .operate(_, _, let policy, _), .remove(_, let policy): policy.filter
        }
    }

    private var sendsKey: Bool {
        switch self {
        case .operate(_, _, let policy, _), .remove(_, let policy): policy.sendKey
        case .read, .readHeader: false
        }
    }

    static func keyFields(_ key: Key, sendKey: Bool) -> [WireField] {
        // Room for every key field and a filter: growing from one took three allocations,
        // a third of a batch entry's encoding.
        var fields: [WireField] = []
        fields.reserveCapacity(5)
        fields.append(WireField(.namespace, string: key.namespace))
        if let set = key.set { fields.append(WireField(.set, string: set)) }
        fields.append(WireField(.digest, bytes: key.digest.bytes))
        if sendKey, let userKey = key.userKey { fields.append(WireField(.key, UserKeyField.encode(userKey))) }
        return fields
    }

    /// A duration as the u32 milliseconds of transaction_ttl (0 when none).
    public static func milliseconds(_ duration: Duration?) -> UInt32 {
        guard let duration else { return 0 }
        let (seconds, attoseconds) = duration.components
        return UInt32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The write policy's header flags, generation and TTL.
    static func apply(_ policy: WritePolicy, to message: inout WireMessage) {
        message.recordTTL = policy.ttl.wireValue
        message.transactionTTL = milliseconds(policy.command.totalTimeout)
        switch policy.exists {
        case .update: break
        case .createOnly: message.writeFlags.insert(.createOnly)
        case .updateOnly: message.infoFlags.insert(.updateOnly)
        case .replaceOnly: message.infoFlags.insert(.replaceOnly)
        case .createOrReplace: message.infoFlags.insert(.createOrReplace)
        }
        switch policy.generation {
        case .none: break
        case .equal(let generation):
            message.writeFlags.insert(.generation)
            message.generation = generation
        case .greaterThan(let generation):
            message.writeFlags.insert(.generationGreater)
            message.generation = generation
        }
        if policy.durableDelete { message.writeFlags.insert(.durableDelete) }
    }

    static func wireOperation(_ operation: Operation) -> WireOperation {
        switch operation {
        case .read(let name): WireOperation(.read, binName: name)
        case .readAll: WireOperation(.read, binName: "")
        case .write(let bin): WireOperation(.write, bin: bin)
        case .add(let bin): WireOperation(.add, bin: bin)
        case .append(let bin): WireOperation(.append, bin: bin)
        case .prepend(let bin): WireOperation(.prepend, bin: bin)
        case .touch: WireOperation(.touch, binName: "")
        case .delete: WireOperation(.delete, binName: "")
        case .cdt(let operation): CDTCodec.encode(operation)
        }
    }

    /// Whether a command with these operations asks for one reply entry per operation. A
    /// list or map operation always does: a server sends nothing for a CDT read of a
    /// missing bin, so without RESPOND_ALL_OPS a reply could not be matched to the
    /// operations (the C client asks for it whenever a map operation is present).
    public static func respondsAllOps(_ operations: [Operation], requested: Bool) -> Bool {
        requested || operations.contains { $0.cdtOperation != nil }
    }

    /// The batch entry, made from `previous`'s when it would come out the same but for
    /// the record: a read sends no key, so reads of one namespace, set, bin list and
    /// policy differ only in digest and index. A BATCH READ of 5,000 keys built and
    /// compared 5,000 whole messages for entries the encoder then sent as REPEAT.
    public func batchEntry(index: UInt32, like previous: (request: WireRequest, entry: BatchEntry)?) -> BatchEntry {
        guard let previous, hasSameBatchEntry(as: previous.request) else { return batchEntry(index: index) }
        var entry = previous.entry
        entry.index = index
        entry.digest = key.digest
        return entry
    }

    private func hasSameBatchEntry(as other: WireRequest) -> Bool {
        switch (self, other) {
        case let (.read(key, bins, policy), .read(otherKey, otherBins, otherPolicy)):
            key.namespace == otherKey.namespace && key.set == otherKey.set && bins == otherBins && policy == otherPolicy
        case let (.readHeader(key, policy), .readHeader(otherKey, otherPolicy)):
            key.namespace == otherKey.namespace && key.set == otherKey.set && policy == otherPolicy
        default:
            false
        }
    }

    /// This request as one entry of a batch-index request (its filter goes in the batch's
    /// message, once for all entries).
    public func batchEntry(index: UInt32) -> BatchEntry {
        let message = message()
        return BatchEntry(
            index: index, digest: key.digest, readFlags: message.readFlags, writeFlags: message.writeFlags,
            infoFlags: message.infoFlags, generation: UInt16(truncatingIfNeeded: message.generation),
            recordTTL: message.recordTTL, fields: message.fields.filter { $0.type != .digest && $0.type != .filterExpression },
            operations: message.operations
        )
    }
}

/// Reading a server's replies back into the client core's results.
public enum WireReplyDecoding {
    /// The record's metadata from a reply header; void time 0 is "never expires".
    public static func metadata(_ message: WireMessage, now: UInt32) -> RecordMetadata {
        RecordMetadata(generation: message.generation, ttl: CitrusleafTime.ttl(voidTime: message.recordTTL, now: now))
    }

    /// Throws the reply's result code as an error, with the metadata a server sent with it.
    public static func check(_ message: WireMessage, key: Key, now: UInt32) throws(AerospikeError) {
        guard message.resultCode == 0 else {
            let metadata = message.generation == 0 ? nil : metadata(message, now: now)
            throw AerospikeError(ResultCode(Int(message.resultCode)), key: key, metadata: metadata)
        }
    }

    public static func bins(_ message: WireMessage) throws(AerospikeError) -> [Bin] {
        try message.operations.map { operation throws(AerospikeError) in Bin(operation.binName, try operation.decodedValue()) }
    }

    /// An operate reply as the result of `requested`: without RESPOND_ALL_OPS the server
    /// sends only what reads produced, in order, so each read takes the entries that name
    /// its bin (`READ *` takes the rest).
    public static func operateResult(
        _ message: WireMessage, key: Key, requested: [Operation], respondAllOps: Bool, now: UInt32
    ) throws(AerospikeError) -> OperateResult {
        let values = try bins(message)
        var perOperation: [[Bin]] = []
        if WireRequest.respondsAllOps(requested, requested: respondAllOps) {
            var index = 0
            for operation in requested {
                if operation == .readAll {
                    perOperation.append(Array(values[index...]))
                    index = values.count
                } else if index < values.count {
                    let bin = values[index]
                    // A NULL entry is a write's (or a CDT operation's) empty answer.
                    let isEmpty = bin.value == .nil && (operation.isWrite || operation.cdtOperation != nil)
                    perOperation.append(isEmpty ? [] : [bin])
                    index += 1
                } else {
                    perOperation.append([])
                }
            }
        } else {
            var index = 0
            for operation in requested {
                switch operation {
                case .read(let name) where index < values.count && values[index].name == name:
                    perOperation.append([values[index]])
                    index += 1
                case .readAll:
                    perOperation.append(Array(values[index...]))
                    index = values.count
                default:
                    perOperation.append([])
                }
            }
        }
        let deleted = message.generation == 0 && requested.contains(.delete)
        let recordMetadata = deleted ? RecordMetadata(generation: 0, ttl: .never) : metadata(message, now: now)
        let record = Record(key: key, metadata: recordMetadata, bins: perOperation.flatMap { $0 }.mergedByName())
        return OperateResult(record: record, perOperation: perOperation)
    }
}
