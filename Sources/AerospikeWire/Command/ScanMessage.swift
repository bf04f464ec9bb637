import AerospikeCore
import NIOCore

/// The partition-based scan and query of current servers, as the official clients send
/// it: one AS_MSG per node naming the node's partitions (`partitionIDs`, 2-byte
/// little-endian ids) and the partitions to resume after a digest (`digests`); a query
/// adds `indexRange`. The reply is a stream of record messages (namespace, digest, set,
/// key fields, and one READ operation per bin), with a `partitionDone` message for each
/// partition the node could not finish, and a last message marked LAST.
public enum ScanMessage {
    /// The request for `cursors` of `request` (one node's share).
    public static func encode(_ request: ScanRequest, cursors: [PartitionCursor], maxRecords: Int?, taskID: UInt64, socketTimeoutMilliseconds: UInt32) -> WireMessage {
        var readFlags: ReadFlags = [.read]
        if request.bins == .none { readFlags.insert(.noBinData) }
        var message = WireMessage(readFlags: readFlags, infoFlags: .partitionDone)
        message.fields.append(WireField(.namespace, string: request.namespace))
        if let set = request.set { message.fields.append(WireField(.set, string: set)) }
        let fresh = cursors.filter { $0.after == nil }
        if !fresh.isEmpty {
            var ids = ByteBuffer()
            for cursor in fresh { ids.writeInteger(UInt16(cursor.id), endianness: .little) }
            message.fields.append(WireField(.partitionIDs, ids))
        }
        let resumed = cursors.compactMap(\.after)
        if !resumed.isEmpty { message.fields.append(WireField(.digests, bytes: resumed.flatMap(\.bytes))) }
        if let maxRecords {
            var value = ByteBuffer()
            value.writeInteger(UInt64(maxRecords))
            message.fields.append(WireField(.maxRecords, value))
        }
        var timeout = ByteBuffer()
        timeout.writeInteger(socketTimeoutMilliseconds)
        message.fields.append(WireField(.socketTimeout, timeout))
        var task = ByteBuffer()
        task.writeInteger(taskID)
        message.fields.append(WireField(.taskID, task))
        if let filter = request.filter { message.fields.append(WireField(.indexRange, indexRange(filter))) }
        if let expression = request.policy.filter {
            message.fields.append(WireField(.filterExpression, ExpressionCodec.encode(expression)))
        }
        if case .only(let names) = request.bins {
            message.operations = names.map { WireOperation(.read, binName: $0) }
        }
        return message
    }

    /// The index-range field: one filter (count 1), the bin name, the particle type, then
    /// the range's two ends, each with its length (equality sends the value twice).
    static func indexRange(_ filter: IndexFilter) -> ByteBuffer {
        var out = ByteBuffer()
        out.writeInteger(UInt8(1))
        let name = Array(filter.bin.utf8)
        out.writeInteger(UInt8(name.count))
        out.writeBytes(name)
        switch filter {
        case .equal(_, .int(let value)):
            writeInts(value, value, to: &out)
        case .range(_, let low, let high):
            writeInts(low, high, to: &out)
        case .equal(_, .string(let value)):
            out.writeInteger(ParticleType.string.rawValue)
            let bytes = Array(value.utf8)
            for _ in 0..<2 {
                out.writeInteger(UInt32(bytes.count))
                out.writeBytes(bytes)
            }
        }
        return out
    }

    private static func writeInts(_ low: Int64, _ high: Int64, to out: inout ByteBuffer) {
        out.writeInteger(ParticleType.integer.rawValue)
        for value in [low, high] {
            out.writeInteger(UInt32(8))
            out.writeInteger(value)
        }
    }

    /// Whether an AS_MSG is a scan or query: it reads, names no record, and is no batch.
    public static func isScan(_ message: WireMessage) -> Bool {
        message.readFlags.contains(.read) && !message.readFlags.contains(.batch) && message.field(.digest) == nil
    }

