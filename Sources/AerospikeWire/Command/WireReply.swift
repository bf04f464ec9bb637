import AerospikeCore
import NIOCore

/// Replies a server sends, built from the client core's results.
public enum WireReply {
    /// A header-only reply: an error, or the metadata of a write, delete or exists.
    public static func header(_ resultCode: ResultCode, metadata: RecordMetadata? = nil, now: UInt32, batchIndex: UInt32 = 0) -> WireMessage {
        WireMessage(
            resultCode: UInt8(truncatingIfNeeded: resultCode.rawValue),
            generation: metadata?.generation ?? 0,
            recordTTL: metadata.map { CitrusleafTime.voidTime($0.ttl, now: now) } ?? 0,
            transactionTTL: batchIndex
        )
    }

    /// A read reply: one READ operation per bin.
    public static func record(_ metadata: RecordMetadata, bins: [Bin], now: UInt32, batchIndex: UInt32 = 0) -> WireMessage {
        var message = header(.ok, metadata: metadata, now: now, batchIndex: batchIndex)
        message.operations = bins.map { WireOperation(.read, bin: $0) }
        return message
    }

    /// An operate reply. With RESPOND_ALL_OPS every requested operation gets an entry, in
    /// order, a NULL one for writes and absent bins; otherwise only the values read.
    public static func operate(
        _ result: OperateResult, requested: [WireOperation], respondAllOps: Bool, now: UInt32, batchIndex: UInt32 = 0
    ) -> WireMessage {
        // A deleted record reports no metadata, as a server does.
        let metadata = result.record.generation == 0 ? nil : result.record.metadata
        var message = header(.ok, metadata: metadata, now: now, batchIndex: batchIndex)
        // Each entry carries the type of the operation that produced it, as a server's do
        // (a list append's size comes back as CDT_MODIFY).
        let aligned = respondAllOps || result.perOperation.count == requested.count
        for (index, bins) in result.perOperation.enumerated() {
            let request = aligned && index < requested.count ? requested[index] : nil
            let type = request?.type ?? .read
            if bins.isEmpty {
                if respondAllOps { message.operations.append(WireOperation(type, binName: request?.binName ?? "")) }
            } else {
                message.operations.append(contentsOf: bins.map { CDTResultEncoding.operation(type, $0, request: request) })
            }
        }
        return message
    }

    /// The message that ends a batch, scan or query stream.
    public static func last(_ resultCode: ResultCode = .ok) -> WireMessage {
        WireMessage(infoFlags: .last, resultCode: UInt8(truncatingIfNeeded: resultCode.rawValue))
    }
}
