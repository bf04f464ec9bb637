import AerospikeCore
import AerospikeWire
import FuzzReplay
import NIOCore

/// What `aerosh serve` does with whatever a client sends: the byte stream cut into frames
/// as the connection's `ProtoFrameDecoder` cuts it, each body decoded as serve's
/// `CommandProcessor` decodes it (AS_MSG -> batch, scan or single request), or as an info
/// or admin (login) request. The input is also taken as a bare body of each kind, as most
/// inputs a fuzzer makes have no valid frame header.
func fuzzServerFrames(_ bytes: [UInt8]) {
    let input = ByteBuffer(bytes: bytes)
    for frame in FuzzFrames.frames(in: input) {
        switch frame.type {
        case .info: _ = InfoMessage.parseRequest(frame.body)
        case .admin: _ = try? AdminMessage.decode(frame.body)
        case .message: serverMessage(frame.body)
        default: break
        }
    }
    serverMessage(input)
    _ = InfoMessage.parseRequest(input)
    if let admin = try? AdminMessage.decode(input) {
        _ = admin.encode()
    }
}

/// One AS_MSG body, as serve decodes and then answers it (`CommandProcessor.decode` and
/// `process`, without the store).
private func serverMessage(_ body: ByteBuffer) {
    var body = body
    guard let message = try? WireMessage.read(from: &body) else { return }
    // Faults and counters read the filter field on its own (CommandProcessor.filterField).
    if let filter = message.field(.filterExpression), let expression = try? ExpressionCodec.decode(filter.data) {
        _ = ExpressionCodec.encode(expression)
    }
    operations(message.operations)
    if message.readFlags.contains(.batch) {
        guard let field = message.field(.batchIndex) ?? message.field(.batchIndexWithSet),
              let batch = try? BatchIndexRequest.decode(field.data)
        else { return }
        for entry in batch.entries.prefix(64) {
            operations(entry.operations)
            if let request = try? WireRequest(entry, timeoutMilliseconds: message.transactionTTL) {
                _ = request.message()
            }
        }
        return
    }
    if ScanMessage.isScan(message) {
        if let scan = try? ScanMessage.decode(message) {
            _ = scan.namespace
        }
        return
    }
    if let request = try? WireRequest(message) {
        // What the client core is then asked: encoding the request back covers every
        // decoded value, key and policy.
        _ = request.message()
    }
}

private func operations(_ operations: [WireOperation]) {
    for operation in operations.prefix(64) {
        if CDTCodec.isCDT(operation) {
            if let cdt = try? CDTCodec.decode(operation) { _ = CDTCodec.encode(cdt) }
        } else {
            _ = try? operation.decodedValue()
        }
    }
}