    /// The scan or query a request asks for. Partitions come from the id list, then the
    /// digest list (each resumed after its digest); neither means all partitions.
    public static func decode(_ message: WireMessage) throws(AerospikeError) -> ScanRequest {
        guard let namespace = message.field(.namespace)?.string, !namespace.isEmpty else {
            throw .malformed("the scan has no namespace field")
        }
        let set = message.field(.set)?.string
        var cursors: [PartitionCursor] = []
        if var ids = message.field(.partitionIDs)?.data {
            while let id = ids.readInteger(endianness: .little, as: UInt16.self) {
                guard Int(id) < PartitionCursor.partitionCount else { throw .malformed("partition id \(id) is out of range") }
                cursors.append(PartitionCursor(id: Int(id)))
            }
        }
        if var digests = message.field(.digests)?.data {
            while let bytes = digests.readBytes(length: Digest.byteCount), let digest = Digest(bytes) {
                cursors.append(PartitionCursor(id: digest.partitionID, after: digest))
            }
        }
        var maxRecords: Int?
        if var field = message.field(.maxRecords)?.data, let value = field.readInteger(as: UInt64.self), value > 0 {
            maxRecords = Int(clamping: value)
        }
        var bins: BatchBins = .all
        if message.readFlags.contains(.noBinData) {
            bins = .none
        } else if !message.operations.isEmpty && !message.readFlags.contains(.getAll) {
            bins = .only(message.operations.filter { $0.type == .read }.map(\.binName))
        }
        let filter = try message.field(.indexRange).map { field throws(AerospikeError) in try decodeRange(field.data) }
        var policy = ReadPolicy()
        if let field = message.field(.filterExpression) { policy.filter = try ExpressionCodec.decode(field.data) }
        if var field = message.field(.socketTimeout)?.data, let milliseconds = field.readInteger(as: UInt32.self), milliseconds > 0 {
            policy.command.socketTimeout = .milliseconds(Int64(milliseconds))
        }
        return ScanRequest(
            namespace: namespace, set: set?.isEmpty == false ? set : nil, bins: bins, filter: filter,
            maxRecords: maxRecords, partitions: cursors.isEmpty ? nil : cursors, policy: policy)
    }

    static func decodeRange(_ data: ByteBuffer) throws(AerospikeError) -> IndexFilter {
        var data = data
        guard let count = data.readInteger(as: UInt8.self), count >= 1,
              let nameLength = data.readInteger(as: UInt8.self), let bin = data.readString(length: Int(nameLength)),
              let type = data.readInteger(as: UInt8.self),
              let lowLength = data.readInteger(as: UInt32.self), let low = data.readSlice(length: Int(lowLength)),
              let highLength = data.readInteger(as: UInt32.self), let high = data.readSlice(length: Int(highLength))
        else { throw .malformed("the index range field is malformed") }
        switch ParticleType(rawValue: type) {
        case .integer?:
            guard var low = Optional(low), var high = Optional(high),
                  let from = low.readInteger(as: Int64.self), let to = high.readInteger(as: Int64.self)
            else { throw .malformed("an integer range end is 8 bytes") }
            return from == to ? .equal(bin: bin, .int(from)) : .range(bin: bin, from, to)
        case .string?:
            let value = String(decoding: low.readableBytesView, as: UTF8.self)
            return .equal(bin: bin, .string(value))
        default:
            throw AerospikeError(.unsupportedFeature, message: "queries on particle type \(type) are not supported by this server")
        }
    }

    /// One record of a scan reply.
    public static func record(_ record: Record, now: UInt32) -> WireMessage {
        var message = WireReply.record(record.metadata, bins: record.bins, now: now)
        message.fields.append(WireField(.namespace, string: record.key.namespace))
        message.fields.append(WireField(.digest, bytes: record.key.digest.bytes))
        if let set = record.key.set { message.fields.append(WireField(.set, string: set)) }
        if let userKey = record.key.userKey { message.fields.append(WireField(.key, UserKeyField.encode(userKey))) }
        return message
    }

    /// A partition the node could not finish (its id in the generation field): the client
    /// asks for it again.
    public static func partitionUnavailable(_ partition: Int) -> WireMessage {
        WireMessage(infoFlags: .partitionDone, resultCode: UInt8(ResultCode.partitionUnavailable.rawValue), generation: UInt32(partition))
    }

    /// A record of a scan reply as the client core's record; nil for a message that is
    /// not one (partition done, LAST).
    public static func decodeRecord(_ message: WireMessage, now: UInt32) throws(AerospikeError) -> Record? {
        guard !message.infoFlags.contains(.last), !message.infoFlags.contains(.partitionDone), message.resultCode == 0 else { return nil }
        guard let namespace = message.field(.namespace)?.string,
              let digestField = message.field(.digest), let digest = Digest(Array(digestField.data.readableBytesView))
        else { throw .malformed("a scan record has no namespace or digest") }
        let set = message.field(.set)?.string
        let userKey = try message.field(.key).map { field throws(AerospikeError) in try UserKeyField.decode(field.data) }
        let key = Key(namespace: namespace, set: set?.isEmpty == false ? set : nil, userKey: userKey, digest: digest)
        return Record(key: key, metadata: WireReplyDecoding.metadata(message, now: now), bins: try WireReplyDecoding.bins(message))
    }
}
